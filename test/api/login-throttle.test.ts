import { beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { addressSubject } from '../../src/server/auth/login.throttle.ts';
import { type ApiFixture, apiFixture, login, PASSWORD } from '../support/api.ts';
import { engines } from '../support/stores.ts';

/**
 * Password guessing is slowed per username across addresses and per address across usernames,
 * with growing locks kept in the database: every server sharing it, and a restarted one, sees
 * the same count.
 */
describe.each(engines())('login throttling: $engine', ({ engine, skip }) => {
  let f: ApiFixture;
  const clock = new ManualClock('2026-05-11T01:00:00Z');
  beforeEach(async (ctx) => {
    if (skip) ctx.skip();
    clock.set('2026-05-11T01:00:00Z');
    f = await apiFixture(engine, clock, {
      tree: [
        ['city', 'city'],
        ['c1', 'county', 'city'],
        ['t1', 'town', 'c1'],
        ['c2', 'county', 'city'],
      ],
      users: [
        ['admin-city', 'admin', 'city'],
        ['officer-t1', 'officer', 't1'],
        ['admin-c1', 'admin', 'c1'],
        ['admin-c2', 'admin', 'c2'],
        ['officer-c2', 'officer', 'c2'],
      ],
    });
  });
  const attempt = (username: string, password: string, remoteAddress = '127.0.0.1', app = f.app) =>
    app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, payload: { username, password } });

  it('locks one username tried from twenty addresses, with its own code and Retry-After', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 20; i++)
      codes.push((await attempt('officer-t1', `guess-${i}`, `203.0.113.${i + 1}`)).statusCode);
    expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(codes.slice(5).every((c) => c === 429)).toBe(true);
    const locked = await attempt('officer-t1', PASSWORD, '198.51.100.7');
    expect(locked.statusCode).toBe(429); // the right password too: a lock slows nobody otherwise
    expect(locked.json()).toMatchObject({ error: 'too_many_attempts', retryAfter: 60 });
    expect(locked.headers['retry-after']).toBe('60');
    expect(locked.json().message).toContain('username');
    // other accounts log in meanwhile
    expect((await attempt('officer-c2', PASSWORD, '203.0.113.1')).statusCode).toBe(200);
  });

  it('locks one address trying a hundred usernames', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 100; i++) codes.push((await attempt(`user-${i}`, 'guess', '192.0.2.50')).statusCode);
    expect(codes.slice(0, 20).every((c) => c === 401)).toBe(true);
    expect(codes.slice(20).every((c) => c === 429)).toBe(true);
    const res = await attempt('officer-t1', PASSWORD, '192.0.2.50');
    expect(res.statusCode).toBe(429);
    expect(res.json().message).toContain('address');
    // an IPv6 host is counted by its /64, an IPv4-mapped address as the IPv4 one
    expect(addressSubject('2001:db8:1:2:aaaa::1')).toBe(addressSubject('2001:db8:1:2:bbbb::9'));
    expect(addressSubject('::ffff:192.0.2.50')).toBe('192.0.2.50');
  });

  it('locks for longer after each failure once a lock has passed, and forgets on success', async () => {
    for (let i = 0; i < 5; i++) await attempt('officer-t1', `guess-${i}`);
    expect((await attempt('officer-t1', PASSWORD)).headers['retry-after']).toBe('60');
    clock.advance(61_000);
    expect((await attempt('officer-t1', 'wrong again')).statusCode).toBe(401);
    expect((await attempt('officer-t1', PASSWORD)).headers['retry-after']).toBe('120');
    clock.advance(121_000);
    expect((await attempt('officer-t1', 'and again')).statusCode).toBe(401);
    expect((await attempt('officer-t1', PASSWORD)).headers['retry-after']).toBe('240');
    clock.advance(241_000);
    expect((await attempt('officer-t1', PASSWORD)).statusCode).toBe(200);
    // success forgets the username's failures: five more before the next lock
    for (let i = 0; i < 5; i++) expect((await attempt('officer-t1', `new-${i}`)).statusCode).toBe(401);
    expect((await attempt('officer-t1', 'sixth')).statusCode).toBe(429);
  });

  it('forgets an address’s failures an hour after the last one, however many logins succeed', async () => {
    const office = '192.0.2.77';
    for (let i = 0; i < 19; i++) expect((await attempt(`typo-${i}`, 'x', office)).statusCode).toBe(401);
    // colleagues log in all day from the same address
    for (let i = 0; i < 3; i++) {
      clock.advance(20 * 60_000);
      expect((await attempt('officer-c2', PASSWORD, office)).statusCode).toBe(200);
    }
    clock.advance(5 * 60_000);
    // an hour and more after the last typo: the full allowance again
    for (let i = 0; i < 19; i++) expect((await attempt(`typo2-${i}`, 'x', office)).statusCode).toBe(401);
    expect((await attempt('officer-t1', PASSWORD, office)).statusCode).toBe(200);
  });

  it('lists the locks first, however many names were tried since', async () => {
    for (let i = 0; i < 5; i++) await attempt('officer-t1', `guess-${i}`, '203.0.113.9');
    clock.advance(60_000 - 1);
    const at = clock.now().toISOString();
    const spray = Array.from({ length: 1200 }, (_, i) => ({
      key: `username:spray-${i}`,
      kind: 'username' as const,
      subject: `spray-${i}`,
      failures: 1,
      allowance: 5,
      locked_until: null,
      last_failure_at: at,
    }));
    await f.store.transaction(async (db) => {
      for (let i = 0; i < spray.length; i += 200)
        await db
          .insertInto('login_throttle')
          .values(spray.slice(i, i + 200))
          .execute();
    });
    const city = await login(f.app, 'admin-city');
    const locks = (await f.app.inject({ method: 'GET', url: '/api/login-locks', ...city.auth })).json().locks;
    expect(locks[0]).toMatchObject({ kind: 'username', subject: 'officer-t1', locked: true });
  });

  it('lets no burst of simultaneous guesses past the allowance', async () => {
    const codes = (
      await Promise.all(
        Array.from({ length: 30 }, (_, i) => attempt('officer-t1', `burst-${i}`, `203.0.113.${i}`)),
      )
    ).map((r) => r.statusCode);
    expect(codes.filter((c) => c === 401).length).toBeLessThanOrEqual(5);
    expect(codes.filter((c) => c === 429).length).toBeGreaterThanOrEqual(25);
    expect(codes.every((c) => c === 401 || c === 429)).toBe(true);
  });

  it('keeps the count in the database: another server and a restarted one see the lock', async () => {
    for (let i = 0; i < 5; i++) await attempt('officer-t1', `guess-${i}`);
    const other = await f.server();
    expect((await attempt('officer-t1', PASSWORD, '127.0.0.1', other)).statusCode).toBe(429);
    await f.store.close();
    const restarted = await f.server({ ownStore: true });
    expect((await attempt('officer-t1', PASSWORD, '127.0.0.1', restarted)).statusCode).toBe(429);
  });

  it('shows admins the locks in their scope and lets them lift one', async () => {
    for (let i = 0; i < 5; i++) await attempt('officer-t1', `guess-${i}`, '203.0.113.9');
    await attempt('officer-c2', 'guess', '203.0.113.9');
    const c1 = await login(f.app, 'admin-c1');
    const c2 = await login(f.app, 'admin-c2');
    const seen = await f.app.inject({ method: 'GET', url: '/api/login-locks', ...c1.auth });
    expect(seen.statusCode).toBe(200);
    const locks = seen.json().locks as { kind: string; subject: string; locked: boolean; failures: number }[];
    expect(locks).toEqual([
      expect.objectContaining({ kind: 'username', subject: 'officer-t1', locked: true, failures: 5 }),
    ]);
    // another county's admin sees neither that account nor the address (nobody's jurisdiction)
    const other = (await f.app.inject({ method: 'GET', url: '/api/login-locks', ...c2.auth })).json().locks;
    expect(other.map((l: { subject: string }) => l.subject)).toEqual(['officer-c2']);
    // the admin at the top of the tree sees all of them, the address too
    const city = await login(f.app, 'admin-city');
    const all = (await f.app.inject({ method: 'GET', url: '/api/login-locks', ...city.auth })).json().locks;
    expect(all.map((l: { kind: string; subject: string }) => `${l.kind}:${l.subject}`).sort()).toEqual([
      'address:203.0.113.9',
      'username:officer-c2',
      'username:officer-t1',
    ]);
    const refused = await f.app.inject({
      method: 'DELETE',
      url: '/api/login-locks/username/officer-t1',
      ...c2.auth,
    });
    expect(refused.statusCode).toBe(404);
    const officer = await login(f.app, 'officer-t1').catch((e: Error) => e);
    expect(officer).toBeInstanceOf(Error);
    const lifted = await f.app.inject({
      method: 'DELETE',
      url: '/api/login-locks/username/officer-t1',
      ...c1.auth,
    });
    expect(lifted.statusCode).toBe(204);
    expect((await attempt('officer-t1', PASSWORD, '203.0.113.9')).statusCode).toBe(200);
    const nonAdmin = await login(f.app, 'officer-t1');
    expect(
      (await f.app.inject({ method: 'GET', url: '/api/login-locks', ...nonAdmin.auth })).statusCode,
    ).toBe(403);
  });
});
