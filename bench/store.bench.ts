/**
 * Append throughput and latency of the event store, next to raw-driver baselines measured in
 * the same run, on the same machine, with the same durability (every acknowledged write is
 * on disk: SQLite WAL + synchronous=FULL, PostgreSQL with its default fsync/synchronous_commit).
 *
 *   npm run bench:store                 # table on stdout
 *   npm run bench:store -- --json       # table on stderr, results as JSON on stdout at the end
 *
 * Env: BENCH_SECONDS (measured seconds per configuration, default 3),
 *      HUAJIE_TEST_PG (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { type Clock, systemClock } from '../src/core/clock.ts';
import { canonicalJson, type NewEvent } from '../src/core/events/event.ts';
import type { EventStore } from '../src/server/store/event-store.ts';
import { HeadKey } from '../src/server/store/head-key.ts';
import { migrateToLatest } from '../src/server/store/migrations.ts';
import { openStoreWithKey } from '../src/server/store/open.ts';
import { describeError, JSON_OUT, PG_URL, PgServer, redact, say } from './server/common.ts';

const SECONDS = parseSeconds(process.env.BENCH_SECONDS, 3);
const WARMUP_SECONDS = 0.5;
const WRITERS = [1, 10, 100] as const;
/** PostgreSQL's default max_connections is 100: never open more than this many for a baseline. */
const PG_MAX_CLIENTS = 90;
/** The store's PostgreSQL pool size when opened through openStoreWithKey (createPool's default). */
const HUAJIE_PG_POOL = 10;
const TARGET_PCT = 50;

function parseSeconds(text: string | undefined, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0)
    throw new Error(`BENCH_SECONDS must be a positive number, not "${text}"`);
  return n;
}

function pick<T>(items: readonly T[], i: number): T {
  const item = items[i % items.length];
  if (item === undefined) throw new Error('unreachable: empty list');
  return item;
}

// ---------------------------------------------------------------------------------------------
// Workload: realistic event data (~200 bytes of Chinese log text)

const LOG_LINES = [
  '接到群众报警：幸福里小区北门约三十人聚集，因物业费纠纷与物业人员发生争执，现场有推搡，已派两名民警前往处置。',
  '现场民警报告：聚集人群情绪基本稳定，业主代表三人同意到社区调解室协商，物业经理已到场，道路已恢复通行。',
  '调解员记录：双方就停车费上调幅度分歧较大，业主要求公开近三年收支明细，物业同意七日内在公告栏公示。',
  '网格员反馈：工地欠薪工人二十余人在项目部门口静坐，要求结清三个月工资，劳动监察大队已联系总包单位负责人。',
  '值班室通报：市场摊位租金纠纷升级，部分商户拉横幅堵塞消防通道，已通知市场监管所与街道综治中心联合处置。',
  '处置进展：总包单位承诺明日上午十点前支付首批工资款，工人代表签字确认，现场人员已陆续散去，无人员受伤。',
  '回访记录：昨日纠纷当事人对调解结果表示基本满意，仍担心物业不履行承诺，社区将于下周一再次上门核实。',
  '研判意见：该小区近一个月内第三次因物业问题聚集，建议街道牵头召开业主大会筹备会，从源头化解矛盾。',
] as const;

const UNITS = ['城关派出所', '东城街道综治中心', '劳动监察大队', '幸福里社区'] as const;

function eventData(n: number): Record<string, unknown> {
  return { text: pick(LOG_LINES, n), unit: pick(UNITS, n), seq: n };
}

/** The event's local time, as a client in China would send it. */
function occurredAtNow(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().replace('Z', '+08:00');
}

function newEvent(n: number, writer: number): NewEvent {
  return {
    id: uuidv7(),
    type: 'log.entry',
    data: eventData(n),
    actor: { id: `officer-${writer}`, role: 'officer' },
    occurredAt: occurredAtNow(),
  };
}

