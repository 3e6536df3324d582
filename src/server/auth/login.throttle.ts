import ipaddr from 'ipaddr.js';
import { type Kysely, sql } from 'kysely';
import type { Clock } from '../../core/clock.ts';
import { TooManyRequestsError } from '../../core/errors.ts';
import type { EventStore } from '../store/event-store.ts';
import type { DB, LoginThrottleTable } from '../store/schema.ts';

/**
 * Password guessing is slowed per username (whatever address it comes from) and per address
 * (whatever username it tries). Each keeps a count of failures in the database, so every
 * server sharing it sees the same count, and a restart forgets nothing. After `threshold`
 * failures the key is locked for `baseSeconds`; each failure after a lock has passed locks it
 * again for twice as long, up to `maxSeconds`. A login with the right password while locked is
 * refused too (otherwise a lock would slow nobody). Success clears the username's count.
 * Failures are forgotten `forgetHours` after the last failure (successes do not keep them),
 * unless locked; after that the full allowance is back.
 */
export interface ThrottleLimit {
  threshold: number;
  baseSeconds: number;
  maxSeconds: number;
  forgetHours: number;
}

export type ThrottleKind = LoginThrottleTable['kind'];

export const LOGIN_LIMITS: Record<ThrottleKind, ThrottleLimit> = {
  username: { threshold: 5, baseSeconds: 60, maxSeconds: 3600, forgetHours: 24 },
  // an office or a village committee often shares one address: more room before a lock, and
  // its typing errors are forgotten an hour after the last one
  address: { threshold: 20, baseSeconds: 60, maxSeconds: 3600, forgetHours: 1 },
};

export class TooManyLoginsError extends TooManyRequestsError {
  constructor(kind: ThrottleKind, retryAfterSeconds: number) {
    const wait =
      retryAfterSeconds >= 120 ? `${Math.ceil(retryAfterSeconds / 60)} min` : `${retryAfterSeconds} s`;
    super(
      'too_many_attempts',
      `too many failed logins ${kind === 'username' ? 'for this username' : 'from this address'}; try again in ${wait}, or ask an admin to lift the lock`,
      retryAfterSeconds,
    );
  }
}

/**
 * The subject an address is counted under: an IPv4 address (also when written IPv4-mapped),
 * or the /64 an IPv6 address belongs to — one host usually holds a whole /64.
 */
export function addressSubject(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip;
  const a = ipaddr.process(ip);
  if (a.kind() === 'ipv4') return a.toString();
  const prefix = (a as ipaddr.IPv6).parts.slice(0, 4).concat([0, 0, 0, 0]);
  return `${new ipaddr.IPv6(prefix).toString()}/64`;
}

const keyOf = (kind: ThrottleKind, subject: string) => `${kind}:${subject}`;

/** One login attempt, reserved before its password is checked. */
export interface LoginAttempt {
  succeeded(): Promise<void>;
  failed(): Promise<void>;
}

interface Reserved {
  kind: ThrottleKind;
  subject: string;
  failures: number;
  allowance: number;
  lockedUntil: string | null;
}

