import { describe, expect, it } from 'vitest';
import { ApiClient, ApiError } from './api.ts';

interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A fetch that answers from a list, in turn, and keeps what was sent. */
function fakeFetch(answers: (() => Response)[]) {
  const sent: Sent[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    sent.push({
      method: init?.method ?? 'GET',
      url: String(input),
      headers: { ...(init?.headers as Record<string, string>) },
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    });
    const next = answers.shift();
    if (!next) throw new Error('no more answers');
    return next();
  };
  return { fetch: fetch as typeof globalThis.fetch, sent };
}

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  () =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    });

describe('the API client', () => {
  it('sends writes with the CSRF token it was given, reads without', async () => {
    const f = fakeFetch([json(200, { ok: 1 }), json(200, { ok: 2 })]);
    const api = new ApiClient({ fetch: f.fetch });
    api.setCsrf('token-1');
    expect(await api.send('GET', '/api/incidents')).toEqual({ ok: 1 });
    expect(await api.send('POST', '/api/incidents/c-1/events/log.entry', { id: 'e-1' })).toEqual({ ok: 2 });
    expect(f.sent[0]?.headers['x-csrf-token']).toBeUndefined();
    expect(f.sent[1]?.headers).toEqual({ 'content-type': 'application/json', 'x-csrf-token': 'token-1' });
    expect(f.sent[1]?.body).toEqual({ id: 'e-1' });
  });

  it("keeps each client's token and clock to itself", async () => {
    const a = new ApiClient({ fetch: fakeFetch([json(200, {})]).fetch });
    const f = fakeFetch([json(200, {})]);
    const b = new ApiClient({ fetch: f.fetch });
    a.setCsrf('a');
    b.setCsrf('b');
    await b.send('DELETE', '/api/x');
    expect(f.sent[0]?.headers['x-csrf-token']).toBe('b');
  });

  it("takes the server's time from its answers", async () => {
    const ahead = 10 * 60_000;
    const f = fakeFetch([json(200, {}, { 'x-huajie-time': new Date(Date.now() + ahead).toISOString() })]);
    const api = new ApiClient({ fetch: f.fetch });
    expect(Math.abs(api.serverNow() - Date.now())).toBeLessThan(50);
    await api.send('GET', '/api/me');
    expect(Math.abs(api.serverNow() - (Date.now() + ahead))).toBeLessThan(1000);
  });

  it('answers a refusal with an ApiError: status, code, message, issues, the wait of a 429', async () => {
    const issues = [{ path: 'data.text', message: 'Required' }];
    const f = fakeFetch([
      json(422, { error: 'invalid', message: 'The event is not valid', issues }),
      json(429, { error: 'rate_limited', message: 'Too many' }, { 'retry-after': '30' }),
    ]);
    const api = new ApiClient({ fetch: f.fetch });
    const refused = await api.send('POST', '/api/x', {}).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({
      status: 422,
      code: 'invalid',
      message: 'The event is not valid',
      issues,
    });
    expect(await api.send('GET', '/api/y').catch((e: unknown) => e)).toMatchObject({
      status: 429,
      retryAfter: 30,
    });
  });

  describe('when the session is gone (401)', () => {
    it('without onUnauthorized, the 401 is the answer', async () => {
      const api = new ApiClient({ fetch: fakeFetch([json(401, { error: 'unauthenticated' })]).fetch });
      expect(await api.send('GET', '/api/incidents').catch((e: unknown) => e)).toMatchObject({ status: 401 });
    });

    it('waits for the user to log in again, then sends the request once more', async () => {
      const f = fakeFetch([json(401, { error: 'unauthenticated' }), json(200, { id: 'e-1' })]);
      let asked = 0;
      const api = new ApiClient({
        fetch: f.fetch,
        onUnauthorized: async () => {
          asked++;
          // the login's answer brings a new token
          api.setCsrf('after-login');
        },
      });
      api.setCsrf('before');
      expect(await api.send('POST', '/api/incidents/c-1/events/log.entry', { id: 'e-1' })).toEqual({
        id: 'e-1',
      });
      expect(asked).toBe(1);
      expect(f.sent.map((s) => [s.url, s.headers['x-csrf-token'], s.body])).toEqual([
        ['/api/incidents/c-1/events/log.entry', 'before', { id: 'e-1' }],
        ['/api/incidents/c-1/events/log.entry', 'after-login', { id: 'e-1' }],
      ]);
    });

    it('retries only once: a second 401 is the answer', async () => {
      const f = fakeFetch([json(401, {}), json(401, { error: 'unauthenticated' })]);
      let asked = 0;
      const api = new ApiClient({ fetch: f.fetch, onUnauthorized: async () => void asked++ });
      expect(await api.send('GET', '/api/incidents').catch((e: unknown) => e)).toMatchObject({ status: 401 });
      expect(asked).toBe(1);
      expect(f.sent).toHaveLength(2);
    });

    it('gives the 401 back when logging in again is given up', async () => {
      const f = fakeFetch([json(401, { error: 'unauthenticated' })]);
      const api = new ApiClient({
        fetch: f.fetch,
        onUnauthorized: () => Promise.reject(new Error('closed')),
      });
      expect(await api.send('GET', '/api/incidents').catch((e: unknown) => e)).toMatchObject({
        status: 401,
        code: 'unauthenticated',
      });
      expect(f.sent).toHaveLength(1);
    });

    it('does not ask about /api/me or the login itself: there the 401 is the answer', async () => {
      const f = fakeFetch([json(401, {}), json(401, { error: 'bad_credentials' })]);
      let asked = 0;
      const api = new ApiClient({ fetch: f.fetch, onUnauthorized: async () => void asked++ });
      expect(await api.send('GET', '/api/me').catch((e: unknown) => e)).toMatchObject({ status: 401 });
      expect(await api.send('POST', '/api/auth/login', {}).catch((e: unknown) => e)).toMatchObject({
        status: 401,
      });
      expect(asked).toBe(0);
    });

    it('leaves other refusals alone', async () => {
      const f = fakeFetch([json(403, { error: 'forbidden' })]);
      let asked = 0;
      const api = new ApiClient({ fetch: f.fetch, onUnauthorized: async () => void asked++ });
      expect(await api.send('GET', '/api/audit').catch((e: unknown) => e)).toMatchObject({ status: 403 });
      expect(asked).toBe(0);
    });
  });
});
