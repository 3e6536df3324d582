import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/core/accounts/accounts.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { parseLedger, writeLedger, XLSX_TYPE } from '../../src/server/dispute/ledger.xlsx.ts';
import { webhookEgress } from '../../src/server/notifications/egress.ts';
import { type ApiFixture, apiFixture, type Login, reportBody } from '../support/api.ts';
import { fakeResolver } from '../support/resolver.ts';

/**
 * Every route × every role × the incident's own, a child, a sibling and the parent
 * jurisdiction of the caller: nothing leaks, nothing legitimate is refused.
 * The incident lives in town t1; callers sit in t1 (own), v1 (a village below t1: child),
 * t2 (sibling town) and c1 (the county above: parent).
 */
const WHERE = { own: 't1', child: 'v1', sibling: 't2', parent: 'c1' } as const;
type Where = keyof typeof WHERE;
const RECORDERS = new Set(['admin', 'commander', 'officer', 'recorder']);
const sees = (w: Where) => w === 'own' || w === 'parent';
const disputeBody = (title: string) => ({
  id: uuidv7(),
  data: {
    title,
    summary: '补偿款分配有异议',
    source: 'visit',
    category: 'requisition',
    sides: [{ kind: 'group', description: '部分村民' }],
  },
});

const roundBody = () => ({
  id: uuidv7(),
  data: {
    roundId: uuidv7(),
    kind: 'daily',
    scope: '全镇',
    participants: [{ unit: '镇综治中心' }],
    zeroReport: true,
  },
});

