import type { Kysely } from 'kysely';
import { type PrintedQuery, example as x } from '../queries/printed.ts';
import type { DB, JurisdictionsTable } from '../store/schema.ts';

/** The jurisdictions among `codes` (a caller's scope), by code. */
export function jurisdictionsIn(db: Kysely<DB>, codes: Iterable<string>): Promise<JurisdictionsTable[]> {
  return db
    .selectFrom('jurisdictions')
    .selectAll()
    .where('code', 'in', [...codes])
    .orderBy('code')
    .execute();
}

/** A jurisdiction's name, or undefined when there is none of that code. */
export async function jurisdictionName(db: Kysely<DB>, code: string): Promise<string | undefined> {
  const row = await db.selectFrom('jurisdictions').select('name').where('code', '=', code).executeTakeFirst();
  return row?.name;
}

/** Every query above, printed for review (src/server/queries/, `npm run sql`). */
export const printed: PrintedQuery[] = [
  { name: 'jurisdictionsIn', run: (db) => jurisdictionsIn(db, x.scope) },
  { name: 'jurisdictionName', run: (db) => jurisdictionName(db, x.jurisdiction) },
];
