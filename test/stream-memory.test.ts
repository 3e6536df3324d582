import { type ChildProcess, fork } from 'node:child_process';
import net from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { STREAM_LIMITS } from '../src/server/realtime/broadcaster.ts';
import type { ChildReady } from './support/stream-server.child.ts';

const STREAMS = 1000;
/** the target: what 1,000 streams that never read may add to the server's resident memory */
const GROWTH_MB = 100;
/** once they are gone, what the process may hold above where it started */
const LEFT_MB = 40;
/** and what the heap and buffers may still hold of them after a full GC */
const KEPT_MB = 10;
const MB = 1024 * 1024;

const CHILD = fileURLToPath(new URL('./support/stream-server.child.ts', import.meta.url));

/** The server in a child process, asked over IPC. */
class ServerProcess {
  private next = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private constructor(readonly child: ChildProcess) {
    child.on('message', (m: { id?: number; result?: unknown; error?: string }) => {
      const w = m.id === undefined ? undefined : this.waiting.get(m.id);
      if (!w || m.id === undefined) return;
      this.waiting.delete(m.id);
      if (m.error) w.reject(new Error(m.error));
      else w.resolve(m.result);
    });
  }

  static async start(): Promise<{ server: ServerProcess; ready: ChildReady }> {
    const child = fork(CHILD, [], {
      execArgv: ['--import', 'tsx', '--expose-gc'],
      env: { ...process.env, STREAM_CHILD_ACCOUNTS: String(STREAMS / 4), STREAM_CHILD_ENTRIES: '1000' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const ready = await new Promise<ChildReady>((resolve, reject) => {
      child.on('message', (m: { ready?: ChildReady }) => m.ready && resolve(m.ready));
      child.on('exit', (code) => reject(new Error(`the server process exited (${code})`)));
    });
    return { server: new ServerProcess(child), ready };
  }

  ask<T>(kind: string, extra: Record<string, unknown> = {}): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ id, kind, ...extra });
    });
  }

  async rss(gc = false): Promise<number> {
    return (await this.memory(gc)).rss;
  }

  async memory(gc = false): Promise<NodeJS.MemoryUsage> {
    const m = await this.ask<NodeJS.MemoryUsage>('memory', { gc });
    if (process.env.STREAM_MEMORY_DEBUG)
      console.info(
        Object.entries(m)
          .map(([k, v]) => `${k} ${(v / MB).toFixed(1)}`)
          .join(', '),
      );
    return m;
  }
}

interface Streams {
  size: number;
  live?: number;
  stalled?: number;
  'catching-up'?: number;
  maxBuffered: number;
}

/** Take samples every 200 ms until `work` is done. */
async function sampleUntil(work: Promise<unknown>, sample: () => Promise<void>): Promise<void> {
  let done = false;
  const finished = work.finally(() => {
    done = true;
  });
  while (!done) {
    await sample();
    await Promise.race([finished, delay(200)]);
  }
  await finished;
  await sample();
}

/** A GET /api/stream from Last-Event-ID 0 that reads, until the event at `last` has come. */
function reader(port: number, token: string, last: number) {
  const socket = deaf(port, token);
  let tail = '';
  let done = false;
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    tail = (tail + chunk).slice(-65_536);
    done ||= tail.includes(`\nid: ${last}\n`);
  });
  socket.resume();
  return { socket, done: () => done };
}

/** A GET /api/stream that reads nothing after its request: the socket's buffers fill, then it waits. */
function deaf(port: number, token: string): net.Socket {
  const s = net.connect(port, '127.0.0.1');
  s.on('error', () => undefined);
  s.write(
    `GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nCookie: huajie_session=${token}\r\nLast-Event-ID: 0\r\n\r\n`,
  );
  s.pause();
  return s;
}

