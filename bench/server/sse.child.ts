/**
 * The Server-Sent Events clients of bench/server.bench.ts, in their own process: N
 * long-lived node:http GET requests, each parsing `data:` lines. The same process sends
 * the triggering POSTs, so the delivery latency of an event — from just before its POST is
 * written to the moment a client has parsed its frame — is measured on one clock.
 *
 * Counting clients (`count: true`) parse nothing: they count the frames of each event type
 * they are sent (for the streams check, where other processes write the events).
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { v7 as uuidv7 } from 'uuid';
import { cpuPercent, LOG_LINES, pick, type Stats, serveParent, sleep, stats } from './common.ts';

export interface ConnectSpec {
  host: string;
  port: number;
  path: string;
  headers: Record<string, string>;
  /** session cookie values: client i sends the (i mod length)-th */
  sessions?: string[];
  clients: number;
  /** connection attempts in flight at once */
  concurrency: number;
  /** count frames instead of parsing them (see CountResult) */
  count?: boolean;
}

/** What the counting clients were sent since the last reset. */
export interface CountResult {
  clients: number;
  /** events (frames with an `event:` other than the control ones below), all clients */
  events: number;
  /** log.entry frames, all clients */
  logEntries: number;
  /** the fewest and the most events one client got */
  minPerClient: number;
  maxPerClient: number;
  /** control frames: the server closed a stream or told it to reload */
  reload: number;
  superseded: number;
  sessionEnded: number;
  /** streams that ended since they were opened */
  closed: number;
  /** the clients' CPU use since the reset, % of one core */
  clientCpuPct: number;
  /** waitCounts: how long until every client had its events (or the time limit) */
  waitedMs: number;
}

export interface TriggerSpec {
  host: string;
  port: number;
  path: string;
  headers: Record<string, string>;
  events: number;
  /** sent first, not measured (JIT, first-use allocations) */
  warmupEvents: number;
  spacingMs: number;
  /** after the last trigger, how long to wait for every client to have every event */
  timeoutMs: number;
}

export interface SseResult {
  clients: number;
  events: number;
  expected: number;
  delivered: number;
  /** per client and event: POST about to be written → frame parsed, ms */
  latency: Stats;
  /** per client and event: the event's recordedAt (server wall clock) → frame parsed, ms */
  sinceRecorded: Stats;
  /** the triggering POSTs themselves */
  post: Stats;
  postStatuses: Record<string, number>;
  frameBytes: number;
  sampleFrame: string;
  /** per event, in the order sent: the median of its deliveries, ms */
  perEventP50: number[];
  clientCpuPct: number;
}

interface Client {
  req: http.ClientRequest;
  buf: string;
  /** counting clients: the last characters of what came, for a pattern cut between chunks */
  tail: string;
  counts: number[];
  closed: boolean;
}

/** What counting clients look for; the first is every event frame, the others are among them. */
const PATTERNS = [
  '\nevent: ',
  '\nevent: log.entry\n',
  '\nevent: reload\n',
  '\nevent: superseded\n',
  '\nevent: session-ended\n',
] as const;
const TAIL = Math.max(...PATTERNS.map((p) => p.length)) - 1;
let countsSince = { cpu: process.cpuUsage(), at: performance.now() };

function countIn(c: Client, chunk: string): void {
  const s = c.tail + chunk;
  for (const [k, p] of PATTERNS.entries()) {
    // occurrences ending in this chunk: those wholly inside the tail were counted before
    let i = s.indexOf(p, Math.max(0, c.tail.length - p.length + 1));
    let n = 0;
    while (i >= 0) {
      n += 1;
      i = s.indexOf(p, i + p.length);
    }
    c.counts[k] = (c.counts[k] ?? 0) + n;
  }
  c.tail = s.slice(-TAIL);
}

/** Events one client got: every `event:` frame but the control ones. */
const eventsOf = (c: Client): number =>
  (c.counts[0] ?? 0) - (c.counts[2] ?? 0) - (c.counts[3] ?? 0) - (c.counts[4] ?? 0);

function resetCounts(): number {
  for (const c of clients) c.counts = PATTERNS.map(() => 0);
  countsSince = { cpu: process.cpuUsage(), at: performance.now() };
  return clients.length;
}

function counted(waitedMs = 0): CountResult {
  const sum = (k: number) => clients.reduce((n, c) => n + (c.counts[k] ?? 0), 0);
  const per = clients.map(eventsOf);
  return {
    clients: clients.length,
    events: per.reduce((a, b) => a + b, 0),
    logEntries: sum(1),
    minPerClient: per.length > 0 ? Math.min(...per) : 0,
    maxPerClient: per.length > 0 ? Math.max(...per) : 0,
    reload: sum(2),
    superseded: sum(3),
    sessionEnded: sum(4),
    closed: clients.filter((c) => c.closed).length,
    clientCpuPct: cpuPercent(countsSince.cpu, performance.now() - countsSince.at),
    waitedMs,
  };
}

/** Until every client has had `atLeast` events since the reset, or `timeoutMs` has passed. */
async function waitCounts(atLeast: number, timeoutMs: number): Promise<CountResult> {
  const t0 = performance.now();
  const deadline = t0 + timeoutMs;
  while (performance.now() < deadline && clients.some((c) => eventsOf(c) < atLeast)) await sleep(50);
  return counted(performance.now() - t0);
}