export class LoginThrottle {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly limits: Record<ThrottleKind, ThrottleLimit> = LOGIN_LIMITS,
  ) {}

  /**
   * Before a password is checked: refused (429) while the username or the address is locked,
   * or when attempts already under way have used what is allowed before the next lock.
   * Otherwise the attempt is counted as a failure until it is known to be none.
   */
  async begin(username: string, ip: string): Promise<LoginAttempt> {
    const subjects: [ThrottleKind, string][] = [
      ['username', username],
      ['address', addressSubject(ip)],
    ];
    const now = this.clock.now();
    const nowIso = now.toISOString();
    const rows = await this.store.db
      .selectFrom('login_throttle')
      .selectAll()
      .where(
        'key',
        'in',
        subjects.map(([k, s]) => keyOf(k, s)),
      )
      .execute();
    for (const r of rows) {
      if (r.locked_until && r.locked_until > nowIso)
        throw new TooManyLoginsError(r.kind, secondsUntil(r.locked_until, now));
    }
    const reserved = await this.store.transaction(async (db) => {
      const out: Reserved[] = [];
      for (const [kind, subject] of subjects) out.push(await this.reserve(db, kind, subject, now));
      return out;
    });
    // locked meanwhile (by an attempt that failed after the look above), or the attempts under
    // way have used what is allowed before the next lock
    const locked = reserved.find((r) => r.lockedUntil !== null && r.lockedUntil > nowIso);
    const over = locked ?? reserved.find((r) => r.failures > r.allowance);
    if (over) {
      await this.release(reserved);
      throw new TooManyLoginsError(over.kind, over.lockedUntil ? secondsUntil(over.lockedUntil, now) : 1);
    }
    return {
      succeeded: async () => {
        await this.store.transaction(async (db) => {
          await db.deleteFrom('login_throttle').where('key', '=', keyOf('username', username)).execute();
          await this.decrement(db, keyOf('address', addressSubject(ip)));
        });
      },
      failed: () => this.failed(reserved),
    };
  }

  private async reserve(db: Kysely<DB>, kind: ThrottleKind, subject: string, now: Date): Promise<Reserved> {
    const limit = this.limits[kind];
    const nowIso = now.toISOString();
    const forget = new Date(now.getTime() - limit.forgetHours * 3600_000).toISOString();
    const stale = sql<boolean>`(login_throttle.last_failure_at < ${forget} AND (login_throttle.locked_until IS NULL OR login_throttle.locked_until <= ${nowIso}))`;
    const row = await db
      .insertInto('login_throttle')
      .values({
        key: keyOf(kind, subject),
        kind,
        subject,
        failures: 1,
        allowance: limit.threshold,
        locked_until: null,
        last_failure_at: nowIso,
      })
      .onConflict((oc) =>
        // the time of the last failure is left as it is: an attempt that succeeds is none
        oc.column('key').doUpdateSet({
          failures: sql`CASE WHEN ${stale} THEN 1 ELSE login_throttle.failures + 1 END`,
          allowance: sql`CASE WHEN ${stale} THEN ${limit.threshold} ELSE login_throttle.allowance END`,
          locked_until: sql`CASE WHEN ${stale} THEN NULL ELSE login_throttle.locked_until END`,
        }),
      )
      .returning(['failures', 'allowance', 'locked_until'])
      .executeTakeFirstOrThrow();
    return {
      kind,
      subject,
      failures: Number(row.failures),
      allowance: Number(row.allowance),
      lockedUntil: row.locked_until,
    };
  }

  private async decrement(db: Kysely<DB>, key: string): Promise<void> {
    await db
      .updateTable('login_throttle')
      .set({ failures: sql`CASE WHEN failures > 0 THEN failures - 1 ELSE 0 END` })
      .where('key', '=', key)
      .execute();
  }

  private async release(reserved: Reserved[]): Promise<void> {
    await this.store.transaction(async (db) => {
      for (const r of reserved) await this.decrement(db, keyOf(r.kind, r.subject));
    });
  }

  /**
   * The attempt failed: its keys note the time (failures are forgotten a while after the last
   * one), and a failure that used up what was allowed locks its key; one more is allowed after.
   */
  private async failed(reserved: Reserved[]): Promise<void> {
    const now = this.clock.now();
    await this.store.transaction(async (db) => {
      for (const r of reserved) {
        const limit = this.limits[r.kind];
        const due = r.failures >= r.allowance;
        const seconds = Math.min(
          limit.baseSeconds * 2 ** Math.max(0, r.failures - limit.threshold),
          limit.maxSeconds,
        );
        await db
          .updateTable('login_throttle')
          .set({
            last_failure_at: now.toISOString(),
            ...(due
              ? {
                  locked_until: new Date(now.getTime() + seconds * 1000).toISOString(),
                  allowance: r.failures + 1,
                }
              : {}),
          })
          .where('key', '=', keyOf(r.kind, r.subject))
          .execute();
      }
    });
  }

  /** The keys with failures counted or a lock: locked ones first, then the latest (at most 1,000). */
  async list(): Promise<(LoginThrottleTable & { locked: boolean })[]> {
    const nowIso = this.clock.now().toISOString();
    const rows = await this.store.db
      .selectFrom('login_throttle')
      .selectAll()
      .where((w) => w.or([w('failures', '>', 0), w('locked_until', '>', nowIso)]))
      // locked ones first, whatever else was tried since: a spray of names hides no lock
      .orderBy(sql`CASE WHEN locked_until > ${nowIso} THEN 0 ELSE 1 END`)
      .orderBy('last_failure_at', 'desc')
      .limit(1000)
      .execute();
    return rows.map((r) => ({
      ...r,
      failures: Number(r.failures),
      allowance: Number(r.allowance),
      locked: (r.locked_until ?? '') > nowIso,
    }));
  }

  /** Lift a lock and forget the failures. False when there was nothing to lift. */
  async lift(kind: ThrottleKind, subject: string): Promise<boolean> {
    const r = await this.store.transaction((db) =>
      db.deleteFrom('login_throttle').where('key', '=', keyOf(kind, subject)).executeTakeFirst(),
    );
    return Number(r.numDeletedRows) > 0;
  }
}

function secondsUntil(iso: string, now: Date): number {
  return Math.max(1, Math.ceil((Date.parse(iso) - now.getTime()) / 1000));
}
