import { sql } from 'kysely';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { type ApiFixture, apiFixture, type Login, reportBody } from '../support/api.ts';
import { type EngineName, engines, pgInfo } from '../support/stores.ts';

/**
 * When the database cannot take a write — its disk is full, or it cannot be reached — requests
 * answer 503 (never 500) with what is wrong, `/api/health` says the server cannot write, and
 * the server recovers by itself once the database does.
 */
class Setup {
  f!: ApiFixture;
  officer!: Login;
  readonly clock = new ManualClock('2026-05-11T01:00:00Z');
  constructor(engine: EngineName, skip: boolean) {
    beforeEach(async (ctx) => {
      if (skip) ctx.skip();
      this.f = await apiFixture(engine, this.clock, {
        tree: [['c1', 'county']],
        users: [['officer', 'officer', 'c1']],
        logins: ['officer'],
      });
      this.officer = this.f.session('officer');
    });
  }
  report(data: Record<string, unknown> = {}) {
    const body = reportBody('满盘', 30);
    return this.f.app.inject({
      method: 'POST',
      url: '/api/incidents',
      ...this.officer.auth,
      payload: { id: uuidv7(), data: { ...body.data, ...data } },
    });
  }
  health() {
    return this.f.app.inject({ method: 'GET', url: '/api/health' });
  }
}

describe('SQLite with its disk full', () => {
  const t = new Setup('sqlite', false);
  it('answers 503 while the disk is full, says so in /api/health, and writes again once there is room', async () => {
    expect((await t.health()).json()).toMatchObject({ status: 'ok', writable: true });
    // the database may grow no more: as on a full disk, any write needing a new page fails
    await t.f.store.exclusive(async (db) => {
      const { rows } = await sql<{ page_count: number }>`PRAGMA page_count`.execute(db);
      await sql.raw(`PRAGMA max_page_count = ${rows[0]?.page_count}`).execute(db);
    });
    let full: Awaited<ReturnType<Setup['report']>> | undefined;
    for (let i = 0; i < 20 && !full; i++) {
      const r = await t.report({ summary: '记'.repeat(4000) });
      if (r.statusCode !== 201) full = r;
    }
    expect(full?.statusCode).toBe(503);
    expect(full?.json()).toMatchObject({ error: 'unavailable' });
    expect(full?.json().message).toContain('disk of the database is full');
    expect(full?.headers['retry-after']).toBe('30');
    // nothing half-written: every case in the log starts with its report and has its duties
    const events = await t.f.store.db.selectFrom('events').select(['case_id', 'type']).execute();
    const reported = new Set(events.filter((e) => e.type === 'incident.reported').map((e) => e.case_id));
    expect(new Set(events.map((e) => e.case_id))).toEqual(reported);
    const incidents = await t.f.store.db.selectFrom('incidents').select('case_id').execute();
    expect(new Set(incidents.map((i) => i.case_id))).toEqual(reported);
    const h = await t.health();
    expect(h.statusCode).toBe(503);
    expect(h.json()).toMatchObject({ status: 'unavailable', writable: false });
    // room again: writes go on, and health says so once the refusal is 30 s behind
    await t.f.store.exclusive(async (db) => {
      await sql.raw('PRAGMA max_page_count = 1073741823').execute(db);
    });
    expect((await t.report()).statusCode).toBe(201);
    t.clock.advance(31_000);
    expect((await t.health()).json()).toMatchObject({ status: 'ok', writable: true });
  });
});

describe.each(engines().filter((e) => e.engine === 'postgres'))('PostgreSQL out of reach', ({ skip }) => {
  const t = new Setup('postgres', skip);
  it('answers 503 while the database cannot be reached, then recovers by itself', async () => {
    const name = new URL(t.f.db.url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: pgInfo().url });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [name],
      );
      const answers = [
        await t.report(),
        await t.f.app.inject({ method: 'GET', url: '/api/incidents', ...t.officer.auth }),
        await t.f.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'officer', password: 'whatever it is' },
        }),
      ];
      for (const res of answers) {
        expect(res.statusCode).toBe(503);
        expect(res.json()).toMatchObject({ error: 'unavailable' });
        expect(res.json().message).toContain('cannot be reached');
      }
      const h = await t.health();
      expect(h.statusCode).toBe(503);
      expect(h.json()).toMatchObject({ status: 'unavailable', writable: false });
    } finally {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    expect((await t.report()).statusCode).toBe(201);
    t.clock.advance(31_000);
    expect((await t.health()).json()).toMatchObject({ status: 'ok', writable: true });
  });
});
