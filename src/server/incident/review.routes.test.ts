import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { beforeEach, describe, expect, it } from 'vitest';
import { type ApiFixture, apiFixture, type Login, login, reportBody } from '../../../test/support/api.ts';
import { engines } from '../../../test/support/stores.ts';
import { ManualClock } from '../../core/clock.ts';

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
