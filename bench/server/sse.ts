/**
 * Check 2: Server-Sent Events delivery latency to N clients — Huajie's GET /api/stream
 * against a minimal node:http broadcaster, with the same client harness (sse.child.ts).
 */
import http from 'node:http';
import { systemClock } from '../../src/core/clock.ts';
import { STREAM_LIMITS } from '../../src/server/realtime/broadcaster.ts';
import { seedTree, seedUsers } from '../../test/support/api.ts';
import { type Child, envList, envNumber, fmtInt, fmtMs, say, sleep } from './common.ts';
import { type EngineEnv, hostPort, login, reportIncidents, startHuajie, watcherSessions } from './huajie.ts';
import type { ConnectSpec, SseResult, TriggerSpec } from './sse.child.ts';

export const SSE_CLIENTS = envList('BENCH_SSE_CLIENTS', [1000, 5000]);
export const SSE_EVENTS = envNumber('BENCH_SSE_EVENTS', 40, { integer: true });
export const SSE_SPACING_MS = envNumber('BENCH_SSE_SPACING_MS', 150);
export const SSE_WARMUP_EVENTS = 3;
const CONNECT_CONCURRENCY = 100;
const DELIVERY_TIMEOUT_MS = 15_000;

export interface SseRow {
  engine: string;
  clients: number;
  baseline: SseResult;
  huajie: SseResult;
  /** Huajie p99 / baseline p99 */
  p99Ratio: number;
  connectMs: { baseline: number; huajie: number };
}

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
  'x-content-type-options': 'nosniff',
};

/**
 * The minimal broadcaster: a Set of responses; POST /trigger parses the JSON body, encodes
 * one frame shaped like Huajie's (the event view: caseId, id, seq, type, data, actor,
 * occurredAt, recordedAt) and writes that same string to every response.
 */
class MinimalBroadcaster {
  readonly clients = new Set<http.ServerResponse>();
  private position = 0;
  readonly server: http.Server;

  constructor(
    private readonly caseId: string,
    private readonly actorId: string,
  ) {
    this.server = http.createServer((req, res) => {
      if (req.method === 'GET' && req.url === '/stream') {
        res.writeHead(200, SSE_HEADERS);
        res.write(': connected\n\n');
        this.clients.add(res);
        res.on('close', () => this.clients.delete(res));
        return;
      }
      if (req.method === 'POST' && req.url === '/trigger') {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const cmd = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string; data: unknown };
          this.position += 1;
          const now = new Date().toISOString();
          const view = {
            caseId: this.caseId,
            id: cmd.id,
            seq: this.position,
            type: 'log.entry',
            data: cmd.data,
            actor: { id: this.actorId, role: 'officer' },
            occurredAt: now,
            recordedAt: now,
          };
          const frame = `id: ${this.position}\nevent: log.entry\ndata: ${JSON.stringify(view)}\n\n`;
          for (const c of this.clients) c.write(frame);
          res.writeHead(201, { 'content-type': 'application/json; charset=utf-8' });
          res.end('{"ok":true}');
        });
        return;
      }
      res.writeHead(404).end();
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    const addr = this.server.address();
    return `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  }

  async close(): Promise<void> {
    for (const c of this.clients) c.end();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

async function waitFor(what: string, check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Connect `n` clients, wait for the server to count them, run the triggers, disconnect. */
async function measure(
  sse: Child,
  connect: ConnectSpec,
  trigger: TriggerSpec,
  attached: () => number,
): Promise<{ result: SseResult; connectMs: number }> {
  const c = await sse.request<{ connected: number; ms: number }>({ kind: 'connect', spec: connect });
  await waitFor(`${connect.clients} streams attached`, () => attached() >= connect.clients);
  await sleep(200);
  try {
    const result = await sse.request<SseResult>({ kind: 'run', spec: trigger });
    return { result, connectMs: c.ms };
  } finally {
    await sse.request<number>({ kind: 'close' });
    await waitFor('streams closed', () => attached() === 0, 30_000);
  }
}

function progress(label: string, r: SseResult): void {
  const missing = r.expected - r.delivered;
  say(
    `  ${label}: p50 ${fmtMs(r.latency.p50)} ms, p99 ${fmtMs(r.latency.p99)} ms, max ${fmtMs(r.latency.max)} ms ` +
      `(${fmtInt(r.delivered)} deliveries${missing > 0 ? `, ${fmtInt(missing)} MISSING` : ''}; ` +
      `POST p50 ${fmtMs(r.post.p50)} ms; slowest event's median ${fmtMs(Math.max(...r.perEventP50))} ms; ` +
      `frame ${r.frameBytes} B; client CPU ${r.clientCpuPct.toFixed(0)}%)`,
  );
}

