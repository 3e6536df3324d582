/**
 * Check 3: how late the duty clock fires with ~100,000 open duties. Lateness of a miss is
 * the recordedAt of its duty.missed event minus its due time (data.dueAt), on the real
 * clock: incidents are reported with occurredAt in the past so that their duties fall due
 * during a measured window a few seconds ahead, while the bulk of the open duties are due
 * well after the run.
 */

import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { systemClock } from '../../src/core/clock.ts';
import { durationMs } from '../../src/core/plan/duration.ts';
import { DutyClock } from '../../src/server/clock/duty.clock.ts';
import { reportIncident } from '../../src/server/incident/incident.handler.ts';
import { PlanRegistry } from '../../src/server/plans/plan.registry.ts';
import { BUNDLED_PLANS } from '../../src/server/server.ts';
import type { EventStore } from '../../src/server/store/event-store.ts';
import { openStore } from '../../src/server/store/open.ts';
import { createWritePath, type WritePath } from '../../src/server/write-path.ts';
import { seedTree } from '../../test/support/api.ts';
import { envList, envNumber, fmtInt, fmtMs, fmtS, type Stats, say, sleep, stats } from './common.ts';
import type { EngineEnv } from './huajie.ts';

export const DUTIES = envNumber('BENCH_DUTIES', 100_000, { integer: true });
export const DUE_DUTIES = envNumber('BENCH_DUE_DUTIES', 2000, { integer: true });
export const DUE_SECONDS = envNumber('BENCH_DUE_SECONDS', 15);
export const DUTY_INTERVALS = envList('BENCH_DUTY_INTERVALS', [1000, 250]);
/** longest the incidents for the far-future duties may take through reportIncident; the rest is SQL */
export const GEN_BUDGET_SECONDS = envNumber('BENCH_DUTY_GEN_SECONDS', 120);
const POOL = 200;
const PLAN = 'town-mass-incident';
const TOWN = 'duty-town';
/** after the window, how long the clock may take to record the last misses */
const SETTLE_MS = 60_000;

export interface DutyWindow {
  intervalMs: number;
  due: number;
  /** duty.missed of the window's duties */
  fired: number;
  /** duty.missed of anything else (should be 0) */
  unexpected: number;
  lateness: Stats;
  /** an ideal poller (setInterval at the same interval, same process) over the same due times */
  poller: Stats;
  openAtStart: number;
  /** incidents reported for this window, and how long that took */
  generatedMs: number;
  /** how far ahead of the window's first due time the duties were all in place */
  leadMs: number;
  /** the window's duty warnings, sent before the window starts */
  warningsSentBefore: number;
  /** the clock's passes that recorded something, from its onTick callbacks */
  passes: PassStats;
}

export interface PassStats {
  passes: number;
  /** cases ticked per pass, on average */
  casesPerPass: number;
  /** first to last tick of a pass */
  meanPassMs: number;
  maxPassMs: number;
  /** between consecutive ticks inside a pass: what one case costs (the pass is sequential) */
  msPerCase: number;
}

/** Ticks closer than `gapMs` belong to one pass. */
function passStats(ticks: number[], gapMs: number): PassStats {
  const passes: number[][] = [];
  for (const t of ticks) {
    const cur = passes[passes.length - 1];
    const last = cur?.[cur.length - 1];
    if (cur && last !== undefined && t - last < gapMs) cur.push(t);
    else passes.push([t]);
  }
  const durations = passes.map((p) => (p[p.length - 1] ?? 0) - (p[0] ?? 0));
  const steps = passes.reduce((n, p) => n + p.length - 1, 0);
  const total = durations.reduce((a, b) => a + b, 0);
  return {
    passes: passes.length,
    casesPerPass: ticks.length / Math.max(1, passes.length),
    meanPassMs: total / Math.max(1, passes.length),
    maxPassMs: Math.max(0, ...durations),
    msPerCase: steps > 0 ? total / steps : Number.NaN,
  };
}

export interface DutiesResult {
  engine: string;
  openDuties: number;
  viaReportIncident: { incidents: number; duties: number; ms: number; perSecond: number };
  viaSql: { duties: number; ms: number };
  dutiesPerMajorIncident: number;
  windows: DutyWindow[];
}

const REPORTER = { id: 'bench', role: 'officer' };

function command(occurredAt: string, participants: number, n: number) {
  return {
    id: uuidv7(),
    type: 'incident.reported' as const,
    actor: REPORTER,
    occurredAt,
    data: {
      title: participants >= 50 ? `村民聚集堵路 ${n}` : `群众聚集 ${n}`,
      location: { text: '镇政府' },
      startedAt: occurredAt,
      source: '电话',
      facts: { participants },
      jurisdiction: TOWN,
    },
  };
}

/** Run `task(i)` for i in [0, count) with `pool` in flight, until `deadline` (performance.now()). */
async function pooled(
  count: number,
  pool: number,
  task: (i: number) => Promise<unknown>,
  deadline = Number.POSITIVE_INFINITY,
): Promise<number> {
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < count && performance.now() < deadline) {
      const i = next++;
      await task(i);
      done += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(pool, count) }, worker));
  return done;
}

