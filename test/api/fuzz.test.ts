import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { DisputeEventData } from '../../src/core/dispute/dispute.events.ts';
import { EventData } from '../../src/core/incident/incident.events.ts';
import { ScreeningEventData } from '../../src/core/screening/screening.events.ts';
import { writeLedger, XLSX_TYPE } from '../../src/server/dispute/ledger.xlsx.ts';
import { webhookEgress } from '../../src/server/notifications/egress.ts';
import type { EventStore } from '../../src/server/store/event-store.ts';
import { type ApiFixture, apiFixture, reportBody } from '../support/api.ts';
import { fakeResolver } from '../support/resolver.ts';

/** Malformed and hostile requests: never a 5xx, every 4xx names the problem, the log untouched. */
describe('fuzzing every route', () => {
  let fx: ApiFixture | undefined;
  let store: EventStore;
  let app: FastifyInstance;
  let auth: { cookies: Record<string, string>; headers: Record<string, string> };
  let caseId: string;
  let admin: { cookies: Record<string, string>; headers: Record<string, string> };
  let webhookId: string;
  let disputeId: string;
  const clock = new ManualClock('2026-05-11T01:00:00Z');

  beforeAll(async () => {
    fx = await apiFixture('sqlite', clock, {
      tree: [['t1', 'county']],
      users: [
        ['commander', 'commander', 't1'],
        ['admin', 'admin', 't1'],
      ],
      // names resolve through a table, never the network
      app: {
        webhookEgress: webhookEgress(
          {},
          { resolve: fakeResolver({ 'h.example.org': ['93.184.215.14'] }).resolve },
        ),
      },
      logins: ['commander', 'admin'],
    });
    ({ store, app } = fx);
    ({ auth } = fx.session('commander'));
    const r = await app.inject({
      method: 'POST',
      url: '/api/incidents',
      ...auth,
      payload: reportBody('堵路', 60),
    });
    caseId = r.json().caseId;
    admin = fx.session('admin').auth;
    await app.inject({
      method: 'POST',
      url: `/api/incidents/${caseId}/events/demand.registered`,
      ...auth,
      payload: { id: uuidv7(), data: { demandId: 'd1', text: '补偿', people: 10, department: '县局' } },
    });
    const h = await app.inject({
      method: 'POST',
      url: '/api/webhooks',
      ...admin,
      payload: {
        jurisdiction: 't1',
        name: 'x',
        url: 'https://h.example.org/x',
        format: 'json',
        kinds: ['incident'],
      },
    });
    webhookId = h.json().webhook.id;
    const d = await app.inject({
      method: 'POST',
      url: '/api/disputes',
      ...auth,
      payload: {
        id: uuidv7(),
        data: {
          title: '欠薪纠纷',
          summary: '工程款拖欠',
          source: 'visit',
          category: 'labour',
          sides: [{ kind: 'group', description: '务工人员' }],
        },
      },
    });
    disputeId = d.json().caseId;
  });
  afterAll(async () => {
    await fx?.close();
  });

  const types = [...Object.keys(EventData), 'x', 'incident..reported', '../../etc', '%00', '事件'];
  const hostile = fc.oneof(
    fc.jsonValue(),
    fc.record(
      { id: fc.oneof(fc.uuid(), fc.constant(uuidv7()), fc.string()), data: fc.jsonValue() },
      { requiredKeys: [] },
    ),
    fc.record({
      id: fc.constant('x'),
      data: fc.dictionary(fc.string(), fc.jsonValue()),
      expectedSeq: fc.jsonValue(),
    }),
    fc.constantFrom(
      { id: uuidv7(), data: { __proto__: { admin: true } } },
      { constructor: { prototype: {} } },
      { id: uuidv7(), data: { text: 'x'.repeat(100_000) } },
    ),
  );

  it('answers malformed and hostile bodies with a 4xx that names the problem, and writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...types),
        hostile,
        fc.constantFrom('events', 'report'),
        async (type, body, route) => {
          const before = (await store.head(caseId))?.seq;
          const url =
            route === 'report'
              ? '/api/incidents'
              : `/api/incidents/${caseId}/events/${encodeURIComponent(type)}`;
          const res = await app.inject({ method: 'POST', url, ...auth, payload: body as object });
          expect(res.statusCode, res.body).toBeLessThan(500);
          if (res.statusCode >= 400) {
            const b = res.json();
            expect(typeof b.error).toBe('string');
            expect(String(b.message).length).toBeGreaterThan(3);
            expect(res.body).not.toMatch(/\n\s+at /); // no stack trace
            expect((await store.head(caseId))?.seq).toBe(before);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('answers hostile bodies on the dispute routes with a 4xx that names the problem, and writes nothing', async () => {
    const disputeTypes = [...Object.keys(DisputeEventData), 'x', 'dispute..registered', '%00', '纠纷'];
    const disputes = async () => (await store.db.selectFrom('disputes').select('case_id').execute()).length;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...disputeTypes),
        hostile,
        fc.constantFrom('events', 'register', 'import'),
        async (type, body, route) => {
          const before = [(await store.head(disputeId))?.seq, await disputes()];
          const url =
            route === 'register'
              ? '/api/disputes'
              : route === 'import'
                ? '/api/disputes/import'
                : `/api/disputes/${disputeId}/events/${encodeURIComponent(type)}`;
          const res = await app.inject({ method: 'POST', url, ...auth, payload: body as object });
          expect(res.statusCode, res.body).toBeLessThan(500);
          if (res.statusCode >= 400) {
            expect(typeof res.json().error).toBe('string');
            expect(String(res.json().message).length).toBeGreaterThan(3);
            expect(res.body).not.toMatch(/\n\s+at /);
            expect([(await store.head(disputeId))?.seq, await disputes()]).toEqual(before);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('answers hostile bodies on the screening routes with a 4xx that names the problem, and writes nothing', async () => {
    const opened = await app.inject({
      method: 'POST',
      url: '/api/screening/rounds',
      ...auth,
      payload: {
        id: uuidv7(),
        data: {
          roundId: 'r0',
          kind: 'daily',
          scope: '全镇',
          participants: [{ unit: '综治中心' }],
          zeroReport: true,
        },
      },
    });
    expect(opened.statusCode).toBe(201);
    const registerId = opened.json().caseId as string;
    const screeningTypes = [...Object.keys(ScreeningEventData), 'x', 'screening..opened', '%00', '排查'];
    const rounds = async () =>
      (await store.db.selectFrom('screening_rounds').select('round_id').execute()).length;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...screeningTypes),
        hostile,
        fc.constantFrom('events', 'rounds', 'registers'),
        async (type, body, route) => {
          const before = [(await store.head(registerId))?.seq, await rounds()];
          const url =
            route === 'rounds'
              ? '/api/screening/rounds'
              : route === 'registers'
                ? '/api/screening/registers'
                : `/api/screening/registers/${registerId}/events/${encodeURIComponent(type)}`;
          const res = await app.inject({ method: 'POST', url, ...auth, payload: body as object });
          expect(res.statusCode, res.body).toBeLessThan(500);
          if (res.statusCode >= 400) {
            expect(typeof res.json().error).toBe('string');
            expect(String(res.json().message).length).toBeGreaterThan(3);
            expect(res.body).not.toMatch(/\n\s+at /);
            expect([(await store.head(registerId))?.seq, await rounds()]).toEqual(before);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('answers any bytes sent as a ledger (.xlsx) with a 4xx that names the problem, and writes nothing', async () => {
    const disputes = async () => (await store.db.selectFrom('disputes').select('case_id').execute()).length;
    const zip = Buffer.from('PK\u0003\u0004', 'latin1');
    const ledger = await writeLedger([]);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 4096 }).map((b) => Buffer.from(b)),
          fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.concat([zip, b])),
          // a ledger cut short, or with bytes of it changed
          fc.nat({ max: ledger.length }).map((n) => ledger.subarray(0, n)),
          fc
            .tuple(fc.nat({ max: ledger.length - 1 }), fc.integer({ min: 0, max: 255 }))
            .map(([at, byte]) =>
              Buffer.concat([ledger.subarray(0, at), Buffer.from([byte]), ledger.subarray(at + 1)]),
            ),
        ),
        fc.constantFrom(XLSX_TYPE, 'application/octet-stream', 'text/csv', 'multipart/form-data; boundary=x'),
        async (bytes, type) => {
          const before = await disputes();
          const res = await app.inject({
            method: 'POST',
            url: '/api/disputes/import',
            cookies: auth.cookies,
            headers: { ...auth.headers, 'content-type': type },
            payload: bytes,
          });
          expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
          expect(res.statusCode, res.body).toBeLessThan(500);
          expect(typeof res.json().error).toBe('string');
          expect(String(res.json().message).length).toBeGreaterThan(3);
          expect(res.body).not.toMatch(/\n\s+at /);
          expect(await disputes()).toBe(before);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('answers hostile bodies on the administration and reply-channel routes with a 4xx, changing nothing', async () => {
    const routes: [method: 'POST' | 'PATCH' | 'PUT', url: () => string, who: 'admin' | 'commander'][] = [
      ['POST', () => '/api/jurisdictions', 'admin'],
      ['PATCH', () => '/api/jurisdictions/t1', 'admin'],
      ['POST', () => '/api/users', 'admin'],
      ['PATCH', () => '/api/users/nobody', 'admin'],
      ['POST', () => '/api/webhooks', 'admin'],
      ['PATCH', () => `/api/webhooks/${webhookId}`, 'admin'],
      ['POST', () => `/api/notifications/${uuidv7()}/retry`, 'admin'],
      ['PUT', () => `/api/incidents/${caseId}/demands/d1/reply-channel`, 'commander'],
      ['POST', () => `/api/incidents/${caseId}/demands/d1/reply-channel/read`, 'commander'],
      ['PUT', () => `/api/disputes/${disputeId}/sides/0/contact`, 'commander'],
      ['POST', () => `/api/disputes/${disputeId}/sides/0/contact/read`, 'commander'],
    ];
    const snapshot = async () =>
      JSON.stringify(
        await Promise.all([
          store.db.selectFrom('jurisdictions').selectAll().orderBy('code').execute(),
          store.db.selectFrom('users').select(['id', 'role', 'disabled']).orderBy('id').execute(),
          store.db.selectFrom('webhooks').selectAll().orderBy('id').execute(),
          store.db.selectFrom('reply_channels').selectAll().execute(),
          store.db.selectFrom('reply_channel_reads').selectAll().execute(),
          store.db.selectFrom('representative_contacts').selectAll().execute(),
          store.db.selectFrom('representative_contact_reads').selectAll().execute(),
        ]),
      );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), hostile, async ([method, url, who], body) => {
        const before = await snapshot();
        const res = await app.inject({
          method,
          url: url(),
          ...(who === 'admin' ? admin : auth),
          payload: body as object,
        });
        expect(res.statusCode, res.body).toBeLessThan(500);
        if (res.statusCode >= 400) {
          expect(typeof res.json().error).toBe('string');
          expect(String(res.json().message).length).toBeGreaterThan(3);
          expect(res.body).not.toMatch(/\n\s+at /);
          expect(await snapshot()).toBe(before);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('answers bodies that are not JSON at all with 400', async () => {
    for (const payload of ['{', 'null', '[]', '"text"', '\u0000', '{"id": }']) {
      const res = await app.inject({
        method: 'POST',
        url: `/api/incidents/${caseId}/events/log.entry`,
        ...auth,
        payload,
        headers: { ...auth.headers, 'content-type': 'application/json' },
      });
      expect(res.statusCode, payload).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, payload).toBeLessThan(500);
    }
  });

  it('answers hostile query strings and ids on the read routes without a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), fc.string(), async (id, status) => {
        const a = await app.inject({
          method: 'GET',
          url: `/api/incidents/${encodeURIComponent(id)}`,
          ...auth,
        });
        const b = await app.inject({
          method: 'GET',
          url: `/api/incidents?status=${encodeURIComponent(status)}`,
          ...auth,
        });
        const c = await app.inject({
          method: 'GET',
          url: `/api/escalations?since=${encodeURIComponent(id)}&limit=${encodeURIComponent(status)}`,
          ...auth,
        });
        const d = await app.inject({
          method: 'GET',
          url: `/api/notifications?status=${encodeURIComponent(status)}&caseId=${encodeURIComponent(id)}`,
          ...admin,
        });
        expect(a.statusCode).toBeLessThan(500);
        expect(b.statusCode).toBeLessThan(500);
        expect(c.statusCode).toBeLessThan(500);
        expect(d.statusCode).toBeLessThan(500);
        const e = await app.inject({
          method: 'GET',
          url: `/api/disputes?status=${encodeURIComponent(status)}&risk=${encodeURIComponent(id)}&limit=${encodeURIComponent(id)}`,
          ...auth,
        });
        const f = await app.inject({
          method: 'GET',
          url: `/api/disputes/${encodeURIComponent(id)}`,
          ...auth,
        });
        const g = await app.inject({
          method: 'GET',
          url: `/api/disputes.xlsx?status=${encodeURIComponent(status)}&unit=${encodeURIComponent(id)}&limit=${encodeURIComponent(id)}`,
          ...auth,
        });
        expect(e.statusCode).toBeLessThan(500);
        expect(f.statusCode).toBeLessThan(500);
        expect(g.statusCode).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });
});
