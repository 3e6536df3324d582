import { readFileSync, rmSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { parse } from 'yaml';
import { type ApiFixture, apiFixture, type Login, login } from '../../../test/support/api.ts';
import { expectLayout, flat, missingTools, pagePng, renderDocx } from '../../../test/support/office.ts';
import { engines } from '../../../test/support/stores.ts';
import type { FiguresOut } from '../../core/api/figures.ts';
import { ManualClock } from '../../core/clock.ts';
import type { OfficialDoc } from '../../core/documents/official.ts';
import { PlanSchema } from '../../core/plan/plan.schema.ts';
import { DutyClock } from '../clock/duty.clock.ts';
import { PlanRegistry } from '../plans/plan.registry.ts';
import { FIGURE_RATE } from './figures.routes.ts';

const T0 = Date.parse('2026-05-11T01:00:00Z');
const MIN = 60_000;
const DAY = 86_400_000;
const FIXTURE_PLAN = 'test/fixtures/figures/figures-town.yaml';

/** The bundled plans and the fixture's town plan, whose every duty is known. */
function registry(): PlanRegistry {
  const r = PlanRegistry.fromDirectory('plans');
  const yaml = readFileSync(FIXTURE_PLAN, 'utf8');
  r.add(PlanSchema.parse(parse(yaml)), yaml, { origin: 'bundled' });
  return r;
}

/**
 * The fixture log, written through the API as the town would write it, with the clock moved by
 * hand: what each figure must come to is worked out beside each step.
 */
async function fixtureLog(fx: ApiFixture, clock: ManualClock) {
  let town = await login(fx.app, 'officer-t1');
  const as = (method: 'GET' | 'POST', url: string, payload?: object) =>
    fx.app.inject({ method, url, payload, ...town.auth });
  // the clock moves by days: a session of its own at each step, as the officer logs in each day
  const at = async (ms: number) => {
    clock.set(T0 + ms);
    town = await login(fx.app, 'officer-t1');
  };
  const tick = () => new DutyClock(fx.app.writePath).runOnce();
  const report = async (title: string, exercise = false) => {
    const r = await as('POST', '/api/incidents', {
      id: uuidv7(),
      data: {
        title,
        location: { text: '镇政府' },
        startedAt: clock.now().toISOString(),
        source: '电话',
        facts: { participants: 30 },
        ...(exercise ? { exercise: true } : {}),
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().caseId as string;
  };
  const incident = async (caseId: string, type: string, data: object) => {
    const r = await as('POST', `/api/incidents/${caseId}/events/${type}`, { id: uuidv7(), data });
    expect(r.statusCode, `${type}: ${r.body}`).toBe(201);
  };
  const sitrep = (caseId: string) =>
    incident(caseId, 'sitrep.submitted', {
      to: { level: 'county' },
      kind: 'initial',
      fields: { time: '9时', place: '镇政府', source: '电话', scene: '聚集', participants: 30 },
    });
  const statement = (caseId: string) =>
    incident(caseId, 'statement.published', { statementId: uuidv7(), channel: '政务微博', text: '情况通报' });
  const register = async (title: string, source: string, exercise = false) => {
    const r = await as('POST', '/api/disputes', {
      id: uuidv7(),
      data: {
        ...(exercise ? { exercise: true } : {}),
        title,
        summary: `${title}：部分村民对补偿款分配有异议`,
        source,
        category: 'requisition',
        facts: { people: 12 },
        sides: [{ kind: 'group', description: '三组部分村民' }],
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().caseId as string;
  };
  const dispute = async (caseId: string, type: string, data: object = {}) => {
    const r = await as('POST', `/api/disputes/${caseId}/events/${type}`, { id: uuidv7(), data });
    expect(r.statusCode, `${type}: ${r.body}`).toBe(201);
  };
  const answer = (caseId: string) =>
    dispute(caseId, 'answer.issued', {
      answerId: uuidv7(),
      decision: 'support',
      request: '按方案发放补偿款',
      facts: '经核实，补偿款已拨付到村',
      reasons: '符合征地补偿安置方案',
      legalBasis: '《土地管理法》第四十八条',
    });

  // A: reported 05-11 09:00; 首报 after 12 minutes (on time), first statement after 30 (on time)
  await at(0);
  const a = await report('事件A');
  await at(12 * MIN);
  await sitrep(a);
  await at(30 * MIN);
  await statement(a);
  // B: reported at 10:00; 首报 after 26 minutes (late, 20 allowed); no statement (missed at 12:00)
  await at(60 * MIN);
  const b = await report('事件B');
  await at(86 * MIN);
  await sitrep(b);
  // an exercise, never reported on: left out of every figure
  await at(120 * MIN);
  await report('演练事件', true);
  await at(185 * MIN);
  await tick();

  // four disputes registered 05-11 14:00
  await at(5 * 60 * MIN);
  const d1 = await register('纠纷一', 'visit');
  const d2 = await register('纠纷二', 'screening');
  const d3 = await register('纠纷三', 'visit');
  const d4 = await register('纠纷四', 'screening');
  // an exercise's dispute, accepted and visited: left out of every figure, as its incidents are
  const drill = await register('演练纠纷', 'visit', true);
  await dispute(drill, 'dispute.accepted');
  await dispute(drill, 'visit.made', { method: 'phone', summary: '演练回访', evaluation: 'dissatisfied' });
  // d1: accepted the next day, answered on the third, resolved on the fourth, visited: 满意
  await at(DAY + 5 * 60 * MIN);
  await dispute(d1, 'dispute.accepted');
  await dispute(d4, 'dispute.accepted');
  await at(2 * DAY + 5 * 60 * MIN);
  await dispute(d3, 'dispute.not_accepted', {
    reason: '属于诉讼程序处理的事项',
    routesTold: '已告知依法向人民法院起诉',
  });
  await answer(d4);
  await at(3 * DAY + 5 * 60 * MIN);
  await answer(d1);
  await at(4 * DAY + 5 * 60 * MIN);
  await dispute(d1, 'dispute.resolved', { summary: '补偿款已足额发放' });
  await at(5 * DAY + 5 * 60 * MIN);
  await dispute(d1, 'visit.made', { method: 'phone', summary: '电话回访', evaluation: 'satisfied' });
  // d4: the parties ask for 复查 (a repeat visit) and are dissatisfied
  await at(6 * DAY + 5 * 60 * MIN);
  await dispute(d4, 'review.requested', { kind: 'recheck', request: '对答复不服，申请复查' });
  await at(7 * DAY + 5 * 60 * MIN);
  await dispute(d4, 'visit.made', { method: 'in_person', summary: '上门回访', evaluation: 'dissatisfied' });
  // d2: accepted on the 16th day (late; 15 allowed); its handling falls due in June
  await at(16 * DAY + 5 * 60 * MIN);
  await dispute(d2, 'dispute.accepted');
  // d3 is closed off (销号): still not accepted, not resolved, in the figures
  await dispute(d3, 'dispute.settled', { note: '已告知其他途径，销号' });
  await tick();
  return { a, b, d1, d2, d3, d4 };
}

describe.each(engines())('figures from a fixture log with known counts: $engine', ({ engine, skip }) => {
  let fx: ApiFixture;
  let clock: ManualClock;
  let app: FastifyInstance;
  let town: Login;
  let county: Login;
  let otherTown: Login;

  beforeEach(async (ctx) => {
    if (skip) ctx.skip();
    clock = new ManualClock(T0);
    fx = await apiFixture(engine, clock, {
      tree: [
        ['c1', 'county', undefined, 'county-collective-visit'],
        ['t1', 'town', 'c1', 'figures-town'],
        ['t2', 'town', 'c1', 'town-mass-incident'],
      ],
      users: [
        ['officer-t1', 'officer', 't1'],
        ['leader-c1', 'leader', 'c1'],
        ['officer-t2', 'officer', 't2'],
      ],
      app: { plans: registry() },
    });
    app = fx.app;
    town = await login(app, 'officer-t1');
    county = await login(app, 'leader-c1');
    otherTown = await login(app, 'officer-t2');
  });

  const get = (who: Login, url: string) => app.inject({ method: 'GET', url, ...who.auth });

  it('gives exactly the counts the log holds, for the town and the county above it, and nothing to another town', async () => {
    await fixtureLog(fx, clock);
    town = await login(app, 'officer-t1');
    county = await login(app, 'leader-c1');
    otherTown = await login(app, 'officer-t2');
    const figures = async (who: Login, query: string) => {
      const r = await get(who, `/api/figures?${query}`);
      expect(r.statusCode, r.body).toBe(200);
      return r.json() as FiguresOut;
    };
    const may = await figures(town, 'month=2026-05');
    expect(may).toMatchObject({ jurisdiction: { code: 't1' }, from: '2026-05-01', to: '2026-05-31' });
    // 10 duties fell due in May: A's two on time; B's report late, its statement missed; the four
    // acceptances (d2 late), the two handlings (d1, d4) on time; d2's handling falls due in June
    expect(may.duties).toMatchObject({
      on_time: 7,
      late: 2,
      missed: 1,
      open: 0,
      onTime: { n: 7, of: 10, rate: 70 },
    });
    expect(
      Object.fromEntries(may.duties.byDuty.map((d) => [d.dutyId, [d.on_time, d.late, d.missed, d.open]])),
    ).toEqual({
      'report-county': [1, 1, 0, 0],
      'first-statement': [1, 0, 1, 0],
      accept: [3, 1, 0, 0],
      handle: [2, 0, 0, 0],
    });
    expect(
      Object.fromEntries(may.duties.byOwner.map((d) => [d.owner, [d.on_time, d.late, d.missed, d.open]])),
    ).toEqual({
      镇党政办: [6, 2, 0, 0],
      新闻发言人: [1, 0, 1, 0],
    });
    // two real incidents: 首报 after 12 and 26 minutes; one statement, after 30
    expect(may.incidents).toEqual({
      reported: 2,
      firstReport: { count: 2, none: 0, median: 19, mean: 19 },
      firstStatement: { count: 1, none: 1, median: 30, mean: 30 },
    });
    expect(may.disputes).toEqual({
      registered: 4,
      accepted: 3,
      notAccepted: 1,
      resolved: { n: 1, of: 3, rate: 33.3 },
      acceptedOnTime: { n: 3, of: 4, rate: 75 },
      handledOnTime: { n: 2, of: 2, rate: 100 },
      foundByScreening: { n: 2, of: 4, rate: 50 },
      repeatVisits: 1,
      evaluations: { satisfied: 1, basically_satisfied: 0, dissatisfied: 1 },
      satisfied: { n: 1, of: 2, rate: 50 },
    });
    expect(may.screening).toEqual({ n: 0, of: 0, rate: null, missed: 0, open: 0 });
    // the late and missed duties are findings, none disposed of yet
    expect(may.findings).toEqual([
      { kind: 'duty_late', total: 2, accepted: 0, explained: 0, dismissed: 0, pending: 2 },
      { kind: 'duty_missed', total: 1, accepted: 0, explained: 0, dismissed: 0, pending: 1 },
    ]);
    // set against the plan's targets
    expect(may.targets.map((t) => [t.id, t.atLeast, t.actual, t.met])).toEqual([
      ['report-on-time', 100, 50, false],
      ['resolution', 85, 33.3, false],
    ]);

    // the county sees the same, its town being the only one with a record
    const above = await figures(county, 'month=2026-05');
    expect(above.jurisdiction.code).toBe('c1');
    expect(above.duties.onTime).toEqual(may.duties.onTime);
    expect(above.disputes).toEqual(may.disputes);
    expect((await figures(county, 'month=2026-05&jurisdiction=t2')).duties.onTime.of).toBe(0);
    // June: d2's handling, not yet due on 05-27
    const june = await figures(town, 'from=2026-06-01&to=2026-06-30');
    expect(june.duties).toMatchObject({ on_time: 0, late: 0, missed: 0, open: 1 });
    expect(june.disputes.registered).toBe(0);

    // another town's figures are not the town's to see; a bad period is named
    expect((await get(otherTown, '/api/figures?jurisdiction=t1')).statusCode).toBe(403);
    for (const [query, says] of [
      ['month=2026-13', 'month'],
      ['month=9999-12', 'month'],
      ['from=2024-01-01&to=2025-01-01', '最长一年'],
      ['from=2026-05-01', '同时给出'],
      ['from=2026-05-31&to=2026-05-01', '早于'],
      ['month=2026-05&from=2026-05-01&to=2026-05-02', '不要同时给出'],
      ['from=2025-01-01&to=2026-05-01', '最长一年'],
    ]) {
      const r = await get(town, `/api/figures?${query}`);
      expect(r.statusCode, query).toBe(400);
      expect(r.body, query).toContain(says);
    }
  });

  it('answers 30 figure requests a minute per account, then 429 with when to try again', async () => {
    for (let i = 0; i < FIGURE_RATE; i++) expect((await get(town, '/api/figures')).statusCode).toBe(200);
    const refused = await get(town, '/api/figures?month=2026-05');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // another account is not held up
    expect((await get(county, '/api/figures')).statusCode).toBe(200);
  });

  it('exports the figures and the month’s report as a workbook and the report as a document', async () => {
    await fixtureLog(fx, clock);
    town = await login(app, 'officer-t1');
    county = await login(app, 'leader-c1');
    otherTown = await login(app, 'officer-t2');
    const xlsx = await get(county, '/api/figures?month=2026-05&jurisdiction=t1&format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['概览', '职责', '问责']);
    const overview = wb.getWorksheet('概览');
    const value = (label: string) => {
      const row = overview?.getSheetValues().find((r) => Array.isArray(r) && r[1] === label);
      return Array.isArray(row) ? row[2] : undefined;
    };
    expect(value('化解率（化解 / 受理）')).toBe('33.3%');
    expect(value('按期办结率')).toBe('100%（2 / 2）');
    expect(value('接报至首报用时（中位数）')).toBe('19 分钟');

    const monthly = await get(county, '/api/reports/monthly?month=2026-05&jurisdiction=t1&format=json');
    expect(monthly.statusCode).toBe(200);
    const doc = monthly.json() as OfficialDoc;
    expect(doc).toMatchObject({
      organ: 't1',
      addressee: 'c1',
      title: '关于2026年5月矛盾纠纷排查化解和群体性事件处置情况的报告',
    });
    const ledger = doc.blocks.findLast((b) => b.kind === 'table');
    expect(ledger?.kind === 'table' && ledger.rows.map((r) => [r[2], r[5]])).toEqual([
      ['纠纷一：部分村民对补偿款分配有异议', '是'],
      ['纠纷二：部分村民对补偿款分配有异议', '否'],
      ['纠纷三：部分村民对补偿款分配有异议', '否'],
      ['纠纷四：部分村民对补偿款分配有异议', '否'],
    ]);
    const book = await get(county, '/api/reports/monthly?month=2026-05&jurisdiction=t1&format=xlsx');
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(book.rawPayload as unknown as ArrayBuffer);
    expect(wb2.worksheets.map((w) => w.name)).toEqual(['概览', '职责', '问责', '台账']);
    expect(wb2.getWorksheet('台账')?.rowCount).toBe(2 + 4);
  });
});

describe('the monthly report in Word, opened by LibreOffice', () => {
  it('is laid out as a 公文 and holds the month’s figures and ledger', { timeout: 300_000 }, async () => {
    expect(missingTools(), 'apt-get install the tools the render check needs').toEqual([]);
    const clock = new ManualClock(T0);
    const fx = await apiFixture('sqlite', clock, {
      tree: [
        ['c1', 'county', undefined, 'county-collective-visit'],
        ['t1', 'town', 'c1', 'figures-town'],
      ],
      users: [['officer-t1', 'officer', 't1']],
      app: { plans: registry() },
    });
    await fixtureLog(fx, clock);
    const town = await login(fx.app, 'officer-t1');
    const res = await fx.app.inject({
      method: 'GET',
      url: '/api/reports/monthly?month=2026-05',
      ...town.auth,
    });
    expect(res.statusCode).toBe(200);
    const r = renderDocx(res.rawPayload, 'monthly');
    onTestFinished(() => rmSync(r.dir, { recursive: true, force: true }));
    expectLayout(r, '月报');
    const text = flat(r.text);
    for (const part of [
      '二、矛盾纠纷排查化解情况',
      '化解率（化解/受理）33.3%',
      '六、目标完成情况',
      '纠纷四',
      '特此报告。',
    ])
      expect(text).toContain(part);
    pagePng(r.pdf, 1, 'test-results/monthly-docx-1.png');
  });
});
