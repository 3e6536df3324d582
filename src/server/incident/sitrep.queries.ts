import type { Kysely } from 'kysely';
import { type PrintedQuery, example as x } from '../queries/printed.ts';
import type { DB, SitrepsTable } from '../store/schema.ts';

/** The reads and writes of situation reports sent (sitrep.projection.ts, sitrep.routes.ts). */

export async function insertSitrep(db: Kysely<DB>, row: SitrepsTable): Promise<void> {
  await db.insertInto('sitreps').values(row).execute();
}

export async function acknowledgeSitrep(
  db: Kysely<DB>,
  eventId: string,
  ack: {
    acknowledged_at: string;
    acknowledged_by: string;
    acknowledged_role: string;
    acknowledged_note: string | null;
  },
): Promise<void> {
  await db.updateTable('sitreps').set(ack).where('event_id', '=', eventId).execute();
}

/** One report sent, with the case it is of. */
export function sitrepOf(db: Kysely<DB>, eventId: string) {
  return db.selectFrom('sitreps').selectAll().where('event_id', '=', eventId).executeTakeFirst();
}

/** One report sent, whole, with its incident's title and the names of where it is from and to. */
export function sitrepDocument(db: Kysely<DB>, eventId: string) {
  return db
    .selectFrom('sitreps as s')
    .innerJoin('incidents as i', 'i.case_id', 's.case_id')
    .leftJoin('jurisdictions as f', 'f.code', 's.from_jurisdiction')
    .leftJoin('jurisdictions as t', 't.code', 's.to_jurisdiction')
    .selectAll('s')
    .select(['i.title', 'i.level', 'i.plan_id', 'i.plan_version', 'f.name as from_name', 't.name as to_name'])
    .where('s.event_id', '=', eventId)
    .executeTakeFirst();
}

/**
 * The reports addressed to the jurisdictions of `scope`, newest first, at most `limit`, with the
 * incident's title and level; `open`: only those not acknowledged yet.
 */
export function sitrepsReceived(db: Kysely<DB>, scope: ReadonlySet<string>, open: boolean, limit: number) {
  let q = db
    .selectFrom('sitreps as s')
    .innerJoin('incidents as i', 'i.case_id', 's.case_id')
    .leftJoin('jurisdictions as j', 'j.code', 's.from_jurisdiction')
    .select([
      's.event_id',
      's.case_id',
      's.kind',
      's.to_level',
      's.to_office',
      's.to_jurisdiction',
      's.from_jurisdiction',
      's.sent_at',
      's.sent_role',
      's.fields',
      's.acknowledged_at',
      's.acknowledged_role',
      's.acknowledged_by',
      'i.title',
      'i.level',
      'i.plan_id',
      'i.plan_version',
      'i.exercise',
      'j.name as from_name',
    ])
    .where('s.to_jurisdiction', 'in', [...scope]);
  if (open) q = q.where('s.acknowledged_at', 'is', null);
  return q.orderBy('s.sent_at', 'desc').limit(limit).execute();
}

/** Every query above, printed for review (src/server/queries/sitrep.sql, `npm run sql`). */
export const printed: PrintedQuery[] = [
  {
    name: 'insertSitrep',
    run: (db) =>
      insertSitrep(db, {
        event_id: x.eventId,
        case_id: x.caseId,
        kind: 'initial',
        to_level: 'county',
        to_office: null,
        to_jurisdiction: x.jurisdiction,
        from_jurisdiction: '100100',
        sent_at: x.at,
        sent_by: x.userId,
        sent_role: 'officer',
        fields: '{}',
        document: null,
        acknowledged_at: null,
        acknowledged_by: null,
        acknowledged_role: null,
        acknowledged_note: null,
      }),
  },
  {
    name: 'acknowledgeSitrep',
    run: (db) =>
      acknowledgeSitrep(db, x.eventId, {
        acknowledged_at: x.at,
        acknowledged_by: x.userId,
        acknowledged_role: 'officer',
        acknowledged_note: null,
      }),
  },
  { name: 'sitrepOf', run: (db) => sitrepOf(db, x.eventId) },
  { name: 'sitrepDocument', run: (db) => sitrepDocument(db, x.eventId) },
  { name: 'sitrepsReceived', run: (db) => sitrepsReceived(db, x.scope, true, 50) },
];
