import type { Generated } from 'kysely';

/** The one typed schema of every table, for both engines. */

export interface EventsTable {
  position: Generated<number>;
  id: string;
  case_id: string;
  seq: number;
  type: string;
  /** canonical JSON text of the event data (the exact bytes the hash covers) */
  data: string;
  actor_id: string;
  actor_role: string;
  occurred_at: string;
  recorded_at: string;
  prev_hash: string;
  hash: string;
}

/** Each case's newest (seq, hash), signed with a key kept outside the database. */
export interface CaseHeadsTable {
  case_id: string;
  seq: number;
  hash: string;
  mac: string;
}

/** Read model: one row a case, what the log says about it at a glance. */
export interface CaseSummaryTable {
  case_id: string;
  kind: string;
  opened_at: string;
  last_occurred_at: string;
  last_recorded_at: string;
  last_type: string;
  event_count: number;
}

export interface DB {
  events: EventsTable;
  case_heads: CaseHeadsTable;
  case_summary: CaseSummaryTable;
}
