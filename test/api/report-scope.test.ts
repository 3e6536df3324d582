import { beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { derivedId } from '../../src/core/events/derived-id.ts';
import { HeadKey } from '../../src/server/store/head-key.ts';
import { type ApiFixture, apiFixture, type Login, reportBody } from '../support/api.ts';
import { engines } from '../support/stores.ts';

/**
 * The report route answers only about cases in the caller's scope: a retry's answer, an event
 * id reused, a case id that exists — none of them tells a user of another jurisdiction anything
 * of a case they cannot see, or lets them take it.
 */
describe.each(engines())('reports and scope: $engine', ({ engine, skip }) => {
  let f: ApiFixture;
  const clock = new ManualClock('2026-05-11T01:00:00Z');
  let s: Map<string, Login>;
  beforeEach(async (ctx) => {
    if (skip) ctx.skip();
    f = await apiFixture(engine, clock, {
      tree: [
        ['c1', 'county'],
        ['t1', 'town', 'c1'],
        ['c2', 'county'],
      ],
      users: [
        ['officer-t1', 'officer', 't1'],
        ['other-t1', 'officer', 't1'],
        ['recorder-c2', 'recorder', 'c2'],
      ],
      logins: ['officer-t1', 'other-t1', 'recorder-c2'],
    });
    s = f.sessions;
  });
  const as = (u: string) => s.get(u)?.auth ?? {};
  const report = (u: string, body: object) =>
    f.app.inject({ method: 'POST', url: '/api/incidents', ...as(u), payload: body });
  const count = async () => (await f.store.db.selectFrom('events').select('id').execute()).length;

  async function townCase() {
    const res = await report('officer-t1', reportBody('t1 的事件', 60));
    expect(res.statusCode).toBe(201);
    const caseId = res.json().caseId as string;
    return { caseId, events: await f.store.readCase(caseId) };
  }

  it('answers a known event id of a case out of scope with 409, naming no case and giving no events', async () => {
    const { caseId, events } = await townCase();
    const derived = events.filter((e) => e.actorRole === 'system');
    expect(derived.length).toBeGreaterThan(0);
    const before = await count();
    for (const e of [events[0], ...derived]) {
      for (const extra of [{}, { caseId }]) {
        const res = await report('recorder-c2', { ...reportBody('探查'), id: e?.id, ...extra });
        expect(res.statusCode).toBe(409);
        expect(res.json().error).toBe('event_id_reused');
        expect(res.body).not.toContain(caseId);
        expect(res.json().events).toBeUndefined();
      }
    }
    expect(await count()).toBe(before);
  });

  it('answers another user’s report id, or a derived event’s, with 409 even in scope', async () => {
    const { caseId, events } = await townCase();
    for (const e of events) {
      const res = await report('other-t1', { ...reportBody('重放'), id: e.id });
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toBe('event_id_reused');
      expect(res.body).not.toContain(caseId);
    }
    // and a command on a case in scope with a derived event's id is no retry either
    const derived = events.find((e) => e.actorRole === 'system');
    const cmd = await f.app.inject({
      method: 'POST',
      url: `/api/incidents/${caseId}/events/log.entry`,
      ...as('officer-t1'),
      payload: { id: derived?.id, data: { text: '重放派生事件' } },
    });
    expect(cmd.statusCode).toBe(409);
    expect(cmd.json().error).toBe('event_id_reused');
  });

  it('answers the reporter’s own retry with the stored report, also sent twice at once', async () => {
    const body = reportBody('重试', 60);
    const [a, b] = await Promise.all([report('officer-t1', body), report('officer-t1', body)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    expect(a.json().caseId).toBe(b.json().caseId);
    const again = await report('officer-t1', body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ caseId: a.json().caseId, duplicate: true });
    const incidents = await f.store.db.selectFrom('incidents').select('case_id').execute();
    expect(incidents).toHaveLength(1);
  });

  it('answers a case id that exists the same whether or not the caller can see it, and writes nothing', async () => {
    const { caseId } = await townCase();
    const before = await count();
    const outside = await report('recorder-c2', reportBody('抢占', 5, { caseId }));
    const inside = await report('other-t1', reportBody('抢占', 5, { caseId }));
    for (const res of [outside, inside]) {
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toBe('case_id_taken');
    }
    expect(outside.json().message).toBe(inside.json().message);
    expect(await count()).toBe(before);
    // a new case id of the client's choosing is still taken as given
    const mine = await report('recorder-c2', reportBody('自带编号', 5, { caseId: 'c2-own-case-1' }));
    expect(mine.statusCode).toBe(201);
    expect(mine.json().caseId).toBe('c2-own-case-1');
  });

  it('never names the case that holds a reused event id', async () => {
    const { caseId, events } = await townCase();
    const other = (await report('officer-t1', reportBody('另一起', 5))).json().caseId as string;
    const res = await f.app.inject({
      method: 'POST',
      url: `/api/incidents/${other}/events/log.entry`,
      ...as('officer-t1'),
      payload: { id: events[0]?.id, data: { text: '借用别的事件的编号' } },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toBe('event_id_reused');
    expect(res.body).not.toContain(caseId);
  });

  it('derives event ids nobody can compute from the case alone', async () => {
    const { events } = await townCase();
    const report0 = events[0]?.id ?? '';
    const derived = events.filter((e) => e.actorRole === 'system').map((e) => e.id);
    const unkeyed = derived.map((_, i) => derivedId(report0, i));
    for (const id of unkeyed) expect(derived).not.toContain(id);
    // the same command derives the same ids under one key (servers sharing it agree) and
    // other ids under another
    const k1 = new HeadKey(Buffer.alloc(32, 1), 'test');
    const k2 = new HeadKey(Buffer.alloc(32, 2), 'test');
    expect(k1.derivedIds()(report0, 0)).toBe(
      new HeadKey(Buffer.alloc(32, 1), 'test').derivedIds()(report0, 0),
    );
    expect(k1.derivedIds()(report0, 0)).not.toBe(k2.derivedIds()(report0, 0));
    expect(k1.derivedIds()(report0, 0)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
