import { CompiledQuery, Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { Clock } from '../../core/clock.ts';
import { ConcurrencyError } from '../../core/errors.ts';
import type { IdDeriver } from '../../core/events/derived-id.ts';
import type { NewEvent, StoredEvent } from '../../core/events/event.ts';
import { lockEventsForMaintenance, uniqueViolation } from './dialect.ts';
import {
  type AppendOptions,
  type AppendResult,
  type EventStore,
  EventStoreReads,
  fromRow,
  HEAD_AND_TAIL_SQL,
  type HeadAndTail,
  matchRetry,
  planAppend,
  validateAppend,
  written,
} from './event-store.ts';
import type { HeadKey } from './head-key.ts';
import { migrateToLatest } from './migrations.ts';
import type { DB } from './schema.ts';

/** The case's write lock (key space 1, as withCaseLock's), held to the end of the transaction. */
const CASE_XACT_LOCK_SQL = 'SELECT pg_advisory_xact_lock(hashtextextended($1, 1))';

export interface PostgresStoreOptions {
  url: string;
  clock: Clock;
  key: HeadKey;
  poolSize?: number;
}

const INT8_OID = 20;

/** A pool whose bigint columns (positions) come back as numbers. */
export function createPool(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    // with every connection in use (or the server out of slots), fail rather than wait forever
    connectionTimeoutMillis: 15_000,
    // A transaction left open by a server that died with its host (no TCP close) would hold
    // back every later event from readAll and the live streams: PostgreSQL ends it after a
    // minute. Huajie's own transactions never sit idle that long.
    idle_in_transaction_session_timeout: 60_000,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID
          ? (v: string) => Number(v)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // A connection the server closes (restart, failover, pg_terminate_backend) emits 'error':
  // when idle, on the pool, which drops it; when checked out, on the client itself, whose
  // running query then fails with that error. Without listeners either would end the process.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  return pool;
}

async function byIds(db: Kysely<DB>, events: NewEvent[]): Promise<(StoredEvent | undefined)[]> {
  const rows = await db
    .selectFrom('events')
    .selectAll()
    .where(
      'id',
      'in',
      events.map((e) => e.id),
    )
    .execute();
  const byId = new Map(rows.map((r) => [r.id, fromRow(r)]));
  return events.map((e) => byId.get(e.id));
}

/**
 * The engine for many towns on several app servers. Each append is one transaction on a
 * pooled connection; two writers racing on one case meet at the (case_id, seq) unique key,
 * and the loser gets the same typed conflict as on SQLite.
 */
export class PostgresEventStore extends EventStoreReads implements EventStore {
  readonly engine = 'postgres' as const;
  private readonly inFlight = new Set<Promise<unknown>>();
  private closed = false;
  readonly derivedId: IdDeriver;

  private constructor(
    readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly key: HeadKey,
    derivedId?: IdDeriver,
  ) {
    super();
    this.derivedId = derivedId ?? key.derivedIds();
  }

  static async open(opts: PostgresStoreOptions): Promise<PostgresEventStore> {
    const db = new Kysely<DB>({
      dialect: new PostgresDialect({ pool: createPool(opts.url, opts.poolSize) }),
    });
    try {
      await migrateToLatest(db as Kysely<unknown>, 'postgres');
    } catch (e) {
      await db.destroy();
      throw e;
    }
    return new PostgresEventStore(db, opts.clock, opts.key);
  }

  append(
    caseId: string,
    expectedSeq: number,
    events: NewEvent[],
    opts: AppendOptions = {},
  ): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('the event store is closed'));
    const p = this.appendNow(caseId, expectedSeq, events, opts);
    this.inFlight.add(p);
    const done = () => this.inFlight.delete(p);
    p.then(done, done);
    return p;
  }

  private async appendNow(
    caseId: string,
    expectedSeq: number,
    events: NewEvent[],
    opts: AppendOptions,
  ): Promise<AppendResult> {
    const valid = validateAppend(caseId, expectedSeq, events);
    try {
      return await this.db.transaction().execute(async (trx: Transaction<DB>) => {
        // a statement of its own: the head is then read on a snapshot taken after the lock
        if (opts.lockCase) await trx.executeQuery(CompiledQuery.raw(CASE_XACT_LOCK_SQL, [caseId]));
        const { rows } = await trx.executeQuery<HeadAndTail>(CompiledQuery.raw(HEAD_AND_TAIL_SQL, [caseId]));
        const plan = planAppend(
          this.key,
          caseId,
          expectedSeq,
          valid,
          rows[0],
          this.clock.now().toISOString(),
        );
        if (plan.kind === 'conflict') {
          const retry = matchRetry(caseId, valid, await byIds(trx, valid));
          if (retry) return retry;
          throw new ConcurrencyError(caseId, expectedSeq, plan.current);
        }
        const inserted = await trx.insertInto('events').values(plan.rows).returning('position').execute();
        const { seq, hash, mac } = plan.head;
        await trx
          .insertInto('case_heads')
          .values({ case_id: caseId, seq, hash, mac })
          .onConflict((oc) => oc.column('case_id').doUpdateSet({ seq, hash, mac }))
          .execute();
        const result = written(
          plan,
          caseId,
          inserted.map((r) => Number(r.position)),
        );
        if (opts.project) await opts.project(trx, result.events);
        return result;
      });
    } catch (e) {
      const kind = uniqueViolation(e);
      if (kind !== 'event_id' && kind !== 'case_seq') throw e;
      // someone else won the race; the transaction is gone, so look again from outside it
      const retry = matchRetry(caseId, valid, await byIds(this.db, valid));
      if (retry) return retry;
      if (kind === 'event_id') throw e;
      const head = await this.head(caseId);
      throw new ConcurrencyError(caseId, expectedSeq, head?.seq ?? 0);
    }
  }

  withCaseLock<T>(caseId: string, fn: (store: EventStore) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the event store is closed'));
    // its own key space (seed 1): the duty clock's claim (withCaseClaim, seed 0) is taken on
    // another connection around a tick, which then takes this lock
    return this.db.connection().execute(async (conn) => {
      await sql`SELECT pg_advisory_lock(hashtextextended(${caseId}, 1))`.execute(conn);
      try {
        const pinned = new PostgresEventStore(conn, this.clock, this.key, this.derivedId);
        const p = fn(pinned);
        this.inFlight.add(p);
        const done = () => this.inFlight.delete(p);
        p.then(done, done);
        return await p;
      } finally {
        await sql`SELECT pg_advisory_unlock(hashtextextended(${caseId}, 1))`.execute(conn);
      }
    });
  }

  exclusive<T>(fn: (db: Kysely<DB>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(async (trx) => {
      await lockEventsForMaintenance(trx, 'postgres');
      return fn(trx);
    });
  }

  transaction<T>(fn: (db: Kysely<DB>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  /** Stop taking appends, let those under way finish, close the pool. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.inFlight]);
    await this.db.destroy();
  }
}
