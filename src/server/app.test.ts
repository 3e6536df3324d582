import { beforeEach, describe, expect, it } from 'vitest';
import { type ServersFixture, serversFixture } from '../../test/support/api.ts';
import { ManualClock } from '../core/clock.ts';
import type { EventStore } from './store/event-store.ts';

describe('http app', () => {
  let fx: ServersFixture;
  let store: EventStore;
  const clock = new ManualClock('2026-05-11T01:00:00Z');
  beforeEach(async () => {
    fx = await serversFixture('sqlite', clock);
    ({ store } = fx);
  });

  it('answers GET /api/health with the engine and the injected time', async () => {
    const app = await fx.server({ deps: { version: '9.9.9' } });
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'ok',
      engine: 'sqlite',
      version: '9.9.9',
      time: '2026-05-11T01:00:00.000Z',
    });
    // every answer carries the server's time, for the browser's clocks
    expect(res.headers['x-huajie-time']).toBe('2026-05-11T01:00:00.000Z');
    clock.advance(90_000);
    const later = await app.inject({ method: 'GET', url: '/api/me' });
    expect(later.statusCode).toBe(401);
    expect(later.headers['x-huajie-time']).toBe('2026-05-11T01:01:30.000Z');
  });

  it('makes at most one test write every 5 s, however often health is asked', async () => {
    const app = await fx.server({ deps: { version: '1' } });
    const probes = () => store.db.selectFrom('health_probes').select('at').execute();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => app.inject({ method: 'GET', url: '/api/health' })),
    );
    expect(answers.every((a) => a.json().writable === true)).toBe(true);
    const first = await probes();
    expect(first).toEqual([{ at: clock.now().toISOString() }]);
    clock.advance(4_000);
    await app.inject({ method: 'GET', url: '/api/health' });
    expect(await probes()).toEqual(first);
    clock.advance(1_000);
    await app.inject({ method: 'GET', url: '/api/health' });
    expect(await probes()).toEqual([{ at: clock.now().toISOString() }]);
  });

  it('answers 503, not 500, when the database does not answer', async () => {
    const app = await fx.server({ deps: { version: '1' } });
    await store.close();
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: 'unavailable' });
  });

  it('serves the placeholder page in Chinese and English', async () => {
    const app = await fx.server({ deps: { version: '1' } });
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('化解 Huajie');
    expect(res.body).toContain('/api/health');
  });

  it('answers an unknown route with a JSON 404 naming it', async () => {
    const app = await fx.server({ deps: { version: '1' } });
    const res = await app.inject({ method: 'POST', url: '/api/nothing?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: 'not_found', message: 'no route POST /api/nothing' });
  });
});
