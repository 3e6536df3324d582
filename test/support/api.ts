import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import type { Role } from '../../src/core/accounts/accounts.ts';
import type { Clock } from '../../src/core/clock.ts';
import { addJurisdiction, addUser } from '../../src/server/accounts/accounts.repo.ts';
import { type AppDeps, buildApp } from '../../src/server/app.ts';
import { PlanRegistry } from '../../src/server/plans/plan.registry.ts';
import type { EventStore } from '../../src/server/store/event-store.ts';
import { baseOf } from './sse.ts';
import { type EngineName, type StoreFixture, storeFixture, type TestDb } from './stores.ts';

export const PASSWORD = 'correct horse battery staple';

/** A jurisdiction tree whose every node runs `plan` unless it names its own: [code, level, parent?, plan?, name?] top down. */
export async function seedTree(store: EventStore, clock: Clock, nodes: Tree, plan = 'town-mass-incident') {
  for (const [code, level, parent, own, name] of nodes) {
    await addJurisdiction(store, clock, {
      code,
      name: name ?? code,
      level,
      ...(parent ? { parent } : {}),
      plan: own ?? plan,
    });
  }
}

/** Accounts with the test password: [username, role, jurisdiction]. */
export async function seedUsers(store: EventStore, clock: Clock, users: Users) {
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

/** A jurisdiction tree, top down: [code, level, parent?, plan?] (plan: default town-mass-incident). */
export type Tree = [code: string, level: string, parent?: string, plan?: string, name?: string][];
/** Accounts with the test password: [username, role, jurisdiction]. */
export type Users = [username: string, role: Role, jurisdiction: string][];

/** What a server of a fixture is built from, beyond the fixture's store, clock and the bundled plans. */
export interface ServerOptions {
  /**
   * Dependencies of the app over the defaults (`store`, `clock`, `version: 'test'`, the bundled
   * `plans`): a broadcaster, a bus, webhook egress, stream limits, a write path… Without a
   * `writePath`, buildApp assembles it with createWritePath, as production does.
   */
  deps?:
    | Partial<AppDeps>
    | ((f: { db: TestDb; store: EventStore }) => Partial<AppDeps> | Promise<Partial<AppDeps>>);
  /** a store of its own over the same database, as another server process has */
  ownStore?: boolean;
  /** listen on 127.0.0.1 at a free port (`baseOf(app.server)`) */
  listen?: boolean;
  /** Fastify's own options (trustProxy…) */
  fastify?: FastifyServerOptions;
}

/** A store fixture with a jurisdiction tree and accounts, and servers over its database. */
export interface ServersFixture extends StoreFixture {
  /** A server over the fixture's database, closed with the fixture (before its stores). */
  server(opts?: ServerOptions): Promise<FastifyInstance>;
}

/**
 * A fresh database of `engine` with a jurisdiction tree and accounts, whose servers the test
 * starts itself (`server()`): one per test with options of its own, or several over one
 * database. Closed like `storeFixture`.
 */
export async function serversFixture(
  engine: EngineName,
  clock: Clock,
  opts: { tree?: Tree; users?: Users } = {},
): Promise<ServersFixture> {
  const base = await storeFixture(engine, clock);
  try {
    await seedTree(base.store, clock, opts.tree ?? []);
    await seedUsers(base.store, clock, opts.users ?? []);
  } catch (e) {
    await base.close().catch(() => undefined);
    throw e;
  }
  // one object throughout: a store a test puts in `store` is the one later servers are given
  const fx: ServersFixture = Object.assign(base, {
    async server(o: ServerOptions = {}) {
      const store = o.ownStore ? await base.openStore() : fx.store;
      const deps = typeof o.deps === 'function' ? await o.deps({ db: base.db, store }) : o.deps;
      const app = await buildApp({ store, clock, version: 'test', plans, ...deps }, o.fastify);
      base.onClose(() => app.close());
      if (o.listen) await app.listen({ port: 0, host: '127.0.0.1' });
      return app;
    },
  });
  return fx;
}

export interface ApiFixture extends ServersFixture {
  /** the app, over the production write path unless `app` gave one */
  app: FastifyInstance;
  /** http://127.0.0.1:PORT of the app, when it listens */
  base: string;
  /** a session on the app of each account in `logins` */
  sessions: Map<string, Login>;
  /** the session of one of the accounts in `logins` */
  session(username: string): Login;
}

/**
 * A fresh database of `engine` with a jurisdiction tree and accounts, the app over it (the
 * bundled plans, the read models, the write path buildApp assembles as production does; `app`
 * overrides any of its dependencies) and the accounts in `logins` logged in. Made in a test or
 * a beforeEach, it is closed — app, stores, database — when that test finishes, passed or
 * failed; made in a beforeAll, call `close()` in the afterAll.
 */
export async function apiFixture(
  engine: EngineName,
  clock: Clock,
  opts: {
    tree?: Tree;
    users?: Users;
    app?: ServerOptions['deps'];
    listen?: boolean;
    fastify?: FastifyServerOptions;
    logins?: string[];
  },
): Promise<ApiFixture> {
  const fx = await serversFixture(engine, clock, opts);
  try {
    const app = await fx.server({
      ...(opts.app ? { deps: opts.app } : {}),
      ...(opts.fastify ? { fastify: opts.fastify } : {}),
      listen: opts.listen ?? false,
    });
    const sessions = new Map<string, Login>();
    for (const username of opts.logins ?? []) sessions.set(username, await login(app, username));
    const session = (username: string) => {
      const s = sessions.get(username);
      if (!s) throw new Error(`${username} is not among the fixture's logins`);
      return s;
    };
    return Object.assign(fx, { app, base: opts.listen ? baseOf(app.server) : '', sessions, session });
  } catch (e) {
    await fx.close().catch(() => undefined);
    throw e;
  }
}

/** A county with two towns, admins of the first town and of the county, an officer in each town. */
export const TWO_TOWNS: { tree: Tree; users: Users } = {
  tree: [
    ['c1', 'county'],
    ['t1', 'town', 'c1'],
    ['t2', 'town', 'c1'],
  ],
  users: [
    ['admin-t1', 'admin', 't1'],
    ['officer-t1', 'officer', 't1'],
    ['officer-t2', 'officer', 't2'],
    ['admin-c1', 'admin', 'c1'],
  ],
};
