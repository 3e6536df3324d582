import { v7 as uuidv7 } from 'uuid';
import { beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { ValidationError } from '../../src/core/errors.ts';
import { type ApiFixture, apiFixture, type Login, reportBody } from '../support/api.ts';
import { ev } from '../support/events.ts';
import { engines } from '../support/stores.ts';

/** Input no field can hold answers 400 naming the field, and writes nothing. */
describe.each(engines())('input at the edges: $engine', ({ engine, skip }) => {
  let f: ApiFixture;
  let officer: Login;
  const clock = new ManualClock('2026-05-11T01:00:00Z');
  beforeEach(async (ctx) => {
    if (skip) ctx.skip();
    f = await apiFixture(engine, clock, {
      tree: [['c1', 'county']],
      users: [['officer', 'officer', 'c1']],
      logins: ['officer'],
    });
    officer = f.session('officer');
  });
  const count = async () => (await f.store.db.selectFrom('events').select('id').execute()).length;
  /** JSON text as a client may send it: \ud800 escapes survive JSON.parse as lone surrogates */
  const raw = (url: string, json: string) =>
    f.app.inject({
      method: 'POST',
      url,
      ...officer.auth,
      headers: { ...officer.auth.headers, 'content-type': 'application/json' },
      payload: json,
    });

  it('refuses a lone UTF-16 surrogate in any field with a 400 naming it', async () => {
    const caseId = (
      await f.app.inject({ method: 'POST', url: '/api/incidents', ...officer.auth, payload: reportBody() })
    ).json().caseId as string;
    const before = await count();
    const report = (data: string) =>
      raw(
        '/api/incidents',
        `{"id":"${uuidv7()}","data":{"location":{"text":"镇政府"},"startedAt":"2026-05-11T09:00:00+08:00","source":"电话",${data}}}`,
      );
    const cases: [Promise<{ statusCode: number; json(): { error: string; message: string } }>, string][] = [
      [report('"title":"\\ud800"'), 'body.data.title'],
      [report('"title":"堵路","facts":{"participants":3,"\\udc00":1}'), 'body.data.facts.\udc00'],
      [
        raw(
          `/api/incidents/${caseId}/events/log.entry`,
          `{"id":"${uuidv7()}","data":{"text":"ab\\udc00cd"}}`,
        ),
        'body.data.text',
      ],
      [
        raw(
          `/api/incidents/${caseId}/events/demand.registered`,
          `{"id":"${uuidv7()}","data":{"demandId":"d1","text":"补偿","people":3,"department":["\\ud83d"]}}`,
        ),
        'body.data.department.0',
      ],
    ];
    for (const [p, path] of cases) {
      const res = await p;
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toBe('invalid');
      expect(res.json().message).toContain(`${path}: has a lone UTF-16 surrogate`);
    }
    expect(await count()).toBe(before);
    // a whole astral character is, of course, fine
    const fine = await raw(
      `/api/incidents/${caseId}/events/log.entry`,
      `{"id":"${uuidv7()}","data":{"text":"\\ud83d\\ude00 到场"}}`,
    );
    expect(fine.statusCode).toBe(201);
    // and the store itself refuses one, naming the field, whoever calls it
    const e = await f.store.append('edge-case', 0, [ev('log.entry', { text: '\ud800' })]).catch((x) => x);
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.message).toContain('events.0.data.text');
  });

  it('refuses a body nested deeper than anything takes with a 400 naming where, from anyone', async () => {
    const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    const login = await f.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: `{"username":"officer","password":${deep(100_000)}}`,
    });
    expect(login.statusCode).toBe(400);
    expect(login.json().message).toContain('body.password');
    expect(login.json().message).toContain('nests deeper than 64 levels');
    const caseId = (
      await f.app.inject({ method: 'POST', url: '/api/incidents', ...officer.auth, payload: reportBody() })
    ).json().caseId as string;
    const before = await count();
    const entry = await raw(
      `/api/incidents/${caseId}/events/incident.facts.updated`,
      `{"id":"${uuidv7()}","data":{"facts":{"participants":${deep(70)}}}}`,
    );
    expect(entry.statusCode).toBe(400);
    expect(entry.json().message).toMatch(
      /^body\.data\.facts\.participants(\.0)+: nests deeper than 64 levels/,
    );
    expect(await count()).toBe(before);
  });

  it('takes field times within 30 days before the report, never the year 0000', async () => {
    const ancient = await f.app.inject({
      method: 'POST',
      url: '/api/incidents',
      ...officer.auth,
      payload: { ...reportBody(), occurredAt: '0000-01-01T00:00:00Z' },
    });
    expect(ancient.statusCode).toBe(400);
    expect(ancient.json().issues[0].path).toBe('occurredAt');
    const caseId = (
      await f.app.inject({ method: 'POST', url: '/api/incidents', ...officer.auth, payload: reportBody() })
    ).json().caseId as string;
    const entry = (occurredAt: string) =>
      f.app.inject({
        method: 'POST',
        url: `/api/incidents/${caseId}/events/log.entry`,
        ...officer.auth,
        payload: { id: uuidv7(), occurredAt, data: { text: '补录' } },
      });
    const tooEarly = await entry('2026-04-10T00:59:59Z');
    expect(tooEarly.statusCode).toBe(400);
    expect(tooEarly.json().message).toContain('more than 30 days before the incident was reported');
    expect((await entry('2026-04-12T01:00:00Z')).statusCode).toBe(201);
  });
});
