/**
 * The whole server under load, on SQLite and on PostgreSQL, each figure next to a baseline
 * measured in the same run on the same machine:
 *
 *   1. commands   POST /api/incidents/:caseId/events/log.entry at 100 concurrent connections,
 *                 vs a bare Fastify JSON POST route          target: ≥ 50% of its req/s (SQLite)
 *   2. sse        delivery latency of live events to 1,000 and 5,000 GET /api/stream clients,
 *                 vs a minimal node:http SSE broadcaster     target: p99 ≤ 1.25× the minimal one
 *   3. duties     lateness of the duty clock's duty.missed with 100,000 open duties,
 *                 vs an ideal poller at the same interval   target: p99 ≤ 1 s (1 s interval)
 *   4. list       GET /api/incidents with 100,000 incidents and 2,000,000 events,
 *                 vs the same SQL on the bare driver        target: p95 ≤ 30 ms;
 *                 GET /api/board (the live ones in urgency order) target: p95 ≤ 100 ms
 *   5. caselength log.entry latency on cases of 10, 1,000 and 10,000 events, one writer
 *                 target: p50 at 10,000 ≤ 1.2× p50 at 10;
 *                 100 writers on one case                   target: 0 conflicts, p99 ≤ 100 ms
 *                                                           (SQLite), ≤ 200 ms (PostgreSQL);
 *                 GET /api/incidents/:id at 10,000 events   target: p95 ≤ 30 ms, ≤ 100 KB
 *   6. spread     log.entry from 100 connections, each on its own incident, vs a Fastify route
 *                 that commits one INSERT of the same body per request, grouped (SQLite: WAL,
 *                 synchronous=FULL, one transaction per event-loop turn; PostgreSQL: a pool of
 *                 10, one multi-row INSERT per flush)       target: ≥ 50% of its req/s
 *                 (the bare Fastify route is measured too, for the record)
 *   7. streams    the load of 6 on one server, without and then with 2,000 GET /api/stream
 *                 clients that see every event written     target: req/s with ≥ 80% of without,
 *                                                           0 requests failed or timed out (10 s),
 *                                                           every event delivered to every client
 *   8. ledger     GET /api/disputes with 100,000 disputes registered through the write path
 *                 (BENCH_DISPUTES), four users            target: p95 ≤ 30 ms;
 *                 GET /api/figures over the period they cover, county and city
 *                                                           target: p95 ≤ 1 s
 *
 * The HTTP clients (load generator, SSE clients) run in child processes (bench/server/*.child.ts)
 * so they do not share the server's event loop; the machine's cores are shared, and the
 * clients' own CPU use is printed. Every check gets a fresh database: a temporary directory
 * for SQLite, a temporary database (dropped at the end, also on error or Ctrl-C) on the
 * PostgreSQL server for PostgreSQL.
 *
 *   node --import tsx bench/server.bench.ts                         # everything (~12 min)
 *   node --import tsx bench/server.bench.ts --only=commands,list --engine=sqlite
 *   node --import tsx bench/server.bench.ts --json                  # table on stderr, JSON on stdout
 *
 * Env: HUAJIE_TEST_PG (default postgres://postgres@127.0.0.1:5432/postgres),
 *      BENCH_SECONDS (measured seconds per command load, default 5), BENCH_CONNECTIONS (100),
 *      BENCH_SHARED_CASES (10), BENCH_SSE_CLIENTS (1000,5000), BENCH_SSE_EVENTS (40),
 *      BENCH_SSE_SPACING_MS (150), BENCH_DUTIES (100000), BENCH_DUE_DUTIES (2000 per window),
 *      BENCH_DUE_SECONDS (15), BENCH_DUTY_INTERVALS (1000,250), BENCH_DUTY_GEN_SECONDS (120),
 *      BENCH_INCIDENTS (100000), BENCH_EVENTS (2000000), BENCH_LIST_REQUESTS (200),
 *      BENCH_VERIFY=1 (verify every bulk-loaded chain), BENCH_WHAT_IF=1 (a candidate-index run),
 *      BENCH_CASE_LENGTHS (10,1000,10000), BENCH_CASE_REQUESTS (300), BENCH_ONE_CASE_WRITERS (100),
 *      BENCH_STREAM_CLIENTS (2000), BENCH_STREAM_DRAIN_SECONDS (120: how long the stream clients may
 *      take, after the load, to have every event).
 * Quick run: BENCH_SECONDS=2 BENCH_SSE_CLIENTS=200 BENCH_DUTIES=5000 BENCH_DUE_DUTIES=300
 *            BENCH_DUE_SECONDS=5 BENCH_INCIDENTS=5000 BENCH_EVENTS=100000 BENCH_LIST_REQUESTS=50
 *            BENCH_STREAM_CLIENTS=200
 *
 * The machine's load average is printed at the start and the end: on a shared machine every
 * figure moves with it, which is why each has its baseline measured in the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { benchCaseLength, type CaseLengthResult, LENGTHS } from './server/caselength.ts';
import { benchCommands, COMMAND_SECONDS, CONNECTIONS, type CommandsResult } from './server/commands.ts';
import {
  Child,
  describeError,
  flagList,
  fmtInt,
  fmtMs,
  fmtPct,
  fmtS,
  fmtX,
  JSON_OUT,
  killChildren,
  PG_URL,
  PgServer,
  redact,
  renderTable,
  say,
} from './server/common.ts';
import { benchDuties, DUE_DUTIES, DUE_SECONDS, DUTIES, type DutiesResult } from './server/duties.ts';
import { type EngineEnv, postgresEnv, sqliteEnv } from './server/huajie.ts';
import { benchLedger, DISPUTES, type LedgerResult } from './server/ledger.ts';
import { benchList, EVENTS, INCIDENTS, type ListResult, type ListScenario } from './server/list.ts';
import { benchSpread, type SpreadResult } from './server/spread.ts';
import { benchSse, SSE_CLIENTS, SSE_EVENTS, SSE_SPACING_MS, type SseRow } from './server/sse.ts';
import { benchStreams, STREAM_CLIENTS, type StreamsResult } from './server/streams.ts';

const CHECKS = ['commands', 'sse', 'duties', 'list', 'caselength', 'spread', 'streams', 'ledger'] as const;
type Check = (typeof CHECKS)[number];
const ONLY = flagList('only', CHECKS);
const ENGINES = flagList('engine', ['sqlite', 'postgres'] as const);

const TARGET = {
  commandsPct: 50,
  sseRatio: 1.25,
  dutyP99Ms: 1000,
  dutyIntervalMs: 1000,
  listP95Ms: 30,
  /** the duty board: the live incidents in urgency order with their clocks and who is on duty */
  boardP95Ms: 100,
  lengthRatio: 1.2,
  oneCaseP99Ms: { SQLite: 100, PostgreSQL: 200 } as Record<string, number>,
  readP95Ms: 30,
  readKb: 100,
  spreadPct: 50,
  streamsPct: 80,
  figuresP95Ms: 1000,
} as const;

