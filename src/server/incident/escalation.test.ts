import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { beforeEach, describe, expect, it } from 'vitest';
import { type ApiFixture, apiFixture, type Login, login, reportBody } from '../../../test/support/api.ts';
import { engines } from '../../../test/support/stores.ts';
import { ManualClock } from '../../core/clock.ts';
import { DutyClock } from '../clock/duty.clock.ts';
import { rebuild } from '../projections/rebuild.ts';
import { projections } from '../projections/registry.ts';
import type { EventStore } from '../store/event-store.ts';
import { resolveEscalation } from './escalation.projection.ts';

const T0 = Date.parse('2026-05-11T01:00:00Z');
const MIN = 60_000;

describe.each(engines())('escalations: $engine', ({ engine, skip }) => {
  let fx: ApiFixture;
  let store: EventStore;
  let app: FastifyInstance;
  let clock: ManualClock;

  beforeEach(async (ctx) => {
    if (skip) ctx.skip();
    clock = new ManualClock(T0);
    fx = await apiFixture(engine, clock, {
      tree: [
        ['c0', 'city'],
        ['c1', 'county', 'c0'],
        ['t1', 'town', 'c1'],
        ['t2', 'town', 'c1'],
        ['v1', 'village', 't1'],
        ['u1', 'unit', 'c1'],
      ],
      users: [
        ['officer-t1', 'officer', 't1'],
        ['officer-t2', 'officer', 't2'],
        ['leader-c1', 'leader', 'c1'],
        ['leader-c0', 'leader', 'c0'],
      ],
    });
    ({ store, app } = fx);
  });

  it('resolves what a plan or a request names to a jurisdiction on the way up', async () => {
    const r = (from: string, target: string, kind: 'missed' | 'requested' = 'missed') =>
      resolveEscalation(store.db, from, target, kind);
    // a level: the nearest jurisdiction at that level or above
    expect(await r('v1', 'county')).toBe('c1');
    expect(await r('v1', 'town')).toBe('t1');
    expect(await r('t1', 'city')).toBe('c0');
    // above the top of the tree: the top
    expect(await r('t1', 'province')).toBe('c0');
    // a code or a name on the way up
    expect(await r('v1', 'c1')).toBe('c1');
    // one of the plan's own units: the jurisdiction whose plan it is
    expect(await r('t1', 'command-post')).toBe('t1');
    // a request in words: the level it names, or the level above
    expect(await r('v1', '县委县政府', 'requested')).toBe('c1');
    expect(await r('v1', '镇党委', 'requested')).toBe('t1');
    expect(await r('t1', '市公安局', 'requested')).toBe('c0');
    expect(await r('t1', '县市场监管局', 'requested')).toBe('c1');
    expect(await r('v1', '上级', 'requested')).toBe('t1');
    // a unit sits beside the tree: a level above it is found among its ancestors
    expect(await r('u1', 'county')).toBe('c1');
    expect(await resolveEscalation(store.db, null, 'county', 'missed')).toBeNull();
  });

  it('puts a missed duty and a request on the board of the jurisdiction they reach', async () => {
    const officer = await login(app, 'officer-t1');
    const as = (who: Login, method: 'GET' | 'POST', url: string, payload?: object) =>
      app.inject({ method, url, payload, ...who.auth });
    const rep = await as(officer, 'POST', '/api/incidents', reportBody('60名村民堵塞县道', 60));
    const caseId = rep.json().caseId as string;
    const req = await as(officer, 'POST', `/api/incidents/${caseId}/events/escalation.requested`, {
      id: uuidv7(),
      data: { to: '县委县政府', reason: '群众情绪激动，请县领导到场' },
    });
    expect(req.statusCode).toBe(201);
    clock.set(T0 + 31 * MIN);
    await new DutyClock(app.writePath).runOnce();

    const board = async (who: string) =>
      (await as(await login(app, who), 'GET', '/api/escalations')).json().escalations as {
        kind: string;
        duty_id: string | null;
        to_jurisdiction: string;
        from_jurisdiction: string;
        at: string;
        title: string;
      }[];
    const county = await board('leader-c1');
    expect(county.map((e) => [e.kind, e.duty_id ?? '-', e.to_jurisdiction]).sort()).toEqual([
      ['missed', 'principal-on-scene', 'c1'],
      ['missed', 'report-county', 'c1'],
      ['missed', 'report-town', 't1'],
      // the town's own command post hears of the town's misses
      ['missed', 'task:village-cadre-on-scene', 't1'],
      ['missed', 'tell-secretary-and-mayor', 't1'],
      ['requested', '-', 'c1'],
    ]);
    // stamped with the true due time, newest first
    expect(county[0]?.at).toBe(new Date(T0 + 30 * MIN).toISOString());
    expect(county.every((e) => e.title === '60名村民堵塞县道' && e.from_jurisdiction === 't1')).toBe(true);
    // the town sees what reaches the town; a sibling town sees nothing; the city sees it all
    expect((await board('officer-t1')).map((e) => e.to_jurisdiction)).toEqual(['t1', 't1', 't1']);
    expect(await board('officer-t2')).toEqual([]);
    expect(await board('leader-c0')).toHaveLength(6);
    // ?since narrows to the new ones
    const since = await as(
      await login(app, 'leader-c1'),
      'GET',
      `/api/escalations?since=${encodeURIComponent(new Date(T0 + 25 * MIN).toISOString())}`,
    );
    // (the five misses were recorded at 31 minutes, the request at once)
    expect(since.json().escalations).toHaveLength(5);
    // the incident itself lists its escalations
    const detail = (await as(officer, 'GET', `/api/incidents/${caseId}`)).json();
    expect(detail.escalations).toHaveLength(6);
    // and a rebuild reproduces the board exactly
    const before = await store.db.selectFrom('escalations').selectAll().orderBy('event_id').execute();
    await rebuild(store, projections);
    expect(await store.db.selectFrom('escalations').selectAll().orderBy('event_id').execute()).toEqual(
      before,
    );
  });
});