const DATA_BYTES = Buffer.byteLength(canonicalJson(eventData(0)), 'utf8');

/** Column values for the raw baselines, computed before any timing. */
interface RowValues {
  data: string;
  occurredAt: string;
  recordedAt: string;
  prevHash: string;
  hash: string;
}
const RING: readonly RowValues[] = Array.from({ length: 256 }, (_, i) => {
  const at = new Date(Date.UTC(2026, 4, 11, 1, 0, 0, i)).toISOString();
  return {
    data: canonicalJson(eventData(i)),
    occurredAt: at,
    recordedAt: at,
    prevHash: createHash('sha256').update(`prev ${i}`).digest('hex'),
    hash: createHash('sha256').update(`hash ${i}`).digest('hex'),
  };
});

// ---------------------------------------------------------------------------------------------
// Measurement

interface Measured {
  /** operations (appends, INSERTs or transactions) completed inside the measured window */
  ops: number;
  /** rows written by those operations */
  rows: number;
  seconds: number;
  rowsPerSec: number;
  p50Ms: number;
  p99Ms: number;
}

/** Counts what completes inside [start, start + seconds]; what completes before is warm-up. */
class Recorder {
  readonly end: number;
  private readonly latencies: number[] = [];
  private rows = 0;

  constructor(
    readonly start: number,
    readonly seconds: number,
  ) {
    this.end = start + seconds * 1000;
  }

  add(t0: number, t1: number, rows: number): void {
    if (t1 < this.start || t1 > this.end) return;
    this.latencies.push(t1 - t0);
    this.rows += rows;
  }

  result(): Measured {
    const sorted = Float64Array.from(this.latencies).sort();
    return {
      ops: sorted.length,
      rows: this.rows,
      seconds: this.seconds,
      rowsPerSec: this.rows / this.seconds,
      p50Ms: percentile(sorted, 0.5),
      p99Ms: percentile(sorted, 0.99),
    };
  }
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}

/** One writer: each call builds its next operation (not timed) and returns it (timed). */
type Writer = () => () => Promise<unknown>;

/**
 * `k` async loops, each doing one operation at a time, for warm-up + `seconds`. Latency is
 * from calling the operation to its promise resolving. The first failure stops every loop.
 */
async function runLoops(k: number, seconds: number, makeWriter: (w: number) => Writer): Promise<Measured> {
  const rec = new Recorder(performance.now() + WARMUP_SECONDS * 1000, seconds);
  let failed = false;
  const loop = async (w: number): Promise<void> => {
    const next = makeWriter(w);
    while (!failed && performance.now() < rec.end) {
      const op = next();
      const t0 = performance.now();
      await op();
      rec.add(t0, performance.now(), 1);
    }
  };
  const outcomes = await Promise.allSettled(
    Array.from({ length: k }, (_, w) =>
      loop(w).catch((e: unknown) => {
        failed = true;
        throw e;
      }),
    ),
  );
  for (const o of outcomes) if (o.status === 'rejected') throw o.reason;
  return rec.result();
}

/** Enough events for the fastest store configuration seen here over the default run. */
const PRECOMPUTED_APPENDS = 200_000;

/** A clock that counts its reads: the SQLite store reads it once per group-commit batch. */
class CountingClock implements Clock {
  reads = 0;
  now(): Date {
    this.reads += 1;
    return systemClock.now();
  }
}

interface HuajieMeasured extends Measured {
  /** SQLite: appends per group-commit transaction */
  avgBatch?: number;
}

