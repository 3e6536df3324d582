import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../core/clock.ts';
import type { PublicUser } from '../accounts/accounts.repo.ts';
import type { EventStore } from '../store/event-store.ts';
import type { DB } from '../store/schema.ts';

export const SESSION_COOKIE = 'huajie_session';
/** A duty shift and then some; a new login after that. */
export const SESSION_HOURS = 14;

const sha256 = (t: string) => createHash('sha256').update(t).digest('hex');

export interface Session {
  /** the session's key: the hash of its token (never the token itself) */
  id: string;
  user: PublicUser;
  csrfToken: string;
}

/** A new session: the token goes to the cookie, only its hash to the database. */
export async function createSession(
  store: EventStore,
  clock: Clock,
  user: PublicUser,
): Promise<{ token: string; csrfToken: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const now = clock.now();
  await store.transaction(async (db) => {
    await db
      .insertInto('sessions')
      .values({
        token_hash: sha256(token),
        user_id: user.id,
        csrf_token: csrfToken,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + SESSION_HOURS * 3600_000).toISOString(),
      })
      .execute();
    // expired sessions are removed as new ones start
    await db.deleteFrom('sessions').where('expires_at', '<', now.toISOString()).execute();
  });
  return { token, csrfToken };
}

/** The session of this token, if it is still valid now. */
export async function findSession(
  db: Kysely<DB>,
  clock: Clock,
  token: string | undefined,
): Promise<Session | null> {
  if (!token) return null;
  const found = await findSessionByHash(db, sha256(token));
  if (!found || found.expiresAt <= clock.now().toISOString()) return null;
  return found.session;
}

/** The session stored under this token hash with when it expires; null when none or its account is disabled. */
export async function findSessionByHash(
  db: Kysely<DB>,
  tokenHash: string,
): Promise<{ session: Session; expiresAt: string } | null> {
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.csrf_token',
      's.expires_at',
      'u.id',
      'u.username',
      'u.display_name',
      'u.role',
      'u.jurisdiction_code',
      'u.disabled',
      'u.created_at',
    ])
    .where('s.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row || row.disabled) return null;
  const { csrf_token, expires_at, ...user } = row;
  return { session: { id: tokenHash, user, csrfToken: csrf_token }, expiresAt: expires_at };
}

/** Who a session that is still valid belongs to, as now recorded. */
export interface LiveSession {
  userId: string;
  role: string;
  jurisdiction: string;
}

/**
 * Which of these sessions (by id) are still valid — not ended, not expired, the account not
 * disabled — with their account's role and jurisdiction now: one query per 1,000 ids.
 */
export async function liveSessions(
  db: Kysely<DB>,
  clock: Clock,
  ids: readonly string[],
): Promise<Map<string, LiveSession>> {
  const out = new Map<string, LiveSession>();
  const now = clock.now().toISOString();
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select(['s.token_hash', 'u.id', 'u.role', 'u.jurisdiction_code', 'u.disabled'])
      .where('s.token_hash', 'in', ids.slice(i, i + 1000))
      .where('s.expires_at', '>', now)
      .execute();
    for (const r of rows)
      if (!r.disabled)
        out.set(r.token_hash, { userId: r.id, role: r.role, jurisdiction: r.jurisdiction_code });
  }
  return out;
}

export async function endSession(store: EventStore, token: string): Promise<void> {
  await store.transaction((db) =>
    db.deleteFrom('sessions').where('token_hash', '=', sha256(token)).execute(),
  );
}
