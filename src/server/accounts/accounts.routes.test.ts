import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type ApiFixture,
  apiFixture,
  type Login,
  login,
  PASSWORD,
  TWO_TOWNS,
} from '../../../test/support/api.ts';
import { engines } from '../../../test/support/stores.ts';
import { ManualClock } from '../../core/clock.ts';

describe.each(engines())('accounts: $engine', ({ engine, skip }) => {
  let fx: ApiFixture;
  let app: FastifyInstance;
  const clock = new ManualClock('2026-05-11T01:00:00Z');
  let admin: Login;

  beforeEach(async (ctx) => {
    if (skip) ctx.skip();
    fx = await apiFixture(engine, clock, TWO_TOWNS);
    ({ app } = fx);
    admin = await login(app, 'admin-t1');
  });
  afterEach(async () => {
    if (skip) return;
    await fx.close();
  });

  const as = (who: Login, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    app.inject({ method, url, payload, ...who.auth });

  it('manages accounts in scope: adds, changes, disables, resets; sessions end when they should', async () => {
    const add = await as(admin, 'POST', '/api/users', {
      username: 'recorder-t1',
      displayName: '记录员',
      password: PASSWORD,
      role: 'recorder',
      jurisdiction: 't1',
    });
    expect(add.statusCode, add.body).toBe(201);
    expect(add.json().user).not.toHaveProperty('password_hash');
    const id = add.json().user.id as string;
    // not outside the admin's scope; a weak password is named
    const outside = await as(admin, 'POST', '/api/users', {
      username: 'x-t2',
      displayName: 'x',
      password: PASSWORD,
      role: 'officer',
      jurisdiction: 't2',
    });
    expect(outside.statusCode).toBe(403);
    const weak = await as(admin, 'POST', '/api/users', {
      username: 'weak',
      displayName: 'x',
      password: 'short',
      role: 'officer',
      jurisdiction: 't1',
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().message).toContain('at least 12 characters');

    const list = (await as(admin, 'GET', '/api/users'))
      .json()
      .users.map((u: { username: string }) => u.username);
    expect(list).toEqual(['admin-t1', 'officer-t1', 'recorder-t1']);

    // disabling ends the account's sessions at once
    const rec = await login(app, 'recorder-t1');
    expect((await as(rec, 'GET', '/api/me')).statusCode).toBe(200);
    expect((await as(admin, 'PATCH', `/api/users/${id}`, { disabled: true })).json().user.disabled).toBe(
      true,
    );
    expect((await as(rec, 'GET', '/api/me')).statusCode).toBe(401);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'recorder-t1', password: PASSWORD },
        })
      ).statusCode,
    ).toBe(401);
    // enabled again with a new password
    const reset = await as(admin, 'PATCH', `/api/users/${id}`, {
      disabled: false,
      password: 'a brand new passphrase',
    });
    expect(reset.statusCode).toBe(200);
    const relog = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'recorder-t1', password: 'a brand new passphrase' },
    });
    expect(relog.statusCode).toBe(200);

    // an admin cannot lock themselves out, nor reach accounts elsewhere
    const me = (await as(admin, 'GET', '/api/me')).json().user.id as string;
    const self = await as(admin, 'PATCH', `/api/users/${me}`, { disabled: true });
    expect(self.statusCode).toBe(409);
    const t2 = (await as(await login(app, 'admin-c1'), 'GET', '/api/users'))
      .json()
      .users.find((u: { username: string }) => u.username === 'officer-t2').id as string;
    expect((await as(admin, 'PATCH', `/api/users/${t2}`, { role: 'commander' })).statusCode).toBe(404);
    expect((await as(admin, 'PATCH', `/api/users/${id}`, { jurisdiction: 'c1' })).statusCode).toBe(403);
    expect((await as(admin, 'PATCH', `/api/users/${id}`, { role: 'king' })).statusCode).toBe(400);
  });
});
