import { createServer as createHttpServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type DeliveryFailure, postPinned } from './delivery.ts';

const servers: (Server | TcpServer)[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise<void>((r) => s.close(() => r()));
});

async function listen<T extends Server | TcpServer>(s: T): Promise<number> {
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return (s.address() as AddressInfo).port;
}

/** An HTTP server that answers every request with `status` and `body`, and keeps what it got. */
async function answering(status: number, body: string, headers: Record<string, string> = {}) {
  const got: { host: string | undefined; body: string; headers: IncomingHttpHeaders }[] = [];
  const port = await listen(
    createHttpServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => {
        raw += c.toString();
      });
      req.on('end', () => {
        got.push({ host: req.headers.host, body: raw, headers: req.headers });
        res.writeHead(status, headers).end(body);
      });
    }),
  );
  return { port, got };
}

const send = (url: string, opts: { timeoutMs?: number; max?: number } = {}) =>
  postPinned(
    { url: new URL(url), address: '127.0.0.1', family: 4 },
    { headers: { 'content-type': 'application/json' }, body: '{"hello":"世界"}' },
    { signal: AbortSignal.timeout(opts.timeoutMs ?? 5_000), maxAnswerBytes: opts.max ?? 1024 },
  );

async function failure(p: Promise<unknown>): Promise<DeliveryFailure> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toMatchObject({ error: expect.any(String) });
  return e as DeliveryFailure;
}

describe('posting to a checked address', () => {
  it('connects to the checked address, never resolving the name again, and names the host', async () => {
    const rx = await answering(200, '{"errcode":0}');
    // the name exists nowhere: only the pinned address can reach the receiver
    const answer = await send(`http://hook.pinned.test:${rx.port}/p?key=1`);
    expect(answer).toEqual({ status: 200, body: '{"errcode":0}', complete: true });
    expect(rx.got).toHaveLength(1);
    expect(rx.got[0]?.host).toBe(`hook.pinned.test:${rx.port}`);
    expect(rx.got[0]?.body).toBe('{"hello":"世界"}');
    expect(rx.got[0]?.headers['content-length']).toBe(String(Buffer.byteLength('{"hello":"世界"}')));
  });

  it('never follows a redirect', async () => {
    const elsewhere = await answering(200, 'ok');
    const rx = await answering(302, '', { location: `http://127.0.0.1:${elsewhere.port}/` });
    expect((await send(`http://127.0.0.1:${rx.port}/`)).status).toBe(302);
    expect(elsewhere.got).toHaveLength(0);
  });

  it('reads no more of an answer than it needs', async () => {
    const rx = await answering(200, 'x'.repeat(100_000));
    const answer = await send(`http://127.0.0.1:${rx.port}/`, { max: 1024 });
    expect(answer.complete).toBe(false);
    expect(answer.body.length).toBeLessThanOrEqual(1024);
  });

  it('classifies what goes wrong: connect, tls, timeout, network', async () => {
    // a port nothing listens on
    const gone = createTcpServer();
    await new Promise<void>((r) => gone.listen(0, '127.0.0.1', r));
    const closed = (gone.address() as AddressInfo).port;
    await new Promise<void>((r) => gone.close(() => r()));
    expect(await failure(send(`http://127.0.0.1:${closed}/`))).toMatchObject({
      error: 'connect',
      detail: 'ECONNREFUSED',
    });

    const plain = await answering(200, 'ok');
    expect((await failure(send(`https://127.0.0.1:${plain.port}/`))).error).toBe('tls');

    // accepts the connection, never answers
    const silent = await listen(createTcpServer((s) => s.on('data', () => {})));
    expect(await failure(send(`http://127.0.0.1:${silent}/`, { timeoutMs: 100 }))).toMatchObject({
      error: 'timeout',
      detail: null,
    });

    // hangs up on the request
    const rude = await listen(createTcpServer((s) => s.on('data', () => s.destroy())));
    expect((await failure(send(`http://127.0.0.1:${rude}/`))).error).toBe('network');

    // answers with something that is not HTTP
    const garbage = await listen(
      createTcpServer((s) => s.on('data', () => s.end('SSH-2.0-OpenSSH\r\n\r\n'))),
    );
    expect((await failure(send(`http://127.0.0.1:${garbage}/`))).error).toBe('network');
  });
});