interface Verdict {
  check: Check;
  engine: string;
  description: string;
  value: string;
  target: string;
  /** null: informational (the target is stated for another engine) or not measured */
  met: boolean | null;
}

interface Report {
  node: string;
  cpu: string;
  cpus: number;
  /** the machine's 1-minute load average when the run started and when it ended (2 cores: 2 is full) */
  loadAverage: { start: number; end: number };
  postgres: { url: string; version: string } | { skipped: string };
  commands: CommandsResult[];
  sse: SseRow[];
  duties: DutiesResult[];
  list: ListResult[];
  caselength: CaseLengthResult[];
  spread: SpreadResult[];
  streams: StreamsResult[];
  ledger: LedgerResult[];
  failures: { check: Check; engine: string; error: string }[];
  verdicts: Verdict[];
  totalSeconds: number;
}

// ---------------------------------------------------------------------------------------------
// Tables

function commandsTable(results: CommandsResult[]): string[] {
  const body = results.flatMap((r) =>
    [r.baseline, r.baselineAfter, r.huajie, r.shared].map((m, i) => [
      r.engine,
      m.label,
      fmtInt(m.rps),
      fmtMs(m.latency.p50),
      fmtMs(m.latency.p99),
      i < 2 ? '-' : fmtPct(i === 2 ? r.ratioPct : r.sharedRatioPct),
      m.eventsPerCase === undefined ? '-' : fmtInt(m.eventsPerCase),
      Object.entries(m.statuses)
        .filter(([s]) => s !== '201')
        .map(([s, n]) => `${s}×${n}`)
        .join(' ') || '-',
      `${m.clientCpuPct.toFixed(0)}%`,
    ]),
  );
  return renderTable(
    [
      'engine',
      `${CONNECTIONS} connections, ${COMMAND_SECONDS} s`,
      'req/s',
      'p50 ms',
      'p99 ms',
      'ratio',
      'events/case',
      'non-201',
      'client CPU',
    ],
    body,
  );
}

function sseTable(rows: SseRow[]): string[] {
  const body = rows.map((r) => [
    r.engine,
    fmtInt(r.clients),
    fmtMs(r.baseline.latency.p50),
    fmtMs(r.baseline.latency.p99),
    fmtMs(r.baseline.latency.max),
    fmtMs(r.huajie.latency.p50),
    fmtMs(r.huajie.latency.p99),
    fmtMs(r.huajie.latency.max),
    fmtX(r.p99Ratio),
    fmtMs(r.huajie.sinceRecorded.p99),
    `${fmtInt(r.baseline.expected - r.baseline.delivered)}/${fmtInt(r.huajie.expected - r.huajie.delivered)}`,
    `${r.baseline.frameBytes}/${r.huajie.frameBytes}`,
    `${fmtMs(r.baseline.post.p50)}/${fmtMs(r.huajie.post.p50)}`,
  ]);
  return renderTable(
    [
      'engine',
      'clients',
      'minimal p50',
      'p99',
      'max',
      'Huajie p50',
      'p99',
      'max',
      'p99 ratio',
      'Huajie p99 from recordedAt',
      'missing (min/Huajie)',
      'frame B',
      'POST p50 ms',
    ],
    body,
  );
}

