/**
 * The real server in a process of its own, so a test can read its resident memory honestly:
 * a fresh SQLite database with a tree, `accounts` accounts with a session each, and one
 * incident with `statements` long statements on it (a sizeable log). It answers its parent:
 * `memory` (after a full GC when `gc` is set), `streams` (how many, in which state),
 * `append` (log entries, as commands), `stop`.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { systemClock } from '../../src/core/clock.ts';
import { addJurisdiction } from '../../src/server/accounts/accounts.repo.ts';
import { createSession } from '../../src/server/auth/session.ts';
import { startServer } from '../../src/server/server.ts';

export interface ChildReady {
  port: number;
  tokens: string[];
  events: number;
  /** the position of the newest event */
  last: number;
}

const accounts = Number(process.env.STREAM_CHILD_ACCOUNTS ?? 250);
const entries = Number(process.env.STREAM_CHILD_ENTRIES ?? 1000);
/** 1,992 characters: about 6 KB a frame */
const LONG = '群众反映征地补偿款未到位'.repeat(166);

const dir = mkdtempSync(join(tmpdir(), 'huajie-streams-'));
const server = await startServer({
  port: 0,
  host: '127.0.0.1',
  dbUrl: `sqlite:${join(dir, 'huajie.db')}`,
  dataDir: dir,
  demo: false,
  logger: false,
  webDir: join(dir, 'no-web'),
  // what is measured is memory while every stream waits, however long a loaded machine takes to
  // open them all: none is dropped meanwhile for having waited (the drop has tests of its own)
  streamLimits: { dropAfterMs: 30 * 60_000 },
});
const { store, app } = server;
const clock = systemClock;
await addJurisdiction(store, clock, { code: 'c1', name: 'c1', level: 'county', plan: 'town-mass-incident' });
await addJurisdiction(store, clock, {
  code: 't1',
  name: 't1',
  level: 'town',
  parent: 'c1',
  plan: 'town-mass-incident',
});
const users = Array.from({ length: accounts }, (_, i) => ({
  id: randomUUID(),
  username: `watcher${i}`,
  display_name: `watcher${i}`,
  password_hash: 'not-a-login',
  role: 'officer',
  jurisdiction_code: 't1',
  disabled: 0,
  created_at: clock.now().toISOString(),
}));
await store.transaction((db) => db.insertInto('users').values(users).execute());
const sessions = [];
for (const { password_hash: _h, ...u } of users) sessions.push(await createSession(store, clock, u));
const writer = sessions[0];
if (!writer) throw new Error('no accounts');
const auth = {
  cookies: { huajie_session: writer.token },
  headers: { 'x-csrf-token': writer.csrfToken },
};
const reported = await app.inject({
  method: 'POST',
  url: '/api/incidents',
  ...auth,
  payload: {
    id: uuidv7(),
    data: {
      title: '群众聚集',
      location: { text: '镇政府' },
      startedAt: '2026-05-11T09:00:00+08:00',
      source: '电话',
      facts: { participants: 15 },
    },
  },
});
if (reported.statusCode !== 201) throw new Error(`report: ${reported.statusCode} ${reported.body}`);
const caseId = reported.json().caseId as string;
const command = async (type: string, data: Record<string, unknown>) => {
  const r = await app.inject({
    method: 'POST',
    url: `/api/incidents/${caseId}/events/${type}`,
    ...auth,
    payload: { id: uuidv7(), data },
  });
  if (r.statusCode !== 201) throw new Error(`${type}: ${r.statusCode} ${r.body}`);
};
for (let i = 0; i < entries; i++) await command('log.entry', { text: `${i} ${LONG}` });
let appended = 0;

const gc = (globalThis as { gc?: () => void }).gc;
const handlers: Record<string, (m: Record<string, unknown>) => Promise<unknown>> = {
  memory: async (m) => {
    if (m.gc && gc) {
      gc();
      await new Promise((r) => setImmediate(r));
      gc();
    }
    return process.memoryUsage();
  },
  streams: async () => {
    const all = app.broadcaster.inspect?.() ?? [];
    const by: Record<string, number> = {};
    for (const s of all) by[s.state] = (by[s.state] ?? 0) + 1;
    return { size: app.broadcaster.size, ...by, maxBuffered: Math.max(0, ...all.map((s) => s.buffered)) };
  },
  append: async (m) => {
    for (let i = 0; i < Number(m.n); i++) {
      appended += 1;
      await command('log.entry', { text: `记录 ${appended}` });
    }
    return appended;
  },
  stop: async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
    return true;
  },
};

process.on('message', (m: Record<string, unknown> & { id: number; kind: string }) => {
  const h = handlers[m.kind];
  if (!h) return process.send?.({ id: m.id, error: `unknown request ${m.kind}` });
  h(m).then(
    (result) => process.send?.({ id: m.id, result }),
    (e: unknown) => process.send?.({ id: m.id, error: String(e) }),
  );
});
const log = await store.readAll(0, 100_000);
const ready: ChildReady = {
  port: (server.app.server.address() as { port: number }).port,
  tokens: sessions.map((s) => s.token),
  events: log.length,
  last: log.at(-1)?.position ?? 0,
};
process.send?.({ ready });
