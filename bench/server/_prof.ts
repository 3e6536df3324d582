import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../src/core/clock.ts';
import { seedTree, seedUsers } from '../../test/support/api.ts';
import { Child } from './common.ts';
import { hostPort, login, reportIncidents, sqliteEnv, startHuajie } from './huajie.ts';
import type { LoadResult } from './load.child.ts';

const tmp = mkdtempSync(join(os.tmpdir(), 'hb-'));
const load = Child.start('./load.child.ts');
const db = await sqliteEnv(tmp).newDb('p');
const server = await startHuajie(db);
await seedTree(server.store, systemClock, [
  ['c', 'county'],
  ['t', 'town', 'c'],
]);
await seedUsers(server.store, systemClock, [['bench-officer', 'officer', 't']]);
const s = await login(server.url, 'bench-officer');
const ids = await reportIncidents(server.url, s, 100);
const { Session } = await import('node:inspector/promises');
const sess = new Session();
sess.connect();
await sess.post('Profiler.enable');
await sess.post('Profiler.start');
const r = await load.request<LoadResult>({
  kind: 'load',
  spec: {
    ...hostPort(server.url),
    method: 'POST',
    paths: ids.map((c) => `/api/incidents/${c}/events/log.entry`),
    headers: s.headers,
    body: 'log-entry',
    connections: 100,
    expectStatus: 201,
    warmupMs: 500,
    durationMs: 3000,
  },
});
const { profile } = await sess.post('Profiler.stop');
(await import('node:fs')).writeFileSync('/tmp/prof/huajie.cpuprofile', JSON.stringify(profile));
console.log(r.rps, r.latency);
await server.close();
await load.stop();
rmSync(tmp, { recursive: true });
