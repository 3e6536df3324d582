import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { beforeEach, describe, expect, it } from 'vitest';
import { type ApiFixture, apiFixture, type Login, login, reportBody } from '../../../test/support/api.ts';
import { engines } from '../../../test/support/stores.ts';
import { ManualClock } from '../../core/clock.ts';
import { DutyClock } from '../clock/duty.clock.ts';

/** 总结: drafted from the log after the close, sent up, returned with a reason, signed off above. */
describe.each(engines())('the review of an incident: $engine', ({ engine, skip }) => {
  let fx: ApiFixture;
  let app: FastifyInstance;
  let officer: Login;
  let townLeader: Login;
  let countyLeader: Login;

  beforeEach(async (ctx) => {
    if (skip) ctx.skip();
    fx = await apiFixture(engine, new ManualClock(Date.parse('2026-05-11T01:00:00Z')), {
      tree: [
        ['c1', 'county', undefined, 'county-collective-visit'],
        ['t1', 'town', 'c1', 'town-mass-incident'],
      ],
      users: [
        ['officer-t1', 'officer', 't1'],
        ['leader-t1', 'leader', 't1'],
        ['leader-c1', 'leader', 'c1'],
      ],
    });
    app = fx.app;
    officer = await login(app, 'officer-t1');
    townLeader = await login(app, 'leader-t1');
    countyLeader = await login(app, 'leader-c1');
  });

  const as = (who: Login, method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({ method, url, payload, ...who.auth });

  it('goes from a draft made from the record to signed off at the level above, and not otherwise', async () => {
    const caseId = (await as(officer, 'POST', '/api/incidents', reportBody('30名村民聚集镇政府', 30))).json()
      .caseId as string;
    const record = (who: Login, type: string, data: object) =>
      as(who, 'POST', `/api/incidents/${caseId}/events/${type}`, { id: uuidv7(), data });
    const review = async (who: Login) => (await as(who, 'GET', `/api/incidents/${caseId}/review`)).json();
    const decide = (who: Login, decision: string, reason?: string) =>
      as(who, 'POST', `/api/incidents/${caseId}/review/decision`, {
        id: uuidv7(),
        decision,
        ...(reason !== undefined ? { reason } : {}),
      });

    // written after the close only
    expect((await record(officer, 'review.drafted', { text: '草稿' })).statusCode).toBe(409);
    expect((await record(officer, 'incident.closed', { summary: '群众已散去' })).statusCode).toBe(201);
    const first = await review(officer);
    expect(first).toMatchObject({ state: 'none', text: null, mayDecide: false });
    expect(first.draft).toContain('一、事件经过');
    expect(first.draft).toContain('接报：30名村民聚集镇政府');
    expect(first.draft).toContain('十、整改措施');

    expect((await record(officer, 'review.drafted', { text: first.draft })).statusCode).toBe(201);
    expect(await review(officer)).toMatchObject({ state: 'draft', text: first.draft });
    expect(
      (await record(officer, 'review.submitted', { text: `${first.draft}\n（已补经验教训）` })).statusCode,
    ).toBe(201);
    expect((await record(officer, 'review.submitted', { text: '再报一次' })).statusCode).toBe(409);
    expect(await review(countyLeader)).toMatchObject({ state: 'in_review', mayDecide: true });
    expect((await review(townLeader)).mayDecide).toBe(false);

    // the town does not sign off its own review; an officer signs off none; returning needs a reason
    expect((await decide(townLeader, 'approved')).statusCode).toBe(403);
    expect((await decide(officer, 'approved')).statusCode).toBe(403);
    const noReason = await decide(countyLeader, 'returned');
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().message).toContain('理由');
    expect((await decide(countyLeader, 'returned', '未写整改措施')).statusCode).toBe(201);
    expect(await review(officer)).toMatchObject({ state: 'draft', returned: '未写整改措施' });
    expect((await decide(countyLeader, 'approved')).statusCode).toBe(409);

    expect((await record(officer, 'review.submitted', { text: '修改稿：整改措施……' })).statusCode).toBe(201);
    expect((await decide(countyLeader, 'approved', '同意')).statusCode).toBe(201);
    expect(await review(countyLeader)).toMatchObject({
      state: 'reviewed',
      text: '修改稿：整改措施……',
      mayDecide: false,
    });
    expect((await record(officer, 'review.drafted', { text: '再改' })).statusCode).toBe(409);
    const log = await fx.store.readCase(caseId);
    expect(log.filter((e) => e.type.startsWith('review.')).map((e) => e.type)).toEqual([
      'review.drafted',
      'review.submitted',
      'review.returned',
      'review.submitted',
      'review.approved',
    ]);
  });
});

/** A plan may set when the review is due (003 七(三): a written summary after the close): its clock, and a finding when missed. */
describe.each(engines())('the review’s time limit from the plan: $engine', ({ engine, skip }) => {
  it('runs from the close, shows on the review, and a review sent up late is a finding', async (ctx) => {
    if (skip) ctx.skip();
    const T0 = Date.parse('2026-05-11T01:00:00Z');
    const clock = new ManualClock(T0);
    const fx = await apiFixture(engine, clock, {
      tree: [
        ['c1', 'county', undefined, 'county-collective-visit'],
        ['t1', 'town', 'c1', 'town-petition-emergency'],
      ],
      users: [
        ['officer-t1', 'officer', 't1'],
        ['auditor-c1', 'auditor', 'c1'],
      ],
    });
    const as = async (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
      fx.app.inject({ method, url, payload, ...(await login(fx.app, who)).auth });
    const caseId = (
      await as('officer-t1', 'POST', '/api/incidents', reportBody('20名群众到镇政府上访', 20))
    ).json().caseId as string;
    const record = (type: string, data: object) =>
      as('officer-t1', 'POST', `/api/incidents/${caseId}/events/${type}`, { id: uuidv7(), data });
    expect((await record('incident.closed', { summary: '群众已返回' })).statusCode).toBe(201);
    const review = async () => (await as('officer-t1', 'GET', `/api/incidents/${caseId}/review`)).json();
    // 3 days from the close, as the plan's written-summary duty says
    expect((await review()).due).toEqual({
      dutyId: 'written-summary',
      title: '处置完成后总结，向领导小组书面报告',
      at: new Date(T0 + 3 * 86_400_000).toISOString(),
      status: 'open',
      lateSeconds: null,
    });
    clock.set(T0 + 3 * 86_400_000 + 60_000);
    await new DutyClock(fx.app.writePath).runOnce();
    expect((await review()).due.status).toBe('missed');
    // a review past its due date is a finding of the county's
    const findings = (await as('auditor-c1', 'GET', `/api/findings?caseId=${caseId}`)).json().findings as {
      id: string;
      kind: string;
    }[];
    expect(findings.map((f) => [f.id, f.kind])).toContainEqual(['clock:written-summary', 'duty_missed']);
    // sent up a day late: met late
    clock.set(T0 + 4 * 86_400_000);
    expect((await record('review.submitted', { text: '一、事件经过\n……' })).statusCode).toBe(201);
    expect((await review()).due).toMatchObject({ status: 'met', lateSeconds: 86_400 });
  });
});
