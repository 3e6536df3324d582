/**
 * The HTTP load generator of bench/server.bench.ts, in its own process so that it does not
 * share an event loop (or a core) with the server it measures. Each connection is one raw
 * keep-alive TCP socket sending one request at a time, back to back; a response is read by
 * its Content-Length (or chunks). node:http's client costs several times more CPU per
 * request than this, which on a 2-core machine would make the client the bottleneck.
 */
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { v7 as uuidv7 } from 'uuid';
import { cpuPercent, LOG_LINES, pick, type Stats, serveParent, stats } from './common.ts';

export interface LoadSpec {
  host: string;
  port: number;
  method: 'GET' | 'POST';
  /** connection i sends to paths[i % paths.length] */
  paths: string[];
  headers: Record<string, string>;
  /** 'log-entry': a fresh `{ id: uuidv7, data: { text } }` per request */
  body: 'log-entry' | 'none';
  connections: number;
  expectStatus: number;
  /** timed mode: warm-up, then everything completing in the next durationMs counts */
  warmupMs?: number;
  durationMs?: number;
  /** counted mode: warmupRequests uncounted, then exactly `requests` counted (sequential if 1 connection) */
  warmupRequests?: number;
  requests?: number;
  /** a request unanswered this long is given up (its connection closed, a new one opened) */
  timeoutMs?: number;
}

export interface LoadResult {
  completed: number;
  seconds: number;
  rps: number;
  latency: Stats;
  /** responses by status code, counted ones only */
  statuses: Record<string, number>;
  errors: string[];
  /** over the whole run, warm-up included: requests that got no answer (connection errors, timeouts) */
  failed: { errors: number; timeouts: number; otherStatus: number };
  /** the longest time within the measured window in which no answer came at all, and when it began */
  stall: { ms: number; atS: number };
  /** the generator's own CPU use over the measured window, % of one core */
  clientCpuPct: number;
  /** the first response body with the expected status (for checks), cut at 200 kB */
  sampleBody: string;
  /** one request on the wire, head and body */
  requestBytes: number;
}

interface Response {
  status: number;
  body: Buffer;
}

const CRLF2 = Buffer.from('\r\n\r\n');

class TimeoutError extends Error {}

/** One keep-alive connection, one request in flight. */
class Conn {
  private socket: net.Socket | undefined;
  private pending: Buffer = Buffer.alloc(0);
  private waiter: { resolve: (r: Response) => void; reject: (e: Error) => void } | undefined;

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  private connect(): Promise<net.Socket> {
    return new Promise((resolve, reject) => {
      const s = net.connect({ host: this.host, port: this.port }, () => {
        s.off('error', reject);
        s.setNoDelay(true);
        resolve(s);
      });
      s.once('error', reject);
      // a socket given up after a timeout may still speak or close: only the current one counts
      s.on('data', (chunk: Buffer) => {
        if (this.socket === s) this.onData(chunk);
      });
      s.on('error', (e) => {
        if (this.socket === s) this.fail(e);
      });
      s.on('close', () => {
        if (this.socket !== s) return;
        this.socket = undefined;
        this.fail(new Error('connection closed by the server'));
      });
    });
  }

  private fail(e: Error): void {
    const w = this.waiter;
    this.waiter = undefined;
    this.pending = Buffer.alloc(0);
    w?.reject(e);
  }

  async send(request: Buffer, timeoutMs?: number): Promise<Response> {
    this.socket ??= await this.connect();
    const s = this.socket;
    return new Promise<Response>((resolve, reject) => {
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              this.socket = undefined;
              s.destroy();
              this.fail(new TimeoutError(`no answer in ${timeoutMs} ms`));
            }, timeoutMs);
      this.waiter = {
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      s.write(request);
    });
  }

  private onData(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const r = parseResponse(this.pending);
    if (!r) return;
    this.pending = this.pending.subarray(r.consumed);
    const w = this.waiter;
    this.waiter = undefined;
    w?.resolve(r.response);
  }

  close(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }
}

/** A complete response at the start of `buf`, or null when more bytes are needed. */
function parseResponse(buf: Buffer): { response: Response; consumed: number } | null {
  const headEnd = buf.indexOf(CRLF2);
  if (headEnd < 0) return null;
  const head = buf.toString('latin1', 0, headEnd);
  const status = Number(head.slice(9, 12));
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  const start = headEnd + 4;
  if (length?.[1] !== undefined) {
    const end = start + Number(length[1]);
    if (buf.length < end) return null;
    return { response: { status, body: buf.subarray(start, end) }, consumed: end };
  }
  if (!/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
    throw new Error(`response with neither content-length nor chunked encoding: ${head.split('\r\n')[0]}`);
  }
  const parts: Buffer[] = [];
  let at = start;
  for (;;) {
    const lineEnd = buf.indexOf('\r\n', at, 'latin1');
    if (lineEnd < 0) return null;
    const size = Number.parseInt(buf.toString('latin1', at, lineEnd), 16);
    const dataStart = lineEnd + 2;
    if (buf.length < dataStart + size + 2) return null;
    if (size === 0) return { response: { status, body: Buffer.concat(parts) }, consumed: dataStart + 2 };
    parts.push(buf.subarray(dataStart, dataStart + size));
    at = dataStart + size + 2;
  }
}

