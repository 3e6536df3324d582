import { type Kysely, sql } from 'kysely';
import { type PrintedQuery, example as x } from '../queries/printed.ts';
import type { DB } from '../store/schema.ts';

/** What the health check asks of the database. */

/** The smallest question the database answers: whether it answers at all. */
export async function databaseAnswers(db: Kysely<DB>): Promise<void> {
  await sql`SELECT 1`.execute(db);
}

/** This server's test write: its row of health_probes, at this time. */
export async function writeProbe(tx: Kysely<DB>, server: string, at: string): Promise<void> {
  await tx
    .insertInto('health_probes')
    .values({ server, at })
    .onConflict((oc) => oc.column('server').doUpdateSet({ at }))
    .execute();
}

/** Forget the probes of servers that last wrote before this time. */
export async function forgetProbesBefore(tx: Kysely<DB>, before: string): Promise<void> {
  await tx.deleteFrom('health_probes').where('at', '<', before).execute();
}

/** Every query above, printed for review (src/server/queries/health.sql, `npm run sql`). */
export const printed: PrintedQuery[] = [
  { name: 'databaseAnswers', run: (db) => databaseAnswers(db) },
  { name: 'writeProbe', run: (db) => writeProbe(db, 'server-1', x.at) },
  { name: 'forgetProbesBefore', run: (db) => forgetProbesBefore(db, x.at) },
];
