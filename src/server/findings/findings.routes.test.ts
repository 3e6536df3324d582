import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  type ApiFixture,
  apiFixture,
  type Login,
  login,
  plans,
  reportBody,
} from '../../../test/support/api.ts';
import { engines } from '../../../test/support/stores.ts';
import { ManualClock } from '../../core/clock.ts';
import { DutyClock } from '../clock/duty.clock.ts';
import { rebuild } from '../projections/rebuild.ts';
import { projections } from '../projections/registry.ts';
import { findingsProjection } from './findings.projection.ts';

const T0 = Date.parse('2026-05-11T01:00:00Z');
const MIN = 60_000;

/**
 * 问责意见 from the live record: what the log shows (a duty missed, an entry recorded late, a
 * report without what it must hold), listed for the town and the county, disposed of by a
 * leader or auditor of the level above — with a reason, on the case's own log.
 */
describe.each(engines())('findings from the live record: $engine', ({ engine, skip }) => {
  let fx: ApiFixture;
  let app: FastifyInstance;
  let clock: ManualClock;
  let officer: Login;
  let townLeader: Login;
  let countyLeader: Login;
  let countyAuditor: Login;
  let otherTown: Login;

  beforeEach(async (ctx) => {
    if (skip) ctx.skip();
    clock = new ManualClock(T0);
    fx = await apiFixture(engine, clock, {
      tree: [
        ['c1', 'county', undefined, 'county-collective-visit'],
        ['t1', 'town', 'c1', 'town-mass-incident'],
        ['t2', 'town', 'c1', 'town-mass-incident'],
      ],
      users: [
        ['officer-t1', 'officer', 't1'],
        ['leader-t1', 'leader', 't1'],
        ['leader-c1', 'leader', 'c1'],
        ['auditor-c1', 'auditor', 'c1'],
        ['leader-t2', 'leader', 't2'],
      ],
    });
    app = fx.app;
    officer = await login(app, 'officer-t1');
    townLeader = await login(app, 'leader-t1');
    countyLeader = await login(app, 'leader-c1');
    countyAuditor = await login(app, 'auditor-c1');
    otherTown = await login(app, 'leader-t2');
  });

  const as = (who: Login, method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({ method, url, payload, ...who.auth });
  const list = async (who: Login, query = '') => {
    const res = await as(who, 'GET', `/api/findings${query}`);
    expect(res.statusCode).toBe(200);
    return res.json().findings as Record<string, unknown>[];
  };

  async function incidentWithFindings() {
    const rep = await as(officer, 'POST', '/api/incidents', {
      ...reportBody('60名村民堵塞县道', 60),
    });
    expect(rep.statusCode).toBe(201);
    const caseId = rep.json().caseId as string;
    // a first report without the scene or its source
    clock.set(T0 + 10 * MIN);
    const sitrep = await as(officer, 'POST', `/api/incidents/${caseId}/events/sitrep.submitted`, {
      id: uuidv7(),
      data: {
        to: { level: 'county' },
        kind: 'initial',
        fields: { time: '09:00', place: '县道', participants: 60 },
      },
    });
    expect(sitrep.statusCode).toBe(201);
    // nobody reports to the town: past 20 minutes the duty is missed
    clock.set(T0 + 40 * MIN);
    await new DutyClock(app.writePath).runOnce();
    // an arrival entered at 10:20 for 09:25: 补录
    clock.set(T0 + 80 * MIN);
    const arrival = await as(officer, 'POST', `/api/incidents/${caseId}/events/arrival.recorded`, {
      id: uuidv7(),
      occurredAt: new Date(T0 + 25 * MIN).toISOString(),
      data: { position: 'principal' },
    });
    expect(arrival.statusCode).toBe(201);
    return {
      caseId,
      sitrepId: sitrep.json().events[0].id as string,
      arrivalId: arrival.json().events[0].id as string,
    };
  }

  it('derives the findings of an incident from its log and lists them for the town and the county', async () => {
    const { caseId, sitrepId, arrivalId } = await incidentWithFindings();
    const town = await list(townLeader);
    const byId = new Map(town.map((f) => [f.id, f]));
    expect(byId.get('clock:report-town')).toMatchObject({
      caseId,
      caseKind: 'incident',
      caseTitle: '60名村民堵塞县道',
      jurisdiction: 't1',
      kind: 'duty_missed',
      owner: 'village',
      disposition: null,
      // the town's own leader does not dispose of the town's findings
      mayDispose: false,
    });
    expect(String(byId.get('clock:report-town')?.text)).toContain('事发地单位 20 分钟内报告镇党政办、维稳办');
    expect(byId.get(`sitrep:${sitrepId}`)).toMatchObject({
      kind: 'sitrep_incomplete',
      owner: 'role:officer',
      text: '首报缺少信息来源、现场情况（种子文件 002 五(二)）',
    });
    expect(byId.get(`entry:${arrivalId}`)).toMatchObject({ kind: 'late_entry', owner: 'role:officer' });
    // the county sees them and may dispose; another town sees none
    const county = await list(countyLeader);
    expect(county.map((f) => f.id).sort()).toEqual(town.map((f) => f.id).sort());
    expect(county.every((f) => f.mayDispose === true)).toBe(true);
    expect(await list(otherTown)).toEqual([]);
    // filters: by kind, by period, not yet disposed of, exercises apart
    expect((await list(countyLeader, '?kind=late_entry')).map((f) => f.id)).toEqual([`entry:${arrivalId}`]);
    expect(await list(countyLeader, `?from=${new Date(T0 + 90 * MIN).toISOString()}`)).toEqual([]);
    expect(await list(countyLeader, '?exercise=true')).toEqual([]);
    // an exercise's findings stay out of the lists, but its own page shows them
    const drill = await as(officer, 'POST', '/api/incidents', {
      ...reportBody('演练：村民聚集', 30),
      data: { ...reportBody('演练：村民聚集', 30).data, exercise: true },
    });
    expect(drill.statusCode, drill.body).toBe(201);
    const drillId = drill.json().caseId as string;
    await as(officer, 'POST', `/api/incidents/${drillId}/events/sitrep.submitted`, {
      id: uuidv7(),
      data: { to: { level: 'county' }, kind: 'initial', fields: { time: '09:00' } },
    });
    expect((await list(countyLeader)).some((f) => f.caseId === drillId)).toBe(false);
    const own = await list(countyLeader, `?caseId=${drillId}`);
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((f) => f.caseId === drillId && f.exercise === true)).toBe(true);
    expect((await list(countyLeader, '?exercise=true')).map((f) => f.caseId)).toContain(drillId);
    const bad = await as(countyLeader, 'GET', '/api/findings?kind=nonsense');
    expect(bad.statusCode).toBe(400);
  });

  it('takes a disposition from a leader or auditor of the level above, with a reason, on the case’s log', async () => {
    const { caseId, arrivalId } = await incidentWithFindings();
    const dispose = (who: Login, body: Record<string, unknown>) =>
      as(who, 'POST', `/api/findings/${caseId}/dispositions`, { id: uuidv7(), ...body });
    const body = {
      findingId: 'clock:report-town',
      disposition: 'explained',
      reason: '村里通讯中断，已电话补报',
    };
    // the town itself, an officer, a stranger, an unknown finding, no reason: refused
    expect((await dispose(townLeader, body)).statusCode).toBe(403);
    expect((await dispose(officer, body)).statusCode).toBe(403);
    expect((await dispose(otherTown, body)).statusCode).toBe(404);
    expect((await dispose(countyLeader, { ...body, findingId: 'clock:nothing' })).statusCode).toBe(404);
    const noReason = await dispose(countyLeader, { ...body, reason: '  ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().message).toContain('理由');
    expect((await dispose(countyLeader, { ...body, disposition: 'forgiven' })).statusCode).toBe(400);

    const ok = await dispose(countyLeader, body);
    expect(ok.statusCode).toBe(201);
    expect(ok.json().events[0]).toMatchObject({
      type: 'finding.disposed',
      data: body,
      actor: { role: 'leader' },
    });
    const one = async (who: Login, query = '') =>
      (await list(who, `?kind=duty_missed${query}`)).find((x) => x.id === 'clock:report-town');
    expect((await one(countyAuditor))?.disposition).toMatchObject({
      value: 'explained',
      reason: '村里通讯中断，已电话补报',
      by: { role: 'leader', name: 'leader-c1' },
    });
    expect(await one(countyAuditor, '&disposition=open')).toBeUndefined();
    expect(await one(countyAuditor, '&disposition=explained')).toBeDefined();
    // the auditor disposes again: the later one stands, both are on the log
    expect(
      (await dispose(countyAuditor, { ...body, disposition: 'accepted', reason: '核实属迟报' })).statusCode,
    ).toBe(201);
    expect((await one(countyLeader))?.disposition).toMatchObject({ value: 'accepted' });
    const log = await fx.store.readCase(caseId);
    expect(log.filter((e) => e.type === 'finding.disposed')).toHaveLength(2);
    // the record route does not take it from an officer either
    const direct = await as(officer, 'POST', `/api/incidents/${caseId}/events/finding.disposed`, {
      id: uuidv7(),
      data: body,
    });
    expect(direct.statusCode).toBe(403);

    // a 补录 is disposed of like any other
    const late = {
      findingId: `entry:${arrivalId}`,
      disposition: 'dismissed',
      reason: '现场无信号，到场后即口头报告',
    };
    expect((await dispose(countyAuditor, late)).statusCode).toBe(201);
    const lateRow = (await list(countyLeader, '?kind=late_entry')).find((x) => x.id === `entry:${arrivalId}`);
    expect(lateRow?.disposition).toMatchObject({ value: 'dismissed', by: { role: 'auditor' } });

    // the findings are a read model: rebuilt from the log, the same
    const before = await list(countyLeader);
    await rebuild(fx.store, [...projections, findingsProjection(plans)]);
    expect(await list(countyLeader)).toEqual(before);
  });
});
