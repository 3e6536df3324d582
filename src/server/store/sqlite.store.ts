import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { Clock } from '../../core/clock.ts';
import type { CaseHead, NewEvent, StoredEvent } from '../../core/events/event.ts';
import { readAllSql, uniqueViolation } from './dialect.ts';
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

/**
 * The embedded engine. One connection writes; concurrent appends queue and are committed
 * together in one transaction (group commit), each inside its own savepoint so that one
 * append's failure rolls back only that append. Callers are answered after COMMIT.
 */
export class SqliteEventStore implements EventStore {
  readonly engine = 'sqlite' as const;
  private readonly queue: Job[] = [];
  private draining = false;
  private closed = false;
  private readonly tx: AppendTx;
  private readonly stmt;

  private constructor(
    private readonly writer: Database.Database,
    private readonly writerDb: Kysely<DB>,
    private readonly reader: Database.Database,
    readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly key: HeadKey,
    private readonly maxBatch: number,
  ) {
    const w = writer;
    this.stmt = {
      headAndTail: w.prepare<[{ caseId: string }], HeadAndTail>(
        HEAD_AND_TAIL_SQL.replaceAll('$1', '@caseId'),
      ),
      byId: w.prepare<[string], EventRow>('SELECT * FROM events WHERE id = ?'),
      insert: w.prepare(
        `INSERT INTO events (id, case_id, seq, type, data, actor_id, actor_role, occurred_at, recorded_at, prev_hash, hash)
         VALUES (@id, @case_id, @seq, @type, @data, @actor_id, @actor_role, @occurred_at, @recorded_at, @prev_hash, @hash)`,
      ),
      putHead: w.prepare(
        `INSERT INTO case_heads (case_id, seq, hash, mac) VALUES (?, ?, ?, ?)
         ON CONFLICT (case_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, mac = excluded.mac`,
      ),
      savepoint: w.prepare('SAVEPOINT append'),
      release: w.prepare('RELEASE append'),
      rollbackTo: w.prepare('ROLLBACK TO append'),
    };
    const s = this.stmt;
    this.tx = {
      headAndTail: (caseId) => s.headAndTail.get({ caseId }),
      byId: (id) => {
        const r = s.byId.get(id);
        return r ? fromRow(r) : undefined;
      },
      insert: (rows) => rows.map((r) => Number(s.insert.run(r).lastInsertRowid)),
      putHead: (caseId, seq, hash, mac) => {
        s.putHead.run(caseId, seq, hash, mac);
      },
    };
  }

  static async open(opts: SqliteStoreOptions): Promise<SqliteEventStore> {
    if (opts.path !== ':memory:') mkdirSync(dirname(opts.path), { recursive: true });
    const writer = openConnection(opts.path, false);
    const writerDb = new Kysely<DB>({ dialect: new SqliteDialect({ database: writer }) });
    await migrateToLatest(writerDb as Kysely<unknown>, 'sqlite');
    const reader = openConnection(opts.path, true);
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: reader }) });
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

  exclusive<T>(fn: (db: Kysely<DB>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.enqueue({ kind: 'exclusive', fn, resolve: resolve as (r: unknown) => void, reject });
    });
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
        this.stmt.savepoint.run();
        try {
          const value = await this.appendOne(job, recordedAt);
          this.stmt.release.run();
          outcomes.push({ ok: true, value });
        } catch (error) {
          this.stmt.rollbackTo.run();
          this.stmt.release.run();
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

  private async appendOne(job: AppendJob, recordedAt: string): Promise<AppendResult> {
    let result: AppendResult;
    try {
      result = await appendInTx(this.tx, this.key, job.caseId, job.expectedSeq, job.events, recordedAt);
    } catch (e) {
      if (uniqueViolation(e) !== 'event_id') throw e;
      // an id already stored, though the seq matched: a retry, or an id reused elsewhere
      this.stmt.rollbackTo.run();
      const retry = await findRetry(this.tx, job.caseId, job.events);
      if (!retry) throw e;
      return retry;
    }
    if (!result.duplicate && job.project) await job.project(this.writerDb, result.events);
    return result;
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

  readCase(caseId: string, fromSeq = 1): Promise<StoredEvent[]> {
    return readCaseFrom(this.db, caseId, fromSeq);
  }

  async readAll(fromPosition: number, limit: number): Promise<StoredEvent[]> {
    const { rows } = await readAllSql('sqlite', fromPosition, limit).execute(this.db);
    return (rows as EventRow[]).map(fromRow);
  }

  head(caseId: string): Promise<CaseHead | null> {
    return headOf(this.db, caseId);
  }

  /** Stop taking appends, finish the queued ones, close both connections. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.draining || this.queue.length > 0) await new Promise((r) => setImmediate(r));
    await sql`PRAGMA wal_checkpoint(PASSIVE)`.execute(this.writerDb).catch(() => undefined);
    this.reader.close();
    this.writer.close();
  }
}
