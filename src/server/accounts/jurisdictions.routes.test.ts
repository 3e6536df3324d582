import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type ApiFixture,
  apiFixture,
  type Login,
  login,
  reportBody,
  TWO_TOWNS,
} from '../../../test/support/api.ts';
import { engines } from '../../../test/support/stores.ts';
import { ManualClock } from '../../core/clock.ts';

describe.each(engines())('the jurisdiction tree: $engine', ({ engine, skip }) => {
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

  it('grows the tree below the admin, and sets the plan new incidents there run under', async () => {
    const add = await as(admin, 'POST', '/api/jurisdictions', {
      code: 'v9',
      name: '新村',
      level: 'village',
      parent: 't1',
      plan: 'zhongxin-village',
    });
    expect(add.statusCode, add.body).toBe(201);
    expect(add.json().jurisdiction).toEqual({
      code: 'v9',
      name: '新村',
      level: 'village',
      parent: 't1',
      plan: 'zhongxin-village',
    });
    // not beside or above its own place, not in the wrong shape, not with an unknown plan
    const cases: [object, number, RegExp][] = [
      [{ code: 'v8', name: 'x', level: 'village', parent: 't2' }, 403, /outside yours/],
      [{ code: 'x1', name: 'x', level: 'county', parent: 't1' }, 400, /cannot sit under/],
      [{ code: 'v9', name: 'x', level: 'village', parent: 't1' }, 409, /exists already/],
      [{ code: 'v7', name: 'x', level: 'village', parent: 't1', plan: 'nope' }, 400, /no plan "nope"/],
      [{ code: 'bad code', name: 'x', level: 'village', parent: 't1' }, 400, /code/],
      [{ code: 'v6', name: 'x', level: 'village' }, 400, /parent/],
    ];
    for (const [body, status, message] of cases) {
      const r = await as(admin, 'POST', '/api/jurisdictions', body);
      expect([r.statusCode, r.json().message], JSON.stringify(body)).toEqual([
        status,
        expect.stringMatching(message),
      ]);
    }
    // two admins adding the same code at once: one wins, the other hears it exists
    const race = await Promise.all(
      Array.from({ length: 8 }, () =>
        as(admin, 'POST', '/api/jurisdictions', {
          code: 'v-race',
          name: 'x',
          level: 'village',
          parent: 't1',
        }),
      ),
    );
    expect(race.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    // only admins add
    expect(
      (
        await as(await login(app, 'officer-t1'), 'POST', '/api/jurisdictions', {
          code: 'v5',
          name: 'x',
          level: 'village',
          parent: 't1',
        })
      ).statusCode,
    ).toBe(403);

    // a report in the new village runs under its plan; with the plan unset, it is refused by name
    const officer = await login(app, 'officer-t1');
    const rep = await as(officer, 'POST', '/api/incidents', reportBody('聚集', 12, { jurisdiction: 'v9' }));
    expect(rep.statusCode, rep.body).toBe(201);
    const unset = await as(admin, 'PATCH', '/api/jurisdictions/v9', { plan: null, name: '新村（更名）' });
    expect(unset.json().jurisdiction).toMatchObject({ name: '新村（更名）', plan: null });
    const refused = await as(
      officer,
      'POST',
      '/api/incidents',
      reportBody('聚集', 12, { jurisdiction: 'v9' }),
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toContain('v9 has no active plan');
    expect((await as(admin, 'PATCH', '/api/jurisdictions/t2', { name: 'x' })).statusCode).toBe(404);

    // everyone sees their own part of the tree
    const tree = (await as(officer, 'GET', '/api/jurisdictions'))
      .json()
      .jurisdictions.map((j: { code: string }) => j.code);
    expect(tree).toEqual(['t1', 'v-race', 'v9']);
  });
});