const clients: Client[] = [];
/** event id → when its POST was about to be written (performance.now()) */
const sentAt = new Map<string, number>();
const latencies: number[] = [];
/** event id → its deliveries' latencies */
const byEvent = new Map<string, number[]>();
const sinceRecorded: number[] = [];
let sampleFrame = '';

function onFrame(block: string, at: number, wall: number): void {
  for (const line of block.split('\n')) {
    if (!line.startsWith('data: ')) continue;
    const view = JSON.parse(line.slice(6)) as { id?: string; recordedAt?: string };
    const t0 = view.id === undefined ? undefined : sentAt.get(view.id);
    if (t0 === undefined) return; // an event this run did not trigger
    latencies.push(at - t0);
    byEvent.get(view.id ?? '')?.push(at - t0);
    if (view.recordedAt) sinceRecorded.push(wall - Date.parse(view.recordedAt));
    if (sampleFrame === '') sampleFrame = `${block}\n\n`;
  }
}

function open(spec: ConnectSpec, i: number): Promise<Client> {
  const session = spec.sessions?.[i % spec.sessions.length];
  const headers = session ? { ...spec.headers, cookie: `huajie_session=${session}` } : spec.headers;
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: spec.host, port: spec.port, path: spec.path, headers, agent: false },
      (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`GET ${spec.path}: HTTP ${res.statusCode}`));
          res.resume();
          return;
        }
        res.setEncoding('utf8');
        const client: Client = { req, buf: '', tail: '', counts: PATTERNS.map(() => 0), closed: false };
        let resolved = false;
        res.on('close', () => {
          client.closed = true;
        });
        res.on('data', (chunk: string) => {
          const at = performance.now();
          if (!resolved) {
            resolved = true;
            resolve(client);
          }
          if (spec.count) {
            countIn(client, chunk);
            return;
          }
          client.buf += chunk;
          let i = client.buf.indexOf('\n\n');
          if (i < 0) return;
          const wall = Date.now();
          while (i >= 0) {
            onFrame(client.buf.slice(0, i), at, wall);
            client.buf = client.buf.slice(i + 2);
            i = client.buf.indexOf('\n\n');
          }
        });
        res.on('error', () => undefined);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function connect(spec: ConnectSpec): Promise<{ connected: number; ms: number }> {
  const t0 = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < spec.clients) {
      const i = next;
      next += 1;
      clients.push(await open(spec, i));
    }
  };
  await Promise.all(Array.from({ length: Math.min(spec.concurrency, spec.clients) }, worker));
  return { connected: clients.length, ms: performance.now() - t0 };
}

function post(spec: TriggerSpec, body: string, agent: http.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: spec.host,
        port: spec.port,
        path: spec.path,
        method: 'POST',
        agent,
        headers: {
          ...spec.headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function run(spec: TriggerSpec): Promise<SseResult> {
  latencies.length = 0;
  sinceRecorded.length = 0;
  sentAt.clear();
  byEvent.clear();
  sampleFrame = '';
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const postMs: number[] = [];
  const postStatuses: Record<string, number> = {};
  const cpu0 = process.cpuUsage();
  const w0 = performance.now();
  const posts: Promise<void>[] = [];
  try {
    for (let k = 0; k < spec.warmupEvents; k++) {
      await post(spec, `{"id":"${uuidv7()}","data":{"text":"${pick(LOG_LINES, k)}"}}`, agent);
      await sleep(spec.spacingMs);
    }
    for (let k = 0; k < spec.events; k++) {
      const id = uuidv7();
      const body = `{"id":"${id}","data":{"text":"${pick(LOG_LINES, k)}"}}`;
      const t0 = performance.now();
      sentAt.set(id, t0);
      byEvent.set(id, []);
      posts.push(
        post(spec, body, agent).then((status) => {
          postMs.push(performance.now() - t0);
          postStatuses[status] = (postStatuses[status] ?? 0) + 1;
        }),
      );
      await sleep(spec.spacingMs);
    }
    await Promise.all(posts);
    const expected = clients.length * spec.events;
    const deadline = performance.now() + spec.timeoutMs;
    while (latencies.length < expected && performance.now() < deadline) await sleep(20);
    return {
      clients: clients.length,
      events: spec.events,
      expected,
      delivered: latencies.length,
      latency: stats(latencies),
      sinceRecorded: stats(sinceRecorded),
      post: stats(postMs),
      postStatuses,
      frameBytes: Buffer.byteLength(sampleFrame),
      perEventP50: [...byEvent.values()].map((l) => stats(l).p50),
      sampleFrame,
      clientCpuPct: cpuPercent(cpu0, performance.now() - w0),
    };
  } finally {
    agent.destroy();
  }
}

function closeAll(): number {
  const n = clients.length;
  for (const c of clients) c.req.destroy();
  clients.length = 0;
  return n;
}

if (process.send) {
  serveParent(async (m) => {
    if (m.kind === 'connect') return connect(m.spec as ConnectSpec);
    if (m.kind === 'run') return run(m.spec as TriggerSpec);
    if (m.kind === 'close') return closeAll();
    if (m.kind === 'reset') return resetCounts();
    if (m.kind === 'counts') return counted();
    if (m.kind === 'waitCounts') return waitCounts(Number(m.atLeast), Number(m.timeoutMs));
    throw new Error(`unknown request ${String(m.kind)}`);
  });
}
