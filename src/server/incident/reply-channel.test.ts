import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { beforeEach, describe, expect, it } from 'vitest';
import { type ApiFixture, apiFixture, type Login, login, reportBody } from '../../../test/support/api.ts';
import { engines } from '../../../test/support/stores.ts';
import { ManualClock } from '../../core/clock.ts';
import { rebuild } from '../projections/rebuild.ts';
import { projections } from '../projections/registry.ts';
import type { EventStore } from '../store/event-store.ts';

describe.each(engines())('demand reply channels: $engine', ({ engine, skip }) => {
  let fx: ApiFixture;
  let store: EventStore;
  let app: FastifyInstance;
  const clock = new ManualClock('2026-05-11T01:00:00Z');
  let officer: Login;
  let caseId: string;
  let base: string;

  beforeEach(async (ctx) => {
    if (skip) ctx.skip();
    fx = await apiFixture(engine, clock, {
      tree: [
        ['c1', 'county'],
        ['t1', 'town', 'c1'],
        ['t2', 'town', 'c1'],
      ],
      users: [
        ['officer-t1', 'officer', 't1'],
        ['commander-t1', 'commander', 't1'],
        ['leader-t1', 'leader', 't1'],
        ['officer-t2', 'officer', 't2'],
        ['auditor-c1', 'auditor', 'c1'],
        ['admin-c1', 'admin', 'c1'],
      ],
      logins: ['officer-t1'],
    });
    ({ store, app } = fx);
    officer = fx.session('officer-t1');
    caseId = (await as(officer, 'POST', '/api/incidents', reportBody('讨薪', 30))).json().caseId;
    const d = await as(officer, 'POST', `/api/incidents/${caseId}/events/demand.registered`, {
      id: uuidv7(),
      data: { demandId: 'd1', text: '支付拖欠工资', people: 30, department: '县人社局' },
    });
    expect(d.statusCode).toBe(201);
    base = `/api/incidents/${caseId}/demands/d1/reply-channel`;
  });

  const as = (who: Login, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    app.inject({ method, url, payload, ...who.auth });

  it('keeps a reply channel out of the log, logs every read with who, when and why, and purges it at closure', async () => {
    expect((await as(officer, 'PUT', base, { channel: '代表 电话 138-0000-0000' })).statusCode).toBe(204);
    // the log never holds it
    const events = await store.readCase(caseId);
    expect(JSON.stringify(events)).not.toContain('138-0000-0000');
    // the incident shows that there is one, not what it is
    const detail = (await as(officer, 'GET', `/api/incidents/${caseId}`)).json();
    expect(detail.demands[0]).toMatchObject({ demand_id: 'd1', has_reply_channel: true });
    expect(JSON.stringify(detail)).not.toContain('138-0000-0000');

    // a read needs a reason; the reason is recorded with the reader
    const noReason = await as(officer, 'POST', `${base}/read`, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().message).toContain('reason');
    clock.advance(60_000);
    const read = await as(officer, 'POST', `${base}/read`, { reason: '电话告知县人社局答复意见' });
    expect(read.statusCode).toBe(200);
    expect(read.json().channel).toBe('代表 电话 138-0000-0000');
    // who may not read it: leaders, admins, auditors; and nobody outside the jurisdiction
    for (const who of ['leader-t1', 'admin-c1', 'auditor-c1']) {
      const r = await as(await login(app, who), 'POST', `${base}/read`, { reason: '想看看联系方式' });
      expect(r.statusCode, who).toBe(403);
    }
    expect(
      (await as(await login(app, 'officer-t2'), 'POST', `${base}/read`, { reason: '想看看联系方式' }))
        .statusCode,
    ).toBe(404);

    // the access log, for auditors and commanders
    const log = await as(
      await login(app, 'auditor-c1'),
      'GET',
      `/api/incidents/${caseId}/reply-channel-reads`,
    );
    expect(log.statusCode).toBe(200);
    expect(log.json().reads).toEqual([
      {
        id: read.json().read.id,
        demand_id: 'd1',
        user_id: expect.any(String),
        username: 'officer-t1',
        role: 'officer',
        reason: '电话告知县人社局答复意见',
        at: '2026-05-11T01:01:00.000Z',
      },
    ]);
    expect((await as(officer, 'GET', `/api/incidents/${caseId}/reply-channel-reads`)).statusCode).toBe(403);
    // the database itself refuses to edit or erase the access log
    await expect(
      store.transaction((tx) => sql`UPDATE reply_channel_reads SET reason = 'x'`.execute(tx)),
    ).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(store.transaction((tx) => sql`DELETE FROM reply_channel_reads`.execute(tx))).rejects.toThrow(
      /append-only: DELETE refused/,
    );

    // closing the incident purges the channel, in the same transaction; the access log stays
    const close = await as(
      await login(app, 'commander-t1'),
      'POST',
      `/api/incidents/${caseId}/events/incident.closed`,
      {
        id: uuidv7(),
        data: { summary: '工资已支付，群众散去' },
      },
    );
    expect(close.statusCode).toBe(201);
    expect(await store.db.selectFrom('reply_channels').selectAll().execute()).toEqual([]);
    const gone = await as(officer, 'POST', `${base}/read`, { reason: '再次联系' });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().message).toContain('purged when the incident closed');
    const late = await as(officer, 'PUT', base, { channel: '新号码' });
    expect(late.statusCode).toBe(409);
    expect(late.json().message).toContain('closed');
    expect(
      (await as(await login(app, 'auditor-c1'), 'GET', `/api/incidents/${caseId}/reply-channel-reads`)).json()
        .reads,
    ).toHaveLength(1);
    // a rebuild of the read models brings nothing back
    await rebuild(store, projections);
    expect(await store.db.selectFrom('reply_channels').selectAll().execute()).toEqual([]);
  });

  it('refuses a channel for an unknown demand, and lets it be withdrawn', async () => {
    const unknown = await as(officer, 'PUT', `/api/incidents/${caseId}/demands/d9/reply-channel`, {
      channel: 'x',
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toContain('no demand d9');
    expect((await as(officer, 'PUT', base, { channel: '' })).statusCode).toBe(400);
    expect((await as(await login(app, 'leader-t1'), 'PUT', base, { channel: 'x' })).statusCode).toBe(403);
    await as(officer, 'PUT', base, { channel: '信件寄村委会' });
    expect((await as(officer, 'DELETE', base)).statusCode).toBe(204);
    expect((await as(officer, 'POST', `${base}/read`, { reason: '寄送书面答复' })).statusCode).toBe(404);
    // a failed read is not a read: nothing logged
    expect(await store.db.selectFrom('reply_channel_reads').selectAll().execute()).toEqual([]);
  });
});
