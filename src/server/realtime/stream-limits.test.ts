import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type Login,
  login,
  reportBody,
  type ServersFixture,
  serversFixture,
} from '../../../test/support/api.ts';
import { baseOf, type SseClient, sse } from '../../../test/support/sse.ts';
import { engines } from '../../../test/support/stores.ts';
import { ManualClock } from '../../core/clock.ts';
import type { EventStore } from '../store/event-store.ts';
import { Broadcaster, type BroadcasterOptions, STREAM_LIMITS } from './broadcaster.ts';

/** a statement of 7,900 characters: about 24 KB a frame */
const LONG = '关于征地补偿款发放情况的通报'.repeat(564);
/** what a stalled stream may hold: the mark, and the one frame that crossed it */
const HELD = STREAM_LIMITS.pauseBytes + 32 * 1024;

describe.each(engines())('live stream limits: $engine', ({ engine, skip }) => {
  let fx: ServersFixture;
  let store: EventStore;
  let app: FastifyInstance | undefined;
  let base: string;
  const clock = new ManualClock('2026-05-11T01:00:00Z');
  const open: SseClient[] = [];
  const warnings: Record<string, unknown>[] = [];

  beforeEach(async (ctx) => {
    if (skip) ctx.skip();
    fx = await serversFixture(engine, clock, {
      tree: [
        ['c1', 'county'],
        ['t1', 'town', 'c1'],
      ],
      users: [
        ['officer-t1', 'officer', 't1'],
        ['leader-c1', 'leader', 'c1'],
      ],
    });
    ({ store } = fx);
    warnings.length = 0;
  });
  afterEach(() => {
    for (const c of open.splice(0)) c.close();
    app = undefined;
  });

  const start = async (opts: BroadcasterOptions = {}) => {
    const broadcaster = await Broadcaster.start(store, {
      clock,
      log: { info: () => undefined, warn: (o, msg) => warnings.push({ ...o, msg }) },
      ...opts,
    });
    app = await fx.server({ deps: { broadcaster }, listen: true });
    base = baseOf(app.server);
    return app;
  };
  const a = () => {
    if (!app) throw new Error('start the app first');
    return app;
  };
  const stream = (who: Login, opts: Parameters<typeof sse>[3] = {}) => {
    const c = sse(base, '/api/stream', who.cookie, opts);
    open.push(c);
    return c;
  };
  const attached = async (n: number, timeout = 10_000) =>
    expect.poll(() => a().broadcaster.size, { timeout }).toBe(n);
  /** An incident and `n` long statements on it: the log in read order afterwards. */
  const fill = async (who: Login, n: number) => {
    const caseId = (
      await a().inject({ method: 'POST', url: '/api/incidents', ...who.auth, payload: reportBody() })
    ).json().caseId as string;
    for (let i = 0; i < n; i++) {
      const r = await a().inject({
        method: 'POST',
        url: `/api/incidents/${caseId}/events/statement.published`,
        ...who.auth,
        payload: { id: uuidv7(), data: { statementId: `s${i}`, channel: '政府网站', text: `${i} ${LONG}` } },
      });
      expect(r.statusCode).toBe(201);
    }
    return { caseId, log: await settled() };
  };
  /**
   * The whole log in the order streams get it. On PostgreSQL an event is read only once
   * every older transaction on the server has ended, so wait for that.
   */
  const settled = async () => {
    const all = await store.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    let log = await store.readAll(0, 100_000);
    await expect
      .poll(
        async () => {
          log = await store.readAll(0, 100_000);
          return log.length;
        },
        { timeout: 10_000 },
      )
      .toBe(Number(all.n));
    return log;
  };
  const entry = async (who: Login, caseId: string, text: string) => {
    const r = await a().inject({
      method: 'POST',
      url: `/api/incidents/${caseId}/events/log.entry`,
      ...who.auth,
      payload: { id: uuidv7(), data: { text } },
    });
    expect(r.statusCode).toBe(201);
    return r;
  };

  it('a session keeps 4 streams: a fifth closes the oldest, which is told why', async () => {
    await start();
    const who = await login(a(), 'officer-t1');
    const tabs: SseClient[] = [];
    for (let i = 0; i < 4; i++) {
      tabs.push(stream(who));
      await attached(i + 1);
    }
    const fifth = stream(who);
    await expect.poll(() => tabs[0]?.ended(), { timeout: 5000 }).toBe(true);
    expect(tabs[0]?.frames.at(-1)).toEqual({
      event: 'superseded',
      data: { reason: 'superseded_session', limit: 4 },
    });
    await attached(4);
    expect(tabs.slice(1).some((t) => t.ended())).toBe(false);
    const { caseId } = await fill(who, 1);
    for (const c of [...tabs.slice(1), fifth])
      await expect.poll(() => c.events.some((e) => e.data.caseId === caseId)).toBe(true);
  });

  it('an account keeps 10 streams over all its sessions: the eleventh closes the account’s oldest', async () => {
    await start();
    const sessions = [
      await login(a(), 'officer-t1'),
      await login(a(), 'officer-t1'),
      await login(a(), 'officer-t1'),
    ];
    const all: SseClient[] = [];
    for (const [i, n] of [4, 4, 2].entries()) {
      for (let k = 0; k < n; k++) {
        all.push(stream(sessions[i] as Login));
        await attached(all.length);
      }
    }
    // another account is not counted against this one
    stream(await login(a(), 'leader-c1'));
    await attached(11);
    const eleventh = stream(sessions[2] as Login);
    await expect.poll(() => all[0]?.ended()).toBe(true);
    expect(all[0]?.frames.at(-1)).toEqual({
      event: 'superseded',
      data: { reason: 'superseded_account', limit: 10 },
    });
    await attached(11);
    expect(all.slice(1).some((t) => t.ended())).toBe(false);
    expect(eleventh.ended()).toBe(false);
  });

  it('with sessions checked back to back, a logged-out session’s stream closes and streams opened meanwhile stay', async () => {
    // a new session's first stream opens while a check is under way
    await start({ recheckMs: 1 });
    const sessions: Login[] = [];
    const streams: SseClient[] = [];
    for (const [i, user] of ['officer-t1', 'leader-c1', 'officer-t1', 'leader-c1', 'officer-t1'].entries()) {
      sessions.push(await login(a(), user));
      streams.push(stream(sessions[i] as Login));
      await attached(i + 1);
    }
    const gone = sessions[2] as Login;
    expect((await a().inject({ method: 'POST', url: '/api/auth/logout', ...gone.auth })).statusCode).toBe(
      204,
    );
    await expect.poll(() => streams[2]?.ended()).toBe(true);
    const { caseId } = await fill(sessions[0] as Login, 1);
    const staying = streams.filter((_, i) => i !== 2);
    for (const c of staying)
      await expect.poll(() => c.events.some((e) => e.data.caseId === caseId)).toBe(true);
    expect(staying.filter((c) => c.ended())).toHaveLength(0);
  });

  it('a replay from Last-Event-ID 0 goes only as fast as the client reads, never holding up the others', async () => {
    await start();
    const who = await login(a(), 'officer-t1');
    const { caseId, log } = await fill(who, 250); // about 6 MB of frames: more than the sockets take
    const slow = stream(who, { lastEventId: 0, paused: true });
    await expect.poll(() => a().broadcaster.inspect()[0]?.state, { timeout: 20_000 }).toBe('stalled');
    const held = a().broadcaster.inspect()[0]?.buffered ?? 0;
    expect(held).toBeLessThanOrEqual(HELD);
    // meanwhile a live stream gets what is recorded now, and nothing more piles up for the slow one
    const quick = stream(await login(a(), 'leader-c1'));
    await attached(2);
    await entry(who, caseId, '新的记录');
    await expect
      .poll(() => quick.events.some((e) => e.data.type === 'log.entry'), { timeout: 5000 })
      .toBe(true);
    const slowNow = a()
      .broadcaster.inspect()
      .find((s) => s.state === 'stalled');
    expect(slowNow?.buffered).toBe(held);
    // the slow client reads again: it gets the whole log, in order, once, then what comes live
    slow.resume();
    const now = await settled();
    expect(now).toHaveLength(log.length + 1);
    await expect.poll(() => slow.events.length, { timeout: 30_000 }).toBe(now.length);
    expect(slow.events.map((e) => e.id)).toEqual(now.map((e) => e.position));
    await entry(who, caseId, '之后的记录');
    await expect.poll(() => slow.events.length).toBe(log.length + 2);
    expect(
      a()
        .broadcaster.inspect()
        .map((s) => s.state),
    ).toEqual(['live', 'live']);
  });

  it('a client further back than the replay reaches is told to reload, then gets what follows', async () => {
    await start({ replayLimit: 50 });
    const who = await login(a(), 'officer-t1');
    const { caseId, log } = await fill(who, 80);
    const far = stream(who, { lastEventId: log[1]?.position ?? 0 });
    await expect.poll(() => far.frames.length).toBeGreaterThan(0);
    const reload = far.frames[0];
    expect(reload).toMatchObject({ event: 'reload', data: { reason: 'too_far_behind', replayLimit: 50 } });
    // its id is where the live stream took over: a resume from there misses nothing
    const from = log.findIndex((e) => e.position === reload?.id);
    expect(from).toBeGreaterThan(50);
    // within reach, it is caught up event by event
    const near = stream(who, { lastEventId: log.at(-11)?.position ?? 0 });
    await expect.poll(() => near.events.length).toBe(10);
    expect(near.events.map((e) => e.id)).toEqual(log.slice(-10).map((e) => e.position));
    expect(near.frames.some((f) => f.event === 'reload')).toBe(false);
    await entry(who, caseId, '重新载入之后');
    const now = await settled();
    await expect.poll(() => far.events.map((e) => e.id)).toEqual(now.slice(from + 1).map((e) => e.position));
    await expect.poll(() => near.events.length).toBe(11);
  });

  it('a stream closed while its client is not reading is cut off at once, buffers and all', async () => {
    await start();
    const who = await login(a(), 'officer-t1');
    await fill(who, 250);
    const deaf = stream(who, { lastEventId: 0, paused: true });
    await expect.poll(() => a().broadcaster.inspect()[0]?.state, { timeout: 20_000 }).toBe('stalled');
    // one after the other, so the oldest is known; the fourth new one supersedes the deaf one
    const tabs: SseClient[] = [];
    const live = () =>
      a()
        .broadcaster.inspect()
        .filter((s) => s.state === 'live').length;
    for (let i = 0; i < 4; i++) {
      tabs.push(stream(who));
      await expect.poll(live, { timeout: 5000 }).toBe(i + 1);
    }
    await attached(4);
    // what reached its socket before is still there to read; then the answer stops short
    deaf.resume();
    await expect.poll(() => deaf.ended(), { timeout: 10_000 }).toBe(true);
    expect(deaf.complete()).toBe(false);
    expect(deaf.frames.some((f) => f.event === 'superseded')).toBe(false);
    // one that reads is told why, and its answer ends as answers do
    const fifth = stream(who);
    await expect.poll(() => tabs[0]?.ended(), { timeout: 5000 }).toBe(true);
    expect(tabs[0]?.complete()).toBe(true);
    expect(tabs[0]?.frames.at(-1)).toMatchObject({ event: 'superseded' });
    expect(fifth.ended()).toBe(false);
  });

  it('a client that stops reading is paused, then dropped with a reason, and catches up when it reconnects', async () => {
    await start({ dropAfterMs: 1500 });
    const who = await login(a(), 'officer-t1');
    const { caseId } = await fill(who, 250);
    const c = stream(who, { lastEventId: 0, paused: true });
    await expect.poll(() => a().broadcaster.inspect()[0]?.state, { timeout: 20_000 }).toBe('stalled');
    const held = a().broadcaster.inspect()[0]?.buffered ?? 0;
    expect(held).toBeLessThanOrEqual(HELD);
    // nothing is written to it while it is paused
    for (let i = 0; i < 5; i++) await entry(who, caseId, `暂停期间 ${i}`);
    const stalled = a().broadcaster.inspect()[0];
    if (stalled) expect(stalled.buffered).toBe(held);
    await attached(0, 10_000);
    expect(warnings).toContainEqual(
      expect.objectContaining({
        reason: 'slow_client',
        msg: 'live stream dropped: the client stopped reading',
      }),
    );
    // it reads what reached it, and, cut off, comes back from the last event it got
    c.resume();
    await expect.poll(() => c.ended(), { timeout: 10_000 }).toBe(true);
    const got = c.events.length;
    expect(got).toBeGreaterThan(0);
    const again = stream(who, { lastEventId: c.lastId() });
    const log = await settled();
    await expect.poll(() => got + again.events.length, { timeout: 30_000 }).toBe(log.length);
    expect([...c.events, ...again.events].map((e) => e.id)).toEqual(log.map((e) => e.position));
  });
});
