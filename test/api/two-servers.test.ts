import http from 'node:http';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { NotificationDispatcher } from '../../src/server/notifications/dispatcher.ts';
import { webhookEgress } from '../../src/server/notifications/egress.ts';
import { PgBus } from '../../src/server/realtime/bus.ts';
import type { EventStore } from '../../src/server/store/event-store.ts';
import { login, reportBody, type ServersFixture, serversFixture } from '../support/api.ts';
import { pgInfo } from '../support/stores.ts';

describe.skipIf(!pgInfo().available)('two servers on one PostgreSQL', () => {
  let fx: ServersFixture | undefined;
  const stores: EventStore[] = [];
  const apps: FastifyInstance[] = [];
  const clock = new ManualClock('2026-05-11T01:00:00Z');
  // the receiver listens on 127.0.0.1: a deployment that allows that one internal address
  const egress = webhookEgress({ internalNetworks: ['127.0.0.1/32'] });

  beforeAll(async () => {
    fx = await serversFixture('postgres', clock, {
      tree: [['t1', 'county']],
      users: [
        ['officer', 'officer', 't1'],
        ['admin', 'admin', 't1'],
      ],
    });
    // each server with a store (a connection pool) of its own, woken through the database
    for (const store of [fx.store, await fx.openStore()]) {
      stores.push(store);
      const bus = await PgBus.start(fx.db.url);
      apps.push(await fx.server({ deps: { store, bus, webhookEgress: egress }, listen: true }));
    }
  });
  afterAll(async () => {
    await fx?.close();
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
