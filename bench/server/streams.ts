/**
 * Check 7: what live streams cost the writers. The load of the spread check (100 connections,
 * each writing log.entry to its own incident) runs twice on the same server: once with no
 * stream clients, once with 2,000 GET /api/stream clients (officers of the incidents' town,
 * four streams a session, so that every client sees every event written) attached and seen
 * receiving before it starts. Target: req/s with the clients ≥ 80% of req/s without; every
 * request answered (no failure, no time-out); every client gets every event.
 */
import { v7 as uuidv7 } from 'uuid';
import { STREAM_LIMITS } from '../../src/server/realtime/broadcaster.ts';
import type { RunningServer } from '../../src/server/server.ts';
import { CONNECTIONS, type CommandRun, spec, timedLoad } from './commands.ts';
import { type Child, envNumber, fmtInt, fmtMs, say, sleep } from './common.ts';
import {
  type EngineEnv,
  hostPort,
  reportIncidents,
  type Session,
  watcherSessions,
  withOfficerServer,
} from './huajie.ts';
import type { LoadResult } from './load.child.ts';
import type { CountResult } from './sse.child.ts';

export const STREAM_CLIENTS = envNumber('BENCH_STREAM_CLIENTS', 2000, { integer: true });
/** a write unanswered this long counts as timed out */
const REQUEST_TIMEOUT_MS = 10_000;
const CONNECT_CONCURRENCY = 100;
/** after the load: how long the clients may take to have been sent every event */
const DELIVERY_TIMEOUT_MS = envNumber('BENCH_STREAM_DRAIN_SECONDS', 120) * 1000;

export interface StreamsRun extends CommandRun {
  /** requests of the whole run (warm-up included) that failed or timed out, or answered other than 201 */
  failedOrTimedOut: number;
}

export interface StreamsResult {
  engine: string;
  clients: number;
  without: StreamsRun;
  with: StreamsRun;
  /** req/s with the clients / without, % */
  ratioPct: number;
  /** events the run with clients wrote (all of them in the clients' scope) */
  written: number;
  /** what the clients were sent, counted from just before that run */
  delivery: CountResult;
  /** every client got every event written */
  complete: boolean;
  connectMs: number;
  /** the server's streams after the run, by state */
  streamStates: Record<string, number>;
}

function runOf(r: LoadResult & { serverCpuPct: number }, label: string): StreamsRun {
  return {
    ...r,
    label,
    failedOrTimedOut: r.failed.errors + r.failed.timeouts + r.failed.otherStatus,
  };
}

function progress(label: string, r: StreamsRun): void {
  say(
    `  ${label}: ${fmtInt(r.rps)} req/s, p50 ${fmtMs(r.latency.p50)} ms, p99 ${fmtMs(r.latency.p99)} ms, ` +
      `failed or timed out ${r.failedOrTimedOut} (errors ${r.failed.errors}, time-outs ${r.failed.timeouts}, ` +
      `other statuses ${r.failed.otherStatus}); server CPU ${r.serverCpuPct?.toFixed(0)}%, ` +
      `load generator CPU ${r.clientCpuPct.toFixed(0)}%; longest time without an answer ${fmtMs(r.stall.ms)} ms, ` +
      `${r.stall.atS.toFixed(1)} s in` +
      (r.errors.length > 0 ? ` — ${r.errors.slice(0, 2).join(' | ')}` : ''),
  );
}

async function waitFor(what: string, check: () => boolean, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

const eventCount = async (server: RunningServer): Promise<number> => {
  const row = await server.store.db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
};

function states(server: RunningServer): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of server.app.broadcaster.inspect()) out[s.state] = (out[s.state] ?? 0) + 1;
  return out;
}

