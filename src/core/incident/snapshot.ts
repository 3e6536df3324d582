import type { EngineState } from '../plan/engine.ts';
import type { IncidentState } from './incident.decider.ts';

/**
 * A case's folded state as text, and back: what a snapshot of a cold case holds. Pure; the
 * server decides when to take one and checks it against the log before it trusts it.
 *
 * The state holds Maps and Sets (demands, duties, the engine's duty clocks) and the engine's
 * clock, which starts at −∞; JSON has none of these. They are turned into arrays (and the
 * clock into null) field by field before JSON.stringify and back after JSON.parse, so neither
 * needs a replacer or a reviver called on every value of the case's events.
 */

/** The kind of case and the version of this encoding: a snapshot of another format is ignored (2: commitments with owner and due date, `settled`; 3: the timeline's events carry when they were recorded, and the plans of the levels above run beside the case's own; 4: the situation reports sent and their acknowledgement). */
export const SNAPSHOT_FORMAT = 'incident/4';

type Plain<T> = { [K in keyof T]: unknown };

function engineOut(e: EngineState): Plain<EngineState> {
  return {
    ...e,
    duties: [...e.duties],
    tasks: [...e.tasks],
    repeats: [...e.repeats],
    armed: [...e.armed],
    clock: Number.isFinite(e.clock) ? e.clock : null,
  };
}

function engineIn(e: Plain<EngineState>): EngineState {
  return {
    ...(e as EngineState),
    duties: new Map(e.duties as [string, never][]),
    tasks: new Map(e.tasks as [string, never][]),
    repeats: new Map(e.repeats as [string, never][]),
    armed: new Map(e.armed as [string, never][]),
    clock: typeof e.clock === 'number' ? e.clock : Number.NEGATIVE_INFINITY,
  };
}

type TimelineOut = Plain<IncidentState['timeline']>;

function timelineOut(tl: IncidentState['timeline']): TimelineOut {
  return {
    ...tl,
    engine: engineOut(tl.engine),
    checkpoints: tl.checkpoints.map((c) => ({ pos: c.pos, engine: engineOut(c.engine) })),
  };
}

function timelineIn(p: unknown): IncidentState['timeline'] {
  const tl = p as Record<string, unknown> | undefined;
  if (!Array.isArray(tl?.events) || !Array.isArray(tl?.checkpoints) || typeof tl?.engine !== 'object')
    throw new Error('not a snapshot of an incident');
  const t = tl as unknown as IncidentState['timeline'] & { engine: Plain<EngineState> };
  return {
    ...t,
    engine: engineIn(t.engine),
    checkpoints: t.checkpoints.map((c) => ({
      pos: c.pos,
      engine: engineIn(c.engine as Plain<EngineState>),
    })),
  };
}

export function encodeState(s: IncidentState): string {
  const plain: Plain<IncidentState> = {
    ...s,
    timeline: timelineOut(s.timeline),
    upper: s.upper.map((u) => ({ ...u, timeline: timelineOut(u.timeline) })),
    eventIds: [...s.eventIds],
    demands: [...s.demands],
    commitments: [...s.commitments],
    measures: [...s.measures],
    sitreps: [...s.sitreps],
    statements: [...s.statements],
    tasks: [...s.tasks],
    duties: [...s.duties],
  };
  return JSON.stringify(plain);
}

/** The state a snapshot holds; throws on text that is not one (the caller folds from the log). */
export function decodeState(text: string): IncidentState {
  const p = JSON.parse(text) as Record<string, unknown>;
  const arrays = [
    'eventIds',
    'demands',
    'commitments',
    'measures',
    'sitreps',
    'statements',
    'tasks',
    'duties',
    'upper',
  ];
  if (typeof p !== 'object' || p === null || !arrays.every((k) => Array.isArray(p[k])))
    throw new Error('not a snapshot of an incident');
  return {
    ...(p as unknown as IncidentState),
    timeline: timelineIn(p.timeline),
    upper: (p.upper as Record<string, unknown>[]).map((u) => ({
      ...(u as unknown as IncidentState['upper'][number]),
      timeline: timelineIn(u.timeline),
    })),
    eventIds: new Set(p.eventIds as string[]),
    demands: new Map(p.demands as [string, never][]),
    commitments: new Map(p.commitments as [string, never][]),
    measures: new Map(p.measures as [string, never][]),
    sitreps: new Map(p.sitreps as [string, never][]),
    statements: new Set(p.statements as string[]),
    tasks: new Set(p.tasks as string[]),
    duties: new Map(p.duties as [string, never][]),
  };
}
