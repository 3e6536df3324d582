import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { login, serversFixture } from '../../test/support/api.ts';
import { T0 } from '../../test/support/stores.ts';
import { ManualClock } from '../core/clock.ts';

/** The head of an answer (the body is not waited for: a live stream never ends). */
function head(
  port: number,
  path: string,
  cookie?: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: '127.0.0.1', port, path, headers: cookie ? { cookie: `huajie_session=${cookie}` } : {} },
      (res) => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers });
        res.destroy();
      },
    );
    req.on('error', reject);
  });
}

describe('security headers', () => {
  it('go out on every kind of answer: data, a refusal, no such route, a live stream', async () => {
    const fx = await serversFixture('sqlite', new ManualClock(T0), {
      tree: [['t1', 'county']],
      users: [['officer', 'officer', 't1']],
    });
    const app = await fx.server({ listen: true });
    const { cookie } = await login(app, 'officer');
    const port = (app.server.address() as AddressInfo).port;
    for (const [path, who, status] of [
      ['/api/incidents', cookie, 200],
      ['/api/incidents', undefined, 401],
      ['/api/nothing-here', cookie, 404],
      ['/api/stream', cookie, 200],
    ] as const) {
      const r = await head(port, path, who);
      expect(r.status, path).toBe(status);
      expect(r.headers['content-security-policy'], path).toContain("default-src 'self'");
      expect(r.headers['x-frame-options'], path).toBe('SAMEORIGIN');
      expect(r.headers['x-content-type-options'], path).toBe('nosniff');
      expect(r.headers['cross-origin-opener-policy'], path).toBe('same-origin');
    }
  });
});
