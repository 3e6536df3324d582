import type { Kysely } from 'kysely';
import { type PrintedQuery, example as x } from '../queries/printed.ts';
import type { DB } from '../store/schema.ts';

/**
 * The reads of the auth routes. Accounts, sessions and the login throttle keep their own
 * modules (accounts.repo.ts, session.ts, login.throttle.ts).
 */

/** The jurisdiction of each account among these usernames (a username of no account: absent). */
export function accountJurisdictions(db: Kysely<DB>, usernames: string[]) {
  return db
    .selectFrom('users')
    .select(['username', 'jurisdiction_code'])
    .where('username', 'in', usernames)
    .execute();
}

/** Every query above, printed for review (src/server/queries/auth.sql, `npm run sql`). */
export const printed: PrintedQuery[] = [
  { name: 'accountJurisdictions', run: (db) => accountJurisdictions(db, [x.username, 'leader']) },
];
