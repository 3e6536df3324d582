import type { Kysely } from 'kysely';
import type { StoredEvent } from '../../core/events/event.ts';
import type { Projector } from '../store/event-store.ts';
import type { DB } from '../store/schema.ts';

/** The kinds of case on the log; a case's kind is that of its first event's type. */
export const CASE_KINDS = ['incident', 'dispute', 'screening'] as const;
export type CaseKindName = (typeof CASE_KINDS)[number];

/** The kind of case an event of this type opens (incident.reported, dispute.registered, screening.opened), if it opens one. */
export function kindOpenedBy(type: string): CaseKindName | undefined {
  if (type === 'incident.reported') return 'incident';
  if (type === 'dispute.registered') return 'dispute';
  if (type === 'screening.opened') return 'screening';
  return undefined;
}

/** A read model: the tables it owns and how events change them. Rebuildable from the log. */
export interface Projection {
  name: string;
  /** the kind of case whose events it reads; none: every kind's (the case summary) */
  kind?: CaseKindName;
  tables: (keyof DB)[];
  apply(db: Kysely<DB>, events: StoredEvent[]): Promise<void>;
}

/** The projections that read the events of a kind of case, in their order. */
export function projectionsOf(kind: CaseKindName, all: Projection[]): Projection[] {
  return all.filter((p) => p.kind === undefined || p.kind === kind);
}

/** One projector that writes every read model, for `append(…, { project })`. */
export function projectAll(projections: Projection[]): Projector {
  return async (db, events) => {
    for (const p of projections) await p.apply(db, events);
  };
}