function requestBytes(spec: LoadSpec, path: string, n: number): Buffer {
  const body =
    spec.body === 'log-entry' ? `{"id":"${uuidv7()}","data":{"text":"${pick(LOG_LINES, n)}"}}` : '';
  let head = `${spec.method} ${path} HTTP/1.1\r\nhost: ${spec.host}:${spec.port}\r\n`;
  for (const [k, v] of Object.entries(spec.headers)) head += `${k}: ${v}\r\n`;
  if (spec.method !== 'GET') {
    head += `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n`;
  }
  return Buffer.from(`${head}\r\n${body}`);
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const conns = Array.from({ length: spec.connections }, () => new Conn(spec.host, spec.port));
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const errors: string[] = [];
  const failures = { errors: 0, timeouts: 0, otherStatus: 0 };
  let sampleBody = '';
  let n = 0;
  const timed = spec.durationMs !== undefined;
  const warmupRequests = spec.warmupRequests ?? 0;
  const total = spec.requests ?? 0;
  let issued = 0;
  let start = Number.POSITIVE_INFINITY;
  let end = Number.POSITIVE_INFINITY;
  let cpu0 = process.cpuUsage();
  let measuredFrom = 0;
  let measuredTo = 0;
  let failed = false;
  let lastAnswer: number | undefined;
  let stall = { ms: 0, atS: 0 };
  if (timed) {
    start = performance.now() + (spec.warmupMs ?? 0);
    end = start + (spec.durationMs ?? 0);
    setTimeout(
      () => {
        cpu0 = process.cpuUsage();
      },
      Math.max(0, start - performance.now()),
    ).unref();
  }

  const loop = async (i: number): Promise<void> => {
    const conn = conns[i];
    const path = spec.paths[i % spec.paths.length];
    if (!conn || path === undefined) throw new Error('unreachable: no connection');
    for (;;) {
      if (failed) return;
      let counted: boolean;
      if (timed) {
        if (performance.now() >= end) return;
        counted = true;
      } else {
        if (issued >= warmupRequests + total) return;
        counted = issued >= warmupRequests;
        if (issued === warmupRequests) {
          cpu0 = process.cpuUsage();
          measuredFrom = performance.now();
        }
        issued += 1;
      }
      const req = requestBytes(spec, path, n++);
      const t0 = performance.now();
      let res: Response;
      try {
        res = await conn.send(req, spec.timeoutMs);
      } catch (e) {
        if (e instanceof TimeoutError) failures.timeouts += 1;
        else failures.errors += 1;
        if (errors.length < 20) errors.push(e instanceof Error ? e.message : String(e));
        if (errors.length >= 20) failed = true;
        continue;
      }
      const t1 = performance.now();
      if (res.status === spec.expectStatus && sampleBody === '') {
        sampleBody = res.body.toString('utf8', 0, Math.min(res.body.length, 200_000));
      }
      if (res.status !== spec.expectStatus) {
        failures.otherStatus += 1;
        if (errors.length < 5) errors.push(`HTTP ${res.status}: ${res.body.toString('utf8', 0, 300)}`);
      }
      if (timed ? t1 >= start && t1 <= end : counted) {
        latencies.push(t1 - t0);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        const since = lastAnswer ?? (timed ? start : t1);
        if (t1 - since > stall.ms)
          stall = { ms: t1 - since, atS: (since - (timed ? start : measuredFrom)) / 1000 };
        lastAnswer = t1;
      }
      measuredTo = t1;
    }
  };
  try {
    await Promise.all(conns.map((_, i) => loop(i)));
  } finally {
    for (const c of conns) c.close();
  }
  const wallMs = timed ? end - start : measuredTo - measuredFrom;
  const completed = latencies.length;
  return {
    completed,
    seconds: wallMs / 1000,
    rps: completed / (wallMs / 1000),
    latency: stats(latencies),
    statuses,
    errors,
    failed: failures,
    stall,
    clientCpuPct: cpuPercent(cpu0, wallMs),
    sampleBody,
    requestBytes: requestBytes(spec, spec.paths[0] ?? '/', 0).length,
  };
}

if (process.send) {
  serveParent(async (m) => {
    if (m.kind === 'load') return runLoad(m.spec as LoadSpec);
    throw new Error(`unknown request ${String(m.kind)}`);
  });
}
