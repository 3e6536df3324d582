import http from 'node:http';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { buildApp } from '../../src/server/app.ts';
import { NotificationDispatcher } from '../../src/server/notifications/dispatcher.ts';
import { webhookEgress } from '../../src/server/notifications/egress.ts';
import { PlanRegistry } from '../../src/server/plans/plan.registry.ts';
import { PgBus } from '../../src/server/realtime/bus.ts';
import type { EventStore } from '../../src/server/store/event-store.ts';
import { login, reportBody, seedTree, seedUsers } from '../support/api.ts';
import { freshDb, pgInfo, type TestDb } from '../support/stores.ts';

describe.skipIf(!pgInfo().available)('two servers on one PostgreSQL', () => {
  let db: TestDb;
  const stores: EventStore[] = [];
  const apps: FastifyInstance[] = [];
  const clock = new ManualClock('2026-05-11T01:00:00Z');
  // the receiver listens on 127.0.0.1: a deployment that allows that one internal address
  const egress = webhookEgress({ internalNetworks: ['127.0.0.1/32'] });

  beforeAll(async () => {
    db = await freshDb('postgres');
    const plans = PlanRegistry.fromDirectory('plans');
    for (let i = 0; i < 2; i++) {
      const store = await db.open(clock);
      stores.push(store);
      if (i === 0) {
        await seedTree(store, clock, [['t1', 'county']]);
        await seedUsers(store, clock, [
          ['officer', 'officer', 't1'],
          ['admin', 'admin', 't1'],
        ]);
      }
      const app = await buildApp({
        store,
        clock,
        version: 'test',
        plans,
        bus: await PgBus.start(db.url),
        webhookEgress: egress,
      });
      await app.listen({ port: 0, host: '127.0.0.1' });
      apps.push(app);
    }
  });
  afterAll(async () => {
    for (const a of apps) await a.close();
    for (const s of stores) await s.close();
    await db.drop();
  });

  it('delivers an event appended through one server to a stream on the other', async () => {
    const [a, b] = apps as [FastifyInstance, FastifyInstance];
    const onB = await login(b, 'officer');
    const addr = b.server.address();
    const received: string[] = [];
    const req = http.get(
      `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/api/stream`,
      { headers: { cookie: `huajie_session=${onB.cookie}` } },
      (res) => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          for (const m of chunk.matchAll(/^event: (.+)$/gm)) if (m[1]) received.push(m[1]);
        });
      },
    );
    try {
      await expect.poll(() => b.broadcaster.size).toBe(1);
      const onA = await login(a, 'officer');
      const r = await a.inject({
        method: 'POST',
        url: '/api/incidents',
        ...onA.auth,
        payload: reportBody('跨服务器', 60),
      });
      expect(r.statusCode).toBe(201);
      await expect.poll(() => received.includes('incident.reported'), { timeout: 10_000 }).toBe(true);
      expect(received).toContain('duty.started');
    } finally {
      req.destroy();
    }
  });

  it('delivers each notification once while both servers dispatch at the same time', async () => {
    const [a] = apps as [FastifyInstance, FastifyInstance];
    const got: string[] = [];
    const receiver = http.createServer((req, res) => {
      got.push(String(req.headers['x-huajie-delivery']));
      req.resume();
      // a slow receiver: both servers' passes overlap while messages are in flight
      setTimeout(() => res.writeHead(204).end(), 20);
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    try {
      const port = (receiver.address() as { port: number }).port;
      const admin = await login(a, 'admin');
      const hook = await a.inject({
        method: 'POST',
        url: '/api/webhooks',
        ...admin.auth,
        payload: {
          jurisdiction: 't1',
          name: 'x',
          url: `http://127.0.0.1:${port}/`,
          format: 'json',
          kinds: ['incident'],
        },
      });
      expect(hook.statusCode).toBe(201);
      const onA = await login(a, 'officer');
      for (let i = 0; i < 30; i++) {
        const r = await a.inject({
          method: 'POST',
          url: '/api/incidents',
          ...onA.auth,
          payload: reportBody(`事件${i}`, 12),
        });
        expect(r.statusCode).toBe(201);
      }
      const dispatchers = stores.map((s) => new NotificationDispatcher(s, clock, { batch: 5, egress }));
      for (let round = 0; round < 10; round++) await Promise.all(dispatchers.map((d) => d.runOnce()));
      expect(got).toHaveLength(30);
      expect(new Set(got).size).toBe(30);
    } finally {
      await new Promise<void>((r) => receiver.close(() => r()));
    }
  });
});
