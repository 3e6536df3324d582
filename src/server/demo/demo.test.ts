import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../server.ts';

describe('npm start on an empty database', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'huajie-demo-'));
  const opts = { dbUrl: `sqlite:${join(dataDir, 'huajie.db')}`, dataDir, port: 0, host: '127.0.0.1' };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates the demo tree, one account per role, and a closed and a live exercise — once', async () => {
    const server = await startServer(opts);
    try {
      const demo = server.demo;
      expect(demo?.credentials.map((c) => c.role).sort()).toEqual([
        'admin',
        'auditor',
        'commander',
        'leader',
        'officer',
        'recorder',
      ]);
      const file = readFileSync(join(dataDir, 'demo-credentials.txt'), 'utf8');
      expect(statSync(join(dataDir, 'demo-credentials.txt')).mode & 0o777).toBe(0o600);
      for (const c of demo?.credentials ?? [])
        expect(file).toContain(`${c.username}\t${c.role}\t${c.jurisdiction}\t${c.password}`);

      const db = server.store.db;
      expect((await db.selectFrom('jurisdictions').select('code').execute()).length).toBe(6);
      const [closedId, liveId] = demo?.incidents ?? [];
      const incidents = await db.selectFrom('incidents').selectAll().orderBy('reported_at').execute();
      expect(incidents.map((i) => [i.case_id, i.status, i.exercise, i.level])).toEqual([
        [closedId, 'closed', 1, 'major'],
        [liveId, 'open', 1, 'larger'],
      ]);
      const closed = await server.store.readCase(closedId ?? '');
      expect(closed.map((e) => e.type)).toEqual(
        expect.arrayContaining([
          'measure.authorized',
          'commitment.made',
          'statement.published',
          'review.submitted',
        ]),
      );
      // one duty was met late: the principal arrived at 34 minutes, past the plan's 30; the
      // record shows the miss at its due time, the late arrival, and the county's board has it
      expect(closed.filter((e) => e.type === 'duty.missed').map((e) => e.data)).toEqual([
        { dutyId: 'principal-on-scene', escalateTo: 'county', dueAt: expect.any(String) },
      ]);
      expect(
        closed.find((e) => e.type === 'duty.met' && e.data.dutyId === 'principal-on-scene')?.data,
      ).toMatchObject({
        lateSeconds: 240,
      });
      const board = await db.selectFrom('escalations').selectAll().execute();
      expect(board.map((b) => [b.case_id, b.duty_id, b.to_jurisdiction])).toEqual([
        [closedId, 'principal-on-scene', 'demo-county'],
      ]);
      const live = await db
        .selectFrom('duties')
        .selectAll()
        .where('case_id', '=', liveId ?? '')
        .execute();
      expect(live.length).toBeGreaterThan(0);

      // the town's exercise ledger: a dozen disputes in every state, the live incident's among them
      const ledger = await db.selectFrom('disputes').selectAll().execute();
      expect(ledger).toHaveLength(12);
      expect(ledger.every((d) => d.title.startsWith('【演练】') && d.jurisdiction === 'demo-town')).toBe(
        true,
      );
      expect(new Set(ledger.map((d) => d.status))).toEqual(
        new Set(['registered', 'accepted', 'not_accepted', 'resolved', 'ended', 'settled']),
      );
      expect(ledger.some((d) => d.risk === 'high')).toBe(true);
      const wages = ledger.find((d) => d.case_id === demo?.ledger.wages);
      expect(wages?.title).toContain('欠薪');
      const liveLog = await server.store.readCase(liveId ?? '');
      expect(liveLog[0]?.data.fromDispute).toBe(demo?.ledger.wages);
      const wagesLog = await server.store.readCase(demo?.ledger.wages ?? '');
      expect(wagesLog.some((e) => e.type === 'incident.linked' && e.data.incidentId === liveId)).toBe(true);
      // a round that found two of them, and a 零报告
      const rounds = await db.selectFrom('screening_rounds').selectAll().orderBy('held_at').execute();
      expect(rounds.map((r) => [r.kind, r.zero_report, r.found])).toEqual([
        ['regular', 0, 2],
        ['daily', 1, 0],
      ]);
      expect(ledger.filter((d) => d.screening_round_id === rounds[0]?.round_id)).toHaveLength(2);

      const officer = demo?.credentials.find((c) => c.username === 'officer');
      const login = await server.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'officer', password: officer?.password },
      });
      expect(login.statusCode).toBe(200);
    } finally {
      await server.close();
    }
    const again = await startServer(opts);
    try {
      expect(again.demo).toBeNull();
      // another installation's demo has case ids of its own
      const elsewhere = mkdtempSync(join(tmpdir(), 'huajie-demo-'));
      const other = await startServer({
        ...opts,
        dataDir: elsewhere,
        dbUrl: `sqlite:${join(elsewhere, 'huajie.db')}`,
      });
      try {
        expect(other.demo?.incidents).toHaveLength(2);
        for (const id of other.demo?.incidents ?? []) expect(server.demo?.incidents).not.toContain(id);
      } finally {
        await other.close();
        rmSync(elsewhere, { recursive: true, force: true });
      }
      expect((await again.store.db.selectFrom('users').select('id').execute()).length).toBe(6);
    } finally {
      await again.close();
    }
  });
});
