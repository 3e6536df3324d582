import http from 'node:http';

/** One Server-Sent Event as a client parses it. */
export interface SseFrame {
  id?: number;
  event: string;
  data: Record<string, unknown>;
}

export interface SseClient {
  /** every complete event received, in order */
  frames: SseFrame[];
  /** the log's events among them (those with an id and a case) */
  readonly events: (SseFrame & { id: number; data: { caseId: string; seq: number; type: string } })[];
  /** HTTP status, once the answer has begun */
  status(): number | undefined;
  /** the answer is over (ended by the server, cut off, or refused) */
  ended(): boolean;
  /** Date.now() when it ended */
  endedAt(): number | undefined;
  /** it ended as an answer ends (not cut off) */
  complete(): boolean;
  /** the id of the last complete event received */
  lastId(): number | undefined;
  /** stop reading from the socket (the server's writes pile up in its buffers) */
  pause(): void;
  resume(): void;
  close(): void;
}

/**
 * An EventSource-like client over a real socket to 127.0.0.1: parses frames, never
 * reconnects. With `paused` it reads nothing until `resume()` (a client that stopped reading).
 */
export function sse(
  base: string,
  path: string,
  cookie: string,
  opts: { lastEventId?: number; paused?: boolean } = {},
): SseClient {
  const frames: SseFrame[] = [];
  let buf = '';
  let status: number | undefined;
  let endedAt: number | undefined;
  let complete = false;
  let response: http.IncomingMessage | undefined;
  let paused = opts.paused ?? false;
  const headers: Record<string, string> = { cookie: `huajie_session=${cookie}`, accept: 'text/event-stream' };
  if (opts.lastEventId !== undefined) headers['last-event-id'] = String(opts.lastEventId);
  const end = () => {
    endedAt ??= Date.now();
  };
  const req = http.get(`${base}${path}`, { headers, agent: false }, (res) => {
    response = res;
    status = res.statusCode;
    if (paused) res.pause();
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buf += chunk;
      for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const f: Record<string, string> = {};
        for (const line of block.split('\n')) {
          const m = /^(\w+): (.*)$/.exec(line);
          if (m?.[1] && m[2] !== undefined) f[m[1]] = m[2];
        }
        if (f.data === undefined) continue; // a comment (connected, keep-alive)
        frames.push({
          ...(f.id !== undefined ? { id: Number(f.id) } : {}),
          event: f.event ?? 'message',
          data: JSON.parse(f.data),
        });
      }
    });
    res.on('end', () => {
      complete = res.complete;
      end();
    });
    res.on('close', end);
    res.on('error', end);
  });
  req.on('error', end);
  req.on('close', end);
  return {
    frames,
    get events() {
      return frames.filter(
        (f) => f.id !== undefined && typeof f.data.caseId === 'string',
      ) as SseClient['events'];
    },
    status: () => status,
    ended: () => endedAt !== undefined,
    endedAt: () => endedAt,
    complete: () => complete,
    lastId: () => frames.findLast((f) => f.id !== undefined)?.id,
    pause: () => {
      paused = true;
      response?.pause();
    },
    resume: () => {
      paused = false;
      response?.resume();
    },
    close: () => req.destroy(),
  };
}

/** http://127.0.0.1:PORT of a listening Fastify app. */
export function baseOf(server: http.Server): string {
  const addr = server.address();
  return `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
}
