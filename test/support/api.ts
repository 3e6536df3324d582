import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import type { Role } from '../../src/core/accounts/accounts.ts';
import type { Clock } from '../../src/core/clock.ts';
import { addJurisdiction, addUser } from '../../src/server/accounts/accounts.repo.ts';
import { type AppDeps, buildApp } from '../../src/server/app.ts';
import { PlanRegistry } from '../../src/server/plans/plan.registry.ts';
import type { EventStore } from '../../src/server/store/event-store.ts';
import { type EngineName, freshDb, type TestDb } from './stores.ts';

export const PASSWORD = 'correct horse battery staple';

/** A jurisdiction tree whose every node runs `plan`: [code, level, parent?] top down. */
export async function seedTree(
  store: EventStore,
  clock: Clock,
  nodes: [string, string, string?][],
  plan = 'town-mass-incident',
) {
  for (const [code, level, parent] of nodes) {
    await addJurisdiction(store, clock, { code, name: code, level, ...(parent ? { parent } : {}), plan });
  }
}

/** Accounts with the test password: [username, role, jurisdiction]. */
export async function seedUsers(store: EventStore, clock: Clock, users: [string, Role, string][]) {
  for (const [username, role, jurisdiction] of users) {
    await addUser(store, clock, { username, displayName: username, password: PASSWORD, role, jurisdiction });
  }
}

export interface Login {
  cookie: string;
  csrf: string;
  /** spread into app.inject options */
  auth: { cookies: Record<string, string>; headers: Record<string, string> };
}

export async function login(app: FastifyInstance, username: string): Promise<Login> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: PASSWORD },
  });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'huajie_session')?.value ?? '';
  const csrf = res.json().csrfToken as string;
  return { cookie, csrf, auth: { cookies: { huajie_session: cookie }, headers: { 'x-csrf-token': csrf } } };
}

/** The body of a report of `people` gathered. */
export function reportBody(title = '群众聚集', people = 15, extra: Record<string, unknown> = {}) {
  return {
    id: uuidv7(),
    ...extra,
    data: {
      title,
      location: { text: '镇政府' },
      startedAt: '2026-05-11T09:00:00+08:00',
      source: '电话',
      facts: { participants: people },
    },
  };
}

/** The bundled plans, loaded once for the API tests. */
export const plans = PlanRegistry.fromDirectory('plans');

export interface ApiFixture {
  db: TestDb;
  store: EventStore;
  app: FastifyInstance;
  close(): Promise<void>;
}

/**
 * A fresh database of `engine` with a jurisdiction tree and accounts, and the app over it
 * (the bundled plans, the read models; `app` overrides any of its dependencies).
 */
export async function apiFixture(
  engine: EngineName,
  clock: Clock,
  opts: {
    tree: [string, string, string?][];
    users: [string, Role, string][];
    app?: (f: { db: TestDb; store: EventStore }) => Partial<AppDeps>;
  },
): Promise<ApiFixture> {
  const db = await freshDb(engine);
  const store = await db.open(clock);
  await seedTree(store, clock, opts.tree);
  await seedUsers(store, clock, opts.users);
  const app = await buildApp({
    store,
    clock,
    version: 'test',
    plans,
    ...opts.app?.({ db, store }),
  });
  return {
    db,
    store,
    app,
    close: async () => {
      await app.close();
      await store.close();
      await db.drop();
    },
  };
}
