import { type Kysely, type Selectable, sql } from 'kysely';
import { chinaMidnight } from '../../core/calendar/periods.ts';
import { NotFoundError } from '../../core/errors.ts';
import type { Scope } from '../incident/incident.queries.ts';
import { type PrintedQuery, example as x } from '../queries/printed.ts';
import type { DB, DisputesTable } from '../store/schema.ts';

/**
 * The reads of the dispute routes. Whether the caller sees a dispute is asked here and only
 * here (`visibleDispute`), as `visibleIncident` is for incidents.
 */

/** The dispute, if it exists and its jurisdiction is in the caller's scope; otherwise 404, the same words either way. */
export async function visibleDispute(
  db: Kysely<DB>,
  scope: Scope,
  caseId: string,
): Promise<Selectable<DisputesTable>> {
  const row = await db.selectFrom('disputes').selectAll().where('case_id', '=', caseId).executeTakeFirst();
  if (!row?.jurisdiction || !scope.has(row.jurisdiction)) throw new NotFoundError(`no dispute ${caseId}`);
  return row;
}

/** The ledger filters (all optional; `overdue`: its deadline passed while it is still open). */
export interface LedgerFilter {
  status?: string;
  risk?: string;
  category?: string;
  tier?: string;
  source?: string;
  unit?: string;
  /** the lead leader's position */
  lead?: string;
  /** words in the title or summary */
  q?: string;
  /** registered on or after / on or before these days (China) */
  from?: string;
  to?: string;
  overdue?: { now: string };
  limit: number;
}

/** The ledger of the caller's jurisdiction and below, most recently registered first. */
export function disputesIn(db: Kysely<DB>, scope: Scope, f: LedgerFilter) {
  return (
    db
      .selectFrom('disputes')
      .selectAll()
      .where('jurisdiction', 'in', [...scope])
      .$if(f.status !== undefined, (q) => q.where('status', '=', f.status as string))
      .$if(f.risk !== undefined, (q) => q.where('risk', '=', f.risk as string))
      .$if(f.category !== undefined, (q) => q.where('category', '=', f.category as string))
      .$if(f.tier !== undefined, (q) => q.where('tier', '=', f.tier as string))
      .$if(f.source !== undefined, (q) => q.where('source', '=', f.source as string))
      .$if(f.unit !== undefined, (q) => q.where('unit', '=', f.unit as string))
      .$if(f.lead !== undefined, (q) => q.where('lead_position', '=', f.lead as string))
      .$if(f.q !== undefined, (q) => {
        const like = `%${(f.q as string).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        return q.where((eb) =>
          eb.or([
            eb('title', 'like', sql<string>`${like} ESCAPE '\\'`),
            eb('summary', 'like', sql<string>`${like} ESCAPE '\\'`),
            eb('case_id', 'like', sql<string>`${like.slice(1)} ESCAPE '\\'`),
          ]),
        );
      })
      .$if(f.from !== undefined, (q) => q.where('registered_at', '>=', chinaMidnight(f.from as string, 0)))
      .$if(f.to !== undefined, (q) => q.where('registered_at', '<', chinaMidnight(f.to as string, 1)))
      .$if(f.overdue !== undefined, (q) =>
        q.where('due_at', '<', f.overdue?.now as string).where('status', 'in', ['registered', 'accepted']),
      )
      // newest first, ties by id: one index (disputes_recent) read backwards
      .orderBy('registered_at', 'desc')
      .orderBy('case_id', 'desc')
      .limit(f.limit)
      .execute()
  );
}

/** A dispute's clocks: the plan's duties and each commitment's, in the order they fall due. */
export function disputeDuties(db: Kysely<DB>, caseId: string) {
  return db
    .selectFrom('duties')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('due_at')
    .orderBy('duty_id')
    .execute();
}

/** A dispute's commitments: each clause of its agreements, each promise. */
export function disputeCommitments(db: Kysely<DB>, caseId: string) {
  return db
    .selectFrom('commitments')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('due_at')
    .orderBy('commitment_id')
    .execute();
}

/** The incidents of these ids, as a dispute's page lists them (a link is never a way into another scope). */
export function linkedIncidents(db: Kysely<DB>, scope: Scope, ids: string[]) {
  return db
    .selectFrom('incidents')
    .select(['case_id', 'title', 'status', 'level', 'reported_at'])
    .where('case_id', 'in', ids.length > 0 ? ids : [''])
    .where('jurisdiction', 'in', [...scope])
    .orderBy('reported_at')
    .execute();
}

/** The disputes of these ids, as an incident's page lists them (within the caller's scope). */
export function linkedDisputes(db: Kysely<DB>, scope: Scope, ids: string[]) {
  return db
    .selectFrom('disputes')
    .select(['case_id', 'title', 'status', 'risk', 'registered_at'])
    .where('case_id', 'in', ids.length > 0 ? ids : [''])
    .where('jurisdiction', 'in', [...scope])
    .orderBy('registered_at')
    .execute();
}

/** The ids a case's log links it to: `fromDispute`/`fromIncident` of its first event, and each `*.linked`. */
export async function linksOf(db: Kysely<DB>, caseId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('events')
    .select(['type', 'data'])
    .where('case_id', '=', caseId)
    .where('type', 'in', ['incident.reported', 'dispute.registered', 'incident.linked', 'dispute.linked'])
    .execute();
  const ids = new Set<string>();
  for (const r of rows) {
    const d = (typeof r.data === 'string' ? JSON.parse(r.data) : r.data) as Record<string, unknown>;
    for (const k of ['fromDispute', 'fromIncident', 'incidentId', 'disputeId'])
      if (typeof d[k] === 'string') ids.add(d[k] as string);
  }
  return [...ids];
}

/** Every query above, printed for review (src/server/queries/dispute.sql, `npm run sql`). */
export const printed: PrintedQuery[] = [
  {
    name: 'visibleDispute',
    run: (db) => visibleDispute(db, x.scope, x.caseId),
    rows: [{ case_id: x.caseId, jurisdiction: x.jurisdiction }],
  },
  { name: 'disputesIn', run: (db) => disputesIn(db, x.scope, { limit: 500 }) },
  {
    name: 'disputesIn',
    variant: 'high risk and overdue',
    run: (db) => disputesIn(db, x.scope, { risk: 'high', overdue: { now: x.at }, limit: 500 }),
  },
  {
    name: 'disputesIn',
    variant: 'searched, by lead position and dates',
    run: (db) =>
      disputesIn(db, x.scope, {
        q: '补偿',
        lead: '副镇长',
        from: '2025-01-01',
        to: '2025-01-31',
        limit: 500,
      }),
  },
  { name: 'disputeCommitments', run: (db) => disputeCommitments(db, x.caseId) },
  { name: 'disputeDuties', run: (db) => disputeDuties(db, x.caseId) },
  { name: 'linkedIncidents', run: (db) => linkedIncidents(db, x.scope, [x.caseId]) },
  { name: 'linkedDisputes', run: (db) => linkedDisputes(db, x.scope, [x.caseId]) },
  { name: 'linksOf', run: (db) => linksOf(db, x.caseId) },
];
