import { describe, expect, it } from 'vitest';
import { login, reportBody, seedTree, seedUsers, serversFixture } from '../../../test/support/api.ts';
import { engines, T0 } from '../../../test/support/stores.ts';
import { ManualClock } from '../../core/clock.ts';
import { SESSION_HOURS } from './session.ts';

/**
 * Sessions and scopes are held in memory by each server (AuthCache); these are the changes
 * that must reach the very next request all the same, whoever made them.
 */
describe.each(engines())('who is calling, held in memory, on $engine', ({ engine, skip }) => {
  it.skipIf(skip)('refuses on every server the next request of a session ended on another', async () => {
    const clock = new ManualClock(T0);
    const fx = await serversFixture(engine, clock, {
      tree: [['t1', 'county']],
      users: [
        ['officer', 'officer', 't1'],
        ['admin', 'admin', 't1'],
      ],
    });
    // two servers, each with a store of its own over the one database
    const a = await fx.server();
    const b = await fx.server({ ownStore: true });
    const officer = await login(a, 'officer');
    const me = (app: typeof a) => app.inject({ method: 'GET', url: '/api/me', ...officer.auth });
    expect((await me(a)).statusCode).toBe(200);
    expect((await me(b)).statusCode).toBe(200); // now held by both

    const out = await a.inject({ method: 'POST', url: '/api/auth/logout', ...officer.auth });
    expect(out.statusCode).toBeLessThan(300);
    expect((await me(b)).statusCode).toBe(401);
    expect((await me(a)).statusCode).toBe(401);

    // an admin on one server disables an account whose session the other holds
    const again = await login(b, 'officer');
    const meAgain = () => b.inject({ method: 'GET', url: '/api/me', ...again.auth });
    expect((await meAgain()).statusCode).toBe(200);
    const admin = await login(a, 'admin');
    const users = (await a.inject({ method: 'GET', url: '/api/users', ...admin.auth })).json() as {
      users: { id: string; username: string }[];
    };
    const id = users.users.find((u) => u.username === 'officer')?.id;
    const off = await a.inject({
      method: 'PATCH',
      url: `/api/users/${id}`,
      ...admin.auth,
      payload: { disabled: true },
    });
    expect(off.statusCode).toBe(200);
    expect((await meAgain()).statusCode).toBe(401);
  });

  it.skipIf(skip)('refuses a held session once it expired', async () => {
    const clock = new ManualClock(T0);
    const fx = await serversFixture(engine, clock, {
      tree: [['t1', 'county']],
      users: [['officer', 'officer', 't1']],
    });
    const app = await fx.server();
    const s = await login(app, 'officer');
    const me = () => app.inject({ method: 'GET', url: '/api/me', ...s.auth });
    expect((await me()).statusCode).toBe(200);
    clock.advance(SESSION_HOURS * 3600_000 - 1000);
    expect((await me()).statusCode).toBe(200);
    clock.advance(2000);
    expect((await me()).statusCode).toBe(401);
  });

  it.skipIf(skip)(
    'sees a jurisdiction added below the caller, by whoever added it, in the next request',
    async () => {
      const clock = new ManualClock(T0);
      const fx = await serversFixture(engine, clock, {
        tree: [
          ['c1', 'county'],
          ['t1', 'town', 'c1'],
        ],
        users: [['county-officer', 'officer', 'c1']],
      });
      const app = await fx.server();
      const county = await login(app, 'county-officer');
      const list = async () =>
        (
          (await app.inject({ method: 'GET', url: '/api/incidents', ...county.auth })).json() as {
            incidents: { title: string }[];
          }
        ).incidents.map((i) => i.title);
      expect(await list()).toEqual([]); // the county's scope is now held

      // a new town, written straight into the database (as the command line does), and an
      // incident reported there
      await seedTree(fx.store, clock, [['t9', 'town', 'c1']]);
      await seedUsers(fx.store, clock, [['t9-officer', 'officer', 't9']]);
      const t9 = await login(app, 't9-officer');
      const r = await app.inject({
        method: 'POST',
        url: '/api/incidents',
        ...t9.auth,
        payload: reportBody('新设镇的聚集', 20),
      });
      expect(r.statusCode).toBe(201);
      expect(await list()).toEqual(['新设镇的聚集']);
    },
  );

  it.skipIf(skip)('moves the auth epoch when a session ends, not when one starts', async () => {
    const clock = new ManualClock(T0);
    const fx = await serversFixture(engine, clock, {
      tree: [['t1', 'county']],
      users: [['officer', 'officer', 't1']],
    });
    const app = await fx.server();
    const epoch = async () =>
      Number((await fx.store.db.selectFrom('auth_epoch').select('n').executeTakeFirstOrThrow()).n);
    const before = await epoch();
    const s = await login(app, 'officer');
    await login(app, 'officer');
    expect(await epoch()).toBe(before); // logins leave every server's sessions where they are
    expect(
      (await app.inject({ method: 'POST', url: '/api/auth/logout', ...s.auth })).statusCode,
    ).toBeLessThan(300);
    expect(await epoch()).toBe(before + 1);
  });
});
