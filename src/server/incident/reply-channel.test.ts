import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { beforeEach, describe, expect, it } from 'vitest';
import { type ApiFixture, apiFixture, type Login, login, reportBody } from '../../../test/support/api.ts';
import { engines } from '../../../test/support/stores.ts';
import { ManualClock } from '../../core/clock.ts';
import { purgeContacts } from '../cases/contact-purge.ts';
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
    clock.set('2026-05-11T01:00:00Z'); // a test moves it by weeks
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

  it('keeps a reply channel out of the log, logs every read with who, when and why, and purges it a set time after 销号, not at closure', async () => {
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

    // closing the incident keeps the channel: answers are still owed after the crowd has gone
    const commander = await login(app, 'commander-t1');
    const close = await as(commander, 'POST', `/api/incidents/${caseId}/events/incident.closed`, {
      id: uuidv7(),
      data: { summary: '群众散去，转入化解' },
    });
    expect(close.statusCode).toBe(201);
    expect(await store.db.selectFrom('reply_channels').selectAll().execute()).toMatchObject([
      { demand_id: 'd1', settled_at: null },
    ]);
    expect((await as(officer, 'POST', `${base}/read`, { reason: '电话告知答复意见' })).statusCode).toBe(200);
    expect((await as(officer, 'PUT', base, { channel: '代表 电话 139-0000-0000' })).statusCode).toBe(204);

    // 已销号: the demand answered, the incident settled; the channel is stamped for the purge
    const answered = await as(officer, 'POST', `/api/incidents/${caseId}/events/demand.answered`, {
      id: uuidv7(),
      data: { demandId: 'd1', answer: '工资已于5月20日前支付' },
    });
    expect(answered.statusCode).toBe(201);
    clock.advance(60_000);
    const settledAt = clock.now().getTime();
    const settle = await as(commander, 'POST', `/api/incidents/${caseId}/events/incident.settled`, {
      id: uuidv7(),
      data: { note: '诉求已办结' },
    });
    expect(settle.statusCode).toBe(201);
    expect(await store.db.selectFrom('reply_channels').selectAll().execute()).toMatchObject([
      { demand_id: 'd1', settled_at: new Date(settledAt).toISOString() },
    ]);
    const late = await as(officer, 'PUT', base, { channel: '新号码' });
    expect(late.statusCode).toBe(409);
    expect(late.json().message).toContain('settled');

    // kept 30 days after 销号 (the deployment's setting), then purged; the access log stays
    const purgeAt = settledAt + 30 * 86_400_000;
    clock.set(purgeAt - 60_000);
    expect(await purgeContacts(store, clock, 30)).toMatchObject({ replyChannels: 0 });
    expect(await store.db.selectFrom('reply_channels').selectAll().execute()).toHaveLength(1);
    clock.set(purgeAt + 60_000);
    expect(await purgeContacts(store, clock, 30)).toMatchObject({ replyChannels: 1 });
    expect(await store.db.selectFrom('reply_channels').selectAll().execute()).toEqual([]);
    const again = await login(app, 'officer-t1');
    const gone = await as(again, 'POST', `${base}/read`, { reason: '再次联系' });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().message).toContain('purged after the incident was settled');
    const reads = await as(
      await login(app, 'auditor-c1'),
      'GET',
      `/api/incidents/${caseId}/reply-channel-reads`,
    );
    expect(reads.json().reads).toHaveLength(2);
    expect(reads.body).not.toContain('138-0000-0000');
    expect(reads.body).not.toContain('139-0000-0000');
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