function dutiesTable(results: DutiesResult[]): string[] {
  const body = results.flatMap((r) =>
    r.windows.map((w) => [
      r.engine,
      `${w.intervalMs} ms`,
      fmtInt(w.openAtStart),
      `${fmtInt(w.fired)}/${fmtInt(w.due)}`,
      fmtMs(w.lateness.p50),
      fmtMs(w.lateness.p99),
      fmtMs(w.lateness.max),
      fmtMs(w.poller.p50),
      fmtMs(w.poller.p99),
      fmtMs(w.poller.max),
      `${w.passes.casesPerPass.toFixed(0)} / ${fmtMs(w.passes.meanPassMs)} / ${fmtMs(w.passes.maxPassMs)}`,
      fmtMs(w.passes.msPerCase),
      String(w.unexpected),
    ]),
  );
  return renderTable(
    [
      'engine',
      'interval',
      'open duties',
      'fired',
      'late p50 ms',
      'p99 ms',
      'max ms',
      'poller p50',
      'p99',
      'max',
      'cases/pass, pass mean/max ms',
      'ms/case',
      'other misses',
    ],
    body,
  );
}

function listRows(engine: string, scenarios: ListScenario[], suffix = ''): string[][] {
  return scenarios.map((s) => [
    engine,
    `${s.label}${suffix}`,
    fmtInt(s.scopeSize),
    fmtInt(s.matching),
    fmtMs(s.huajie.p50),
    fmtMs(s.huajie.p95),
    fmtMs(s.huajie.p99),
    fmtMs(s.baseline.p50),
    fmtMs(s.baseline.p95),
    fmtX(s.huajie.p95 / s.baseline.p95),
  ]);
}

function listTable(results: ListResult[]): string[] {
  const body = results.flatMap((r) => [
    ...listRows(r.engine, r.scenarios),
    ...(r.whatIf ? listRows(r.engine, r.whatIf.scenarios, ' [what-if index]') : []),
  ]);
  return renderTable(
    [
      'engine',
      'GET /api/incidents as',
      'scope',
      'matching',
      'Huajie p50',
      'p95',
      'p99',
      'raw SQL p50',
      'p95',
      'p95 ratio',
    ],
    body,
  );
}

function caseLengthTable(results: CaseLengthResult[]): string[] {
  const body = results.flatMap((r) => [
    ...r.lengths.flatMap((l) => [
      [
        r.engine,
        `log.entry, case of ${fmtInt(l.events)} events, 1 writer`,
        fmtMs(l.latency.p50),
        fmtMs(l.latency.p95),
        fmtMs(l.latency.p99),
        '-',
        '-',
      ],
      [
        r.engine,
        `sitrep.submitted in-process (findings derived again), ${fmtInt(l.events)} events`,
        fmtMs(l.sitrep.p50),
        fmtMs(l.sitrep.p95),
        '-',
        '-',
        '-',
      ],
    ]),
    [
      r.engine,
      `log.entry, ${r.oneCase.writers} writers on one case`,
      fmtMs(r.oneCase.latency.p50),
      fmtMs(r.oneCase.latency.p95),
      fmtMs(r.oneCase.latency.p99),
      `${fmtInt(r.oneCase.rps)} req/s, 409×${r.oneCase.conflicts}${r.oneCase.other ? ` ${r.oneCase.other}` : ''}`,
      '-',
    ],
    [
      r.engine,
      `GET /api/incidents/:id, ${fmtInt(r.read.events)} events`,
      fmtMs(r.read.latency.p50),
      fmtMs(r.read.latency.p95),
      fmtMs(r.read.latency.p99),
      '-',
      `${fmtInt(r.read.bytes / 1024)} KB`,
    ],
  ]);
  return renderTable(['engine', 'what', 'p50 ms', 'p95 ms', 'p99 ms', 'throughput', 'answer'], body);
}

function spreadTable(results: SpreadResult[]): string[] {
  const body = results.flatMap((r) =>
    [r.durable, r.huajie, r.durableAfter, r.bare].map((m) => [
      r.engine,
      m.label,
      fmtInt(m.rps),
      fmtMs(m.latency.p50),
      fmtMs(m.latency.p99),
      m === r.huajie ? `${fmtPct(r.ratioPct)} / ${fmtPct(r.bareRatioPct)}` : '-',
      Object.entries(m.statuses)
        .filter(([s]) => s !== '201')
        .map(([s, n]) => `${s}×${n}`)
        .join(' ') || '-',
      `${m.clientCpuPct.toFixed(0)}% / ${m.serverCpuPct?.toFixed(0) ?? '-'}%`,
    ]),
  );
  return renderTable(
    [
      'engine',
      `${CONNECTIONS} connections, 1 case each, ${COMMAND_SECONDS} s`,
      'req/s',
      'p50 ms',
      'p99 ms',
      'Huajie / durable / bare',
      'non-201',
      'CPU load / server',
    ],
    body,
  );
}