describe('authorization matrix', () => {
  let fx: ApiFixture | undefined;
  let app: FastifyInstance;
  let caseId: string;
  let disputeId: string;
  let registerId: string;
  const clock = new ManualClock('2026-05-11T01:00:00Z');
  let sessions: Map<string, Login>;

  beforeAll(async () => {
    const accounts = ROLES.flatMap((role) =>
      Object.entries(WHERE).map(([w, code]) => [`${role}-${w}`, role, code] as [string, Role, string]),
    );
    // names resolve through a table, never the network
    const webhooks = webhookEgress(
      {},
      { resolve: fakeResolver({ 'hooks.example.org': ['93.184.215.14'] }).resolve },
    );
    fx = await apiFixture('sqlite', clock, {
      tree: [
        ['c1', 'county'],
        ['t1', 'town', 'c1'],
        ['t2', 'town', 'c1'],
        ['v1', 'village', 't1'],
      ],
      users: accounts,
      app: { webhookEgress: webhooks },
      logins: accounts.map(([username]) => username),
    });
    ({ app, sessions } = fx);
    const created = await call('officer-own', 'POST', '/api/incidents', reportBody('堵路', 60));
    caseId = created.json().caseId;
    await call('officer-own', 'POST', `/api/incidents/${caseId}/events/escalation.requested`, {
      id: uuidv7(),
      data: { to: '县委县政府', reason: '请县领导到场' },
    });
    await call('officer-own', 'POST', `/api/incidents/${caseId}/events/demand.registered`, {
      id: uuidv7(),
      data: { demandId: 'd1', text: '补偿款', people: 60, department: '县自然资源局' },
    });
    disputeId = (await call('officer-own', 'POST', '/api/disputes', disputeBody('征地补偿纠纷'))).json()
      .caseId;
    registerId = (await call('officer-own', 'POST', '/api/screening/rounds', roundBody())).json().caseId;
  });
  afterAll(async () => {
    await fx?.close();
  });

  function call(who: string, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) {
    const s = sessions.get(who);
    return app.inject({
      method,
      url,
      payload,
      cookies: { huajie_session: s?.cookie ?? '' },
      headers: { 'x-csrf-token': s?.csrf ?? '' },
    });
  }

  const cases = ROLES.flatMap((role) => (Object.keys(WHERE) as Where[]).map((w) => [role, w] as const));

  it.each(cases)('%s in the %s jurisdiction', async (role, w) => {
    const who = `${role}-${w}`;
    // the list shows the incident exactly when it is in scope
    const list = (await call(who, 'GET', '/api/incidents'))
      .json()
      .incidents.map((i: { case_id: string }) => i.case_id);
    expect(list.includes(caseId)).toBe(sees(w));
    // the incident itself: 200 in scope, 404 (not revealed) outside
    expect((await call(who, 'GET', `/api/incidents/${caseId}`)).statusCode).toBe(sees(w) ? 200 : 404);
    // recording: recorders in scope may; read-only roles get 403; outside scope 404 (or 403 for read-only roles first)
    const rec = await call(who, 'POST', `/api/incidents/${caseId}/events/log.entry`, {
      id: uuidv7(),
      data: { text: `${who} 记录` },
    });
    const expected = !RECORDERS.has(role) ? 403 : sees(w) ? 201 : 404;
    expect(rec.statusCode).toBe(expected);
    // reporting in one's own jurisdiction: recorders yes, read-only roles no
    const report = await call(who, 'POST', '/api/incidents', reportBody('聚集', 12));
    expect(report.statusCode).toBe(RECORDERS.has(role) ? 201 : 403);
    // reporting into a jurisdiction outside one's own subtree is refused
    const elsewhere = await call(
      who,
      'POST',
      '/api/incidents',
      reportBody('聚集', 12, { jurisdiction: w === 'sibling' ? 't1' : 't2' }),
    );
    const mayThere = w === 'parent'; // the county covers t2 (and t1)
    expect(elsewhere.statusCode).toBe(!RECORDERS.has(role) ? 403 : mayThere ? 201 : 403);
    // the dispute ledger: the same scope, the same recorders
    const ledger = (await call(who, 'GET', '/api/disputes'))
      .json()
      .disputes.map((d: { case_id: string }) => d.case_id);
    expect(ledger.includes(disputeId)).toBe(sees(w));
    expect((await call(who, 'GET', `/api/disputes/${disputeId}`)).statusCode).toBe(sees(w) ? 200 : 404);
    const progress = await call(who, 'POST', `/api/disputes/${disputeId}/events/progress.noted`, {
      id: uuidv7(),
      data: { text: `${who} 跟进` },
    });
    expect(progress.statusCode).toBe(!RECORDERS.has(role) ? 403 : sees(w) ? 201 : 404);
    const registered = await call(who, 'POST', '/api/disputes', disputeBody('邻里纠纷'));
    expect(registered.statusCode).toBe(RECORDERS.has(role) ? 201 : 403);
    // the ledger in Excel: exported as it is listed, imported by recorders into their own part
    // of the tree (the same file into the same jurisdiction again: a retry)
    const listed = (await call(who, 'GET', '/api/disputes?limit=500')).json().disputes.length;
    const exported = await parseLedger((await call(who, 'GET', '/api/disputes.xlsx')).rawPayload);
    expect(exported.ok ? exported.rows.length : 0).toBe(listed);
    const file = await writeLedger([
      {
        registeredOn: '2026-05-10',
        source: 'visit',
        category: 'neighbour',
        summary: `${who} 台账导入`,
        people: 3,
        unit: '镇司法所',
        leadPosition: '分管副镇长',
        dueOn: '2026-06-10',
        progress: null,
        resolved: false,
      },
    ]);
    const upload = (q: string) => {
      const s = sessions.get(who);
      return app.inject({
        method: 'POST',
        url: `/api/disputes/import${q}`,
        payload: file,
        cookies: { huajie_session: s?.cookie ?? '' },
        headers: { 'x-csrf-token': s?.csrf ?? '', 'content-type': XLSX_TYPE },
      });
    };
    expect((await upload('')).statusCode).toBe(RECORDERS.has(role) ? 201 : 403);
    expect((await upload('?jurisdiction=t1')).statusCode).toBe(
      !RECORDERS.has(role) ? 403 : w === 'own' ? 200 : w === 'parent' ? 201 : 403,
    );
    // screening: the registers in scope, rounds by recorders
    const screening = (await call(who, 'GET', '/api/screening'))
      .json()
      .registers.map((g: { case_id: string }) => g.case_id);
    expect(screening.includes(registerId)).toBe(sees(w));
    expect((await call(who, 'GET', `/api/screening/registers/${registerId}`)).statusCode).toBe(
      sees(w) ? 200 : 404,
    );
    const roundThere = await call(
      who,
      'POST',
      `/api/screening/registers/${registerId}/events/screening.round.recorded`,
      roundBody(),
    );
    expect(roundThere.statusCode).toBe(!RECORDERS.has(role) ? 403 : sees(w) ? 201 : 404);
    const roundHere = await call(who, 'POST', '/api/screening/rounds', roundBody());
    expect(roundHere.statusCode).toBe(RECORDERS.has(role) ? 201 : 403);
    const opened = await call(who, 'POST', '/api/screening/registers', {});
    expect(opened.statusCode).toBe(RECORDERS.has(role) ? 200 : 403);

    // everyone logged in sees themselves
    expect((await call(who, 'GET', '/api/me')).json().user.username).toBe(who);

    // the escalation to the county is on the county's board only
    const esc = (await call(who, 'GET', '/api/escalations')).json().escalations;
    expect(esc.map((e: { case_id: string }) => e.case_id)).toEqual(w === 'parent' ? [caseId] : []);
    // the tree: one's own part of it
    const tree = (await call(who, 'GET', '/api/jurisdictions'))
      .json()
      .jurisdictions.map((j: { code: string }) => j.code);
    expect(tree.includes('t1')).toBe(sees(w));
    expect(tree.includes('t2')).toBe(w === 'parent' || w === 'sibling');

    // administration: admins only, and only in scope (404 where a thing is not theirs to see)
    const admin = role === 'admin';
    const users = await call(who, 'GET', '/api/users');
    expect(users.statusCode).toBe(admin ? 200 : 403);
    if (admin)
      expect(users.json().users.some((u: { username: string }) => u.username === 'officer-own')).toBe(
        sees(w),
      );
    const addJ = await call(who, 'POST', '/api/jurisdictions', {
      code: `u-${role}-${w}`,
      name: '单位',
      level: 'unit',
      parent: 't1',
    });
    expect(addJ.statusCode).toBe(admin ? (sees(w) ? 201 : 403) : 403);
    const patchJ = await call(who, 'PATCH', '/api/jurisdictions/t1', { name: 't1' });
    expect(patchJ.statusCode).toBe(admin ? (sees(w) ? 200 : 404) : 403);
    expect((await call(who, 'GET', '/api/webhooks')).statusCode).toBe(admin ? 200 : 403);
    const hook = await call(who, 'POST', '/api/webhooks', {
      jurisdiction: 't1',
      name: 'duty office',
      url: 'https://hooks.example.org/t1',
      format: 'json',
      kinds: ['incident'],
    });
    expect(hook.statusCode).toBe(admin ? (sees(w) ? 201 : 403) : 403);
    const deliveries = await call(who, 'GET', '/api/notifications');
    expect(deliveries.statusCode).toBe(admin || role === 'auditor' ? 200 : 403);

    // a demand's reply channel: kept by recorders, read (with a reason) by those who answer,
    // its access log read by commanders, admins and auditors
    const channel = `/api/incidents/${caseId}/demands/d1/reply-channel`;
    const put = await call(who, 'PUT', channel, { channel: '村委会转交' });
    expect(put.statusCode).toBe(!RECORDERS.has(role) ? 403 : sees(w) ? 204 : 404);
    const read = await call(who, 'POST', `${channel}/read`, { reason: '送达书面答复' });
    const reader = ['commander', 'officer', 'recorder'].includes(role);
    expect(read.statusCode).toBe(!reader ? 403 : sees(w) ? 200 : 404);
    const reads = await call(who, 'GET', `/api/incidents/${caseId}/reply-channel-reads`);
    expect(reads.statusCode).toBe(
      !['admin', 'auditor', 'commander'].includes(role) ? 403 : sees(w) ? 200 : 404,
    );

    // a dispute side's representatives' contact: the same roles as a reply channel; which sides
    // have one (never the contact) to anyone who sees the dispute
    const contact = `/api/disputes/${disputeId}/sides/0/contact`;
    const keep = await call(who, 'PUT', contact, { contact: '村委会转交' });
    expect(keep.statusCode).toBe(!RECORDERS.has(role) ? 403 : sees(w) ? 204 : 404);
    const readContact = await call(who, 'POST', `${contact}/read`, { reason: '送达调解通知' });
    expect(readContact.statusCode).toBe(!reader ? 403 : sees(w) ? 200 : 404);
    const kept = await call(who, 'GET', `/api/disputes/${disputeId}/contacts`);
    expect(kept.statusCode).toBe(sees(w) ? 200 : 404);
    const contactReads = await call(who, 'GET', `/api/disputes/${disputeId}/contact-reads`);
    expect(contactReads.statusCode).toBe(
      !['admin', 'auditor', 'commander'].includes(role) ? 403 : sees(w) ? 200 : 404,
    );
  });

  it('refuses everything but login and health to a caller with no session', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/incidents' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: `/api/incidents/${caseId}` })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/me' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/api/incidents', payload: {} })).statusCode).toBe(401);
  });
});