/** k writers, each appending one event at a time to its own case `w<k>`. */
async function benchHuajie(
  dbUrl: string,
  k: number,
  seconds: number,
  clock: CountingClock,
): Promise<HuajieMeasured> {
  const key = new HeadKey(randomBytes(32), 'bench');
  const store: EventStore = await openStoreWithKey(dbUrl, key, clock);
  try {
    // Like the raw baselines' rows, the events are made before the clock starts (ids, times,
    // data), in the round-robin order the writers will send them, so each batch's UUIDv7s are
    // as time-ordered as live traffic's. Should the pool run out, events are made on the spot.
    const perWriter = Math.ceil(PRECOMPUTED_APPENDS / k);
    const pool: NewEvent[][] = Array.from({ length: k }, () => []);
    for (let i = 0; i < perWriter; i++) {
      for (const [w, events] of pool.entries()) events.push(newEvent(i * k + w, w));
    }
    let n = 0;
    const seqs = new Array<number>(k).fill(0);
    const readsBefore = clock.reads;
    const m = await runLoops(k, seconds, (w) => {
      const caseId = `w${w}`;
      let seq = 0;
      return () => {
        n += 1;
        const event = pool[w]?.[seq] ?? newEvent(n, w);
        return async () => {
          await store.append(caseId, seq, [event]);
          seq += 1;
          seqs[w] = seq;
        };
      };
    });
    const totalAppends = seqs.reduce((a, b) => a + b, 0);
    // every acknowledged append is there: each case's head is exactly where its writer left it
    for (let w = 0; w < k; w++) {
      const head = await store.head(`w${w}`);
      if ((head?.seq ?? 0) !== seqs[w]) {
        throw new Error(`case w${w}: head seq ${head?.seq ?? 0}, the writer counted ${seqs[w]}`);
      }
    }
    const batches = clock.reads - readsBefore;
    return store.engine === 'sqlite' && batches > 0 ? { ...m, avgBatch: totalAppends / batches } : m;
  } finally {
    await store.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Raw baselines

const COLUMNS =
  'id, case_id, seq, type, data, actor_id, actor_role, occurred_at, recorded_at, prev_hash, hash';

type RowParams = [string, string, number, string, string, string, string, string, string, string, string];

function rowParams(id: string, writer: number, seq: number, i: number): RowParams {
  const v = pick(RING, i);
  return [
    id,
    `w${writer}`,
    seq,
    'log.entry',
    v.data,
    `officer-${writer}`,
    'officer',
    v.occurredAt,
    v.recordedAt,
    v.prevHash,
    v.hash,
  ];
}

/**
 * better-sqlite3 alone, same durability: transactions of k single-row INSERTs (one row for
 * each of k cases, as k writers' group commit would form), each committed. Ids and every
 * other value are computed before the measured window.
 */
async function benchRawSqlite(path: string, k: number, seconds: number): Promise<Measured> {
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    // the very table the store uses, from the same migration (its triggers fire on UPDATE/DELETE only)
    await migrateToLatest(new Kysely<unknown>({ dialect: new SqliteDialect({ database: db }) }), 'sqlite');
    const insert = db.prepare<RowParams>(
      `INSERT INTO events (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const begin = db.prepare('BEGIN IMMEDIATE');
    const commit = db.prepare('COMMIT');
    const caseIds = Array.from({ length: k }, (_, j) => `w${j}`);
    const seqs = new Array<number>(k).fill(0);
    let ids: string[] = [];
    let next = 0;
    let i = 0;
    const transaction = (): void => {
      begin.run();
      for (let j = 0; j < k; j++) {
        const v = pick(RING, i);
        i += 1;
        const seq = (seqs[j] ?? 0) + 1;
        seqs[j] = seq;
        insert.run(
          ids[next++] ?? uuidv7(),
          caseIds[j] ?? '',
          seq,
          'log.entry',
          v.data,
          `officer-${j}`,
          'officer',
          v.occurredAt,
          v.recordedAt,
          v.prevHash,
          v.hash,
        );
      }
      commit.run();
    };
    const precompute = (count: number): void => {
      ids = Array.from({ length: count }, () => uuidv7());
      next = 0;
    };

    // warm-up, which also estimates how many ids the measured window needs
    precompute(Math.min(200_000, k * 2_000));
    const w0 = performance.now();
    let warmRows = 0;
    while (performance.now() - w0 < WARMUP_SECONDS * 1000) {
      transaction();
      warmRows += k;
    }
    const rate = warmRows / ((performance.now() - w0) / 1000);
    precompute(Math.min(3_000_000, Math.ceil(rate * seconds * 2) + k * 100));

    const rec = new Recorder(performance.now(), seconds);
    for (;;) {
      const t0 = performance.now();
      if (t0 >= rec.end) break;
      transaction();
      rec.add(t0, performance.now(), k);
    }
    return rec.result();
  } finally {
    db.close();
  }
}

/**
 * A client whose connection may be cut (DROP DATABASE … WITH (FORCE) on Ctrl-C): the query
 * under way fails, and without a listener the 'error' event would end the process first.
 */
function pgClient(url: string): pg.Client {
  const c = new pg.Client({ connectionString: url });
  c.on('error', () => undefined);
  return c;
}

interface PgBaselineMeasured extends Measured {
  /** connections the k loops shared */
  connections: number;
  pooled: boolean;
}

/**
 * node-postgres alone: k concurrent loops of single-row autocommit INSERTs, each on its own
 * connection, or, when the server cannot take k more, through a pool of `maxConnections`.
 */
async function benchRawPg(
  url: string,
  k: number,
  seconds: number,
  maxConnections: number,
): Promise<PgBaselineMeasured> {
  const setup = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }),
  });
  try {
    await migrateToLatest(setup, 'postgres');
  } finally {
    await setup.destroy();
  }
  const text = `INSERT INTO events (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`;
  const makeWriter =
    (query: (params: RowParams) => Promise<unknown>) =>
    (w: number): Writer => {
      let seq = 0;
      let i = w;
      return () => {
        seq += 1;
        i += 1;
        const params = rowParams(uuidv7(), w, seq, i);
        return () => query(params);
      };
    };

  if (k <= maxConnections) {
    const clients = Array.from({ length: k }, () => pgClient(url));
    try {
      await Promise.all(clients.map((c) => c.connect()));
      const m = await runLoops(k, seconds, (w) => {
        const c = clients[w];
        if (!c) throw new Error('unreachable: no client');
        return makeWriter((params) => c.query(text, params))(w);
      });
      return { ...m, connections: k, pooled: false };
    } finally {
      await Promise.allSettled(clients.map((c) => c.end()));
    }
  }
  const pool = new pg.Pool({ connectionString: url, max: maxConnections });
  pool.on('error', () => undefined);
  try {
    // open every connection before the clock starts
    const held = await Promise.all(Array.from({ length: maxConnections }, () => pool.connect()));
    for (const c of held) c.release();
    const m = await runLoops(
      k,
      seconds,
      makeWriter((params) => pool.query(text, params)),
    );
    return { ...m, connections: maxConnections, pooled: true };
  } finally {
    await pool.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Report

interface Row {
  engine: 'sqlite' | 'postgres';
  writers: number;
  huajie: HuajieMeasured;
  baseline: Measured & { kind: string; connections?: number };
  ratioPct: number;
}

interface Report {
  seconds: number;
  warmupSeconds: number;
  eventDataBytes: number;
  node: string;
  cpu: string;
  cpus: number;
  tmpdir: string;
  postgres: { url: string; version: string; huajiePoolSize: number } | { skipped: string };
  rows: Row[];
  target: { description: string; ratioPct: number | null; targetPct: number; met: boolean | null };
  totalSeconds: number;
}

const fmtInt = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '-');
const fmtMs = (n: number): string => (Number.isFinite(n) ? n.toFixed(2) : '-');
const fmtPct = (n: number): string => (Number.isFinite(n) ? `${n.toFixed(1)}%` : '-');

function table(rows: Row[]): string[] {
  const head = [
    'engine',
    'writers',
    'Huajie appends/s',
    'p50 ms',
    'p99 ms',
    'baseline rows/s',
    'base p99 ms',
    'ratio',
  ];
  const body = rows.map((r) => [
    r.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL',
    String(r.writers),
    fmtInt(r.huajie.rowsPerSec),
    fmtMs(r.huajie.p50Ms),
    fmtMs(r.huajie.p99Ms),
    fmtInt(r.baseline.rowsPerSec),
    fmtMs(r.baseline.p99Ms),
    fmtPct(r.ratioPct),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)];
}

function progress(engine: string, k: number, what: string, m: Measured): void {
  say(
    `  ${engine}, ${k} writer${k === 1 ? '' : 's'}, ${what}: ${fmtInt(m.rowsPerSec)} rows/s, ` +
      `p50 ${fmtMs(m.p50Ms)} ms, p99 ${fmtMs(m.p99Ms)} ms (${m.ops.toLocaleString('en-US')} ops)`,
  );
}

// ---------------------------------------------------------------------------------------------
// Main

const tmp = mkdtempSync(join(os.tmpdir(), 'huajie-bench-'));
let server: PgServer | undefined;
let cleanedUp = false;
/** set on Ctrl-C: the run is being torn down, so the failures that causes are not reported */
let stopping = false;

async function cleanup(): Promise<void> {
  if (cleanedUp) return;
  cleanedUp = true;
  await server?.close();
  rmSync(tmp, { recursive: true, force: true });
}

for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.once(signal, () => {
    stopping = true;
    say(`\n${signal}: cleaning up`);
    // dropping the databases cuts connections the store holds mid-transaction; pg reports that
    // as an 'error' event on a checked-out client nobody listens to, which would end the
    // process before the temp files are removed
    process.on('uncaughtException', () => undefined);
    void cleanup().finally(() => process.exit(code));
  });
}

async function main(): Promise<Report> {
  const started = performance.now();
  const rows: Row[] = [];
  say(
    `Huajie event store benchmark: ${SECONDS} s per configuration after ${WARMUP_SECONDS} s warm-up; ` +
      `one event of ${DATA_BYTES} bytes of data per append`,
  );
  say(`node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'} x${os.cpus().length}, tmp ${tmp}`);

  say('SQLite (WAL, synchronous=FULL)');
  for (const k of WRITERS) {
    const clock = new CountingClock();
    const huajie = await benchHuajie(`sqlite:${join(tmp, `huajie-${k}.db`)}`, k, SECONDS, clock);
    progress('SQLite', k, 'Huajie', huajie);
    const raw = await benchRawSqlite(join(tmp, `raw-${k}.db`), k, SECONDS);
    progress('SQLite', k, `raw ${k}-row transactions`, raw);
    rows.push({
      engine: 'sqlite',
      writers: k,
      huajie,
      baseline: { kind: `better-sqlite3, transactions of ${k} row(s)`, ...raw },
      ratioPct: (100 * huajie.rowsPerSec) / raw.rowsPerSec,
    });
  }

  let postgres: Report['postgres'] | undefined;
  try {
    server = await PgServer.connect(PG_URL);
  } catch (e) {
    postgres = { skipped: `no PostgreSQL at ${redact(PG_URL)}: ${describeError(e)}` };
  }
  if (server) {
    postgres = { url: redact(PG_URL), version: server.version, huajiePoolSize: HUAJIE_PG_POOL };
    say(`PostgreSQL ${server.version} at ${redact(PG_URL)} (databases ${server.prefix}_*)`);
    let canCreate = true;
    try {
      await server.dropDatabase(await server.createDatabase('probe'));
    } catch (e) {
      canCreate = false;
      postgres = { skipped: `cannot create a database on ${redact(PG_URL)}: ${describeError(e)}` };
    }
    if (canCreate) {
      for (const k of WRITERS) {
        const url = await server.createDatabase(`huajie_${k}`);
        const huajie = await benchHuajie(url, k, SECONDS, new CountingClock());
        await server.dropDatabase(url);
        progress('PostgreSQL', k, 'Huajie', huajie);
        const free = await server.freeConnections(PG_MAX_CLIENTS);
        const rawUrl = await server.createDatabase(`raw_${k}`);
        const raw = await benchRawPg(rawUrl, k, SECONDS, Math.min(k, free));
        await server.dropDatabase(rawUrl);
        const how = raw.pooled
          ? `${k} loops sharing a pool of ${raw.connections} connections`
          : `${k} connection${k === 1 ? '' : 's'}`;
        progress('PostgreSQL', k, `raw autocommit INSERTs, ${how}`, raw);
        rows.push({
          engine: 'postgres',
          writers: k,
          huajie,
          baseline: { kind: `pg, single-row autocommit INSERTs, ${how}`, ...raw },
          ratioPct: (100 * huajie.rowsPerSec) / raw.rowsPerSec,
        });
      }
    }
  }
  if (postgres && 'skipped' in postgres) say(`PostgreSQL skipped: ${postgres.skipped}`);

  say();
  for (const line of table(rows)) say(line);
  say();
  say('Huajie: k writers, each appending one event at a time to its own case; latency = append() call');
  say('  to its promise resolving. Baseline rows/s: SQLite = raw better-sqlite3 inserting precomputed');
  say('  rows in transactions of k rows (the batch k writers form), base p99 = one such transaction;');
  say('  PostgreSQL = raw pg, k concurrent single-row autocommit INSERTs, base p99 = one INSERT.');
  const sqliteBatches = rows
    .filter((r) => r.engine === 'sqlite' && r.huajie.avgBatch !== undefined)
    .map((r) => `${r.writers} writers → ${(r.huajie.avgBatch ?? 0).toFixed(1)}`);
  if (sqliteBatches.length > 0)
    say(`  SQLite group commit, appends per transaction: ${sqliteBatches.join(', ')}.`);
  const pooled = rows.filter((r) => r.engine === 'postgres' && r.baseline.connections !== r.writers);
  for (const r of pooled) {
    say(
      `  PostgreSQL baseline with ${r.writers} writers: ${r.writers} loops share a pool of ` +
        `${r.baseline.connections} connections (max_connections is 100 by default).`,
    );
  }
  if (postgres && !('skipped' in postgres)) {
    say(`  The Huajie PostgreSQL store uses its default pool of ${HUAJIE_PG_POOL} connections at every k.`);
  }

  const target = rows.find((r) => r.engine === 'sqlite' && r.writers === 100);
  const ratio = target ? target.ratioPct : null;
  const met = ratio === null ? null : ratio >= TARGET_PCT;
  say();
  say(
    `SQLite, 100 writers: ${ratio === null ? '-' : fmtPct(ratio)} of the raw batch insert rate ` +
      `(target ≥ ${TARGET_PCT}%)${met === null ? '' : met ? ': met' : ': NOT met'}`,
  );
  const totalSeconds = (performance.now() - started) / 1000;
  say(`total ${totalSeconds.toFixed(1)} s`);

  return {
    seconds: SECONDS,
    warmupSeconds: WARMUP_SECONDS,
    eventDataBytes: DATA_BYTES,
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cpus: os.cpus().length,
    tmpdir: os.tmpdir(),
    postgres: postgres ?? { skipped: 'not tried' },
    rows,
    target: {
      description:
        'SQLite, 100 writers: Huajie appends/s as a percentage of the raw 100-row-batch insert rate',
      ratioPct: ratio,
      targetPct: TARGET_PCT,
      met,
    },
    totalSeconds,
  };
}

try {
  const report = await main();
  await cleanup();
  if (JSON_OUT) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
} catch (e) {
  await cleanup().catch(() => undefined);
  if (!stopping) {
    console.error(e);
    process.exitCode = 1;
  }
}
