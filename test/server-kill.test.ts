import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/core/clock.ts';
import { HeadKey } from '../src/server/store/head-key.ts';
import { openStoreWithKey } from '../src/server/store/open.ts';
import { PASSWORD } from './support/api.ts';

/**
 * The real server process is killed (SIGKILL) while an incident's duty is running; the duty
 * falls due while it is down; after a restart the miss and its escalation appear once, stamped
 * with the true due time — not the restart time.
 */
describe('killing the server while a duty is due', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'huajie-kill-'));
  const dbUrl = `sqlite:${join(dataDir, 'huajie.db')}`;
  const keyHex = 'ab'.repeat(32);
  const env = { ...process.env, HUAJIE_HEAD_KEY: keyHex, HUAJIE_PLANS: 'test/fixtures/kill-plans' };
  const cli = (args: string[], input?: string) =>
    spawnSync(process.execPath, ['bin/huajie.mjs', ...args, '--db', dbUrl, '--data', dataDir], {
      encoding: 'utf8',
      env,
      input,
      timeout: 60_000,
    });
  let server: ChildProcess | undefined;
  afterAll(() => {
    server?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  function start(port: number): Promise<ChildProcess> {
    return new Promise((resolve, reject) => {
      const p = spawn(
        process.execPath,
        [
          'bin/huajie.mjs',
          'serve',
          '--no-demo',
          '--port',
          String(port),
          '--host',
          '127.0.0.1',
          '--db',
          dbUrl,
          '--data',
          dataDir,
        ],
        {
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      p.stdout?.on('data', (d) => {
        out += d;
        if (out.includes('serving on')) resolve(p);
      });
      p.on('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
    });
  }

  it('records the miss once, with its true due time, after a restart', async () => {
    expect(
      cli(['jurisdiction', 'add', 't1', '测试镇', '--level', 'county', '--plan', 'fast-duty']).status,
    ).toBe(0);
    expect(
      cli(
        ['user', 'add', 'officer', '--role', 'officer', '--jurisdiction', 't1', '--password-stdin'],
        PASSWORD,
      ).status,
    ).toBe(0);
    const port = 20000 + Math.floor(Math.random() * 20000);
    server = await start(port);
    const base = `http://127.0.0.1:${port}`;
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'officer', password: PASSWORD }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const reported = await fetch(`${base}/api/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({
        id: uuidv7(),
        data: {
          title: '测试',
          location: { text: '镇' },
          startedAt: new Date().toISOString(),
          source: '测试',
          facts: { participants: 3 },
        },
      }),
    });
    expect(reported.status).toBe(201);
    const { caseId, events } = (await reported.json()) as {
      caseId: string;
      events: { type: string; data: { dueAt?: string } }[];
    };
    const dueAt = events.find((e) => e.type === 'duty.started')?.data.dueAt ?? '';

    server.kill('SIGKILL'); // down before the duty falls due
    await new Promise((r) => server?.once('exit', r));
    await new Promise((r) => setTimeout(r, 3500)); // it falls due while the server is down
    server = await start(port);
    const store = await openStoreWithKey(
      dbUrl,
      new HeadKey(Buffer.from(keyHex, 'hex'), 'test'),
      new ManualClock(0),
    );
    try {
      const misses = async () => (await store.readCase(caseId)).filter((e) => e.type === 'duty.missed');
      await expect.poll(async () => (await misses()).length, { timeout: 10_000 }).toBe(1);
      const [miss] = await misses();
      expect(miss?.occurredAt).toBe(dueAt);
      expect(miss?.data).toMatchObject({ dutyId: 'report-fast', escalateTo: 'office', dueAt });
      expect(Date.parse(miss?.recordedAt ?? '')).toBeGreaterThan(Date.parse(dueAt) + 1000); // recorded after the restart
      await new Promise((r) => setTimeout(r, 1500)); // further clock passes add nothing
      expect(await misses()).toHaveLength(1);
    } finally {
      await store.close();
    }
  }, 60_000);
});