function streamsTable(results: StreamsResult[]): string[] {
  const body = results.flatMap((r) =>
    [r.without, r.with].map((m, i) => [
      r.engine,
      i === 0 ? 'none' : fmtInt(r.clients),
      fmtInt(m.rps),
      fmtMs(m.latency.p50),
      fmtMs(m.latency.p99),
      fmtInt(m.failedOrTimedOut),
      i === 0 ? '-' : fmtPct(r.ratioPct),
      i === 0 ? '-' : fmtInt(r.written),
      i === 0 ? '-' : `${fmtInt(r.delivery.events)} / ${fmtInt(r.written * r.delivery.clients)}`,
      i === 0 ? '-' : `${fmtInt(r.delivery.minPerClient)}–${fmtInt(r.delivery.maxPerClient)}`,
      i === 0 ? '-' : fmtS(r.delivery.waitedMs),
      `${m.clientCpuPct.toFixed(0)}% / ${i === 0 ? '-' : `${r.delivery.clientCpuPct.toFixed(0)}%`} / ${m.serverCpuPct?.toFixed(0) ?? '-'}%`,
    ]),
  );
  return renderTable(
    [
      'engine',
      'stream clients',
      'req/s',
      'p50 ms',
      'p99 ms',
      'failed/timed out',
      'ratio',
      'events written',
      'delivered / expected',
      'per client',
      'drained after',
      'CPU load / streams / server',
    ],
    body,
  );
}

const clip = (line: string, n = 240): string => (line.length > n ? `${line.slice(0, n)}…` : line);

// ---------------------------------------------------------------------------------------------
// Verdicts

