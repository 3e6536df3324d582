import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { Clock } from '../../core/clock.ts';
import { ConcurrencyError, HuajieError } from '../../core/errors.ts';
import type { IdDeriver } from '../../core/events/derived-id.ts';
import type { NewEvent, StoredEvent } from '../../core/events/event.ts';
import { storageUnavailable, uniqueViolation } from './dialect.ts';
import {
  type AppendOptions,
  type AppendResult,
  type EventRow,
  type EventStore,
  EventStoreReads,
  fromRow,
  type HeadAndTail,
  matchRetry,
  planAppend,
  validateAppend,
  written,
} from './event-store.ts';
import type { HeadKey } from './head-key.ts';
import { migrateToLatest } from './migrations.ts';
import type { DB } from './schema.ts';

interface AppendJob {
  kind: 'append';
  caseId: string;
  expectedSeq: number;
  events: NewEvent[];
  project: AppendOptions['project'];
  resolve: (r: AppendResult) => void;
  reject: (e: unknown) => void;
}
interface ExclusiveJob {
  kind: 'exclusive';
  fn: (db: Kysely<DB>) => Promise<unknown>;
  resolve: (r: unknown) => void;
  reject: (e: unknown) => void;
}
type Job = AppendJob | ExclusiveJob;

export interface SqliteStoreOptions {
  path: string;
  clock: Clock;
  key: HeadKey;
  /** most appends committed together in one transaction */
  maxBatch?: number;
}

function openConnection(path: string, readonly: boolean): Database.Database {
  const db = new Database(path, { readonly });
  db.pragma('busy_timeout = 10000');
  if (!readonly) {
    db.pragma('journal_mode = WAL');
    // acknowledged means on disk: every commit syncs the WAL
    db.pragma('synchronous = FULL');
  }
  return db;
}

/** Statements a connection keeps prepared (SQL texts vary little; a full cache starts over). */
const STATEMENT_CACHE = 1000;

/**
 * Kysely prepares every query it runs; preparing costs as much as running a small one. This
 * keeps each SQL text's statement. Safe because Kysely runs a statement to completion at once
 * (all/run), never leaving one half-iterated.
 */
function withStatementCache(db: Database.Database): Pick<Database.Database, 'prepare' | 'close'> {
  const cache = new Map<string, Database.Statement>();
  return {
    prepare: ((sql: string) => {
      let stmt = cache.get(sql);
      if (!stmt) {
        if (cache.size >= STATEMENT_CACHE) cache.clear();
        stmt = db.prepare(sql);
        cache.set(sql, stmt);
      }
      return stmt;
    }) as Database.Database['prepare'],
    close: () => db.close(),
  };
}

/**
 * The embedded engine. One connection writes; concurrent appends queue and are committed
 * together in one transaction (group commit), one append's failure rolling back only that
 * append (see commitBatch). Callers are answered after COMMIT. A second, read-only
 * connection serves reads, which WAL lets run alongside the writer.
 */
export class SqliteEventStore extends EventStoreReads implements EventStore {
  readonly engine = 'sqlite' as const;
  private readonly queue: Job[] = [];
  private draining = false;
  private closed = false;
  private readonly stmt;
  readonly derivedId: IdDeriver;

