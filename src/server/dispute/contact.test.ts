import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { beforeEach, describe, expect, it } from 'vitest';
import { type ApiFixture, apiFixture, type Login, login } from '../../../test/support/api.ts';
import { engines, freshDb, storeFixture } from '../../../test/support/stores.ts';
import { ManualClock } from '../../core/clock.ts';
import { ContactPurge, contactRetentionDays, purgeContacts } from '../cases/contact-purge.ts';
import { rebuild } from '../projections/rebuild.ts';
import { projections } from '../projections/registry.ts';
import { startServer } from '../server.ts';
import type { EventStore } from '../store/event-store.ts';
import { migrateToLatest, migrations } from '../store/migrations.ts';
import type { DB } from '../store/schema.ts';

const T0 = Date.parse('2026-03-02T01:00:00Z');
const MINUTE = 60_000;
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const PHONE = '139-1111-2222';

describe.each(engines())('representatives’ contacts of a dispute: $engine', ({ engine, skip }) => {
  let fx: ApiFixture;
  let store: EventStore;
  let app: FastifyInstance;
  let clock: ManualClock;
  let sessions: Map<string, Login>;
  let caseId: string;
  let base: string;
  const everyone = ['officer-t1', 'commander-t1', 'leader-t1', 'officer-t2', 'auditor-c1', 'admin-c1'];

  beforeEach(async (ctx) => {
    if (skip) ctx.skip();
    clock = new ManualClock(iso(T0));
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
      // the deployment keeps contacts 30 days after 销号
      app: { contactRetentionDays: 30 },
      logins: everyone,
    });
    ({ store, app, sessions } = fx);
    const r = await as('officer-t1', 'POST', '/api/disputes', {
      id: uuidv7(),
      data: {
        title: '三组征地补偿款分配纠纷',
        summary: '部分村民对补偿款分配方案有异议',
        source: 'visit',
        category: 'requisition',
        sides: [
          { kind: 'group', description: '三组部分村民（约12户）' },
          { kind: 'organisation', description: '某村村民委员会' },
        ],
      },
    });
    expect(r.statusCode).toBe(201);
    caseId = r.json().caseId;
    base = `/api/disputes/${caseId}/sides/0/contact`;
  });

  /** sessions last a shift: after the clock moves on by days, everyone logs in again */
  const relogin = async () => {
    for (const who of everyone) sessions.set(who, await login(app, who));
  };
  const as = (who: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    app.inject({ method, url, ...(payload ? { payload } : {}), ...sessions.get(who)?.auth });
  const record = (type: string, data: object) =>
    as('officer-t1', 'POST', `/api/disputes/${caseId}/events/${type}`, { id: uuidv7(), data });
  const contacts = () => store.db.selectFrom('representative_contacts').selectAll().execute();
  const reads = () => store.db.selectFrom('representative_contact_reads').selectAll().execute();

  it('keeps a contact out of the log, logs every read with who, when and why, and purges it 30 days after 销号', async () => {
    expect((await as('officer-t1', 'PUT', base, { contact: `代表 电话 ${PHONE}` })).statusCode).toBe(204);
    // the log never holds it, nor does the dispute's page
    expect(JSON.stringify(await store.readCase(caseId))).not.toContain(PHONE);
    const page = await as('officer-t1', 'GET', `/api/disputes/${caseId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain(PHONE);
    // anyone who sees the dispute sees that side 0 has one, not what it is
    const kept = await as('leader-t1', 'GET', `/api/disputes/${caseId}/contacts`);
    expect(kept.statusCode).toBe(200);
    expect(kept.json()).toEqual({
      contacts: [{ side: 0, description: '三组部分村民（约12户）', kept_at: iso(T0), purge_after: null }],
      retentionDays: 30,
    });
    expect(kept.body).not.toContain(PHONE);
    expect((await as('officer-t2', 'GET', `/api/disputes/${caseId}/contacts`)).statusCode).toBe(404);

    // a read needs a reason; the read is recorded with its reader, and the answer says so
    const noReason = await as('officer-t1', 'POST', `${base}/read`, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().message).toContain('reason');
    expect((await as('officer-t1', 'POST', `${base}/read`, { reason: '看' })).statusCode).toBe(400);
    expect(await reads()).toEqual([]);
    clock.advance(MINUTE);
    const read = await as('officer-t1', 'POST', `${base}/read`, { reason: '电话通知调解时间' });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual({
      contact: `代表 电话 ${PHONE}`,
      side: { index: 0, description: '三组部分村民（约12户）' },
      logged: {
        id: expect.any(String),
        user_id: expect.any(String),
        username: 'officer-t1',
        role: 'officer',
        reason: '电话通知调解时间',
        at: iso(T0 + MINUTE),
      },
      purgeAfter: null,
    });
    // who may not read it: leaders, admins, auditors; nobody outside the jurisdiction
    for (const who of ['leader-t1', 'admin-c1', 'auditor-c1'])
      expect((await as(who, 'POST', `${base}/read`, { reason: '想看看联系方式' })).statusCode, who).toBe(403);
    const outsider = await as('officer-t2', 'POST', `${base}/read`, { reason: '想看看联系方式' });
    expect(outsider.statusCode).toBe(404);
    expect(outsider.body).not.toContain(PHONE);
    // a side that has none, or that the dispute does not have
    const none = await as('officer-t1', 'POST', `/api/disputes/${caseId}/sides/1/contact/read`, {
      reason: '通知村委会',
    });
    expect(none.statusCode).toBe(404);
    expect(none.json().message).toContain('has no contact');
    const noSide = await as('officer-t1', 'PUT', `/api/disputes/${caseId}/sides/2/contact`, { contact: 'x' });
    expect(noSide.statusCode).toBe(404);
    expect(noSide.json().message).toContain('no side 2');
    expect(
      (await as('officer-t1', 'PUT', `/api/disputes/${caseId}/sides/x/contact`, { contact: 'x' })).statusCode,
    ).toBe(400);
    // failed reads are not reads: one read logged
    expect(await reads()).toHaveLength(1);

    // the access log, for auditors, admins and commanders
    const log = await as('auditor-c1', 'GET', `/api/disputes/${caseId}/contact-reads`);
    expect(log.statusCode).toBe(200);
    expect(log.json().reads).toEqual([
      {
        id: read.json().logged.id,
        side: 0,
        user_id: expect.any(String),
        username: 'officer-t1',
        role: 'officer',
        reason: '电话通知调解时间',
        at: iso(T0 + MINUTE),
      },
    ]);
    expect(log.body).not.toContain(PHONE);
    expect((await as('officer-t1', 'GET', `/api/disputes/${caseId}/contact-reads`)).statusCode).toBe(403);
    // the database itself refuses to edit or erase the access log
    await expect(
      store.transaction((tx) => sql`UPDATE representative_contact_reads SET reason = 'x'`.execute(tx)),
    ).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(
      store.transaction((tx) => sql`DELETE FROM representative_contact_reads`.execute(tx)),
    ).rejects.toThrow(/append-only: DELETE refused/);

    // 销号: not accepted (with the routes the people were told), then settled
    clock.advance(MINUTE);
    expect(
      (
        await record('dispute.not_accepted', {
          reason: '属于法院已受理的民事纠纷',
          routesTold: '已告知通过诉讼途径解决',
        })
      ).statusCode,
    ).toBe(201);
    clock.advance(MINUTE);
    const settledAt = T0 + 3 * MINUTE;
    expect((await record('dispute.settled', { note: '已销号' })).statusCode).toBe(201);
    const purgeAt = settledAt + 30 * DAY;
    expect(await contacts()).toMatchObject([{ case_id: caseId, side: 0, settled_at: iso(settledAt) }]);
    // no contact is kept once settled; one kept before is still read, saying when it goes
    const late = await as('officer-t1', 'PUT', `/api/disputes/${caseId}/sides/1/contact`, {
      contact: '村委会',
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().message).toContain('settled');
    const after = await as('commander-t1', 'POST', `${base}/read`, { reason: '回访：询问履行情况' });
    expect(after.statusCode).toBe(200);
    expect(after.json().purgeAfter).toBe(iso(purgeAt));
    expect((await as('leader-t1', 'GET', `/api/disputes/${caseId}/contacts`)).json().contacts).toEqual([
      { side: 0, description: '三组部分村民（约12户）', kept_at: iso(T0), purge_after: iso(purgeAt) },
    ]);
    // a rebuild of the read models keeps the stamp (it is the settling event's)
    await rebuild(store, projections);
    expect(await contacts()).toMatchObject([{ side: 0, settled_at: iso(settledAt) }]);

    // just before the retention ends: still there
    const purge = new ContactPurge(store, clock, { retentionDays: 30 });
    clock.set(iso(purgeAt - MINUTE));
    expect(await purge.runOnce()).toMatchObject({ contacts: 0 });
    await relogin();
    expect((await as('officer-t1', 'POST', `${base}/read`, { reason: '最后一次回访' })).statusCode).toBe(200);
    // just after: gone; the access log stays, every read in it
    clock.set(iso(purgeAt + MINUTE));
    expect(await purge.runOnce()).toMatchObject({ contacts: 1, cutoff: iso(settledAt + MINUTE) });
    expect(await contacts()).toEqual([]);
    await relogin();
    const gone = await as('officer-t1', 'POST', `${base}/read`, { reason: '再次联系' });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().message).toContain('purged 30 days after 销号');
    expect((await as('leader-t1', 'GET', `/api/disputes/${caseId}/contacts`)).json().contacts).toEqual([]);
    const kept3 = (await as('auditor-c1', 'GET', `/api/disputes/${caseId}/contact-reads`)).json().reads;
    expect(kept3.map((r: { reason: string }) => r.reason)).toEqual([
      '电话通知调解时间',
      '回访：询问履行情况',
      '最后一次回访',
    ]);
    expect(JSON.stringify(await reads())).not.toContain(PHONE);
    // the log still holds nothing of it, and a rebuild brings nothing back
    expect(JSON.stringify(await store.readCase(caseId))).not.toContain(PHONE);
    await rebuild(store, projections);
    expect(await contacts()).toEqual([]);
  });

  it('keeps nothing past its time for a dispute not settled, and lets a contact be replaced or withdrawn', async () => {
    expect((await as('officer-t1', 'PUT', base, { contact: '' })).statusCode).toBe(400);
    expect((await as('officer-t1', 'PUT', base, { contact: 'x'.repeat(201) })).statusCode).toBe(400);
    expect((await as('leader-t1', 'PUT', base, { contact: '村委会转交' })).statusCode).toBe(403);
    expect((await as('officer-t2', 'PUT', base, { contact: '村委会转交' })).statusCode).toBe(404);
    expect((await as('officer-t1', 'PUT', base, { contact: '村委会转交' })).statusCode).toBe(204);
    expect((await as('commander-t1', 'PUT', base, { contact: '信件寄三组组长家' })).statusCode).toBe(204);
    expect(await contacts()).toMatchObject([{ side: 0, contact: '信件寄三组组长家', settled_at: null }]);
    // an open dispute's contact is never due, however long it stays open
    clock.set(iso(T0 + 400 * DAY));
    expect(await purgeContacts(store, clock, 0)).toMatchObject({ contacts: 0, replyChannels: 0 });
    await relogin();
    expect((await as('officer-t2', 'DELETE', base)).statusCode).toBe(404);
    expect((await as('officer-t1', 'DELETE', base)).statusCode).toBe(204);
    expect(await contacts()).toEqual([]);
    expect((await as('officer-t1', 'POST', `${base}/read`, { reason: '寄送调解通知' })).statusCode).toBe(404);
    expect(await reads()).toEqual([]);
  });
});

describe('the retention after 销号, as the deployment sets it', () => {
  it('reads a whole number of days, 30 when unset, and refuses anything else by name', () => {
    expect(contactRetentionDays(undefined)).toBe(30);
    expect(contactRetentionDays('')).toBe(30);
    expect(contactRetentionDays(' 90 ')).toBe(90);
    expect(contactRetentionDays('0')).toBe(0);
    for (const bad of ['-1', '1.5', 'thirty', '3651'])
      expect(() => contactRetentionDays(bad)).toThrow(
        /HUAJIE_CONTACT_RETENTION_DAYS: .* whole number from 0 to 3650/,
      );
  });

  it('the server purges on its own timer, and refuses to start with a retention that is no number of days', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'huajie-purge-'));
    try {
      const opts = {
        dbUrl: `sqlite:${join(dataDir, 'huajie.db')}`,
        dataDir,
        port: 0,
        host: '127.0.0.1',
        demo: false,
        clock: new ManualClock(iso(T0)),
      };
      await expect(startServer({ ...opts, contactRetentionDays: -1 })).rejects.toThrow(
        /HUAJIE_CONTACT_RETENTION_DAYS: "-1" is not a number of days/,
      );
      const server = await startServer({ ...opts, contactRetentionDays: 2, purgeIntervalMs: 20 });
      try {
        await server.store.transaction(async (tx) => {
          for (const [caseId, days] of [
            ['d-due', 3],
            ['d-not-yet', 1],
          ] as const)
            await tx
              .insertInto('representative_contacts')
              .values({
                case_id: caseId,
                side: 0,
                contact: '电话',
                kept_by: 'u',
                kept_at: iso(T0 - 10 * DAY),
                settled_at: iso(T0 - days * DAY),
              })
              .execute();
        });
        const left = async () =>
          (await server.store.db.selectFrom('representative_contacts').select('case_id').execute()).map(
            (r) => r.case_id,
          );
        for (let i = 0; i < 100 && (await left()).length > 1; i++)
          await new Promise((r) => setTimeout(r, 20));
        expect(await left()).toEqual(['d-not-yet']);
      } finally {
        await server.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('huajie purge-contacts deletes what is due now and says how much', async () => {
    const { db, store } = await storeFixture('sqlite');
    await store.transaction(async (tx) => {
      for (const [caseId, settledAt] of [
        ['d-old', '2020-01-01T00:00:00.000Z'],
        ['d-open', null],
      ] as const)
        await tx
          .insertInto('representative_contacts')
          .values({
            case_id: caseId,
            side: 0,
            contact: '电话',
            kept_by: 'u',
            kept_at: '2019-12-01T00:00:00.000Z',
            settled_at: settledAt,
          })
          .execute();
    });
    await store.close();
    const huajie = (args: string[]) =>
      spawnSync(process.execPath, ['bin/huajie.mjs', ...args, '--db', db.url, '--data', db.dataDir], {
        encoding: 'utf8',
        env: { ...process.env, HUAJIE_HEAD_KEY: db.keyHex },
        timeout: 60_000,
      });
    const bad = huajie(['purge-contacts', '--contact-retention-days', 'forever']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('--contact-retention-days');
    const r = huajie(['purge-contacts', '--contact-retention-days', '30']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/purged 1 contact\(s\) of disputes and 0 reply channel\(s\) of incidents/);
    expect((await db.raw('SELECT case_id FROM representative_contacts')) as unknown[]).toEqual([
      { case_id: 'd-open' },
    ]);
  });
});

describe.each(engines())('migration 0013_representative_contacts: $engine', ({ engine, skip }) => {
  it('counts a reply channel kept on an incident already settled from its settling', async (ctx) => {
    if (skip) ctx.skip();
    const db = await freshDb(engine);
    const k = new Kysely<DB>({
      dialect:
        engine === 'sqlite'
          ? new SqliteDialect({ database: new Database(db.url.slice('sqlite:'.length)) })
          : new PostgresDialect({ pool: new pg.Pool({ connectionString: db.url, max: 2 }) }),
    });
    try {
      const migrator = new Migrator({
        db: k,
        provider: { getMigrations: async () => migrations(engine) },
        migrationTableName: 'huajie_migrations',
      });
      expect((await migrator.migrateTo('0012_dispute_ledger')).error).toBeUndefined();
      const at = '2026-05-11T01:00:00.000Z';
      const settled = '2026-05-20T01:00:00.000Z';
      for (const c of ['i-settled', 'i-open'])
        await k
          .insertInto('reply_channels')
          .values({ case_id: c, demand_id: 'd1', channel: '电话', set_by: 'u', set_at: at } as never)
          .execute();
      await k
        .insertInto('events')
        .values({
          id: 'e1',
          case_id: 'i-settled',
          seq: 7,
          type: 'incident.settled',
          data: '{}',
          actor_id: 'u',
          actor_role: 'officer',
          occurred_at: settled,
          recorded_at: settled,
          prev_hash: 'p',
          hash: 'h',
        } as never)
        .execute();
      await migrateToLatest(k as Kysely<unknown>, engine);
      const rows = await k
        .selectFrom('reply_channels')
        .select(['case_id', 'settled_at'])
        .orderBy('case_id')
        .execute();
      expect(rows).toEqual([
        { case_id: 'i-open', settled_at: null },
        { case_id: 'i-settled', settled_at: settled },
      ]);
    } finally {
      await k.destroy();
      await db.drop();
    }
  });
});