describe('live streams: memory', () => {
  let server: ServerProcess | undefined;
  const sockets: net.Socket[] = [];

  afterAll(async () => {
    for (const s of sockets) s.destroy();
    if (server) {
      await Promise.race([server.ask('stop'), new Promise((r) => setTimeout(r, 10_000))]).catch(
        () => undefined,
      );
      server.child.kill('SIGKILL');
    }
  });

  it('1,000 streams that never read, replaying a 6 MB log while events are appended, add at most 100 MB, ' +
    'given back once they close', async () => {
    const started = await ServerProcess.start();
    server = started.server;
    const { port, tokens, events } = started.ready;
    expect(events).toBeGreaterThan(1000);
    const srv = server;

    // a server that has already replayed the log once: what stays is not the streams' cost
    const warm = tokens.slice(0, 2).map((t) => reader(port, t, started.ready.last));
    await expect.poll(() => warm.every((w) => w.done()), { timeout: 30_000 }).toBe(true);
    for (const w of warm) w.socket.destroy();
    await expect.poll(() => srv.ask<Streams>('streams').then((s) => s.size)).toBe(0);
    const baseMemory = await srv.memory(true);
    const base = baseMemory.rss;

    let peak = base;
    // each sample after a full collection: what the streams hold, not what garbage the server
    // has not yet collected (when V8 grows its heap for that depends on the whole process)
    const sample = async () => {
      peak = Math.max(peak, await srv.rss(true));
      // fail at once rather than take the machine's memory
      expect((peak - base) / MB, 'RSS growth (MB)').toBeLessThanOrEqual(GROWTH_MB);
    };
    // fifty at a time, each fifty seen attached before the next; a connection a busy machine
    // dropped before the server took it (its accept queue full) is opened again
    let keepOpen = true;
    const open = (i: number): net.Socket => {
      const s = deaf(port, tokens[i % tokens.length] ?? '');
      s.on('close', () => {
        if (keepOpen && sockets[i] === s) sockets[i] = open(i);
      });
      return s;
    };
    for (let i = 0; i < STREAMS; i++) {
      sockets.push(open(i));
      if (i % 50 === 49) {
        await sample();
        await expect
          .poll(() => srv.ask<Streams>('streams').then((x) => x.size), { timeout: 60_000 })
          .toBe(sockets.length);
      }
    }
    const appending = srv.ask<number>('append', { n: 200 });
    // every stream has been given what its socket takes, and waits (sampling all along: an
    // RSS over the bound fails at once, before it takes the machine's memory)
    const deadline = Date.now() + 90_000;
    for (;;) {
      await sample();
      const now = await srv.ask<Streams>('streams');
      if (now.stalled === STREAMS) break;
      if (Date.now() > deadline) throw new Error(`not every stream stalled: ${JSON.stringify(now)}`);
      await delay(200);
    }
    await sampleUntil(appending, sample);
    // more events while they all wait: nothing is written to them, nothing piles up
    await sampleUntil(srv.ask<number>('append', { n: 200 }), sample);
    const streams = await srv.ask<Streams>('streams');
    expect(streams).toMatchObject({ size: STREAMS, stalled: STREAMS });
    // the mark, and the one frame (about 6 KB) that crossed it
    expect(streams.maxBuffered).toBeLessThanOrEqual(STREAM_LIMITS.pauseBytes + 8 * 1024);
    console.info(
      `stream memory: base ${(base / MB).toFixed(0)} MB, peak +${((peak - base) / MB).toFixed(1)} MB with ${STREAMS} streams`,
    );

    keepOpen = false;
    for (const s of sockets.splice(0)) s.destroy();
    await expect.poll(() => srv.ask<Streams>('streams').then((s) => s.size), { timeout: 10_000 }).toBe(0);
    const afterMemory = await srv.memory(true);
    const after = afterMemory.rss;
    // nothing of theirs is kept: the JavaScript heap and the buffers outside it are back
    const kept = (m: NodeJS.MemoryUsage) => m.heapUsed + m.external;
    const keptMb = (kept(afterMemory) - kept(baseMemory)) / MB;
    console.info(`stream memory: heap and buffers after they closed ${keptMb.toFixed(1)} MB`);
    expect(keptMb, 'heap and buffers kept (MB)').toBeLessThanOrEqual(KEPT_MB);
    console.info(`stream memory: after they closed +${((after - base) / MB).toFixed(1)} MB`);
    expect((after - base) / MB, 'RSS left after they closed (MB)').toBeLessThanOrEqual(LEFT_MB);
  }, 180_000);
});
