import type { DisputeDutyState, DisputeState } from './dispute.decider.ts';

/**
 * A dispute's folded state as text, for the snapshots of cold cases (never the truth: absent,
 * stale or of another format, the case is folded from the log). Sets and maps are written as
 * lists; a new field of the state needs a new format.
 */
export const DISPUTE_SNAPSHOT_FORMAT = 'dispute/1';

export function encodeDisputeState(s: DisputeState): string {
  return JSON.stringify({
    ...s,
    sessions: [...s.sessions],
    agreements: [...s.agreements],
    commitments: [...s.commitments],
    answers: [...s.answers],
    incidents: [...s.incidents],
    duties: [...s.duties],
    eventIds: [...s.eventIds],
  });
}

export function decodeDisputeState(text: string): DisputeState {
  const o = JSON.parse(text) as Record<string, unknown>;
  const list = <T>(k: string) => (Array.isArray(o[k]) ? (o[k] as T[]) : []);
  return {
    ...(o as unknown as DisputeState),
    sessions: new Set(list<string>('sessions')),
    agreements: new Map(list<[string, { at: string; confirmationApplied: boolean }]>('agreements')),
    commitments: new Map(list<[string, 'open' | 'fulfilled' | 'discharged']>('commitments')),
    answers: new Set(list<string>('answers')),
    incidents: new Set(list<string>('incidents')),
    duties: new Map(list<[string, DisputeDutyState]>('duties')),
    eventIds: new Set(list<string>('eventIds')),
  };
}
