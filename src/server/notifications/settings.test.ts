import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../server.ts';

const huajie = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, ['bin/huajie.mjs', ...args], {
    encoding: 'utf8',
    env: { ...process.env, HUAJIE_WEBHOOK_HOSTS: '', HUAJIE_WEBHOOK_INTERNAL_NETWORKS: '', ...env },
    timeout: 60_000,
  });

describe('the webhook settings of huajie serve', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'huajie-egress-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('stops at start on a wrong flag or environment value, naming it', () => {
    const flag = huajie(['serve', '--data', dataDir, '--webhook-hosts', 'https://hooks.example.org/x']);
    expect(flag.status).toBe(2);
    expect(flag.stderr).toContain('webhook hosts (HUAJIE_WEBHOOK_HOSTS, --webhook-hosts)');
    expect(flag.stderr).toContain('"https://hooks.example.org/x" is not a host name');
    expect(flag.stderr).not.toContain('    at ');
    const net = huajie(['serve', '--data', dataDir, '--webhook-internal-networks', '0.0.0.0/0']);
    expect(net.status).toBe(2);
    expect(net.stderr).toContain('0.0.0.0/0 is an unspecified address, which webhooks may never reach');
    const env = huajie(['serve', '--data', dataDir], { HUAJIE_WEBHOOK_INTERNAL_NETWORKS: '169.254.0.0/16' });
    expect(env.status).toBe(2);
    expect(env.stderr).toContain('169.254.0.0/16 is a link-local address');
  });

  it('with webhook hosts "robots", the server saves webhooks to the group robots only', async () => {
    const server = await startServer({
      dbUrl: `sqlite:${join(dataDir, 'huajie.db')}`,
      dataDir,
      port: 0,
      host: '127.0.0.1',
      webhookHosts: 'robots',
    });
    try {
      const admin = server.demo?.credentials.find((c) => c.role === 'admin');
      expect(admin).toBeDefined();
      const login = await server.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: admin?.username, password: admin?.password },
      });
      expect(login.statusCode).toBe(200);
      const cookie = login.cookies.find((c) => c.name === 'huajie_session')?.value ?? '';
      const post = (url: string) =>
        server.app.inject({
          method: 'POST',
          url: '/api/webhooks',
          cookies: { huajie_session: cookie },
          headers: { 'x-csrf-token': login.json().csrfToken },
          payload: { jurisdiction: admin?.jurisdiction, name: 'x', url, format: 'json', kinds: ['incident'] },
        });
      // refused by the list before any name is resolved
      for (const url of ['https://hooks.example.org/x', 'http://8.8.8.8/']) {
        const r = await post(url);
        expect(r.statusCode, url).toBe(400);
        expect(r.json().message).toMatch(
          /is not a host this server posts to \(qyapi\.weixin\.qq\.com, oapi\.dingtalk\.com\)$/,
        );
      }
      // and, without a listed internal network, no internal address either
      expect((await post('http://127.0.0.1:5432/')).json().message).toContain(
        '127.0.0.1 is a loopback address',
      );
    } finally {
      await server.close();
    }
  });
});
