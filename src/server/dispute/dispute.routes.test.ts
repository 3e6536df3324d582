import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { apiFixture, type Login, login, reportBody } from '../../../test/support/api.ts';
import { engines } from '../../../test/support/stores.ts';
import { ManualClock } from '../../core/clock.ts';

const T0 = Date.parse('2026-03-02T01:00:00Z');
const DAY = 86_400_000;
const time = (days: number) => new Date(T0 + days * DAY).toISOString();

const registerBody = (title: string, extra: Record<string, unknown> = {}) => ({
  id: uuidv7(),
  data: {
    title,
    summary: '部分村民对征地补偿款分配方案有异议',
    source: 'screening',
    category: 'requisition',
    facts: { people: 30, households: 12 },
    sides: [{ kind: 'group', description: '三组部分村民（约12户）' }],
    ...extra,
  },
});

describe.each(engines())('dispute ledger API: $engine', ({ engine, skip }) => {
  it.skipIf(skip)('registers, records and lists disputes within the caller’s scope', async () => {
    const clock = new ManualClock(time(0));
    const fx = await apiFixture(engine, clock, {
      tree: [
        ['c1', 'county'],
        ['t1', 'town', 'c1'],
        ['t2', 'town', 'c1'],
      ],
      users: [
        ['officer-t1', 'officer', 't1'],
        ['leader-t1', 'leader', 't1'],
        ['officer-t2', 'officer', 't2'],
        ['leader-c1', 'leader', 'c1'],
      ],
    });
    // sessions last a shift: after the clock moves on by days, everyone logs in again
    const sessions = new Map<string, Login>();
    const relogin = async () => {
      for (const who of ['officer-t1', 'leader-t1', 'officer-t2', 'leader-c1'])
        sessions.set(who, await login(fx.app, who));
    };
    await relogin();
    const as = (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
      fx.app.inject({ method, url, ...(payload ? { payload } : {}), ...sessions.get(who)?.auth });

    const body = registerBody('三组征地补偿款分配纠纷');
    const r = await as('officer-t1', 'POST', '/api/disputes', body);
    expect(r.statusCode).toBe(201);
    const { caseId } = r.json() as { caseId: string };
    // the same registration sent again is answered as a retry, nothing written twice
    const again = await as('officer-t1', 'POST', '/api/disputes', body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ caseId, duplicate: true });
    // its id used by someone else is refused without a word about the dispute
    expect((await as('officer-t2', 'POST', '/api/disputes', body)).statusCode).toBe(409);

    const record = (type: string, data: object, who = 'officer-t1') =>
      as(who, 'POST', `/api/disputes/${caseId}/events/${type}`, { id: uuidv7(), data });
    expect((await record('dispute.accepted', {})).statusCode).toBe(201);
    expect(
      (
        await record('dispute.assigned', {
          unit: '镇司法所',
          leadPosition: '分管副镇长',
          tier: 'town',
          dueAt: time(30),
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (await record('dispute.assessed', { facts: { people: 30 }, risk: 'high', basis: '已多次到县上访' }))
        .statusCode,
    ).toBe(201);
    // refusals name the problem
    const noBasis = await record('answer.issued', {
      answerId: 'a1',
      decision: 'explain',
      request: '重新分配',
      facts: '已表决',
      reasons: '符合规定',
    });
    expect(noBasis.statusCode).toBe(400);
    expect(noBasis.json().message).toMatch(/legal basis/);
    expect((await record('incident.reported', {})).statusCode).toBe(400);
    expect((await record('dispute.settled', {})).statusCode).toBe(409);
    // read-only roles read, never record; other towns do not see it
    expect((await record('progress.noted', { text: 'x' }, 'leader-t1')).statusCode).toBe(403);
    expect((await record('progress.noted', { text: 'x' }, 'officer-t2')).statusCode).toBe(404);

    clock.set(time(2));
    await relogin();
    await as(
      'officer-t1',
      'POST',
      '/api/disputes',
      registerBody('邻里宅基地纠纷', { category: 'neighbour', source: 'visit' }),
    );
    const list = (who: string, q = '') =>
      as(who, 'GET', `/api/disputes${q}`).then((x) =>
        (x.json() as { disputes: { title: string }[] }).disputes.map((d) => d.title),
      );
    expect(await list('officer-t1')).toEqual(['邻里宅基地纠纷', '三组征地补偿款分配纠纷']);
    expect(await list('leader-c1', '?risk=high')).toEqual(['三组征地补偿款分配纠纷']);
    expect(await list('leader-t1', '?category=neighbour')).toEqual(['邻里宅基地纠纷']);
    expect(await list('officer-t2')).toEqual([]);
    expect(await list('leader-c1', '?overdue=true')).toEqual([]);
    clock.set(time(31));
    await relogin();
    expect(await list('leader-c1', '?overdue=true')).toEqual(['三组征地补偿款分配纠纷']);
    expect((await as('leader-c1', 'GET', '/api/disputes?risk=extreme')).statusCode).toBe(400);

    const page = await as('leader-t1', 'GET', `/api/disputes/${caseId}`);
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({
      dispute: {
        status: 'accepted',
        risk: 'high',
        unit: '镇司法所',
        lead_position: '分管副镇长',
        jurisdiction: 't1',
      },
      commitments: [],
    });
    // what was recorded, in order, and the town plan's clocks it started and met
    const logged = (page.json() as { events: { type: string; data: { dutyId?: string } }[] }).events;
    expect(logged.filter((e) => !e.type.startsWith('duty.')).map((e) => e.type)).toEqual([
      'dispute.registered',
      'dispute.accepted',
      'dispute.assigned',
      'dispute.assessed',
    ]);
    expect(logged.filter((e) => e.type.startsWith('duty.')).map((e) => `${e.type} ${e.data.dutyId}`)).toEqual(
      [
        'duty.started accept',
        'duty.started assign',
        'duty.met accept',
        'duty.started handle',
        'duty.met assign',
        'duty.started mediate-town',
      ],
    );
    expect((await as('officer-t2', 'GET', `/api/disputes/${caseId}`)).statusCode).toBe(404);
    // registering elsewhere than one's own part of the tree is refused
    expect(
      (await as('officer-t2', 'POST', '/api/disputes', { ...registerBody('x'), jurisdiction: 't1' }))
        .statusCode,
    ).toBe(403);
  });

  it.skipIf(skip)('links a dispute and an incident both ways, from either side, within scope', async () => {
    const clock = new ManualClock(time(0));
    const fx = await apiFixture(engine, clock, {
      tree: [
        ['c1', 'county'],
        ['t1', 'town', 'c1'],
        ['t2', 'town', 'c1'],
      ],
      users: [
        ['officer-t1', 'officer', 't1'],
        ['officer-t2', 'officer', 't2'],
        ['leader-c1', 'leader', 'c1'],
      ],
      logins: ['officer-t1', 'officer-t2', 'leader-c1'],
    });
    const as = (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
      fx.app.inject({ method, url, ...(payload ? { payload } : {}), ...fx.session(who).auth });
    const dispute = (await as('officer-t1', 'POST', '/api/disputes', registerBody('征地补偿纠纷'))).json()
      .caseId as string;

    // the crowd gathers over it: an incident reported from the dispute
    const report = {
      ...reportBody('60名村民堵路', 60),
      data: { ...reportBody('60名村民堵路', 60).data, fromDispute: dispute },
    };
    const flared = await as('officer-t1', 'POST', '/api/incidents', report);
    expect(flared.statusCode, flared.body).toBe(201);
    const incident = flared.json().caseId as string;
    // sent again: a retry, the link written once
    expect((await as('officer-t1', 'POST', '/api/incidents', report)).statusCode).toBe(200);
    const disputePage = (await as('leader-c1', 'GET', `/api/disputes/${dispute}`)).json();
    expect(
      disputePage.incidents.map((i: { case_id: string; title: string }) => [i.case_id, i.title]),
    ).toEqual([[incident, '60名村民堵路']]);
    expect(disputePage.events.filter((e: { type: string }) => e.type === 'incident.linked')).toHaveLength(1);
    const incidentPage = (await as('officer-t1', 'GET', `/api/incidents/${incident}`)).json();
    expect(incidentPage.disputes.map((d: { case_id: string }) => d.case_id)).toEqual([dispute]);

    // what it owes carried on: a dispute registered from the incident
    const followUp = await as(
      'officer-t1',
      'POST',
      '/api/disputes',
      registerBody('补偿款发放跟进', { fromIncident: incident, source: 'incident' }),
    );
    expect(followUp.statusCode).toBe(201);
    const second = followUp.json().caseId as string;
    expect(
      (await as('officer-t1', 'GET', `/api/incidents/${incident}`))
        .json()
        .disputes.map((d: { case_id: string }) => d.case_id),
    ).toEqual([dispute, second]);
    expect(
      (await as('officer-t1', 'GET', `/api/disputes/${second}`))
        .json()
        .incidents.map((i: { case_id: string }) => i.case_id),
    ).toEqual([incident]);

    // a case out of the caller's scope is no way in: 404 either way, nothing written
    const before = (await fx.store.head(dispute))?.seq;
    expect(
      (
        await as('officer-t2', 'POST', '/api/incidents', {
          ...reportBody('x', 10),
          data: { ...reportBody('x', 10).data, fromDispute: dispute },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await as('officer-t2', 'POST', '/api/disputes', registerBody('x', { fromIncident: incident })))
        .statusCode,
    ).toBe(404);
    expect((await fx.store.head(dispute))?.seq).toBe(before);
  });
});
