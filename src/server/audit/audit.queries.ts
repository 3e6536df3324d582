import type { Kysely } from 'kysely';
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
