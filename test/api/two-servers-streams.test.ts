import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { buildApp } from '../../src/server/app.ts';
import { PlanRegistry } from '../../src/server/plans/plan.registry.ts';
import { PgBus } from '../../src/server/realtime/bus.ts';
import type { EventStore } from '../../src/server/store/event-store.ts';
import { login, seedTree, seedUsers } from '../support/api.ts';
import { baseOf, type SseClient, sse } from '../support/sse.ts';
import { freshDb, pgInfo, type TestDb } from '../support/stores.ts';

const BOUND_MS = 1000;
const plans = PlanRegistry.fromDirectory('plans');

/** A change made through one server closes the streams it revokes on the other. */
describe.skipIf(!pgInfo().available)('two servers on one PostgreSQL: streams end with their session', () => {
  let db: TestDb;
  let stores: EventStore[] = [];
  let apps: FastifyInstance[] = [];
  const open: SseClient[] = [];
  const clock = new ManualClock('2026-05-11T01:00:00Z');

  beforeEach(async () => {
    db = await freshDb('postgres');
    stores = [];
    apps = [];
    for (let i = 0; i < 2; i++) {
      const store = await db.open(clock);
      stores.push(store);
      if (i === 0) {
        await seedTree(store, clock, [
          ['c1', 'county'],
          ['t1', 'town', 'c1'],
          ['t2', 'town', 'c1'],
        ]);
        await seedUsers(store, clock, [
          ['admin', 'admin', 'c1'],
          ['officer', 'officer', 't1'],
        ]);
      }
      const app = await buildApp({
        store,
        clock,
        version: 'test',
        plans,
        bus: await PgBus.start(db.url),
      });
      await app.listen({ port: 0, host: '127.0.0.1' });
      apps.push(app);
    }
  });
  afterEach(async () => {
    for (const c of open.splice(0)) c.close();
    for (const a of apps) await a.close();
    for (const s of stores) await s.close();
    await db.drop();
  });

  const servers = () => apps as [FastifyInstance, FastifyInstance];
  const watchOnB = async (cookie: string) => {
    const [, b] = servers();
    const c = sse(baseOf(b.server), '/api/stream', cookie);
    open.push(c);
    await expect.poll(() => b.broadcaster.size).toBe(1);
    return c;
  };
  const endedInTime = async (c: SseClient, t0: number) => {
    await expect.poll(() => c.ended(), { timeout: 5000 }).toBe(true);
    expect((c.endedAt() ?? Number.POSITIVE_INFINITY) - t0).toBeLessThan(BOUND_MS);
    expect(c.frames.at(-1)).toMatchObject({ event: 'session-ended' });
  };
  const officerId = async () =>
    (
      await stores[0]?.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'officer')
        .executeTakeFirstOrThrow()
    )?.id;

  it('logging out on one server closes the session’s stream on the other within 1 s', async () => {
    const [a] = servers();
    const session = await login(a, 'officer');
    const c = await watchOnB(session.cookie);
    const t0 = Date.now();
    const r = await a.inject({ method: 'POST', url: '/api/auth/logout', ...session.auth });
    expect(r.statusCode).toBe(204);
    await endedInTime(c, t0);
  });

  it.each([
    ['disabling', { disabled: true }],
    ['a move', { jurisdiction: 't2' }],
    ['a password reset', { password: 'Xq7-vLm2-pZr9-wKe4' }],
  ])('%s through one server closes the account’s stream on the other within 1 s', async (_what, patch) => {
    const [a] = servers();
    const admin = await login(a, 'admin');
    const c = await watchOnB((await login(a, 'officer')).cookie);
    const url = `/api/users/${await officerId()}`;
    const t0 = Date.now();
    const r = await a.inject({ method: 'PATCH', url, ...admin.auth, payload: patch });
    expect(r.statusCode).toBe(200);
    await endedInTime(c, t0);
  });
});
