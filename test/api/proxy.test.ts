import { InvalidArgumentError } from 'commander';
import { beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { trustProxy } from '../../src/server/cli/cli.ts';
import { trustProxyOption } from '../../src/server/server.ts';
import { PASSWORD, type ServersFixture, serversFixture } from '../support/api.ts';

/**
 * Behind a TLS proxy (--trust-proxy): the session cookie is Secure, HSTS is sent, and the
 * client's address is the forwarded one. Without it, forwarded headers are not believed, and
 * plain http never gets HSTS.
 */
describe('a server behind a proxy', () => {
  let fx: ServersFixture;
  const clock = new ManualClock('2026-05-11T01:00:00Z');
  beforeEach(async () => {
    fx = await serversFixture('sqlite', clock, {
      tree: [['c1', 'county']],
      users: [['officer', 'officer', 'c1']],
    });
  });
  const app = (trust?: boolean | string[]) =>
    fx.server({ deps: { version: 't' }, fastify: { trustProxy: trustProxyOption(trust) } });
  const login = (a: Awaited<ReturnType<typeof app>>, headers: Record<string, string>, password = PASSWORD) =>
    a.inject({ method: 'POST', url: '/api/auth/login', headers, payload: { username: 'officer', password } });
  const fromTls = { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.7' };

  it('makes the cookie Secure and sends HSTS only when a trusted proxy says https', async () => {
    const trusted = await app(['127.0.0.1']);
    const res = await login(trusted, fromTls);
    expect(res.statusCode).toBe(200);
    expect(res.cookies.find((c) => c.name === 'huajie_session')?.secure).toBe(true);
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    // plain http through the same proxy: neither
    const plain = await login(trusted, { 'x-forwarded-for': '203.0.113.7' });
    expect(plain.cookies.find((c) => c.name === 'huajie_session')?.secure).toBeFalsy();
    expect(plain.headers['strict-transport-security']).toBeUndefined();
  });

  it('believes no forwarded header without --trust-proxy, or from a proxy it does not list', async () => {
    for (const a of [await app(), await app(['10.0.0.0/8'])]) {
      const res = await login(a, fromTls);
      expect(res.cookies.find((c) => c.name === 'huajie_session')?.secure).toBeFalsy();
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('counts failed logins by the forwarded address behind a trusted proxy', async () => {
    const trusted = await app(true);
    // a hundred usernames from one client behind the proxy lock that client, not the proxy
    for (let i = 0; i < 20; i++)
      await trusted.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'x-forwarded-for': '203.0.113.7' },
        payload: { username: `u${i}`, password: 'guess' },
      });
    expect((await login(trusted, { 'x-forwarded-for': '203.0.113.7' })).statusCode).toBe(429);
    expect((await login(trusted, { 'x-forwarded-for': '198.51.100.1' })).statusCode).toBe(200);
  });

  it('takes the address the one trusted proxy saw, never one the client wrote before it', async () => {
    const trusted = await app(true);
    // the client sent its own X-Forwarded-For; the proxy added the address it saw
    const spoofed = { 'x-forwarded-for': '198.51.100.1, 203.0.113.7' };
    for (let i = 0; i < 20; i++)
      await trusted.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'x-forwarded-for': `198.51.100.${i + 2}, 203.0.113.7` },
        payload: { username: `u${i}`, password: 'guess' },
      });
    // the twenty guesses count against 203.0.113.7 however the client varied its own entry …
    expect((await login(trusted, spoofed)).statusCode).toBe(429);
    // … and a client elsewhere, behind the same proxy, is not locked out by them
    expect((await login(trusted, { 'x-forwarded-for': '203.0.113.8' })).statusCode).toBe(200);
  });

  it('reads --trust-proxy / HUAJIE_TRUST_PROXY', () => {
    expect(trustProxy('true')).toBe(true);
    expect(trustProxy('false')).toBe(false);
    expect(trustProxy('127.0.0.1, 10.0.0.0/8,::1')).toEqual(['127.0.0.1', '10.0.0.0/8', '::1']);
    for (const bad of ['2', 'proxy.local', '10.0.0.0/33', '10.0.0.1/8/1'])
      expect(() => trustProxy(bad), bad).toThrow(InvalidArgumentError);
  });
});