function verdicts(r: Report): Verdict[] {
  const out: Verdict[] = [];
  for (const c of r.commands) {
    const sqlite = c.engine === 'SQLite';
    out.push({
      check: 'commands',
      engine: c.engine,
      description: `log.entry req/s at ${CONNECTIONS} connections, 1 case each, as % of bare Fastify`,
      value: `${fmtPct(c.ratioPct)} (${fmtInt(c.huajie.rps)} vs ${fmtInt(c.baselineRps)} req/s)`,
      target: `≥ ${TARGET.commandsPct}%${sqlite ? '' : ' (stated for SQLite)'}`,
      met: sqlite ? c.ratioPct >= TARGET.commandsPct : null,
    });
  }
  for (const s of r.sse) {
    const complete = s.huajie.delivered === s.huajie.expected;
    out.push({
      check: 'sse',
      engine: s.engine,
      description: `delivery p99 to ${fmtInt(s.clients)} clients vs the minimal broadcaster`,
      value: `${fmtX(s.p99Ratio)} (${fmtMs(s.huajie.latency.p99)} vs ${fmtMs(s.baseline.latency.p99)} ms)${complete ? '' : ', deliveries MISSING'}`,
      target: `≤ ${TARGET.sseRatio}×`,
      met: complete && s.p99Ratio <= TARGET.sseRatio,
    });
  }
  for (const d of r.duties) {
    const w = d.windows.find((x) => x.intervalMs === TARGET.dutyIntervalMs);
    const complete = w !== undefined && w.fired === w.due;
    out.push({
      check: 'duties',
      engine: d.engine,
      description: `duty.missed lateness p99, ${fmtInt(w?.openAtStart ?? d.openDuties)} open duties, clock every ${TARGET.dutyIntervalMs} ms`,
      value: w ? `${fmtMs(w.lateness.p99)} ms${complete ? '' : ', misses NOT all recorded'}` : 'not measured',
      target: `≤ ${TARGET.dutyP99Ms} ms`,
      met: w ? complete && w.lateness.p99 <= TARGET.dutyP99Ms : null,
    });
  }
  for (const l of r.list) {
    const worst = l.scenarios.reduce<ListScenario | undefined>(
      (a, s) => (a === undefined || s.huajie.p95 > a.huajie.p95 ? s : a),
      undefined,
    );
    out.push({
      check: 'list',
      engine: l.engine,
      description: `GET /api/incidents p95, worst user, ${fmtInt(l.incidents)} incidents / ${fmtInt(l.events)} events`,
      value: worst ? `${fmtMs(worst.huajie.p95)} ms (${worst.label})` : 'not measured',
      target: `≤ ${TARGET.listP95Ms} ms`,
      met: worst ? worst.huajie.p95 <= TARGET.listP95Ms : null,
    });
    const board = l.board.reduce<ListResult['board'][number] | undefined>(
      (a, x) => (a === undefined || x.huajie.p95 > a.huajie.p95 ? x : a),
      undefined,
    );
    out.push({
      check: 'list',
      engine: l.engine,
      description: `GET /api/board p95, worst user, ${fmtInt(board?.live ?? 0)} live incidents`,
      value: board ? `${fmtMs(board.huajie.p95)} ms (${board.label})` : 'not measured',
      target: `≤ ${TARGET.boardP95Ms} ms`,
      met: board ? board.huajie.p95 <= TARGET.boardP95Ms : null,
    });
  }
  for (const l of r.ledger) {
    const worst = l.scenarios.reduce<LedgerResult['scenarios'][number] | undefined>(
      (a, x) => (a === undefined || x.huajie.p95 > a.huajie.p95 ? x : a),
      undefined,
    );
    out.push({
      check: 'ledger',
      engine: l.engine,
      description: `GET /api/disputes p95, worst user, ${fmtInt(l.disputes)} disputes / ${fmtInt(l.events)} events`,
      value: worst ? `${fmtMs(worst.huajie.p95)} ms (${worst.label})` : 'not measured',
      target: `≤ ${TARGET.listP95Ms} ms`,
      met: worst ? worst.huajie.p95 <= TARGET.listP95Ms : null,
    });
  }
  for (const l of r.ledger) {
    const worst = l.figures.reduce<LedgerResult['figures'][number] | undefined>(
      (a, x) => (a === undefined || x.huajie.p95 > a.huajie.p95 ? x : a),
      undefined,
    );
    out.push({
      check: 'ledger',
      engine: l.engine,
      description: `GET /api/figures p95, worst user, ${fmtInt(l.disputes)} disputes`,
      value: worst ? `${fmtMs(worst.huajie.p95)} ms (${worst.label})` : 'not measured',
      target: `≤ ${TARGET.figuresP95Ms} ms`,
      met: worst ? worst.huajie.p95 <= TARGET.figuresP95Ms : null,
    });
  }
  for (const c of r.caselength) {
    const first = c.lengths[0];
    const last = c.lengths[c.lengths.length - 1];
    out.push({
      check: 'caselength',
      engine: c.engine,
      description: `log.entry p50 at ${fmtInt(last?.events ?? 0)} events vs at ${fmtInt(first?.events ?? 0)}`,
      value: `${fmtX(c.p50Ratio)} (${fmtMs(last?.latency.p50 ?? Number.NaN)} vs ${fmtMs(first?.latency.p50 ?? Number.NaN)} ms)`,
      target: `≤ ${TARGET.lengthRatio}×`,
      met: c.p50Ratio <= TARGET.lengthRatio,
    });
    const p99Target = TARGET.oneCaseP99Ms[c.engine] ?? 200;
    out.push({
      check: 'caselength',
      engine: c.engine,
      description: `${c.oneCase.writers} writers on one case: conflicts, p99`,
      value: `409×${c.oneCase.conflicts}, p99 ${fmtMs(c.oneCase.latency.p99)} ms`,
      target: `0, ≤ ${p99Target} ms`,
      met: c.oneCase.conflicts === 0 && c.oneCase.other === '' && c.oneCase.latency.p99 <= p99Target,
    });
    out.push({
      check: 'caselength',
      engine: c.engine,
      description: `GET /api/incidents/:id at ${fmtInt(c.read.events)} events: p95, answer`,
      value: `${fmtMs(c.read.latency.p95)} ms, ${fmtInt(c.read.bytes / 1024)} KB`,
      target: `≤ ${TARGET.readP95Ms} ms, ≤ ${TARGET.readKb} KB`,
      met: c.read.latency.p95 <= TARGET.readP95Ms && c.read.bytes <= TARGET.readKb * 1024,
    });
  }
  for (const s of r.spread) {
    out.push({
      check: 'spread',
      engine: s.engine,
      description: `log.entry req/s, ${CONNECTIONS} writers on ${CONNECTIONS} cases, as % of a durable group-committed INSERT route`,
      value: `${fmtPct(s.ratioPct)} (${fmtInt(s.huajie.rps)} vs ${fmtInt(s.durableRps)} req/s; bare route ${fmtInt(s.bare.rps)}: ${fmtPct(s.bareRatioPct)})`,
      target: `≥ ${TARGET.spreadPct}%`,
      met: s.ratioPct >= TARGET.spreadPct,
    });
  }
  for (const s of r.streams) {
    const failed = s.without.failedOrTimedOut + s.with.failedOrTimedOut;
    out.push({
      check: 'streams',
      engine: s.engine,
      description: `log.entry req/s with ${fmtInt(s.clients)} stream clients vs none; requests failed or timed out; every event to every client`,
      value:
        `${fmtPct(s.ratioPct)} (${fmtInt(s.with.rps)} vs ${fmtInt(s.without.rps)} req/s, ` +
        `p99 ${fmtMs(s.with.latency.p99)} vs ${fmtMs(s.without.latency.p99)} ms), ${failed} failed, ` +
        `${s.complete ? 'all delivered' : `deliveries MISSING (${fmtInt(s.delivery.events)} of ${fmtInt(s.written * s.delivery.clients)})`}`,
      target: `≥ ${TARGET.streamsPct}%, 0, all`,
      met: s.ratioPct >= TARGET.streamsPct && failed === 0 && s.complete,
    });
  }
  for (const f of r.failures) {
    out.push({
      check: f.check,
      engine: f.engine,
      description: 'the check failed',
      value: f.error,
      target: '-',
      met: false,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Main

const tmp = mkdtempSync(join(os.tmpdir(), 'huajie-server-bench-'));
let pgServer: PgServer | undefined;
const started: Child[] = [];
let cleanedUp = false;
let stopping = false;

async function cleanup(): Promise<void> {
  if (cleanedUp) return;
  cleanedUp = true;
  await Promise.allSettled(started.map((c) => c.stop()));
  await pgServer?.close();
  if (!process.env.BENCH_KEEP) rmSync(tmp, { recursive: true, force: true });
}

for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.once(signal, () => {
    stopping = true;
    say(`\n${signal}: cleaning up`);
    killChildren();
    process.on('uncaughtException', () => undefined);
    process.on('unhandledRejection', () => undefined);
    void cleanup().finally(() => process.exit(code));
  });
}

async function main(): Promise<Report> {
  const t0 = performance.now();
  say(`Huajie server benchmark: ${ONLY.join(', ')} on ${ENGINES.join(', ')}`);
  say(
    `node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'} x${os.cpus().length}, tmp ${tmp}; ` +
      'HTTP clients in child processes',
  );
  say(
    `sizes: ${CONNECTIONS} connections × ${COMMAND_SECONDS} s; SSE clients ${SSE_CLIENTS.join(', ')}; ` +
      `${fmtInt(DUTIES)} open duties; ${fmtInt(INCIDENTS)} incidents / ${fmtInt(EVENTS)} events; ` +
      `${fmtInt(STREAM_CLIENTS)} stream clients`,
  );
  const report: Report = {
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cpus: os.cpus().length,
    loadAverage: { start: os.loadavg()[0] ?? Number.NaN, end: Number.NaN },
    postgres: { skipped: 'not asked for' },
    commands: [],
    sse: [],
    duties: [],
    list: [],
    caselength: [],
    ledger: [],
    spread: [],
    streams: [],
    failures: [],
    verdicts: [],
    totalSeconds: 0,
  };

  say(`load average ${report.loadAverage.start.toFixed(2)} (1 min) at the start`);

  const envs: EngineEnv[] = [];
  if (ENGINES.includes('sqlite')) envs.push(sqliteEnv(tmp));
  if (ENGINES.includes('postgres')) {
    try {
      pgServer = await PgServer.connect(PG_URL);
      await pgServer.dropDatabase(await pgServer.createDatabase('probe'));
      report.postgres = { url: redact(PG_URL), version: pgServer.version };
      envs.push(postgresEnv(tmp, pgServer));
      say(`PostgreSQL ${pgServer.version} at ${redact(PG_URL)} (databases ${pgServer.prefix}_*)`);
    } catch (e) {
      report.postgres = { skipped: `no usable PostgreSQL at ${redact(PG_URL)}: ${describeError(e)}` };
      say(`PostgreSQL skipped: ${report.postgres.skipped}`);
    }
  }

  const load = ONLY.some((c) => ['commands', 'list', 'caselength', 'spread', 'streams', 'ledger'].includes(c))
    ? Child.start('./load.child.ts')
    : undefined;
  const sse = ONLY.includes('sse') || ONLY.includes('streams') ? Child.start('./sse.child.ts') : undefined;
  for (const c of [load, sse]) if (c) started.push(c);

  for (const env of envs) {
    for (const check of ONLY) {
      const c0 = performance.now();
      say();
      say(`[${check}] ${env.label}`);
      try {
        if (check === 'commands' && load) report.commands.push(await benchCommands(env, load));
        if (check === 'sse' && sse) report.sse.push(...(await benchSse(env, sse)));
        if (check === 'duties') report.duties.push(await benchDuties(env));
        if (check === 'list' && load) report.list.push(await benchList(env, load, TARGET.listP95Ms));
        if (check === 'caselength' && load) report.caselength.push(await benchCaseLength(env, load));
        if (check === 'ledger' && load) report.ledger.push(await benchLedger(env, load));
        if (check === 'spread' && load) report.spread.push(await benchSpread(env, load));
        if (check === 'streams' && load && sse) report.streams.push(await benchStreams(env, load, sse));
      } catch (e) {
        if (stopping) throw e;
        const error = describeError(e);
        report.failures.push({ check, engine: env.label, error });
        say(`  FAILED: ${error}`);
        if (e instanceof Error && e.stack) say(e.stack.split('\n').slice(1, 6).join('\n'));
      }
      say(`  (${fmtS(performance.now() - c0)})`);
    }
  }

  say();
  if (report.commands.length > 0) {
    say('1. Commands: POST /api/incidents/:caseId/events/log.entry, body { id: uuidv7, data: { text } }');
    for (const line of commandsTable(report.commands)) say(line);
    say('   Each connection sends its next request when the last is answered (keep-alive, raw sockets,');
    say('   2 s warm-up). "1 per connection": each connection writes to its own case; "shared": 10 cases,');
    say('   10 connections each (seq conflicts are retried by the server, 409 after 25 attempts).');
    say(
      '   Baseline: bare Fastify, same version and process, one POST route parsing the JSON, 201 { ok: true },',
    );
    say('   run before and after Huajie; the ratios are against the mean of the two.');
    say('   events/case: the case size at the end — every command reads its whole case (readCase + fold).');
    say();
  }
  if (report.sse.length > 0) {
    say(`2. Live events: latency (ms) per client and event, ${SSE_EVENTS} events ${SSE_SPACING_MS} ms apart`);
    for (const line of sseTable(report.sse)) say(line);
    say(
      '   From just before the triggering POST is written to the moment a client has parsed the frame, all',
    );
    say("   on the clients' clock (the SSE clients and the POSTs share one child process). Huajie: POST");
    say('   log.entry (append, fsync, then fan-out) to one case, clients on GET /api/stream as officers of');
    say('   its town, four streams a session (the cap; sessions checked every 250 ms). Minimal: node:http,');
    say('   a Set of responses, POST /trigger writes one pre-encoded frame of');
    say(
      '   the same shape to each. "from recordedAt": Huajie\'s own commit timestamp → parsed (wall clocks).',
    );
    say();
  }
  if (report.duties.length > 0) {
    say(
      `3. Duty clock: lateness of duty.missed (recordedAt − data.dueAt), ${fmtInt(DUE_DUTIES)} duties falling due ` +
        `over ${DUE_SECONDS} s per window`,
    );
    for (const line of dutiesTable(report.duties)) say(line);
    for (const d of report.duties) {
      const viaSql =
        d.viaSql.duties > 0 ? `; ${fmtInt(d.viaSql.duties)} more open rows INSERTed with SQL` : '';
      say(
        `   ${d.engine}: ${fmtInt(d.viaReportIncident.incidents)} incidents via reportIncident → ` +
          `${fmtInt(d.viaReportIncident.duties)} open duties (${d.dutiesPerMajorIncident} each) in ` +
          `${fmtS(d.viaReportIncident.ms)}, ${fmtInt(d.viaReportIncident.perSecond)} incidents/s${viaSql}.`,
      );
    }
    say(
      `   Target open duties: ${fmtInt(DUTIES)}. Each window's duties come from incidents of 15 people (one`,
    );
    say('   duty each, report-town, PT20M) reported with occurredAt = due − 20 min just before the window,');
    say('   and their warnings (due − 5 min, long past) sent before it, as they would have been.');
    say('   The bulk is due 20–60 min later. The DutyClock runs in this process (no HTTP). "poller": a');
    say('   setInterval at the same interval in the same process, noting when it first sees each due time.');
    say(
      "   Passes: from the clock's onTick (one per case with a miss); a pass ticks its cases one after another.",
    );
    say();
  }
  if (report.list.length > 0) {
    say(
      `4. Incident list: GET /api/incidents, ${fmtInt(INCIDENTS)} incidents, ${fmtInt(EVENTS)} events, latency ms`,
    );
    for (const line of listTable(report.list)) say(line);
    for (const l of report.list) {
      say(
        `   ${l.engine}: bulk-loaded with SQL in ${fmtS(l.generateMs)}${l.analyzed ? ', then VACUUM ANALYZE' : ' (no ANALYZE: Huajie runs none on SQLite)'}; ${l.verified}.`,
      );
    }
    say('   Sequential requests (1 connection, 10 warm-up) through the real server; raw SQL: the query');
    say('   the route builds, on the bare driver (better-sqlite3 statement prepared once / pg), no HTTP.');
    say('   Incidents: 90% in villages, 10% in towns; 10% open, 10% stabilized, 80% closed; over 2 years.');
    for (const l of report.list) {
      for (const s of l.scenarios) {
        if (!s.plan) continue;
        say();
        const why = s.huajie.p95 > TARGET.listP95Ms ? `> ${TARGET.listP95Ms} ms` : '(the slowest; met)';
        say(`   ${l.engine}, ${s.label}: p95 ${fmtMs(s.huajie.p95)} ms ${why}; its plan:`);
        for (const line of s.plan) say(`     ${clip(line)}`);
      }
      if (l.whatIf) {
        say();
        say(
          `   ${l.engine} what-if (temporary database only, not Huajie's schema): ${l.whatIf.ddl}; plan now:`,
        );
        for (const line of l.whatIf.plan) say(`     ${clip(line)}`);
      }
    }
    say();
  }

  if (report.ledger.length > 0) {
    say(`8. Dispute ledger: GET /api/disputes, ${fmtInt(DISPUTES)} disputes, latency ms`);
    for (const line of renderTable(
      [
        'engine',
        'GET /api/disputes as',
        'scope',
        'returned',
        'Huajie p50',
        'p95',
        'p99',
        'raw SQL p50',
        'p95',
      ],
      report.ledger.flatMap((l) =>
        l.scenarios.map((x) => [
          l.engine,
          x.label,
          fmtInt(x.scopeSize),
          fmtInt(x.returned),
          fmtInt(x.bytes / 1024),
          fmtMs(x.huajie.p50),
          fmtMs(x.huajie.p95),
          fmtMs(x.huajie.p99),
          fmtMs(x.baseline.p50),
          fmtMs(x.baseline.p95),
        ]),
      ),
    ))
      say(line);
    for (const line of renderTable(
      ['engine', 'GET /api/figures as', 'scope', 'disputes', 'duties', 'p50', 'p95', 'p99'],
      report.ledger.flatMap((l) =>
        l.figures.map((x) => [
          l.engine,
          x.label,
          fmtInt(x.scopeSize),
          fmtInt(x.disputes),
          fmtInt(x.duties),
          fmtMs(x.huajie.p50),
          fmtMs(x.huajie.p95),
          fmtMs(x.huajie.p99),
        ]),
      ),
    ))
      say(line);
    for (const l of report.ledger)
      say(
        `   ${l.engine}: ${fmtInt(l.disputes)} disputes, ${fmtInt(l.events)} events through the write path in ${fmtS(l.generateMs)}.`,
      );
    say();
  }
  if (report.caselength.length > 0) {
    say(
      `5. Case length: log.entry on cases of ${LENGTHS.map(fmtInt).join(', ')} events; many writers on one case`,
    );
    for (const line of caseLengthTable(report.caselength)) say(line);
    say('   One writer: sequential requests (1 connection, 20 warm-up) on a case filled beforehand through');
    say(
      "   the server's own write path; the baseline of each case is the same command on the shortest case.",
    );
    say();
  }

  if (report.spread.length > 0) {
    say(
      `6. Spread: POST log.entry from ${CONNECTIONS} connections, each on its own incident, beside a durable INSERT route`,
    );
    for (const line of spreadTable(report.spread)) say(line);
    say(
      '   The durable route: the same Fastify, the same body, parsed; one row (id, case, type, data, time)',
    );
    say(
      '   INSERTed and committed before the 201 { ok: true }. SQLite: better-sqlite3, WAL, synchronous=FULL,',
    );
    say(
      '   the requests of one event-loop turn in one transaction (flushed on setImmediate). PostgreSQL: a pg',
    );
    say('   pool of 10, the requests waiting at a flush in one multi-row INSERT, one flush per connection.');
    say('   Run before and after Huajie; the ratio is against the mean of the two. Rows per transaction:');
    say(`   ${report.spread.map((r) => `${r.engine} ${r.durableBatch.toFixed(1)}`).join(', ')}.`);
    say();
  }
  if (report.streams.length > 0) {
    say(
      `7. Streams: the same ${CONNECTIONS}-writer load with no stream clients, then with ${fmtInt(STREAM_CLIENTS)} GET /api/stream clients`,
    );
    for (const line of streamsTable(report.streams)) say(line);
    say('   One server, two runs. The clients are officers of the town of every incident (four streams a');
    say(
      '   session, the cap), in a child process of their own; all are live and have received a probe event',
    );
    say('   before the second run starts, and each counts every event it is sent from then on. Expected:');
    say(
      '   every event that run wrote, to every client. "drained after": from the end of the load until every',
    );
    say('   client had them all. A request counts as failed on a connection error or any status but 201, as');
    say('   timed out after 10 s unanswered (warm-up included).');
    say();
  }

  report.totalSeconds = (performance.now() - t0) / 1000;
  report.loadAverage.end = os.loadavg()[0] ?? Number.NaN;
  report.verdicts = verdicts(report);
  say('Verdicts');
  const vrows = report.verdicts.map((v) => [
    v.check,
    v.engine,
    v.description,
    v.value,
    v.target,
    v.met === null ? '(info)' : v.met ? 'met' : 'NOT met',
  ]);
  for (const line of renderTable(['check', 'engine', 'measure', 'value', 'target', ''], vrows, 6)) say(line);
  say(
    `total ${fmtS(report.totalSeconds * 1000)}; load average ${report.loadAverage.start.toFixed(2)} at the start, ` +
      `${report.loadAverage.end.toFixed(2)} at the end`,
  );
  return report;
}

try {
  const report = await main();
  await cleanup();
  if (JSON_OUT) {
    const lean = {
      ...report,
      list: report.list.map((l) => ({
        ...l,
        scenarios: l.scenarios.map(({ sql: _s, params: _p, ...s }) => s),
        whatIf: l.whatIf && {
          ...l.whatIf,
          scenarios: l.whatIf.scenarios.map(({ sql: _s, params: _p, ...s }) => s),
        },
      })),
    };
    process.stdout.write(`${JSON.stringify(lean, null, 2)}\n`);
  }
  if (report.failures.length > 0) process.exitCode = 1;
} catch (e) {
  await cleanup().catch(() => undefined);
  if (!stopping) {
    console.error(e);
    process.exitCode = 1;
  }
}
