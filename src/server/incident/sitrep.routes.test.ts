import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { beforeEach, describe, expect, it } from 'vitest';
import { type ApiFixture, apiFixture, type Login, login, reportBody } from '../../../test/support/api.ts';
import { engines } from '../../../test/support/stores.ts';
import { ManualClock } from '../../core/clock.ts';

const T0 = Date.parse('2026-05-11T01:00:00Z');

/** A situation report reaches the office it is addressed to, which acknowledges it (已收悉). */
describe.each(engines())('situation reports received and acknowledged: $engine', ({ engine, skip }) => {
  let fx: ApiFixture;
  let app: FastifyInstance;
  let town: Login;
  let county: Login;
  let countyLeader: Login;
  let otherTown: Login;

  beforeEach(async (ctx) => {
    if (skip) ctx.skip();
    fx = await apiFixture(engine, new ManualClock(T0), {
      tree: [
        ['c1', 'county', undefined, 'county-collective-visit'],
        ['t1', 'town', 'c1', 'town-mass-incident'],
        ['t2', 'town', 'c1', 'town-mass-incident'],
      ],
      users: [
        ['officer-t1', 'officer', 't1'],
        ['officer-c1', 'officer', 'c1'],
        ['leader-c1', 'leader', 'c1'],
        ['officer-t2', 'officer', 't2'],
      ],
    });
    app = fx.app;
    town = await login(app, 'officer-t1');
    county = await login(app, 'officer-c1');
    countyLeader = await login(app, 'leader-c1');
    otherTown = await login(app, 'officer-t2');
  });

  const as = (who: Login, method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({ method, url, payload, ...who.auth });
  const received = async (who: Login, query = '') => {
    const res = await as(who, 'GET', `/api/sitreps/received${query}`);
    expect(res.statusCode).toBe(200);
    return res.json().sitreps as Record<string, unknown>[];
  };

  it('puts a report to the county on the county’s list; the county acknowledges it once; the town sees it', async () => {
    const caseId = (await as(town, 'POST', '/api/incidents', reportBody('60名村民堵塞县道', 60))).json()
      .caseId as string;
    const fields = {
      time: '09:00',
      place: '县道X201',
      source: '村委会电话',
      scene: '车辆无法通行',
      participants: 60,
    };
    const sent = await as(town, 'POST', `/api/incidents/${caseId}/events/sitrep.submitted`, {
      id: uuidv7(),
      data: {
        to: { level: 'county' },
        kind: 'initial',
        fields,
        document: {
          issuer: '示范镇维稳办',
          number: '示范镇维稳〔2026〕3号',
          signer: '王镇长',
          urgency: 'extra_urgent',
        },
      },
    });
    expect(sent.statusCode).toBe(201);
    const sitrepId = sent.json().events[0].id as string;
    // the report whole, for its document: to the sender and the addressee, not to another town
    const whole = await as(county, 'GET', `/api/sitreps/${sitrepId}`);
    expect(whole.statusCode).toBe(200);
    expect(whole.json()).toMatchObject({
      caseId,
      kind: 'initial',
      to: { jurisdiction: 'c1' },
      from: { jurisdiction: 't1' },
      fields,
      document: {
        issuer: '示范镇维稳办',
        number: '示范镇维稳〔2026〕3号',
        signer: '王镇长',
        urgency: 'extra_urgent',
      },
      acknowledged: null,
    });
    expect((await as(town, 'GET', `/api/sitreps/${sitrepId}`)).statusCode).toBe(200);
    expect((await as(otherTown, 'GET', `/api/sitreps/${sitrepId}`)).statusCode).toBe(404);
    const badUrgency = await as(town, 'POST', `/api/incidents/${caseId}/events/sitrep.submitted`, {
      id: uuidv7(),
      data: { to: { level: 'county' }, kind: 'update', fields, document: { urgency: 'asap' } },
    });
    expect(badUrgency.statusCode).toBe(400);

    const [r] = await received(county, '?open=true');
    expect(r).toMatchObject({
      eventId: sitrepId,
      caseId,
      title: '60名村民堵塞县道',
      kind: 'initial',
      toLevel: 'county',
      toJurisdiction: 'c1',
      from: { jurisdiction: 't1', role: 'officer' },
      fields,
      acknowledged: null,
      mayAcknowledge: true,
    });
    // a leader reads it too, and may acknowledge it; the sender's town has received nothing
    expect((await received(countyLeader))[0]?.mayAcknowledge).toBe(true);
    expect(await received(town)).toEqual([]);
    expect(await received(otherTown)).toEqual([]);

    const ack = (who: Login, body: object = {}) =>
      as(who, 'POST', `/api/sitreps/${sitrepId}/acknowledgement`, { id: uuidv7(), ...body });
    // the sender does not acknowledge its own report, another town cannot see it, nor any report that is none
    expect((await ack(town)).statusCode).toBe(403);
    expect((await ack(otherTown)).statusCode).toBe(404);
    expect(
      (await as(county, 'POST', `/api/sitreps/${uuidv7()}/acknowledgement`, { id: uuidv7() })).statusCode,
    ).toBe(404);
    // nor through the incident's record route
    const direct = await as(county, 'POST', `/api/incidents/${caseId}/events/sitrep.acknowledged`, {
      id: uuidv7(),
      data: { sitrepId },
    });
    expect(direct.statusCode).toBe(403);

    const ok = await ack(county, { note: '县维稳办已收悉，已报分管领导' });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().events[0]).toMatchObject({
      type: 'sitrep.acknowledged',
      data: { sitrepId, note: '县维稳办已收悉，已报分管领导' },
    });
    // once: a second acknowledgement is refused
    expect((await ack(countyLeader)).statusCode).toBe(409);
    expect(await received(county, '?open=true')).toEqual([]);
    expect((await received(county))[0]).toMatchObject({
      acknowledged: { role: 'officer' },
      mayAcknowledge: false,
    });
    // the town reads the acknowledgement on its incident's timeline
    const detail = (await as(town, 'GET', `/api/incidents/${caseId}`)).json();
    expect(detail.timeline.find((e: { type: string }) => e.type === 'sitrep.acknowledged')).toMatchObject({
      data: { sitrepId },
      actor: { role: 'officer', username: 'officer-c1' },
    });
  });
});