export async function benchSse(env: EngineEnv, sse: Child): Promise<SseRow[]> {
  const db = await env.newDb('sse');
  const rows: SseRow[] = [];
  try {
    const server = await startHuajie(db);
    try {
      await seedTree(server.store, systemClock, [
        ['sse-county', 'county'],
        ['sse-town', 'town', 'sse-county'],
      ]);
      await seedUsers(server.store, systemClock, [['sse-officer', 'officer', 'sse-town']]);
      const session = await login(server.url, 'sse-officer');
      const [caseId] = await reportIncidents(server.url, session, 1, 1);
      if (!caseId) throw new Error('no incident reported');
      // like that many users: a session keeps STREAM_LIMITS.perSession streams at most
      const watchers = await watcherSessions(
        server,
        'sse-town',
        Math.ceil(Math.max(...SSE_CLIENTS) / STREAM_LIMITS.perSession),
      );
      const actor = await server.store.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'sse-officer')
        .executeTakeFirstOrThrow();

      for (const n of SSE_CLIENTS) {
        const minimal = new MinimalBroadcaster(caseId, actor.id);
        const minimalUrl = await minimal.listen();
        let base: Awaited<ReturnType<typeof measure>>;
        try {
          base = await measure(
            sse,
            {
              ...hostPort(minimalUrl),
              path: '/stream',
              headers: {},
              clients: n,
              concurrency: CONNECT_CONCURRENCY,
            },
            {
              ...hostPort(minimalUrl),
              path: '/trigger',
              headers: {},
              events: SSE_EVENTS,
              warmupEvents: SSE_WARMUP_EVENTS,
              spacingMs: SSE_SPACING_MS,
              timeoutMs: DELIVERY_TIMEOUT_MS,
            },
            () => minimal.clients.size,
          );
        } finally {
          await minimal.close();
        }
        progress(`${env.label}, ${n} clients, minimal broadcaster`, base.result);

        const huajie = await measure(
          sse,
          {
            ...hostPort(server.url),
            path: '/api/stream',
            headers: {},
            sessions: watchers.slice(0, Math.ceil(n / STREAM_LIMITS.perSession)),
            clients: n,
            concurrency: CONNECT_CONCURRENCY,
          },
          {
            ...hostPort(server.url),
            path: `/api/incidents/${caseId}/events/log.entry`,
            headers: session.headers,
            events: SSE_EVENTS,
            warmupEvents: SSE_WARMUP_EVENTS,
            spacingMs: SSE_SPACING_MS,
            timeoutMs: DELIVERY_TIMEOUT_MS,
          },
          () => server.app.broadcaster.size,
        );
        progress(`${env.label}, ${n} clients, Huajie /api/stream`, huajie.result);
        rows.push({
          engine: env.label,
          clients: n,
          baseline: base.result,
          huajie: huajie.result,
          p99Ratio: huajie.result.latency.p99 / base.result.latency.p99,
          connectMs: { baseline: base.connectMs, huajie: huajie.connectMs },
        });
      }
    } finally {
      await server.close();
    }
  } finally {
    await db.drop();
  }
  return rows;
}
