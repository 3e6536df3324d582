import type { Kysely } from 'kysely';
import { type PrintedQuery, example as x } from '../queries/printed.ts';
import type { DB } from '../store/schema.ts';

/**
 * The reads of the ledger's Excel routes (ledger.xlsx.routes.ts) beyond the ledger itself
 * (`disputesIn`): what the ledger row does not hold — the progress noted and whether the
 * dispute was resolved — and what an import needs to know before it writes.
 */

/** Ids are asked for this many at a time (within every engine's limit of parameters). */
const CHUNK = 500;

async function chunked<T>(ids: string[], read: (part: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await read(ids.slice(i, i + CHUNK))));
  return out;
}

/**
 * The progress noted in these disputes and their resolutions (化解进展, 是否化解), oldest first
 * within each: `data` is the event's JSON text.
 */
export function ledgerProgress(db: Kysely<DB>, caseIds: string[]) {
  return chunked(caseIds, (part) =>
    db
      .selectFrom('events')
      .select(['case_id', 'seq', 'type', 'data'])
      .where('case_id', 'in', part)
      .where('type', 'in', ['progress.noted', 'dispute.resolved'])
      .orderBy('case_id')
      .orderBy('seq')
      .execute(),
  );
}

/** The level of a jurisdiction (village, town, county …), or undefined for none. */
export async function jurisdictionLevel(db: Kysely<DB>, code: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('jurisdictions')
    .select(['level'])
    .where('code', '=', code)
    .executeTakeFirst();
  return row?.level;
}

/** Those of these event ids stored already: their case, type, actor and the dispute's jurisdiction. */
export function storedEvents(db: Kysely<DB>, ids: string[]) {
  return chunked(ids, (part) =>
    db
      .selectFrom('events as e')
      .leftJoin('disputes as d', 'd.case_id', 'e.case_id')
      .select(['e.id', 'e.case_id', 'e.type', 'e.actor_id', 'd.jurisdiction'])
      .where('e.id', 'in', part)
      .execute(),
  );
}

/** Every query above, printed for review (src/server/queries/ledger.xlsx.sql, `npm run sql`). */
export const printed: PrintedQuery[] = [
  { name: 'ledgerProgress', run: (db) => ledgerProgress(db, [x.caseId]) },
  { name: 'jurisdictionLevel', run: (db) => jurisdictionLevel(db, x.jurisdiction) },
  { name: 'storedEvents', run: (db) => storedEvents(db, [x.eventId]) },
];
