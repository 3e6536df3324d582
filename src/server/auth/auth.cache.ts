import { createHash } from 'node:crypto';
import type { CompiledQuery, Kysely } from 'kysely';
import type { Clock } from '../../core/clock.ts';
import { scopeOf } from '../accounts/accounts.repo.ts';
import type { DB } from '../store/schema.ts';
import { findSessionByHash, type Session } from './session.ts';

const sha256 = (t: string) => createHash('sha256').update(t).digest('hex');

/** A session as a request sees it: who, and the jurisdictions they see. */
export interface Caller extends Session {
  /** the caller's jurisdiction and everything below it (shared between requests: never changed) */
  scope: ReadonlySet<string>;
}

interface Held {
  session: Session;
  expiresAt: string;
}

/** Sessions and scopes held at most; more, and the oldest half is let go. */
export const AUTH_CACHE_LIMIT = 10_000;

/**
 * Who is calling, without two queries per request. Sessions and scopes are held in memory,
 * valid while the database's auth epoch (`auth_epoch.n`) stands where it stood when they were
 * read. The database moves the epoch itself (triggers: a session ended, an account changed, a
 * jurisdiction added or changed), whoever writes — this server, another one, the command line —
 * so a request reads one number and an ended session is refused by the very next request,
 * on every server. Expiry is checked against the clock on every use.
 */
export class AuthCache {
  private epoch: number | undefined;
  private readonly sessions = new Map<string, Held>();
  private readonly scopes = new Map<string, ReadonlySet<string>>();
  private readonly epochQuery: CompiledQuery<{ n: number | string }>;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly limit = AUTH_CACHE_LIMIT,
  ) {
    this.epochQuery = db.selectFrom('auth_epoch').select('n').where('id', '=', 1).compile();
  }

  /** The caller holding this session token now, or null (none, ended, expired, disabled). */
  async caller(token: string | undefined): Promise<Caller | null> {
    if (!token) return null;
    const epoch = await this.sync();
    const id = sha256(token);
    let held = this.sessions.get(id);
    if (!held) {
      const found = await findSessionByHash(this.db, id);
      if (!found) return null;
      held = found;
      // what was read under an older epoch than the one now held is not kept
      if (epoch === this.epoch) this.keep(this.sessions, id, held);
    }
    if (held.expiresAt <= this.clock.now().toISOString()) return null;
    const code = held.session.user.jurisdiction_code;
    let scope = this.scopes.get(code);
    if (!scope) {
      scope = new Set(await scopeOf(this.db, code));
      if (epoch === this.epoch) this.keep(this.scopes, code, scope);
    }
    return { ...held.session, scope };
  }

  /**
   * Read the epoch; when it moved on, let go of everything held. An answer older than the
   * epoch held (replies of the pool may come out of order) leaves what is held alone: it was
   * read later, so it is at least as new — but nothing read under it is kept.
   */
  private async sync(): Promise<number> {
    const { rows } = await this.db.executeQuery(this.epochQuery);
    const n = Number(rows[0]?.n ?? 0);
    if (this.epoch === undefined || n > this.epoch) {
      this.sessions.clear();
      this.scopes.clear();
      this.epoch = n;
    }
    return n;
  }

  private keep<V>(map: Map<string, V>, key: string, value: V): void {
    if (map.size >= this.limit) {
      let drop = Math.ceil(this.limit / 2);
      for (const k of map.keys()) {
        if (drop-- <= 0) break;
        map.delete(k);
      }
    }
    map.set(key, value);
  }
}
