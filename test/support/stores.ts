import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { inject } from 'vitest';
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
    await pgAdmin((c) => c.query(`CREATE DATABASE ${name}`));
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
