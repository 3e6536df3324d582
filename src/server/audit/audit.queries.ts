import type { Kysely } from 'kysely';
import { type PrintedQuery, example as x } from '../queries/printed.ts';
import type { DB } from '../store/schema.ts';

/** The reads of the audit routes. */

/** Every incident in the scope: its case id, title and jurisdiction. */
export function incidentsToAudit(db: Kysely<DB>, scope: ReadonlySet<string>) {
  return db
    .selectFrom('incidents')
    .select(['case_id', 'title', 'jurisdiction'])
    .where('jurisdiction', 'in', [...scope])
    .execute();
}

/** Every query above, printed for review (src/server/queries/audit.sql, `npm run sql`). */
export const printed: PrintedQuery[] = [
  { name: 'incidentsToAudit', run: (db) => incidentsToAudit(db, x.scope) },
];