export function benchStreams(env: EngineEnv, load: Child, sse: Child): Promise<StreamsResult> {
  return withOfficerServer(env, 'streams', async (server, session: Session) => {
    const cases = await reportIncidents(server.url, session, CONNECTIONS);
    const paths = cases.map((c) => `/api/incidents/${c}/events/log.entry`);
    const watchers = await watcherSessions(
      server,
      'bench-town',
      Math.ceil(STREAM_CLIENTS / STREAM_LIMITS.perSession),
    );
    const loadSpec = { ...spec(server.url, paths, session.headers), timeoutMs: REQUEST_TIMEOUT_MS };

    const without = runOf(
      await timedLoad(load, loadSpec),
      `Huajie log.entry, ${cases.length} cases, no stream clients`,
    );
    progress(`${env.label}, no stream clients`, without);

    const connected = await sse.request<{ connected: number; ms: number }>({
      kind: 'connect',
      spec: {
        ...hostPort(server.url),
        path: '/api/stream',
        headers: {},
        sessions: watchers,
        clients: STREAM_CLIENTS,
        concurrency: CONNECT_CONCURRENCY,
        count: true,
      },
    });
    try {
      const b = server.app.broadcaster;
      await waitFor(
        `${STREAM_CLIENTS} streams live`,
        () => b.size >= STREAM_CLIENTS && b.inspect().every((s) => s.state === 'live'),
      );
      // every client receiving: one event, seen by all of them, before the measured run
      await sse.request<number>({ kind: 'reset' });
      const probe = await fetch(`${server.url}${paths[0]}`, {
        method: 'POST',
        headers: { ...session.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ id: uuidv7(), data: { text: '基准测试：推送连接检查' } }),
      });
      if (probe.status !== 201)
        throw new Error(`probe log.entry: HTTP ${probe.status} ${await probe.text()}`);
      const seen = await sse.request<CountResult>({ kind: 'waitCounts', atLeast: 1, timeoutMs: 30_000 });
      if (seen.minPerClient < 1 || seen.closed > 0)
        throw new Error(
          `not every stream client received the probe event (fewest ${seen.minPerClient}, ${seen.closed} closed)`,
        );
      say(
        `  ${env.label}: ${fmtInt(connected.connected)} stream clients connected in ${fmtInt(connected.ms)} ms, ` +
          `all live; a probe event reached every one of them (${fmtInt(seen.waitedMs)} ms after its POST was answered)`,
      );

      await sse.request<number>({ kind: 'reset' });
      const before = await eventCount(server);
      const withClients = runOf(
        await timedLoad(load, loadSpec),
        `Huajie log.entry, ${cases.length} cases, ${fmtInt(STREAM_CLIENTS)} stream clients`,
      );
      progress(`${env.label}, ${fmtInt(STREAM_CLIENTS)} stream clients`, withClients);
      const written = (await eventCount(server)) - before;
      const delivery = await sse.request<CountResult>({
        kind: 'waitCounts',
        atLeast: written,
        timeoutMs: DELIVERY_TIMEOUT_MS,
      });
      const complete = delivery.minPerClient >= written && delivery.closed === 0;
      const streamStates = states(server);
      say(
        `  ${env.label}: ${fmtInt(written)} events written; the clients were sent ${fmtInt(delivery.events)} ` +
          `(${fmtInt(delivery.logEntries)} log.entry) of ${fmtInt(written * delivery.clients)}, ` +
          `per client ${fmtInt(delivery.minPerClient)}–${fmtInt(delivery.maxPerClient)}, ` +
          `all within ${fmtInt(delivery.waitedMs)} ms after the load` +
          `; reload ${delivery.reload}, superseded ${delivery.superseded}, session-ended ${delivery.sessionEnded}, ` +
          `closed ${delivery.closed}; stream client CPU ${delivery.clientCpuPct.toFixed(0)}%` +
          `; server streams ${JSON.stringify(streamStates)}`,
      );
      return {
        engine: env.label,
        clients: connected.connected,
        without,
        with: withClients,
        ratioPct: (100 * withClients.rps) / without.rps,
        written,
        delivery,
        complete,
        connectMs: connected.ms,
        streamStates,
      };
    } finally {
      await sse.request<number>({ kind: 'close' });
      await waitFor('streams closed', () => server.app.broadcaster.size === 0, 30_000).catch(() => undefined);
    }
  });
}
