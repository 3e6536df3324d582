import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { beforeEach, describe, expect, it } from 'vitest';
import { type ApiFixture, apiFixture, type Login, login, reportBody } from '../../../test/support/api.ts';
import { engines } from '../../../test/support/stores.ts';
import { ManualClock } from '../../core/clock.ts';
import { DutyClock } from '../clock/duty.clock.ts';
import type { EventStore } from '../store/event-store.ts';

const T0 = Date.parse('2026-05-11T01:00:00Z');
const MIN = 60_000;

/**
 * A village's incident runs the village's plan and the plans above it that cover villages (the
 * town plan's 五(一): the village reports to the town within 20 minutes). Each upper duty is
 * named by its plan and missed towards that plan's jurisdiction.
 */
describe.each(engines())('plans across levels: $engine', ({ engine, skip }) => {
  let fx: ApiFixture;
  let store: EventStore;
  let app: FastifyInstance;
  let clock: ManualClock;
  let village: Login;
  let town: Login;
  let otherTown: Login;

  beforeEach(async (ctx) => {
    if (skip) ctx.skip();
    clock = new ManualClock(T0);
    fx = await apiFixture(engine, clock, {
      tree: [
        ['c1', 'county', undefined, 'county-collective-visit'],
        ['t1', 'town', 'c1', 'town-mass-incident'],
        ['t2', 'town', 'c1', 'shangan-town'],
        ['v1', 'village', 't1', 'zhongxin-village'],
        // a village that runs the town's plan itself
        ['v2', 'village', 't1', 'town-mass-incident'],
      ],
      users: [
        ['officer-v1', 'officer', 'v1'],
        ['officer-t1', 'officer', 't1'],
        ['leader-t1', 'leader', 't1'],
        ['leader-t2', 'leader', 't2'],
      ],
    });
    ({ store, app } = fx);
    village = await login(app, 'officer-v1');
    town = await login(app, 'leader-t1');
    otherTown = await login(app, 'leader-t2');
  });

  const as = (who: Login, method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({ method, url, payload, ...who.auth });
  const events = async (caseId: string) => await store.readCase(caseId);

  it("starts the town plan's duties beside the village's own, and puts a miss under it on the town's board", async () => {
    const rep = await as(village, 'POST', '/api/incidents', reportBody('30名村民聚集村委会', 30));
    expect(rep.statusCode).toBe(201);
    const caseId = rep.json().caseId as string;
    const log = await events(caseId);
    const report = log.find((e) => e.type === 'incident.reported');
    expect(report?.data.plan).toMatchObject({ id: 'zhongxin-village' });
    expect(report?.data.upper).toEqual([{ id: 'town-mass-incident', version: 4, jurisdiction: 't1' }]);
    const started = log.filter((e) => e.type === 'duty.started').map((e) => e.data.dutyId);
    // the village's own duty and the town plan's, named by its plan
    expect(started).toEqual(expect.arrayContaining(['report-town', 'town-mass-incident:report-town']));
    // the town plan's level under its own rules, beside the village's
    const levels = log.filter((e) => e.type === 'incident.level.set');
    expect(levels.some((e) => e.data.plan === 'town-mass-incident')).toBe(true);
    const row = (await as(village, 'GET', `/api/incidents/${caseId}`)).json();
    expect(row.incident.level).toBe(levels.find((e) => e.data.plan === undefined)?.data.level ?? null);

    // nothing reaches the town: 25 minutes on, both clocks have run out
    clock.set(T0 + 25 * MIN);
    await new DutyClock(app.writePath).runOnce();
    const missed = (await events(caseId)).filter((e) => e.type === 'duty.missed');
    const upper = missed.find((e) => e.data.dutyId === 'town-mass-incident:report-town');
    expect(upper?.data).toMatchObject({ escalateTo: 'command-post', jurisdiction: 't1' });

    const board = await as(town, 'GET', '/api/escalations');
    expect(board.statusCode).toBe(200);
    const onBoard = board.json().escalations as { duty_id: string; to_jurisdiction: string }[];
    expect(onBoard.filter((x) => x.duty_id === 'town-mass-incident:report-town')).toEqual([
      expect.objectContaining({ to_jurisdiction: 't1' }),
    ]);
    // another town sees nothing of it
    const other = (await as(otherTown, 'GET', '/api/escalations')).json().escalations as {
      duty_id: string;
    }[];
    expect(other.filter((x) => x.duty_id.startsWith('town-mass-incident:'))).toEqual([]);
  });

  it("meets the town plan's duty with the same situation report that meets the village's", async () => {
    const caseId = (await as(village, 'POST', '/api/incidents', reportBody('30名村民聚集村委会', 30))).json()
      .caseId as string;
    clock.set(T0 + 10 * MIN);
    const sent = await as(village, 'POST', `/api/incidents/${caseId}/events/sitrep.submitted`, {
      id: uuidv7(),
      data: { to: { level: 'town' }, kind: 'initial', fields: { participants: 30 } },
    });
    expect(sent.statusCode).toBe(201);
    const met = (await events(caseId)).filter((e) => e.type === 'duty.met').map((e) => e.data.dutyId);
    expect(met).toEqual(expect.arrayContaining(['report-town', 'town-mass-incident:report-town']));
    // a commander cannot set the level under a plan above by hand
    const refused = await as(village, 'POST', `/api/incidents/${caseId}/events/incident.level.set`, {
      id: uuidv7(),
      data: { level: 'major', basis: 'commander', reason: '试', plan: 'town-mass-incident' },
    });
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    expect(refused.statusCode).toBeLessThan(500);
  });

  it('runs no plan above for an incident of the town itself, nor the same plan twice', async () => {
    const officer = await login(app, 'officer-t1');
    const upperOf = async (where: string) => {
      const rep = await as(
        officer,
        'POST',
        '/api/incidents',
        reportBody('60名村民堵塞县道', 60, { jurisdiction: where }),
      );
      expect(rep.statusCode).toBe(201);
      const report = (await events(rep.json().caseId)).find((e) => e.type === 'incident.reported');
      expect(report?.data.plan).toBeDefined();
      return report?.data.upper;
    };
    // the town's own incident: the county plan does not say it covers towns
    expect(await upperOf('t1')).toBeUndefined();
    // a village running the town's plan itself runs it once
    expect(await upperOf('v2')).toBeUndefined();
    expect(await upperOf('v1')).toEqual([{ id: 'town-mass-incident', version: 4, jurisdiction: 't1' }]);
  });
});
