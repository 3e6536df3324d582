/**
 * Shared pieces of the benchmarks (bench/server.bench.ts, bench/store.bench.ts): output, statistics, environment knobs, the
 * PostgreSQL server handle (temporary databases, dropped at the end) and child processes.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const JSON_OUT = process.argv.slice(2).includes('--json');
export const PG_URL = process.env.HUAJIE_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Human-readable output: stdout, or stderr when stdout is reserved for --json. */
export const say = (line = ''): void => {
  if (JSON_OUT) process.stderr.write(`${line}\n`);
  else process.stdout.write(`${line}\n`);
};

export function envNumber(name: string, fallback: number, opts: { integer?: boolean } = {}): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || (opts.integer && !Number.isInteger(n)))
    throw new Error(`${name} must be a positive ${opts.integer ? 'whole ' : ''}number, not "${text}"`);
  return n;
}

export function envList(name: string, fallback: number[]): number[] {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const list = text.split(',').map((s) => Number(s.trim()));
  if (list.some((n) => !Number.isInteger(n) || n <= 0))
    throw new Error(`${name} must be a comma-separated list of positive whole numbers, not "${text}"`);
  return list;
}

/** `--name=a,b` from the command line, checked against the allowed values. */
export function flagList<T extends string>(name: string, allowed: readonly T[]): T[] {
  const arg = process.argv.slice(2).find((a) => a.startsWith(`--${name}=`));
  if (!arg) return [...allowed];
  const values = arg
    .slice(name.length + 3)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const v of values) {
    if (!(allowed as readonly string[]).includes(v))
      throw new Error(`--${name}: "${v}" is not one of ${allowed.join(', ')}`);
  }
  return allowed.filter((a) => values.includes(a));
}

export function pick<T>(items: readonly T[], i: number): T {
  const item = items[i % items.length];
  if (item === undefined) throw new Error('unreachable: empty list');
  return item;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Statistics

export interface Stats {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? Number.NaN;
}

export function stats(values: ArrayLike<number>): Stats {
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count: sorted.length,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted.length > 0 ? (sorted[sorted.length - 1] ?? Number.NaN) : Number.NaN,
    mean: sorted.length > 0 ? sum / sorted.length : Number.NaN,
  };
}

export const fmtInt = (n: number): string =>
  Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '-';
export const fmtMs = (n: number): string =>
  Number.isFinite(n) ? (n >= 100 ? n.toFixed(0) : n.toFixed(n >= 10 ? 1 : 2)) : '-';
export const fmtPct = (n: number): string => (Number.isFinite(n) ? `${n.toFixed(1)}%` : '-');
export const fmtX = (n: number): string => (Number.isFinite(n) ? `${n.toFixed(2)}×` : '-');
export const fmtS = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** Columns: the first `left` are left-aligned, the rest right-aligned. */
export function renderTable(head: string[], body: string[][], left = 2): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i < left ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)];
}

export function describeError(e: unknown): string {
  if (e instanceof AggregateError && e.errors.length > 0) {
    return [...new Set(e.errors.map(describeError))].join('; ');
  }
  if (e instanceof Error) {
    const code = (e as Error & { code?: unknown }).code;
    return e.message || (typeof code === 'string' ? code : e.name);
  }
  return String(e);
}

// ---------------------------------------------------------------------------------------------
// Workload text: ~100 characters of Chinese log text per entry

export const LOG_LINES = [
  '接到群众报警：幸福里小区北门约三十人聚集，因物业费纠纷与物业人员发生争执，现场有推搡，已派两名民警前往处置，社区干部同步赶赴现场。',
  '现场民警报告：聚集人群情绪基本稳定，业主代表三人同意到社区调解室协商，物业经理已到场，道路已恢复通行，现场秩序良好，无人员受伤。',
  '调解员记录：双方就停车费上调幅度分歧较大，业主要求公开近三年收支明细，物业同意七日内在公告栏公示，双方约定下周再次协商。',
  '网格员反馈：工地欠薪工人二十余人在项目部门口静坐，要求结清三个月工资，劳动监察大队已联系总包单位负责人，正在核实欠薪数额。',
  '值班室通报：市场摊位租金纠纷升级，部分商户拉横幅堵塞消防通道，已通知市场监管所与街道综治中心联合处置，消防通道已清理。',
  '处置进展：总包单位承诺明日上午十点前支付首批工资款，工人代表签字确认，现场人员已陆续散去，无人员受伤，后续由劳动监察跟进。',
  '回访记录：昨日纠纷当事人对调解结果表示基本满意，仍担心物业不履行承诺，社区将于下周一再次上门核实，并请律师提供法律咨询。',
  '研判意见：该小区近一个月内第三次因物业问题聚集，建议街道牵头召开业主大会筹备会，从源头化解矛盾，防止事态反复和升级。',
] as const;

// ---------------------------------------------------------------------------------------------
// PostgreSQL server handling: temporary databases, dropped at the end (also on error / Ctrl-C)

