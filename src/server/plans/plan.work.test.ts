import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiFixture, login } from '../../../test/support/api.ts';
import { ManualClock } from '../../core/clock.ts';
import type { AppDeps } from '../deps.ts';

/** The shipped plan: its newest shipped version. */
const SHIPPED = readFileSync('plans/town-mass-incident.yaml', 'utf8');
/** The shipped plan numbered as the next version, whatever the shipped one is. */
const NEXT = SHIPPED.replace(/^version: (\d+)$/m, (_, v: string) => `version: ${Number(v) + 1}`);
const HEAVY = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;

/** Checks and drills from the API: on worker threads, within a time limit, so many per account. */
describe('plan work from the API', () => {
  const clock = new ManualClock('2026-05-11T01:00:00Z');
  const start = async (planWork: AppDeps['planWork']) => {
    const fx = await apiFixture('sqlite', clock, {
      tree: [
        ['c1', 'county'],
        ['t1', 'town', 'c1'],
      ],
      users: [
        ['leader-c1', 'leader', 'c1'],
        ['auditor-c1', 'auditor', 'c1'],
        ['admin-c1', 'admin', 'c1'],
      ],
      app: () => ({ planWork }),
    });
    return fx.app;
  };

  it('stops a check past its time limit with a 422 that says so, and checks the next text', async () => {
    const app = await start({ timeLimitMs: 200 });
    const leader = await login(app, 'leader-c1');
    const check = (yaml: string) =>
      app.inject({ method: 'POST', url: '/api/plans/check', ...leader.auth, payload: { yaml } });
    // the worker and its modules are loaded before the time of a task counts
    expect((await check('id: x')).statusCode).toBe(200);
    const slow = await check(HEAVY);
    expect(slow.statusCode).toBe(422);
    expect(slow.json()).toMatchObject({
      error: 'time_limit',
      message: expect.stringContaining('the plan took longer than 200 ms to check'),
    });
    const next = await check('id: x');
    expect(next.statusCode).toBe(200);
    expect(next.json().problems[0]).toMatchObject({ path: 'title', message: 'is required but missing' });
  });

  it('answers 503 busy with Retry-After when no worker is free in time', async () => {
    // a new worker thread takes far longer than a millisecond to load its modules
    const app = await start({ waitLimitMs: 1 });
    const res = await app.inject({
      method: 'POST',
      url: '/api/plans/check',
      ...(await login(app, 'leader-c1')).auth,
      payload: { yaml: SHIPPED },
    });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ error: 'busy', message: expect.stringContaining('busy') });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('limits checks, drills and uploads per account: 429 rate_limited, the limit named, Retry-After', async () => {
    const app = await start({ rates: { checks: 2, drills: 1, uploads: 1 } });
    const leader = await login(app, 'leader-c1');
    const check = (who = leader) =>
      app.inject({ method: 'POST', url: '/api/plans/check', ...who.auth, payload: { yaml: SHIPPED } });
    expect((await check()).statusCode).toBe(200);
    expect((await check()).statusCode).toBe(200);
    const third = await check();
    expect(third.statusCode).toBe(429);
    expect(third.json()).toMatchObject({
      error: 'rate_limited',
      message: expect.stringMatching(/at most 2 plan checks a minute per account; try again in \d+ s$/),
    });
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
    // per account, not per address: another account from the same address is not held back
    const auditor = await login(app, 'auditor-c1');
    expect((await check(auditor)).statusCode).toBe(200);

    const drill = () =>
      app.inject({
        method: 'POST',
        url: '/api/drills',
        ...leader.auth,
        payload: { plan: 'town-mass-incident', scenario: 'village-late' },
      });
    const ran = await drill();
    expect(ran.statusCode).toBe(200);
    expect(ran.json()).toMatchObject({ passed: true, review: { level: { id: 'major' } } });
    const again = await drill();
    expect(again.statusCode).toBe(429);
    expect(again.json().message).toMatch(/at most 1 drill runs a minute per account/);

    const admin = await login(app, 'admin-c1');
    const upload = () =>
      app.inject({
        method: 'POST',
        url: '/api/plans',
        ...admin.auth,
        payload: { yaml: NEXT, note: '测试' },
      });
    expect((await upload()).statusCode).toBe(201);
    const twice = await upload();
    expect(twice.statusCode).toBe(429);
    expect(twice.json().error).toBe('rate_limited');
  });
});
