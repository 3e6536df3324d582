import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { beforeEach, describe, expect, it } from 'vitest';
import { apiFixture, type Login, reportBody } from '../../../test/support/api.ts';
import { sse } from '../../../test/support/sse.ts';
import { engines, pgInfo, type TestDb } from '../../../test/support/stores.ts';
import { ManualClock } from '../../core/clock.ts';

describe.each(engines())('live streams: $engine', ({ engine, skip }) => {
  let db: TestDb;
  let app: FastifyInstance;
  let base: string;
  const clock = new ManualClock('2026-05-11T01:00:00Z');
  let session: Map<string, Login>;

  beforeEach(async (ctx) => {
    if (skip) ctx.skip();
    ({
      db,
      app,
      base,
      sessions: session,
    } = await apiFixture(engine, clock, {
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
      listen: true,
      logins: ['officer-t1', 'officer-t2', 'leader-c1'],
    }));
  });

  const as = (u: string) => session.get(u)?.auth ?? {};
  const report = (u: string, title: string) =>
    app.inject({ method: 'POST', url: '/api/incidents', ...as(u), payload: reportBody(title, 15) });
  const log = (u: string, caseId: string, text: string) =>
    app.inject({
      method: 'POST',
      url: `/api/incidents/${caseId}/events/log.entry`,
      ...as(u),
      payload: { id: uuidv7(), data: { text } },
    });

  it('delivers each event once to those whose scope covers it, and to nobody else', async () => {
    const county = sse(base, '/api/stream', session.get('leader-c1')?.cookie ?? '');
    const t2 = sse(base, '/api/stream', session.get('officer-t2')?.cookie ?? '');
    await expect.poll(() => app.broadcaster.size).toBe(2);
    const inT1 = (await report('officer-t1', 't1的事件')).json().caseId;
    const inT2 = (await report('officer-t2', 't2的事件')).json().caseId;
    await expect.poll(() => t2.events.some((f) => f.data.caseId === inT2), { timeout: 5000 }).toBe(true);
    await expect.poll(() => county.events.some((f) => f.data.caseId === inT2), { timeout: 5000 }).toBe(true);
    // ordered fan-out: by the time t2's own event arrived, t1's would have, had it been sent
    expect(t2.events.some((f) => f.data.caseId === inT1)).toBe(false);
    expect(county.events.filter((f) => f.data.caseId === inT1).map((f) => f.data.type)[0]).toBe(
      'incident.reported',
    );
    const ids = county.events.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    county.close();
    t2.close();
  });

  it("delivers a dispute's events to those whose scope covers it, and to nobody else", async () => {
    const county = sse(base, '/api/stream', session.get('leader-c1')?.cookie ?? '');
    const t2 = sse(base, '/api/stream', session.get('officer-t2')?.cookie ?? '');
    await expect.poll(() => app.broadcaster.size).toBe(2);
    const registered = await app.inject({
      method: 'POST',
      url: '/api/disputes',
      ...as('officer-t1'),
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
    expect(registered.statusCode).toBe(201);
    const caseId = registered.json().caseId as string;
    const accepted = await app.inject({
      method: 'POST',
      url: `/api/disputes/${caseId}/events/dispute.accepted`,
      ...as('officer-t1'),
      payload: { id: uuidv7(), data: {} },
    });
    expect(accepted.statusCode).toBe(201);
    /** each event of the dispute the county saw: its type, and the duty it is about */
    const seen = () =>
      county.events
        .filter((f) => f.data.caseId === caseId)
        .map((f) => {
          const duty = (f.data as { data?: { dutyId?: string } }).data?.dutyId;
          return duty ? `${f.data.type} ${duty}` : f.data.type;
        });
    await expect.poll(seen, { timeout: 5000 }).toEqual([
      'dispute.registered',
      // the duties of the plan t1 runs (town-mass-incident's disputes): to accept it and to
      // assign it, from its registration …
      'duty.started accept',
      'duty.started assign',
      'dispute.accepted',
      // … its acceptance meets the first and starts the time to handle it
      'duty.met accept',
      'duty.started handle',
    ]);
    // t2 is another town: its own report arrives, the dispute of t1 never does
    const inT2 = (await report('officer-t2', 't2的事件')).json().caseId;
    await expect.poll(() => t2.events.some((f) => f.data.caseId === inT2), { timeout: 5000 }).toBe(true);
    expect(t2.events.some((f) => f.data.caseId === caseId)).toBe(false);
    county.close();
    t2.close();
  });

  it('resumes from Last-Event-ID without losing anything appended while away', async () => {
    const caseId = (await report('officer-t1', '断线重连')).json().caseId;
    const first = sse(base, `/api/incidents/${caseId}/stream`, session.get('officer-t1')?.cookie ?? '');
    await expect.poll(() => app.broadcaster.size).toBe(1);
    await log('officer-t1', caseId, '第一条');
    // a stream without Last-Event-ID starts where the fan-out is: on a busy PostgreSQL server
    // that can be before the report's own events (at least once), so count the entries
    const entries = () => first.events.filter((f) => f.data.type === 'log.entry');
    await expect.poll(() => entries().length, { timeout: 5000 }).toBe(1);
    const lastSeen = entries()[0]?.id ?? 0;
    first.close();
    await expect.poll(() => app.broadcaster.size).toBe(0);
    for (const t of ['第二条', '第三条', '第四条']) await log('officer-t1', caseId, t);
    const second = sse(base, `/api/incidents/${caseId}/stream`, session.get('officer-t1')?.cookie ?? '', {
      lastEventId: lastSeen,
    });
    await expect.poll(() => second.events.length, { timeout: 5000 }).toBe(3);
    await log('officer-t1', caseId, '第五条');
    await expect.poll(() => second.events.length, { timeout: 5000 }).toBe(4);
    const seqs = second.events.map((f) => f.data.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(second.events.every((f) => f.id > lastSeen)).toBe(true);
    second.close();
  });

  it('delivers an event committed while another transaction is open, at the latest once it ends, with no append after it', async () => {
    const caseId = (await report('officer-t1', '长事务')).json().caseId;
    const watch = sse(base, `/api/incidents/${caseId}/stream`, session.get('officer-t1')?.cookie ?? '');
    await expect.poll(() => app.broadcaster.size).toBe(1);
    if (engine === 'sqlite') {
      // a reader's open transaction never holds back what the writer commits
      const reader = new Database(db.url.slice('sqlite:'.length), { readonly: true });
      try {
        reader.exec('BEGIN');
        reader.prepare('SELECT count(*) FROM events').get();
        await log('officer-t1', caseId, '长事务期间的记录');
        await expect.poll(() => watch.events.length, { timeout: 3000 }).toBe(1);
        reader.exec('ROLLBACK');
      } finally {
        reader.close();
        watch.close();
      }
      return;
    }
    // PostgreSQL: a transaction with an id, open in another database of the same server
    const other = new pg.Client({ connectionString: pgInfo().url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT pg_current_xact_id()');
      await log('officer-t1', caseId, '长事务期间的记录');
      // (the report's own events may come late on a busy server: count the entry alone)
      const entries = () => watch.events.filter((f) => f.data.type === 'log.entry');
      await new Promise((r) => setTimeout(r, 300));
      expect(entries()).toHaveLength(0); // committed, but not yet safe to read in order
      await other.query('ROLLBACK');
      await expect.poll(() => entries().length, { timeout: 3000 }).toBe(1);
    } finally {
      await other.end();
      watch.close();
    }
  });

  it('refuses a stream without a session, and another jurisdiction’s incident', async () => {
    const caseId = (await report('officer-t1', '越权')).json().caseId;
    expect((await app.inject({ method: 'GET', url: '/api/stream' })).statusCode).toBe(401);
    expect(
      (await app.inject({ method: 'GET', url: `/api/incidents/${caseId}/stream`, ...as('officer-t2') }))
        .statusCode,
    ).toBe(404);
    expect(
      (
        await app.inject({
          method: 'GET',
          url: '/api/stream',
          ...as('officer-t1'),
          headers: { 'last-event-id': 'abc' },
        })
      ).statusCode,
    ).toBe(400);
  });
});
