import type { IncidentState } from './incident.decider.ts';

/**
 * A case's folded state as text, and back: what a snapshot of a cold case holds. Pure; the
 * server decides when to take one and checks it against the log before it trusts it.
 *
 * The state holds Maps and Sets (demands, duties, the engine's duty clocks) and the engine's
 * clock, which starts at −∞: JSON has none of these, so they are written as tagged objects.
 * Event data never carries the tags (the catalogue's schemas are strict and name their keys).
 */

/** The kind of case and the version of this encoding: a snapshot of another format is ignored. */
export const SNAPSHOT_FORMAT = 'incident/1';

const MAP = '$map';
const SET = '$set';
const NUM = '$num';

function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Map) return { [MAP]: [...value] };
  if (value instanceof Set) return { [SET]: [...value] };
  if (typeof value === 'number' && !Number.isFinite(value)) return { [NUM]: String(value) };
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  if (keys.length !== 1) return value;
  const v = (value as Record<string, unknown>)[keys[0] as string];
  switch (keys[0]) {
    case MAP:
      return new Map(v as [unknown, unknown][]);
    case SET:
      return new Set(v as unknown[]);
    case NUM:
      return Number(v);
    default:
      return value;
  }
}

export function encodeState(s: IncidentState): string {
  return JSON.stringify(s, replacer);
}

/** The state a snapshot holds; throws on text that is not one (the caller folds from the log). */
export function decodeState(text: string): IncidentState {
  const s = JSON.parse(text, reviver) as IncidentState;
  if (
    typeof s !== 'object' ||
    s === null ||
    !(s.eventIds instanceof Set) ||
    !(s.duties instanceof Map) ||
    !Array.isArray(s.timeline?.events)
  )
    throw new Error('not a snapshot of an incident');
  return s;
}
