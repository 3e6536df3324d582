import type { Kysely } from 'kysely';
import { type PrintedQuery, example as x } from '../queries/printed.ts';
import type { DB } from '../store/schema.ts';

/** What the documents (server/documents) read besides the cases: names of offices, a case's findings whole. */

/** A jurisdiction's name and the name of the one above it (the addressee of what goes upward). */
export function officeOf(db: Kysely<DB>, code: string) {
  return db
    .selectFrom('jurisdictions as j')
    .leftJoin('jurisdictions as p', 'p.code', 'j.parent_code')
    .select(['j.code', 'j.name', 'j.level', 'p.name as parent_name'])
    .where('j.code', '=', code)
    .executeTakeFirst();
}

/** A case's findings whole, oldest first, with where the case is. */
export function caseFindingRows(db: Kysely<DB>, caseId: string) {
  return db
    .selectFrom('findings')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('arose_at')
    .orderBy('finding_id')
    .execute();
}

/** Every query above, printed for review (src/server/queries/documents.sql, `npm run sql`). */
export const printed: PrintedQuery[] = [
  { name: 'officeOf', run: (db) => officeOf(db, x.jurisdiction) },
  { name: 'caseFindingRows', run: (db) => caseFindingRows(db, x.caseId) },
];
