import http from 'node:http';
import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { addJurisdiction, addUser } from '../../src/server/accounts/accounts.repo.ts';
import { buildApp } from '../../src/server/app.ts';
import { PlanRegistry } from '../../src/server/plans/plan.registry.ts';
import { projections } from '../../src/server/projections/registry.ts';
import { PgBus } from '../../src/server/realtime/bus.ts';
import type { EventStore } from '../../src/server/store/event-store.ts';
import { freshDb, pgInfo, type TestDb } from '../support/stores.ts';

const PASSWORD = 'correct horse battery staple';

describe.skipIf(!pgInfo().available)('two servers on one PostgreSQL', () => {
  let db: TestDb;
  const stores: EventStore[] = [];
  const apps: FastifyInstance[] = [];
  const clock = new ManualClock('2026-05-11T01:00:00Z');

  beforeAll(async () => {
    db = await freshDb('postgres');
    const plans = PlanRegistry.fromDirectory('plans');
    for (let i = 0; i < 2; i++) {
      const store = await db.open(clock);
      stores.push(store);
      if (i === 0) {
        await addJurisdiction(store, clock, {
          code: 't1',
          name: '镇',
          level: 'county',
          plan: 'town-mass-incident',
        });
        await addUser(store, clock, {
          username: 'officer',
          displayName: '值班员',
          password: PASSWORD,
          role: 'officer',
          jurisdiction: 't1',
        });
      }
      const app = await buildApp({
        store,
        clock,
        version: 'test',
        plans,
        projections,
        bus: await PgBus.start(db.url),
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
    const login = async (app: FastifyInstance) => {
      const r = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'officer', password: PASSWORD },
      });
      return { cookie: r.cookies[0]?.value ?? '', csrf: r.json().csrfToken as string };
    };
    const onB = await login(b);
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
      const onA = await login(a);
      const r = await a.inject({
        method: 'POST',
        url: '/api/incidents',
        cookies: { huajie_session: onA.cookie },
        headers: { 'x-csrf-token': onA.csrf },
        payload: {
          id: uuidv7(),
          data: {
            title: '跨服务器',
            location: { text: '镇政府' },
            startedAt: '2026-05-11T09:00:00+08:00',
            source: '电话',
            facts: { participants: 60 },
          },
        },
      });
      expect(r.statusCode).toBe(201);
      await expect.poll(() => received.includes('incident.reported'), { timeout: 10_000 }).toBe(true);
      expect(received).toContain('duty.started');
    } finally {
      req.destroy();
    }
  });
});
