import type { FastifyInstance } from 'fastify';
import { beforeEach, describe, expect, it } from 'vitest';
import { type ApiFixture, apiFixture, type Login, login, reportBody } from '../../../test/support/api.ts';
import { engines } from '../../../test/support/stores.ts';
import type { Roster } from '../../core/api/roster.ts';
import { ManualClock } from '../../core/clock.ts';

// a Wednesday, 10:00 Beijing time
const T0 = Date.parse('2026-05-13T02:00:00Z');
const every = [1, 2, 3, 4, 5, 6, 7];

describe.each(engines())('the duty roster: $engine', ({ engine, skip }) => {
  let fx: ApiFixture;
  let app: FastifyInstance;
  let clock: ManualClock;
  let commander: Login;
  let ids: Map<string, string>;
  const as = (who: Login, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    app.inject({ method, url, payload, ...who.auth });

  beforeEach(async (ctx) => {
    if (skip) ctx.skip();
    clock = new ManualClock(T0);
    fx = await apiFixture(engine, clock, {
      tree: [
        ['c1', 'county'],
        ['t1', 'town', 'c1'],
        ['t2', 'town', 'c1'],
      ],
      users: [
        ['admin-c1', 'admin', 'c1'],
        ['commander-t1', 'commander', 't1'],
        ['day-t1', 'officer', 't1'],
        ['night-t1', 'officer', 't1'],
        ['officer-t2', 'officer', 't2'],
        ['auditor-c1', 'auditor', 'c1'],
      ],
    });
    ({ app } = fx);
    commander = await login(app, 'commander-t1');
    const admin = await login(app, 'admin-c1');
    const users = (await as(admin, 'GET', '/api/users')).json().users as { id: string; username: string }[];
    ids = new Map(users.map((u) => [u.username, u.id]));
  });
  const id = (name: string) => ids.get(name) ?? name;
  const rota = () => ({
    slots: [
      { post: 'desk', days: every, start: '08:00', end: '20:00', account: id('day-t1') },
      { post: 'desk', days: every, start: '20:00', end: '08:00', account: id('night-t1') },
      {
        post: 'stability-office',
        days: [1, 2, 3, 4, 5],
        start: '08:30',
        end: '17:30',
        account: id('day-t1'),
      },
    ],
    exceptions: [{ post: 'desk', date: '2026-05-13', start: '08:00', end: '20:00', account: id('night-t1') }],
  });

  it('keeps a town’s rota and says who holds each post now', async () => {
    const put = await as(commander, 'PUT', '/api/roster/t1', rota());
    expect(put.statusCode, put.body).toBe(200);
    const r = (await as(await login(app, 'officer-t2'), 'GET', '/api/roster/t1')).statusCode;
    // a sibling town does not see it; the county does
    expect(r).toBe(404);
    const seen = (await as(await login(app, 'auditor-c1'), 'GET', '/api/roster/t1')).json() as Roster;
    expect(seen.rota).toEqual(rota());
    expect(seen.updatedBy).toBe(id('commander-t1'));
    // today's exception puts the night officer on the day desk
    expect(seen.onDuty).toEqual([
      {
        post: 'desk',
        account: id('night-t1'),
        name: 'night-t1',
        until: new Date('2026-05-13T20:00:00+08:00').toISOString(),
        from: 'exception',
      },
      {
        post: 'stability-office',
        account: id('day-t1'),
        name: 'day-t1',
        until: new Date('2026-05-13T17:30:00+08:00').toISOString(),
        from: 'weekly',
      },
    ]);
    // the posts: the desk and the town plan's units and positions
    expect(seen.posts[0]).toEqual({ post: 'desk', name: '值班室' });
    expect(seen.posts.map((p) => p.post)).toContain('stability-office');
    expect(seen.staff.map((s) => s.name)).toEqual(['commander-t1', 'day-t1', 'night-t1']);
  });

  it('refuses a rota with overlapping shifts, unknown posts or staff of elsewhere, naming each in Chinese', async () => {
    const bad = rota();
    bad.slots.push(
      { post: 'desk', days: [3], start: '19:00', end: '21:00', account: id('day-t1') },
      { post: 'canteen', days: [1], start: '08:00', end: '09:00', account: id('officer-t2') },
    );
    const r = await as(commander, 'PUT', '/api/roster/t1', bad);
    expect(r.statusCode).toBe(400);
    const issues = r.json().issues as { path: string; message: string }[];
    expect(issues.map((i) => i.path).sort()).toEqual([
      'slots.3',
      'slots.3',
      'slots.4.account',
      'slots.4.post',
    ]);
    expect(issues.find((i) => i.path === 'slots.4.post')?.message).toContain('没有这个岗位');
    expect(issues.find((i) => i.path === 'slots.4.account')?.message).toContain('不是本辖区的在用账号');
    expect(issues.find((i) => i.path === 'slots.3')?.message).toContain('时间重叠');
    // nothing of it was kept
    expect(((await as(commander, 'GET', '/api/roster/t1')).json() as Roster).rota.slots).toEqual([]);
    // a time that is no time
    const time = await as(commander, 'PUT', '/api/roster/t1', {
      slots: [{ post: 'desk', days: [1], start: '24:00', end: '08:00', account: id('day-t1') }],
    });
    expect(time.statusCode).toBe(400);
    expect(time.json().message).toContain('HH:MM');
    // an officer keeps to the rota, not sets it
    expect((await as(await login(app, 'day-t1'), 'PUT', '/api/roster/t1', rota())).statusCode).toBe(403);
  });

  it('records a handover with what was open at that moment', async () => {
    await as(commander, 'PUT', '/api/roster/t1', rota());
    const night = await login(app, 'night-t1');
    const rep = await as(night, 'POST', '/api/incidents', reportBody('夜间群众聚集', 12));
    expect(rep.statusCode, rep.body).toBe(201);
    clock.set(T0 + 10 * 3600_000);
    const r = await as(night, 'POST', '/api/roster/t1/handovers', {
      post: 'desk',
      to: id('day-t1'),
      note: '镇政府门前聚集事件仍在处置，县里的上报待接收',
    });
    expect(r.statusCode, r.body).toBe(201);
    expect((r.json() as Roster).handovers).toEqual([
      {
        id: expect.any(String),
        post: 'desk',
        from: id('night-t1'),
        fromName: 'night-t1',
        to: id('day-t1'),
        toName: 'day-t1',
        at: new Date(T0 + 10 * 3600_000).toISOString(),
        note: '镇政府门前聚集事件仍在处置，县里的上报待接收',
        liveIncidents: 1,
        openEscalations: 0,
      },
    ]);
    // to someone who is not of the town: refused; an auditor hands over no shift
    expect(
      (await as(night, 'POST', '/api/roster/t1/handovers', { post: 'desk', to: id('officer-t2') }))
        .statusCode,
    ).toBe(400);
    expect(
      (
        await as(await login(app, 'auditor-c1'), 'POST', '/api/roster/t1/handovers', {
          post: 'desk',
          to: id('day-t1'),
        })
      ).statusCode,
    ).toBe(403);
    // the record cannot be changed afterwards
    await expect(
      fx.store.transaction((db) => db.updateTable('shift_handovers').set({ note: 'x' }).execute()),
    ).rejects.toThrow();
  });
});