async function count(store: EventStore, where: 'open' | 'all'): Promise<number> {
  let q = store.db.selectFrom('duties').select((eb) => eb.fn.countAll<number>().as('n'));
  if (where === 'open') q = q.where('status', '=', 'open');
  return Number((await q.executeTakeFirst())?.n ?? 0);
}

async function maxPosition(store: EventStore): Promise<number> {
  const r = await store.db
    .selectFrom('events')
    .select((eb) => eb.fn.max('position').as('p'))
    .executeTakeFirst();
  return Number(r?.p ?? 0);
}

/** Open duty rows written straight into the read model, due 20–60 minutes from now. */
async function insertDutyRows(store: EventStore, n: number): Promise<void> {
  const now = Date.now();
  const ids = ['report-town', 'report-county', 'principal-on-scene', 'convene-command-post'];
  for (let from = 0; from < n; from += 1000) {
    const rows = Array.from({ length: Math.min(1000, n - from) }, (_, j) => {
      const i = from + j;
      const due = new Date(now + 20 * 60_000 + (i % 2400) * 1000).toISOString();
      return sql`(${`bulk-${Math.floor(i / ids.length)}`}, ${ids[i % ids.length]}, ${'village'}, ${new Date(now).toISOString()}, ${due}, ${'open'})`;
    });
    await store.transaction((db) =>
      sql`INSERT INTO duties (case_id, duty_id, owner, started_at, due_at, status) VALUES ${sql.join(rows)}`.execute(
        db,
      ),
    );
  }
}

export async function benchDuties(env: EngineEnv): Promise<DutiesResult> {
  const db = await env.newDb('duties');
  const { store } = await openStore({ dbUrl: db.dbUrl, dataDir: db.dataDir }, { clock: systemClock });
  try {
    const plans = PlanRegistry.fromDirectory(BUNDLED_PLANS);
    const plan = plans.get(PLAN);
    const reportTown = plan?.duties.find((d) => d.id === 'report-town');
    if (!reportTown) throw new Error(`plan ${PLAN} has no duty report-town`);
    const within = durationMs(reportTown.within);
    const deps: WritePath = createWritePath({ store, plans, clock: systemClock });
    await seedTree(store, systemClock, [
      ['duty-county', 'county'],
      [TOWN, 'town', 'duty-county'],
    ]);

    // How many duties a major incident (60 people) starts: the far-future bulk is made of those.
    await reportIncident(deps, uuidv7(), PLAN, command(new Date().toISOString(), 60, 0));
    const perMajor = await count(store, 'all');
    // each window's duties are missed before the next window's are reported: at the start of
    // every window, far-future + that window's = DUTIES duties are open
    const farDuties = Math.max(0, DUTIES - DUE_DUTIES - perMajor);
    const farIncidents = Math.floor(farDuties / perMajor);
    say(
      `  ${env.label}: reporting ${fmtInt(farIncidents)} incidents of 60 people (${perMajor} duties each, ` +
        `due in 20–60 min) through reportIncident, ${POOL} at a time, budget ${GEN_BUDGET_SECONDS} s`,
    );
    const t0 = performance.now();
    const reported = await pooled(
      farIncidents,
      POOL,
      (i) => reportIncident(deps, uuidv7(), PLAN, command(new Date().toISOString(), 60, i + 1)),
      t0 + GEN_BUDGET_SECONDS * 1000,
    );
    const genMs = performance.now() - t0;
    const viaReport = await count(store, 'all');
    const perSecond = (reported + 1) / (genMs / 1000);
    say(
      `  ${env.label}: ${fmtInt(reported + 1)} incidents → ${fmtInt(viaReport)} duties in ${fmtS(genMs)} ` +
        `(${fmtInt(perSecond)} incidents/s, ${fmtInt(viaReport / (genMs / 1000))} duties/s)`,
    );
    const sqlDuties = Math.max(0, DUTIES - DUE_DUTIES - viaReport);
    const s0 = performance.now();
    if (sqlDuties > 0) {
      say(`  ${env.label}: budget spent; inserting the other ${fmtInt(sqlDuties)} open duty rows with SQL`);
      await insertDutyRows(store, sqlDuties);
    }
    const sqlMs = performance.now() - s0;

    const windows: DutyWindow[] = [];
    for (const intervalMs of DUTY_INTERVALS) {
      windows.push(await dutyWindow(env.label, deps, within, intervalMs, perSecond));
    }
    return {
      engine: env.label,
      openDuties: windows[0]?.openAtStart ?? (await count(store, 'open')),
      viaReportIncident: { incidents: reported + 1, duties: viaReport, ms: genMs, perSecond },
      viaSql: { duties: sqlDuties, ms: sqlMs },
      dutiesPerMajorIncident: perMajor,
      windows,
    };
  } finally {
    await store.close();
    await db.drop();
  }
}

