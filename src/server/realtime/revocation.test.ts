import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiFixture, type Login, login, reportBody } from '../../../test/support/api.ts';
import { type SseClient, sse } from '../../../test/support/sse.ts';
import { engines } from '../../../test/support/stores.ts';
import { ManualClock } from '../../core/clock.ts';
import type { EventStore } from '../store/event-store.ts';

/** The product's bound: a revoked session's streams are closed within this after the change. */
const BOUND_MS = 1000;

describe.each(engines())('live streams end with their session: $engine', ({ engine, skip }) => {
  let store: EventStore;
  let app: FastifyInstance;
  let base: string;
  let clock: ManualClock;
  const open: SseClient[] = [];

  beforeEach(async (ctx) => {
    if (skip) ctx.skip();
    clock = new ManualClock('2026-05-11T01:00:00Z');
    ({ store, app, base } = await apiFixture(engine, clock, {
      tree: [
        ['c1', 'county'],
        ['t1', 'town', 'c1'],
        ['t2', 'town', 'c1'],
      ],
      users: [
        ['admin-c1', 'admin', 'c1'],
        ['officer-t1', 'officer', 't1'],
        ['recorder-t1', 'recorder', 't1'],
      ],
      listen: true,
    }));
  });
  afterEach(() => {
    for (const c of open.splice(0)) c.close();
  });

  const watch = async (who: Login, n = 1): Promise<SseClient[]> => {
    const before = app.broadcaster.size;
    const got = Array.from({ length: n }, () => sse(base, '/api/stream', who.cookie));
    open.push(...got);
    await expect.poll(() => app.broadcaster.size).toBe(before + n);
    return got;
  };
  const userId = async (username: string) =>
    (
      await store.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', username)
        .executeTakeFirstOrThrow()
    ).id;

  /** Every client ends within the bound of `t0`, told why. */
  const endedInTime = async (clients: SseClient[], t0: number) => {
    for (const c of clients) {
      await expect.poll(() => c.ended(), { timeout: 5000 }).toBe(true);
      expect((c.endedAt() ?? Number.POSITIVE_INFINITY) - t0).toBeLessThan(BOUND_MS);
      expect(c.frames.at(-1)).toMatchObject({ event: 'session-ended' });
    }
  };

  it('logout closes every stream of that session within 1 s, and no other session’s', async () => {
    const a = await login(app, 'officer-t1');
    const b = await login(app, 'officer-t1');
    const onA = await watch(a, 2);
    const [onB] = await watch(b);
    // timed from the request: the streams may well close before its answer comes
    const t0 = Date.now();
    const out = await app.inject({ method: 'POST', url: '/api/auth/logout', ...a.auth });
    expect(out.statusCode).toBe(204);
    await endedInTime(onA, t0);
    // the other session's stream still delivers
    const r = await app.inject({ method: 'POST', url: '/api/incidents', ...b.auth, payload: reportBody() });
    expect(r.statusCode).toBe(201);
    await expect.poll(() => onB?.events.some((e) => e.data.caseId === r.json().caseId)).toBe(true);
    expect(onB?.ended()).toBe(false);
    expect(onA.every((c) => c.events.length === 0)).toBe(true);
  });

  it.each([
    ['a password reset', { password: 'Xq7-vLm2-pZr9-wKe4' }],
    ['disabling', { disabled: true }],
    ['a move to another jurisdiction', { jurisdiction: 't2' }],
    ['a change of role', { role: 'recorder' }],
  ])('%s closes every stream of the account within 1 s, on all its sessions', async (_what, patch) => {
    const admin = await login(app, 'admin-c1');
    const streams = [
      ...(await watch(await login(app, 'officer-t1'), 2)),
      ...(await watch(await login(app, 'officer-t1'))),
    ];
    // another account's stream is not touched
    const [other] = await watch(await login(app, 'recorder-t1'));
    const url = `/api/users/${await userId('officer-t1')}`;
    const t0 = Date.now();
    const r = await app.inject({ method: 'PATCH', url, ...admin.auth, payload: patch });
    expect(r.statusCode).toBe(200);
    await endedInTime(streams, t0);
    // what happens in the old jurisdiction afterwards reaches the others, never these
    const rec = await login(app, 'recorder-t1');
    const rep = await app.inject({
      method: 'POST',
      url: '/api/incidents',
      ...rec.auth,
      payload: reportBody(),
    });
    expect(rep.statusCode).toBe(201);
    await expect.poll(() => other?.events.some((e) => e.data.caseId === rep.json().caseId)).toBe(true);
    expect(streams.flatMap((c) => c.events).some((e) => e.data.caseId === rep.json().caseId)).toBe(false);
  });

  it('a session that expires ends its streams at the next check', async () => {
    const [s] = await watch(await login(app, 'officer-t1'));
    clock.advance(15 * 3600_000); // sessions last 14 hours
    const t0 = Date.now();
    await endedInTime(s ? [s] : [], t0);
  });

  it('a change made behind the server’s back (the database itself) is noticed within 1 s', async () => {
    const [s] = await watch(await login(app, 'officer-t1'));
    const t0 = Date.now();
    await store.transaction((d) =>
      d.updateTable('users').set({ jurisdiction_code: 't2' }).where('username', '=', 'officer-t1').execute(),
    );
    await expect.poll(() => s?.ended(), { timeout: 5000 }).toBe(true);
    expect((s?.endedAt() ?? Number.POSITIVE_INFINITY) - t0).toBeLessThan(BOUND_MS);
    expect(s?.frames.at(-1)).toMatchObject({ event: 'session-ended', data: { reason: 'account_changed' } });
  });
});
