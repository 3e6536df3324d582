import type { FastifyInstance } from 'fastify';
import { beforeEach, describe, expect, it } from 'vitest';
import { type ApiFixture, apiFixture, login, reportBody } from '../../../test/support/api.ts';
import { engines, type TestDb } from '../../../test/support/stores.ts';
import { ManualClock } from '../../core/clock.ts';

describe.each(engines())('audit verify from the API: $engine', ({ engine, skip }) => {
  let fx: ApiFixture;
  let db: TestDb;
  let app: FastifyInstance;
  const clock = new ManualClock('2026-05-11T01:00:00Z');

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
        ['officer-t2', 'officer', 't2'],
        ['auditor-c1', 'auditor', 'c1'],
        ['auditor-t2', 'auditor', 't2'],
      ],
      app: ({ db }) => ({ headKey: db.key }),
    });
    ({ db, app } = fx);
  });

  it('names each altered incident in the auditor’s scope, and only there', async () => {
    const report = async (who: string, title: string) =>
      (
        await app.inject({
          method: 'POST',
          url: '/api/incidents',
          ...(
            await login(app, who)
          ).auth,
          payload: reportBody(title, 12),
        })
      ).json().caseId as string;
    const inT1 = await report('officer-t1', 't1事件');
    await report('officer-t2', 't2事件');
    const verify = async (who: string) =>
      app.inject({ method: 'POST', url: '/api/audit/verify', ...(await login(app, who)).auth });
    const clean = await verify('auditor-c1');
    expect(clean.json()).toMatchObject({ ok: true, incidents: 2, signaturesChecked: true, broken: [] });

    // someone with database access rewrites what was reported in t1
    await db.raw(
      engine === 'sqlite'
        ? 'DROP TRIGGER events_no_update'
        : 'ALTER TABLE events DISABLE TRIGGER events_no_update_delete',
    );
    await db.raw(
      `UPDATE events SET data = replace(data, 't1事件', '改过的') WHERE case_id = '${inT1}' AND seq = 1`,
    );
    const county = (await verify('auditor-c1')).json();
    expect(county.ok).toBe(false);
    expect(county.broken).toHaveLength(1);
    expect(county.broken[0]).toMatchObject({
      caseId: inT1,
      title: 't1事件',
      problems: [{ seq: 1, kind: 'altered' }],
    });
    // the t2 auditor's scope is untouched
    expect((await verify('auditor-t2')).json()).toMatchObject({ ok: true, incidents: 1, broken: [] });
    // officers do not run it
    expect((await verify('officer-t1')).statusCode).toBe(403);
  });
});
