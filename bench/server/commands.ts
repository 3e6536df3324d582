/**
 * Check 1: commands per second and latency at 100 concurrent HTTP connections — Huajie's
 * POST /api/incidents/:caseId/events/log.entry against a bare Fastify JSON POST route.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/server/store/schema.ts';
import { type Child, cpuPercent, envNumber, fmtInt, fmtMs, say } from './common.ts';
import { type EngineEnv, hostPort, reportIncidents, type Session, withOfficerServer } from './huajie.ts';
import type { LoadResult, LoadSpec } from './load.child.ts';

export const COMMAND_SECONDS = envNumber('BENCH_SECONDS', 5);
export const CONNECTIONS = envNumber('BENCH_CONNECTIONS', 100, { integer: true });
/** the variant where connections share cases: this many cases for all of them */
export const SHARED_CASES = envNumber('BENCH_SHARED_CASES', 10, { integer: true });
const WARMUP_MS = 2000;

export interface CommandRun extends LoadResult {
  label: string;
  cases?: number;
  /** events in each measured case at the end, on average (each command reads its whole case) */
  eventsPerCase?: number;
  /** this process's CPU use over the whole load (warm-up included), % of one core: the server's */
  serverCpuPct?: number;
}

/** A load run, with this process's (the server's) CPU use while it ran. */
export async function timedLoad(load: Child, spec: LoadSpec): Promise<LoadResult & { serverCpuPct: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await load.request<LoadResult>({ kind: 'load', spec });
  return { ...r, serverCpuPct: cpuPercent(cpu0, performance.now() - t0) };
}

export interface CommandsResult {
  engine: string;
  baseline: CommandRun;
  baselineAfter: CommandRun;
  /** mean of the two baseline runs, what the ratios are against */
  baselineRps: number;
  huajie: CommandRun;
  shared: CommandRun;
  ratioPct: number;
  sharedRatioPct: number;
}

/** The load of every command check: CONNECTIONS connections, warm-up, then COMMAND_SECONDS. */
export function spec(url: string, paths: string[], headers: Record<string, string>): LoadSpec {
  return {
    ...hostPort(url),
    method: 'POST',
    paths,
    headers,
    body: 'log-entry',
    connections: CONNECTIONS,
    expectStatus: 201,
    warmupMs: WARMUP_MS,
    durationMs: COMMAND_SECONDS * 1000,
  };
}

export function progress(label: string, r: LoadResult & { serverCpuPct?: number }): void {
  const bad = Object.entries(r.statuses).filter(([s]) => s !== '201');
  const server = r.serverCpuPct === undefined ? '' : `, server ${r.serverCpuPct.toFixed(0)}%`;
  say(
    `  ${label}: ${fmtInt(r.rps)} req/s, p50 ${fmtMs(r.latency.p50)} ms, p99 ${fmtMs(r.latency.p99)} ms ` +
      `(${fmtInt(r.completed)} requests; CPU, % of a core: load generator ${r.clientCpuPct.toFixed(0)}%${server}; ` +
      `longest time without an answer ${fmtMs(r.stall.ms)} ms, ${r.stall.atS.toFixed(1)} s in)` +
      (bad.length > 0 ? ` — other statuses: ${bad.map(([s, n]) => `${s}×${n}`).join(', ')}` : '') +
      (r.errors.length > 0 ? ` — errors: ${r.errors.slice(0, 2).join(' | ')}` : ''),
  );
}

/** One log.entry path per connection, each on its own made-up case (for the baselines). */
export const baselinePaths = (): string[] =>
  Array.from(
    { length: CONNECTIONS },
    (_, i) => `/api/incidents/01900000-0000-7000-8000-${String(i).padStart(12, '0')}/events/log.entry`,
  );

/** The load on a Fastify app of the baselines, listening on 127.0.0.1 only while it runs. */
export async function loadFastify(
  app: FastifyInstance,
  load: Child,
  headers: Record<string, string>,
  label: string,
): Promise<CommandRun> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const addr = app.server.address();
    const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    const r = await timedLoad(load, spec(url, baselinePaths(), headers));
    return { ...r, label };
  } finally {
    await app.close();
  }
}

/** The baseline: the same Fastify, one POST route that parses the JSON body and answers 201. */
export function bareFastify(
  load: Child,
  headers: Record<string, string>,
  when: 'before' | 'after' | '',
): Promise<CommandRun> {
  const app = Fastify({ logger: false });
  app.post('/api/incidents/:caseId/events/:type', async (_req, reply) =>
    reply.status(201).send({ ok: true }),
  );
  return loadFastify(app, load, headers, `bare Fastify POST route${when ? ` (${when})` : ''}`);
}

export function benchCommands(env: EngineEnv, load: Child): Promise<CommandsResult> {
  return withOfficerServer(env, 'commands', async (server, session: Session) => {
    const baseline = await bareFastify(load, session.headers, 'before');
    progress(`${env.label}, baseline, ${CONNECTIONS} connections`, baseline);

    const own = await reportIncidents(server.url, session, CONNECTIONS);
    const pathOf = (c: string) => `/api/incidents/${c}/events/log.entry`;
    const huajie = await measure(server.store.db, load, server.url, own.map(pathOf), session, own);
    const h: CommandRun = { ...huajie, label: `Huajie log.entry, ${own.length} cases (1 per connection)` };
    h.cases = own.length;
    progress(`${env.label}, Huajie, ${CONNECTIONS} connections on ${own.length} cases`, h);

    const shared = await reportIncidents(server.url, session, SHARED_CASES);
    const s = await measure(server.store.db, load, server.url, shared.map(pathOf), session, shared);
    const sh: CommandRun = {
      ...s,
      label: `Huajie log.entry, ${shared.length} shared cases (${CONNECTIONS / shared.length} connections each)`,
    };
    sh.cases = shared.length;
    progress(`${env.label}, Huajie, ${CONNECTIONS} connections on ${shared.length} shared cases`, sh);
    // measured again afterwards: the ratio is against the mean of both (this machine is noisy)
    const after = await bareFastify(load, session.headers, 'after');
    progress(`${env.label}, baseline again, ${CONNECTIONS} connections`, after);
    const baselineRps = (baseline.rps + after.rps) / 2;
    return {
      engine: env.label,
      baseline,
      baselineAfter: after,
      baselineRps,
      huajie: h,
      shared: sh,
      ratioPct: (100 * h.rps) / baselineRps,
      sharedRatioPct: (100 * sh.rps) / baselineRps,
    };
  });
}

/** The load on Huajie's log.entry route; events/case counted afterwards. */
export async function measure(
  db: Kysely<DB>,
  load: Child,
  url: string,
  paths: string[],
  session: Session,
  cases: string[],
): Promise<CommandRun> {
  const r = await timedLoad(load, spec(url, paths, session.headers));
  const row = await db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('case_id', 'in', cases)
    .executeTakeFirst();
  return { ...r, label: '', eventsPerCase: Number(row?.n ?? 0) / cases.length };
}