/** A database URL with its password hidden. */
export { describeDb as redact } from '../../src/server/store/open.ts';

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export class PgServer {
  private readonly created = new Set<string>();
  private closing = false;
  readonly prefix = `huajie_bench_${randomBytes(4).toString('hex')}`;

  private constructor(
    private readonly admin: pg.Client,
    readonly version: string,
  ) {}

  static async connect(url: string): Promise<PgServer> {
    const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    admin.on('error', () => undefined);
    try {
      await admin.connect();
      const r = await admin.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
      return new PgServer(admin, r.rows[0]?.v ?? '?');
    } catch (e) {
      await admin.end().catch(() => undefined);
      throw e;
    }
  }

  /** A fresh, empty database; returns its URL. */
  async createDatabase(suffix: string): Promise<string> {
    if (this.closing) throw new Error('the benchmark is stopping');
    const name = `${this.prefix}_${suffix}`;
    // noted first: a close() while CREATE runs queues its DROP behind it on the same connection
    this.created.add(name);
    await this.admin.query(`CREATE DATABASE ${name}`);
    return withDatabase(PG_URL, name);
  }

  async dropDatabase(url: string): Promise<void> {
    const name = new URL(url).pathname.slice(1);
    await this.admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    this.created.delete(name);
  }

  /** Connections a baseline may open now without crowding out everyone else (at most `limit`). */
  async freeConnections(limit: number): Promise<number> {
    const r = await this.admin.query<{ max: number; reserved: number; used: number }>(
      `SELECT current_setting('max_connections')::int AS max,
              current_setting('superuser_reserved_connections')::int AS reserved,
              (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')::int AS used`,
    );
    const row = r.rows[0];
    if (!row) return limit;
    return Math.max(1, Math.min(limit, row.max - row.reserved - row.used - 2));
  }

  /** Client connections in use on the whole server right now. */
  async connectionsInUse(): Promise<number> {
    const r = await this.admin.query<{ used: number }>(
      `SELECT count(*)::int AS used FROM pg_stat_activity WHERE backend_type = 'client backend'`,
    );
    return r.rows[0]?.used ?? 0;
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const name of [...this.created]) {
      try {
        await this.admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        this.created.delete(name);
      } catch (e) {
        say(`warning: could not drop database ${name}: ${describeError(e)}`);
      }
    }
    await this.admin.end().catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------
// Child processes: the HTTP clients run in their own process (own event loop, own core)

/** A message from a child: its answer to the request of the same `seq`, or its failure. */
interface Reply {
  seq: number;
  ok: boolean;
  value?: unknown;
  error?: string;
}

const children = new Set<ChildProcess>();

/** A TypeScript child process under tsx, answering requests one at a time. */
export class Child {
  private seq = 0;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private exited: Error | undefined;

  private constructor(private readonly proc: ChildProcess) {
    proc.on('message', (m: Reply) => {
      const w = this.waiting.get(m.seq);
      if (!w) return;
      this.waiting.delete(m.seq);
      if (m.ok) w.resolve(m.value);
      else w.reject(new Error(m.error ?? 'child failed'));
    });
    proc.on('exit', (code, signal) => {
      children.delete(proc);
      this.exited = new Error(`child process exited (${signal ?? code})`);
      for (const w of this.waiting.values()) w.reject(this.exited);
      this.waiting.clear();
    });
  }

  /** Start `file` (relative to bench/server/). */
  static start(file: string): Child {
    const proc = fork(fileURLToPath(new URL(file, import.meta.url)), [], {
      cwd: REPO_ROOT,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    children.add(proc);
    return new Child(proc);
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  request<T>(message: Record<string, unknown>): Promise<T> {
    if (this.exited) return Promise.reject(this.exited);
    const seq = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(seq, { resolve: (v) => resolve(v as T), reject });
      this.proc.send({ ...message, seq });
    });
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((r) => this.proc.once('exit', () => r()));
    this.proc.kill('SIGTERM');
    await gone;
  }
}

/** Ctrl-C or an error: the children this process started are ended (by their own handle). */
export function killChildren(): void {
  for (const c of children) c.kill('SIGTERM');
}

/** In a child: answer each request from the parent with `handle`. */
export function serveParent(handle: (m: Record<string, unknown>) => Promise<unknown>): void {
  process.on('message', (m: Record<string, unknown>) => {
    const seq = Number(m.seq);
    handle(m).then(
      (value) => process.send?.({ seq, ok: true, value } satisfies Reply),
      (e: unknown) =>
        process.send?.({ seq, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
    );
  });
  // the parent is gone: so is the child
  process.on('disconnect', () => process.exit(0));
}

/** CPU time a process used over a wall-clock interval, as % of one core. */
export function cpuPercent(before: NodeJS.CpuUsage, wallMs: number): number {
  const d = process.cpuUsage(before);
  return (100 * (d.user + d.system)) / 1000 / wallMs;
}
