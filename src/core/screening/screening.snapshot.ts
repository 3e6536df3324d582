import type { ScreeningDutyState, ScreeningState } from './screening.decider.ts';
import type { ScreeningKind } from './screening.events.ts';

/**
 * A screening register's folded state as text, for the snapshots of long registers (never the
 * truth: absent, stale or of another format, the register is folded from the log).
 */
export const SCREENING_SNAPSHOT_FORMAT = 'screening/1';

export function encodeScreeningState(s: ScreeningState): string {
  return JSON.stringify({
    ...s,
    rounds: [...s.rounds],
    duties: [...s.duties],
    eventIds: [...s.eventIds],
  });
}

export function decodeScreeningState(text: string): ScreeningState {
  const o = JSON.parse(text) as Record<string, unknown>;
  const list = <T>(k: string) => (Array.isArray(o[k]) ? (o[k] as T[]) : []);
  return {
    ...(o as unknown as ScreeningState),
    rounds: new Map(list<[string, { kind: ScreeningKind; at: string; zeroReport: boolean }]>('rounds')),
    duties: new Map(list<[string, ScreeningDutyState]>('duties')),
    eventIds: new Set(list<string>('eventIds')),
  };
}
