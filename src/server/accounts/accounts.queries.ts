import type { Kysely } from 'kysely';
import { type PrintedQuery, example as x } from '../queries/printed.ts';
import type { DB } from '../store/schema.ts';
import type { PublicUser } from './accounts.repo.ts';

/** The accounts of the jurisdictions among `codes` (a caller's scope), by username; never a password hash. */
export function usersIn(db: Kysely<DB>, codes: Iterable<string>): Promise<PublicUser[]> {
  return db
    .selectFrom('users')
    .select([
      'id',
      'username',
      'display_name',
      'role',
      'jurisdiction_code',
      'disabled',
      'created_at',
      'im_id',
    ])
    .where('jurisdiction_code', 'in', [...codes])
    .orderBy('username')
    .execute();
}

/** Where an account is: its id and jurisdiction, or undefined when there is none of that id. */
export function userPlace(
  db: Kysely<DB>,
  id: string,
): Promise<{ id: string; jurisdiction_code: string } | undefined> {
  return db.selectFrom('users').select(['id', 'jurisdiction_code']).where('id', '=', id).executeTakeFirst();
}

/** The names of the accounts among `ids` (the authors of a timeline page): username and display name only. */
export function accountNames(
  db: Kysely<DB>,
  ids: readonly string[],
): Promise<{ id: string; username: string; display_name: string }[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('users').select(['id', 'username', 'display_name']).where('id', 'in', ids).execute();
}

/** Every query above, printed for review (src/server/queries/, `npm run sql`). */
export const printed: PrintedQuery[] = [
  { name: 'usersIn', run: (db) => usersIn(db, x.scope) },
  { name: 'userPlace', run: (db) => userPlace(db, x.userId) },
  { name: 'accountNames', run: (db) => accountNames(db, [x.userId]) },
];
