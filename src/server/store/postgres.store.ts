import { CompiledQuery, Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { Clock } from '../../core/clock.ts';
import { ConcurrencyError } from '../../core/errors.ts';
import type { CaseHead, NewEvent, StoredEvent } from '../../core/events/event.ts';
import { lockEventsForMaintenance, readAllSql, uniqueViolation } from './dialect.ts';
import {
  type AppendOptions,
  type AppendResult,
  type AppendTx,
  appendInTx,
  type EventRow,
  type EventStore,
  findRetry,
  fromRow,
  HEAD_AND_TAIL_SQL,
  type HeadAndTail,
  headOf,
  readCaseFrom,
  validateAppend,
} from './event-store.ts';
import type { HeadKey } from './head-key.ts';
import { migrateToLatest } from './migrations.ts';
import type { DB } from './schema.ts';

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
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID
          ? (v: string) => Number(v)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection the server closed (restart, failover) is dropped from the pool and
  // replaced on next use; without a listener the error would end the process.
  pool.on('error', () => undefined);
  return pool;
}

function txOf(db: Kysely<DB>): AppendTx {
  return {
    headAndTail: async (caseId) =>
      (await db.executeQuery(CompiledQuery.raw(HEAD_AND_TAIL_SQL, [caseId]))).rows[0] as HeadAndTail,
    byId: async (id) => {
      const r = await db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? fromRow(r) : undefined;
    },
    insert: async (rows) => {
      const out = await db.insertInto('events').values(rows).returning('position').execute();
      return out.map((r) => Number(r.position));
    },
    putHead: async (caseId, seq, hash, mac) => {
      await db
        .insertInto('case_heads')
        .values({ case_id: caseId, seq, hash, mac })
        .onConflict((oc) => oc.column('case_id').doUpdateSet({ seq, hash, mac }))
        .execute();
    },
  };
}

/**
 * The engine for many towns on several app servers. Each append is one transaction on a
 * pooled connection; two writers racing on one case meet at the (case_id, seq) unique key,
 * and the loser gets the same typed conflict as on SQLite.
 */
export class PostgresEventStore implements EventStore {
  readonly engine = 'postgres' as const;
  private readonly read: AppendTx;
  private readonly inFlight = new Set<Promise<unknown>>();
  private closed = false;

  private constructor(
    readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly key: HeadKey,
  ) {
    this.read = txOf(db);
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
        const result = await appendInTx(
          txOf(trx),
          this.key,
          caseId,
          expectedSeq,
          valid,
          this.clock.now().toISOString(),
        );
        if (!result.duplicate && opts.project) await opts.project(trx, result.events);
        return result;
      });
    } catch (e) {
      const kind = uniqueViolation(e);
      if (kind !== 'event_id' && kind !== 'case_seq') throw e;
      // the transaction is gone; look again from outside it
      const retry = await findRetry(this.read, caseId, valid);
      if (retry) return retry;
      if (kind === 'event_id') throw e;
      const head = await this.head(caseId);
      throw new ConcurrencyError(caseId, expectedSeq, head?.seq ?? 0);
    }
  }

  exclusive<T>(fn: (db: Kysely<DB>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(async (trx) => {
      await lockEventsForMaintenance(trx, 'postgres');
      return fn(trx);
    });
  }

  readCase(caseId: string, fromSeq = 1): Promise<StoredEvent[]> {
    return readCaseFrom(this.db, caseId, fromSeq);
  }

  async readAll(fromPosition: number, limit: number): Promise<StoredEvent[]> {
    const { rows } = await readAllSql('postgres', fromPosition, limit).execute(this.db);
    return (rows as EventRow[]).map(fromRow);
  }

  head(caseId: string): Promise<CaseHead | null> {
    return headOf(this.db, caseId);
  }

  /** Stop taking appends, let those under way finish, close the pool. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.inFlight]);
    await this.db.destroy();
  }
}
