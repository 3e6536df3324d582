import type { Kysely } from 'kysely';
import { type PrintedQuery, example as x } from '../queries/printed.ts';
import type { DB } from '../store/schema.ts';

/**
 * The purge of representatives' contacts (cases/contact-purge.ts): a dispute's contacts and an
 * incident's reply channels whose case was settled (销号) at or before `cutoff` — now less the
 * retention the deployment sets. The settling append stamped `settled_at` on them. The logs of
 * their reads are not touched: they hold who read, when and why, never the contact.
 */

/** Delete the contacts of disputes settled at or before `cutoff`; answers how many. */
export async function purgeDisputeContacts(db: Kysely<DB>, cutoff: string): Promise<number> {
  const r = await db
    .deleteFrom('representative_contacts')
    .where('settled_at', 'is not', null)
    .where('settled_at', '<=', cutoff)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Delete the reply channels of incidents settled at or before `cutoff`; answers how many. */
export async function purgeReplyChannels(db: Kysely<DB>, cutoff: string): Promise<number> {
  const r = await db
    .deleteFrom('reply_channels')
    .where('settled_at', 'is not', null)
    .where('settled_at', '<=', cutoff)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Every query above, printed for review (src/server/queries/contact-purge.sql, `npm run sql`). */
export const printed: PrintedQuery[] = [
  { name: 'purgeDisputeContacts', run: (db) => purgeDisputeContacts(db, x.at) },
  { name: 'purgeReplyChannels', run: (db) => purgeReplyChannels(db, x.at) },
];