  private constructor(
    private readonly writer: Database.Database,
    private readonly writerDb: Kysely<DB>,
    private readonly reader: Database.Database,
    readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly key: HeadKey,
    private readonly maxBatch: number,
  ) {
    super();
    this.derivedId = key.derivedIds();
    const w = writer;
    this.stmt = {
      head: w.prepare<[string], { seq: number; hash: string; mac: string }>(
        'SELECT seq, hash, mac FROM case_heads WHERE case_id = ?',
      ),
      tail: w.prepare<[string], { seq: number; hash: string }>(
        'SELECT seq, hash FROM events WHERE case_id = ? ORDER BY seq DESC LIMIT 1',
      ),
      byId: w.prepare<[string], EventRow>('SELECT * FROM events WHERE id = ?'),
      insert: w.prepare(
        `INSERT INTO events (id, case_id, seq, type, data, actor_id, actor_role, occurred_at, recorded_at, prev_hash, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertHead: w.prepare('INSERT INTO case_heads (case_id, seq, hash, mac) VALUES (?, ?, ?, ?)'),
      updateHead: w.prepare('UPDATE case_heads SET seq = ?, hash = ?, mac = ? WHERE case_id = ?'),
      savepoint: w.prepare('SAVEPOINT append'),
      release: w.prepare('RELEASE append'),
      rollbackTo: w.prepare('ROLLBACK TO append'),
    };
  }

  private readonly optimizer = setInterval(() => {
    this.exclusive(async () => this.writer.pragma('optimize')).catch(() => undefined);
  }, 3_600_000).unref();

  static async open(opts: SqliteStoreOptions): Promise<SqliteEventStore> {
    // a file, not ':memory:': the reader connection must see what the writer commits
    mkdirSync(dirname(opts.path), { recursive: true });
    const writer = openConnection(opts.path, false);
    const writerDb = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(writer) }) });
    await migrateToLatest(writerDb as Kysely<unknown>, 'sqlite');
    // statistics for the query planner (which index serves a large scope's list); kept fresh
    // by an hourly PRAGMA optimize, which re-analyses only what changed enough
    writer.pragma('optimize=0x10002');
    const reader = openConnection(opts.path, true);
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(reader) }) });
    return new SqliteEventStore(writer, writerDb, reader, db, opts.clock, opts.key, opts.maxBatch ?? 1000);
  }

  append(
    caseId: string,
    expectedSeq: number,
    events: NewEvent[],
    opts: AppendOptions = {},
  ): Promise<AppendResult> {
    let valid: NewEvent[];
    try {
      valid = validateAppend(caseId, expectedSeq, events);
    } catch (e) {
      return Promise.reject(e);
    }
    return new Promise<AppendResult>((resolve, reject) => {
      this.enqueue({
        kind: 'append',
        caseId,
        expectedSeq,
        events: valid,
        project: opts.project,
        resolve,
        reject,
      });
    });
  }

  withCaseLock<T>(_caseId: string, fn: (store: EventStore) => Promise<T>): Promise<T> {
    return fn(this);
  }

  exclusive<T>(fn: (db: Kysely<DB>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.enqueue({ kind: 'exclusive', fn, resolve: resolve as (r: unknown) => void, reject });
    });
  }

  /** SQLite has one writer: a side-table transaction queues with the appends. */
  transaction<T>(fn: (db: Kysely<DB>) => Promise<T>): Promise<T> {
    return this.exclusive(fn);
  }

  private enqueue(job: Job) {
    if (this.closed) {
      job.reject(new Error('the event store is closed'));
      return;
    }
    this.queue.push(job);
    if (!this.draining) {
      this.draining = true;
      // let appends issued in the same tick join this batch
      setImmediate(() => void this.drain());
    }
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const first = this.queue[0];
        if (first?.kind === 'exclusive') {
          this.queue.shift();
          await this.runExclusive(first);
          continue;
        }
        const batch: AppendJob[] = [];
        while (batch.length < this.maxBatch && this.queue[0]?.kind === 'append') {
          batch.push(this.queue.shift() as AppendJob);
        }
        await this.commitBatch(batch);
      }
    } finally {
      this.draining = false;
    }
  }

  private async commitBatch(batch: AppendJob[]): Promise<void> {
    const outcomes: ({ ok: true; value: AppendResult } | { ok: false; error: unknown })[] = [];
    const recordedAt = this.clock.now().toISOString();
    try {
      this.writer.exec('BEGIN IMMEDIATE');
      for (const job of batch) {
        // A savepoint only where an append could leave part of itself written: several
        // events, or a projection. A single event without one either fails before writing
        // or in the one failing INSERT, which SQLite undoes by itself.
        const guarded = job.events.length > 1 || job.project !== undefined;
        if (guarded) this.stmt.savepoint.run();
        try {
          const value = this.appendOne(job, recordedAt, guarded);
          if (!value.duplicate && job.project) await job.project(this.writerDb, value.events);
          if (guarded) this.stmt.release.run();
          outcomes.push({ ok: true, value });
        } catch (error) {
          // the database itself failed (a full disk, an I/O error): SQLite may have rolled the
          // whole transaction back already, savepoint and all — the batch fails with that
          if (storageUnavailable(error) || !this.writer.inTransaction) throw error;
          if (guarded) {
            this.stmt.rollbackTo.run();
            this.stmt.release.run();
          } else if (!(error instanceof HuajieError) && uniqueViolation(error) === null) {
            throw error; // unknown failure: roll the whole batch back, fail every caller
          }
          outcomes.push({ ok: false, error });
        }
      }
      this.writer.exec('COMMIT');
    } catch (error) {
      if (this.writer.inTransaction) this.writer.exec('ROLLBACK');
      for (const job of batch) job.reject(error);
      return;
    }
    batch.forEach((job, i) => {
      const o = outcomes[i];
      if (o?.ok) job.resolve(o.value);
      else job.reject(o?.error);
    });
  }

  /** One append, synchronously, inside the writer's open transaction. */
  private appendOne(job: AppendJob, recordedAt: string, guarded: boolean): AppendResult {
    const s = this.stmt;
    const plan = planAppend(
      this.key,
      job.caseId,
      job.expectedSeq,
      job.events,
      this.headAndTail(job.caseId),
      recordedAt,
    );
    if (plan.kind === 'conflict') {
      const retry = matchRetry(job.caseId, job.events, this.byIds(job.events));
      if (retry) return retry;
      throw new ConcurrencyError(job.caseId, job.expectedSeq, plan.current);
    }
    let positions: number[];
    try {
      positions = plan.rows.map(
        (r) =>
          s.insert.run(
            r.id,
            r.case_id,
            r.seq,
            r.type,
            r.data,
            r.actor_id,
            r.actor_role,
            r.occurred_at,
            r.recorded_at,
            r.prev_hash,
            r.hash,
          ).lastInsertRowid as number,
      );
    } catch (e) {
      if (uniqueViolation(e) !== 'event_id') throw e;
      // an id already stored, though the seq matched: a retry, or an id reused elsewhere
      if (guarded) s.rollbackTo.run();
      const retry = matchRetry(job.caseId, job.events, this.byIds(job.events));
      if (!retry) throw e;
      return retry;
    }
    const h = plan.head;
    if (plan.existed) s.updateHead.run(h.seq, h.hash, h.mac, job.caseId);
    else s.insertHead.run(job.caseId, h.seq, h.hash, h.mac);
    return written(plan, job.caseId, positions);
  }

  /** The writer's own transaction makes these two indexed reads one snapshot. */
  private headAndTail(caseId: string): HeadAndTail {
    const h = this.stmt.head.get(caseId);
    const t = this.stmt.tail.get(caseId);
    return {
      head_seq: h?.seq ?? null,
      head_hash: h?.hash ?? null,
      mac: h?.mac ?? null,
      tail_seq: t?.seq ?? null,
      tail_hash: t?.hash ?? null,
    };
  }

  private byIds(events: NewEvent[]): (StoredEvent | undefined)[] {
    return events.map((e) => {
      const r = this.stmt.byId.get(e.id);
      return r ? fromRow(r) : undefined;
    });
  }

  private async runExclusive(job: ExclusiveJob): Promise<void> {
    try {
      this.writer.exec('BEGIN IMMEDIATE');
      const value = await job.fn(this.writerDb);
      this.writer.exec('COMMIT');
      job.resolve(value);
    } catch (error) {
      if (this.writer.inTransaction) this.writer.exec('ROLLBACK');
      job.reject(error);
    }
  }

  /** Stop taking appends, finish the queued ones, close both connections. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.optimizer);
    while (this.draining || this.queue.length > 0) await new Promise((r) => setImmediate(r));
    await sql`PRAGMA wal_checkpoint(PASSIVE)`.execute(this.writerDb).catch(() => undefined);
    this.reader.close();
    this.writer.close();
  }
}
