import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { PgBus } from '../../src/server/realtime/bus.ts';
import type { EventStore } from '../../src/server/store/event-store.ts';
import { login, serversFixture } from '../support/api.ts';
import { baseOf, type SseClient, sse } from '../support/sse.ts';
import { pgInfo } from '../support/stores.ts';

const BOUND_MS = 1000;

/** A change made through one server closes the streams it revokes on the other. */
describe.skipIf(!pgInfo().available)('two servers on one PostgreSQL: streams end with their session', () => {
  let stores: EventStore[] = [];
  let apps: FastifyInstance[] = [];
  const open: SseClient[] = [];
  const clock = new ManualClock('2026-05-11T01:00:00Z');

  beforeEach(async () => {
    const fx = await serversFixture('postgres', clock, {
      tree: [
        ['c1', 'county'],
        ['t1', 'town', 'c1'],
        ['t2', 'town', 'c1'],
      ],
      users: [
        ['admin', 'admin', 'c1'],
        ['officer', 'officer', 't1'],
      ],
    });
    stores = [];
    apps = [];
    // each server with a store (a connection pool) of its own, woken through the database
    for (const store of [fx.store, await fx.openStore()]) {
      stores.push(store);
      const bus = await PgBus.start(fx.db.url);
      apps.push(await fx.server({ deps: { store, bus }, listen: true }));
    }
  });
  afterEach(() => {
    for (const c of open.splice(0)) c.close();
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
