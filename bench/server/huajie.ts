/**
 * The system under test: a fresh database per check (a directory under the run's temporary
 * directory for SQLite, a temporary database for PostgreSQL), the real server on it, and
 * its HTTP API as a client sees it.
 */

import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock } from '../../src/core/clock.ts';
import { createSession } from '../../src/server/auth/session.ts';
import { type RunningServer, startServer } from '../../src/server/server.ts';
import { PASSWORD, reportBody, seedTree, seedUsers } from '../../test/support/api.ts';
import type { PgServer } from './common.ts';

export type EngineName = 'sqlite' | 'postgres';

export interface Db {
  engine: EngineName;
  dbUrl: string;
  dataDir: string;
  /** SQLite: the database file */
  path?: string;
  drop(): Promise<void>;
}

export interface EngineEnv {
  engine: EngineName;
  label: string;
  newDb(suffix: string): Promise<Db>;
}

export function sqliteEnv(tmp: string): EngineEnv {
  return {
    engine: 'sqlite',
    label: 'SQLite',
    newDb: async (suffix) => {
      const dataDir = mkdtempSync(join(tmp, `${suffix}-`));
      const path = join(dataDir, 'huajie.db');
      return {
        engine: 'sqlite',
        dbUrl: `sqlite:${path}`,
        dataDir,
        path,
        // BENCH_KEEP=1 keeps the database to look into afterwards (its path is printed)
        drop: async () => {
          if (process.env.BENCH_KEEP) console.log(`kept ${path}`);
          else rmSync(dataDir, { recursive: true, force: true });
        },
      };
    },
  };
}

export function postgresEnv(tmp: string, server: PgServer): EngineEnv {
  return {
    engine: 'postgres',
    label: 'PostgreSQL',
    newDb: async (suffix) => {
      const dataDir = mkdtempSync(join(tmp, `pg-${suffix}-`));
      const dbUrl = await server.createDatabase(suffix);
      return {
        engine: 'postgres',
        dbUrl,
        dataDir,
        drop: async () => {
          await server.dropDatabase(dbUrl);
          rmSync(dataDir, { recursive: true, force: true });
        },
      };
    },
  };
}

export async function startHuajie(db: Db): Promise<RunningServer> {
  return startServer({
    port: 0,
    host: '127.0.0.1',
    dbUrl: db.dbUrl,
    dataDir: db.dataDir,
    demo: false,
    logger: false,
    clock: systemClock,
  });
}

export interface Session {
  cookie: string;
  csrf: string;
  /** the headers a browser would send with a write */
  headers: Record<string, string>;
}

/** POST /api/auth/login over HTTP (rate limited per username: log in once, reuse). */
export async function login(base: string, username: string): Promise<Session> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`login ${username}: HTTP ${res.status} ${text}`);
  const cookie = /huajie_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  if (!cookie) throw new Error(`login ${username}: no huajie_session cookie`);
  const csrf = String((JSON.parse(text) as { csrfToken?: unknown }).csrfToken ?? '');
  return { cookie, csrf, headers: { cookie: `huajie_session=${cookie}`, 'x-csrf-token': csrf } };
}

/** Report `count` incidents through POST /api/incidents, `concurrency` at a time; their case ids. */
export async function reportIncidents(
  base: string,
  session: Session,
  count: number,
  concurrency = 10,
): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next += 1;
      const res = await fetch(`${base}/api/incidents`, {
        method: 'POST',
        headers: { ...session.headers, 'content-type': 'application/json' },
        body: JSON.stringify(reportBody(`基准测试事件 ${next}`, 15)),
      });
      const text = await res.text();
      if (res.status !== 201) throw new Error(`POST /api/incidents: HTTP ${res.status} ${text}`);
      ids.push(String((JSON.parse(text) as { caseId?: unknown }).caseId));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return ids;
}

export function hostPort(url: string): { host: string; port: number } {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port) };
}

/**
 * `n` officer accounts of `jurisdiction` with a session each, written straight to the store
 * (no password: they never log in), for clients that each need their own session: a session
 * keeps a few live streams only. Their session cookies' values.
 */
export async function watcherSessions(
  server: RunningServer,
  jurisdiction: string,
  n: number,
): Promise<string[]> {
  const at = systemClock.now().toISOString();
  const users = Array.from({ length: n }, (_, i) => ({
    id: randomUUID(),
    username: `bench-watcher-${i}`,
    display_name: `bench-watcher-${i}`,
    password_hash: 'no-login',
    role: 'officer',
    jurisdiction_code: jurisdiction,
    disabled: 0,
    created_at: at,
  }));
  for (let i = 0; i < users.length; i += 500)
    await server.store.transaction((db) =>
      db
        .insertInto('users')
        .values(users.slice(i, i + 500))
        .execute(),
    );
  const tokens: string[] = [];
  for (const { password_hash: _h, ...u } of users)
    tokens.push((await createSession(server.store, systemClock, u)).token);
  return tokens;
}

/**
 * A fresh database and a real server on it with a county, a town and an officer of the town,
 * logged in; `fn` runs against it, and the server and the database are gone afterwards.
 */
export async function withOfficerServer<T>(
  env: EngineEnv,
  name: string,
  fn: (server: RunningServer, session: Session) => Promise<T>,
): Promise<T> {
  const db = await env.newDb(name);
  try {
    const server = await startHuajie(db);
    try {
      await seedTree(server.store, systemClock, [
        ['bench-county', 'county'],
        ['bench-town', 'town', 'bench-county'],
      ]);
      await seedUsers(server.store, systemClock, [['bench-officer', 'officer', 'bench-town']]);
      return await fn(server, await login(server.url, 'bench-officer'));
    } finally {
      await server.close();
    }
  } finally {
    await db.drop();
  }
}
