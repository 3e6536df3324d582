import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { inject, onTestFinished, TestRunner } from 'vitest';
import { type Clock, ManualClock } from '../../src/core/clock.ts';
import type { EventStore } from '../../src/server/store/event-store.ts';
import { HeadKey } from '../../src/server/store/head-key.ts';
import { openStoreWithKey } from '../../src/server/store/open.ts';

export type EngineName = 'sqlite' | 'postgres';

export interface TestDb {
  engine: EngineName;
  url: string;
  dataDir: string;
  keyHex: string;
  key: HeadKey;
  open(clock?: Clock): Promise<EventStore>;
  /** a raw connection for tampering behind the store's back */
  raw(sqlText: string, params?: unknown[]): Promise<unknown[]>;
  drop(): Promise<void>;
}

export function pgInfo() {
  return inject('pg');
}

async function pgAdmin<T>(fn: (c: pg.Client) => Promise<T>, url = pgInfo().url): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A fresh, empty database of the given engine, with its own data directory and head key. */
export async function freshDb(engine: EngineName): Promise<TestDb> {
  const dataDir = mkdtempSync(join(tmpdir(), 'huajie-test-'));
  const keyHex = randomBytes(32).toString('hex');
  const key = new HeadKey(Buffer.from(keyHex, 'hex'), 'test');
  let url: string;
  let dropDb = async () => {};
  let raw: TestDb['raw'];
  if (engine === 'sqlite') {
    const path = join(dataDir, 'huajie.db');
    url = `sqlite:${path}`;
    raw = async (text, params = []) => {
      const db = new Database(path);
      try {
        const st = db.prepare(text);
        return st.reader ? st.all(...params) : [st.run(...params)];
      } finally {
        db.close();
      }
    };
  } else {
    const name = `huajie_t_${randomBytes(6).toString('hex')}`;
    try {
      await pgAdmin((c) => c.query(`CREATE DATABASE ${name}`));
    } catch (e) {
      rmSync(dataDir, { recursive: true, force: true });
      throw e;
    }
    const u = new URL(pgInfo().url);
    u.pathname = `/${name}`;
    url = u.toString();
    raw = (text, params = []) => pgAdmin(async (c) => (await c.query(text, params)).rows, url);
    dropDb = async () => {
      await pgAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    };
  }
  return {
    engine,
    url,
    dataDir,
    keyHex,
    key,
    open: (clock: Clock = new ManualClock('2026-05-11T01:00:00Z')) => openStoreWithKey(url, key, clock),
    raw,
    drop: async () => {
      await dropDb();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The engines a contract runs against: PostgreSQL is skipped (with the reason) when no server answers. */
export function engines(): { engine: EngineName; skip: boolean }[] {
  return [
    { engine: 'sqlite', skip: false },
    { engine: 'postgres', skip: !pgInfo().available },
  ];
}

/** The time every fixture's clock starts at unless a test gives its own. */
export const T0 = '2026-05-11T01:00:00Z';

/**
 * Steps that undo a set-up, run last to first. Every step runs even when one before it fails
 * (the database is dropped even when a server does not close); the failures are thrown after.
 * Running it again does nothing more.
 */
export class Teardown {
  private readonly steps: (() => unknown)[] = [];
  private done: Promise<void> | undefined;

  add(step: () => unknown): void {
    if (this.done) throw new Error('this fixture is already closed');
    this.steps.push(step);
  }

  /** Undo everything; only the first call hears the failures (later ones wait for the same end). */
  run(): Promise<void> {
    if (this.done) return this.done.catch(() => undefined);
    this.done = (async () => {
      const failed: unknown[] = [];
      for (const step of this.steps.splice(0).reverse()) {
        try {
          await step();
        } catch (e) {
          failed.push(e);
        }
      }
      if (failed.length === 1) throw failed[0];
      if (failed.length > 1) throw new AggregateError(failed, 'the fixture did not close cleanly');
    })();
    return this.done;
  }

  /**
   * Made while a test runs (in the test or its beforeEach): run when that test finishes, passed
   * or failed. Made in a beforeAll, the afterAll closes it.
   */
  closeWithTest(): void {
    if (TestRunner.getCurrentTest()) onTestFinished(() => this.run());
  }
}

/** What a store fixture holds: one fresh database, its store, and what undoes them. */
export interface StoreFixture {
  engine: EngineName;
  db: TestDb;
  /** the store opened on the database (a test may close it and put a reopened one here) */
  store: EventStore;
  clock: Clock;
  /** another store over the same database — another server's, or this one's after a restart — closed with the fixture */
  openStore(clock?: Clock): Promise<EventStore>;
  /** run `fn` when the fixture closes, before what was made before it (servers, stores, the database) */
  onClose(fn: () => unknown): void;
  /** close everything the fixture made, last made first, and drop the database; again: nothing */
  close(): Promise<void>;
}

/**
 * A fresh database of `engine` and a store open on it. Made in a test or a beforeEach, it is
 * closed and dropped when that test finishes, passed or failed; made in a beforeAll, call
 * `close()` in the afterAll. Should the set-up itself fail, what it made is undone first.
 */
export async function storeFixture(
  engine: EngineName,
  clock: Clock = new ManualClock(T0),
): Promise<StoreFixture> {
  const teardown = new Teardown();
  const db = await freshDb(engine);
  teardown.add(() => db.drop());
  teardown.closeWithTest();
  const openStore = async (c: Clock = clock) => {
    const store = await db.open(c);
    teardown.add(() => store.close());
    return store;
  };
  try {
    return {
      engine,
      db,
      store: await openStore(),
      clock,
      openStore,
      onClose: (fn) => teardown.add(fn),
      close: () => teardown.run(),
    };
  } catch (e) {
    await teardown.run().catch(() => undefined);
    throw e;
  }
}
