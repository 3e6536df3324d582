import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { systemClock } from '../../src/core/clock.ts';
import { reportIncident } from '../../src/server/incident/incident.handler.ts';
import { PlanRegistry } from '../../src/server/plans/plan.registry.ts';
import { projections } from '../../src/server/projections/registry.ts';
import { BUNDLED_PLANS } from '../../src/server/server.ts';
import { openStore } from '../../src/server/store/open.ts';
import { seedTree } from '../../test/support/api.ts';

const dir = mkdtempSync(join(os.tmpdir(), 'hb-'));
const { store } = await openStore({ dbUrl: `sqlite:${dir}/huajie.db`, dataDir: dir }, { clock: systemClock });
const plans = PlanRegistry.fromDirectory(BUNDLED_PLANS);
const deps = { store, plans, clock: systemClock, projections };
await seedTree(store, systemClock, [['c1', 'county'], ['t1', 'town', 'c1']]);
for (const p of [15, 60]) {
  const occurredAt = new Date(Date.now() - 25 * 60_000).toISOString();
  const r = await reportIncident(deps, uuidv7(), 'town-mass-incident', {
    id: uuidv7(), type: 'incident.reported', actor: { id: 'bench', role: 'officer' }, occurredAt,
    data: { title: 't', location: { text: 'x' }, startedAt: occurredAt, source: '电话', facts: { participants: p }, jurisdiction: 't1' },
  });
  console.log(p, r.events.map((e) => e.type).join(','));
}
console.log(await store.db.selectFrom('duties').selectAll().execute());
const t0 = performance.now();
const N = 2000;
let i = 0;
await Promise.all(Array.from({ length: 200 }, async () => {
  while (i < N) { i++;
  const occurredAt = new Date().toISOString();
  await reportIncident(deps, uuidv7(), 'town-mass-incident', {
    id: uuidv7(), type: 'incident.reported', actor: { id: 'bench', role: 'officer' }, occurredAt,
    data: { title: 't', location: { text: 'x' }, startedAt: occurredAt, source: '电话', facts: { participants: 60 }, jurisdiction: 't1' },
  }); }
}));
console.log('rate', N / ((performance.now() - t0) / 1000));
await store.close();
rmSync(dir, { recursive: true });