/**
 * DUE_DUTIES incidents of 15 people (one duty, report-town) whose duty falls due evenly over
 * DUE_SECONDS, starting a few seconds from now; the clock runs at `intervalMs` over them.
 */
async function dutyWindow(
  label: string,
  deps: WritePath,
  within: number,
  intervalMs: number,
  incidentsPerSecond: number,
): Promise<DutyWindow> {
  const { store } = deps;
  // time to report the window's incidents and send their warnings (one transaction each)
  const lead = Math.max(5000, (3 * DUE_DUTIES * 1000) / incidentsPerSecond + 2000);
  const windowStart = Date.now() + lead;
  const step = (DUE_SECONDS * 1000) / DUE_DUTIES;
  const dues = Array.from({ length: DUE_DUTIES }, (_, i) => Math.round(windowStart + (i + 0.5) * step));
  const g0 = performance.now();
  const caseIds = new Set<string>();
  await pooled(DUE_DUTIES, POOL, (i) => {
    const caseId = uuidv7();
    caseIds.add(caseId);
    const due = dues[i] ?? 0;
    return reportIncident(deps, caseId, PLAN, command(new Date(due - within).toISOString(), 15, i));
  });
  const generatedMs = performance.now() - g0;
  const leadMs = (dues[0] ?? 0) - Date.now();
  if (leadMs < 1000)
    say(`  warning: the window's duties were in place only ${fmtMs(leadMs)} ms before the first fell due`);

  // Their warnings (due − warnBefore) would have gone out minutes before, spread like the due
  // times; here they are all pending at once, so they are sent now, before the window.
  const w0 = performance.now();
  const warner = new DutyClock(deps);
  let warned = 0;
  for (let n = await warner.warnOnce(); n > 0; n = await warner.warnOnce()) warned += n;
  const warnMs = performance.now() - w0;
  if (Date.now() > windowStart - 1000)
    say(`  warning: sending ${warned} pending warnings ran into the window (${fmtMs(warnMs)} ms)`);

  await sleep(Math.max(0, windowStart - 1000 - Date.now()));
  const openAtStart = await count(store, 'open');
  const fromPosition = await maxPosition(store);
  const ticks: number[] = [];
  const clock = new DutyClock(deps, {
    intervalMs,
    onError: (e) => say(`  duty clock pass failed: ${e instanceof Error ? e.message : String(e)}`),
    onTick: () => ticks.push(performance.now()),
  });
  const poller: number[] = [];
  let k = 0;
  const timer = setInterval(() => {
    const t = Date.now();
    while (k < dues.length && (dues[k] ?? 0) < t) poller.push(t - (dues[k++] ?? 0));
  }, intervalMs);
  clock.start();
  const missed = async (): Promise<number> => {
    const r = await store.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('type', '=', 'duty.missed')
      .where('position', '>', fromPosition)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  };
  const windowEnd = windowStart + DUE_SECONDS * 1000;
  await sleep(Math.max(0, windowEnd - Date.now()));
  const deadline = Date.now() + SETTLE_MS;
  while ((await missed()) < DUE_DUTIES && Date.now() < deadline) await sleep(100);
  await clock.stop();
  clearInterval(timer);

  const rows = await store.db
    .selectFrom('events')
    .select(['case_id', 'data', 'recorded_at'])
    .where('type', '=', 'duty.missed')
    .where('position', '>', fromPosition)
    .execute();
  const late: number[] = [];
  let unexpected = 0;
  for (const r of rows) {
    if (!caseIds.has(r.case_id)) {
      unexpected += 1;
      continue;
    }
    const dueAt = (JSON.parse(r.data) as { dueAt?: string }).dueAt;
    late.push(Date.parse(r.recorded_at) - Date.parse(dueAt ?? ''));
  }
  const w: DutyWindow = {
    intervalMs,
    due: DUE_DUTIES,
    fired: late.length,
    unexpected,
    lateness: stats(late),
    poller: stats(poller),
    openAtStart,
    generatedMs,
    leadMs,
    // the clock wakes at each due time, so passes can be milliseconds apart
    passes: passStats(ticks, Math.min(5, intervalMs / 2)),
    warningsSentBefore: warned,
  };
  say(
    `  ${label}, clock every ${intervalMs} ms: ${fmtInt(w.fired)}/${fmtInt(w.due)} misses recorded, lateness ` +
      `p50 ${fmtMs(w.lateness.p50)} ms, p99 ${fmtMs(w.lateness.p99)} ms, max ${fmtMs(w.lateness.max)} ms ` +
      `(ideal poller p99 ${fmtMs(w.poller.p99)} ms; ${fmtInt(openAtStart)} open duties at start; ` +
      `${w.passes.passes} passes of ${w.passes.casesPerPass.toFixed(0)} cases, mean ${fmtMs(w.passes.meanPassMs)} ms, ` +
      `max ${fmtMs(w.passes.maxPassMs)} ms, ${fmtMs(w.passes.msPerCase)} ms per case; ` +
      `${fmtInt(warned)} warnings sent before the window in ${fmtS(warnMs)})`,
  );
  return w;
}
