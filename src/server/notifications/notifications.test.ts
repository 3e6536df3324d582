import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  type ApiFixture,
  apiFixture,
  type Login,
  login,
  plans,
  reportBody,
} from '../../../test/support/api.ts';
import { fakeResolver } from '../../../test/support/resolver.ts';
import { engines } from '../../../test/support/stores.ts';
import type { NoticeList } from '../../core/api/notices.ts';
import { ManualClock } from '../../core/clock.ts';
import { type Param, type Said, say, sayLines, words } from '../../core/words/words.ts';
import { DutyClock } from '../clock/duty.clock.ts';
import { rebuild } from '../projections/rebuild.ts';
import { projections } from '../projections/registry.ts';
import type { EventStore } from '../store/event-store.ts';
import { backoffMs, NotificationDispatcher } from './dispatcher.ts';
import { egressSettings, type WebhookEgress, webhookEgress } from './egress.ts';
import { incidentFacts } from './outbox.ts';

const T0 = Date.parse('2026-05-11T01:00:00Z');
const MIN = 60_000;

interface Received {
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  raw: string;
  body: Record<string, unknown>;
}

/** A real HTTP receiver standing in for the group robots and a JSON endpoint. */
async function receiver() {
  const got: Received[] = [];
  let answer: (path: string) => { status: number; body: string } = () => ({
    status: 200,
    body: '{"errcode":0,"errmsg":"ok"}',
  });
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      raw += c;
    });
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://x');
      got.push({ path: u.pathname, query: u.searchParams, headers: req.headers, raw, body: JSON.parse(raw) });
      const a = answer(u.pathname);
      res.writeHead(a.status, { 'content-type': 'application/json' }).end(a.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    got,
    at: (path: string) => got.filter((g) => g.path === path),
    answer: (fn: typeof answer) => {
      answer = fn;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe.each(engines())('notifications: $engine', ({ engine, skip }) => {
  let fx: ApiFixture;
  let store: EventStore;
  let app: FastifyInstance;
  let clock: ManualClock;
  let duty: DutyClock;
  let out: NotificationDispatcher;
  let rx: Awaited<ReturnType<typeof receiver>>;
  let admin: Login;
  let dns: ReturnType<typeof fakeResolver>;

  beforeEach(async (ctx) => {
    if (skip) ctx.skip();
    clock = new ManualClock(T0);
    // names resolve through this table, never the network
    dns = fakeResolver({
      'hooks.example.org': ['93.184.215.14'],
      localhost: ['127.0.0.1', '::1'],
      'metadata.google.internal': ['169.254.169.254'],
      'intranet.example.test': ['10.0.0.5'],
      'pinned.example.test': ['127.0.0.1'],
      // public when the webhook is saved, this server's own loopback when it is delivered
      'rebind.example.test': (asked) => (asked === 0 ? ['93.184.215.14'] : ['127.0.0.1']),
      'qyapi.weixin.qq.com': ['127.0.0.1'],
      'oapi.dingtalk.com': ['127.0.0.1'],
    });
    // the receivers of these tests listen on 127.0.0.1: the deployment's allowance of that
    // one internal address, through the same policy as any other
    const egress = webhookEgress({ internalNetworks: ['127.0.0.1/32'] }, { resolve: dns.resolve });
    fx = await apiFixture(engine, clock, {
      tree: [
        ['c0', 'city'],
        ['c1', 'county', 'c0'],
        ['t1', 'town', 'c1'],
        ['t2', 'town', 'c1'],
      ],
      users: [
        ['admin-c0', 'admin', 'c0'],
        ['admin-t2', 'admin', 't2'],
        ['officer-t1', 'officer', 't1'],
        ['officer-t2', 'officer', 't2'],
        ['leader-c1', 'leader', 'c1'],
        ['auditor-c0', 'auditor', 'c0'],
        ['day-t1', 'officer', 't1'],
        ['night-t1', 'officer', 't1'],
      ],
      app: () => ({ webhookEgress: egress }),
      logins: ['admin-c0'],
    });
    ({ store, app } = fx);
    duty = new DutyClock(app.writePath);
    out = new NotificationDispatcher(store, clock, {
      publicUrl: 'https://huajie.example.gov.cn',
      maxAttempts: 3,
      egress,
    });
    rx = await receiver();
    fx.onClose(() => rx.close());
    admin = fx.session('admin-c0');
  });

  /** The app and a dispatcher over the same database under another egress policy (another deployment setting). */
  async function deployment(egress: WebhookEgress) {
    const other = await fx.server({ deps: { webhookEgress: egress } });
    return {
      app: other,
      out: new NotificationDispatcher(store, clock, { maxAttempts: 3, egress }),
      admin: await login(other, 'admin-c0'),
    };
  }

  const as = (who: Login, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    app.inject({ method, url, payload, ...who.auth });

  async function hook(jurisdiction: string, format: string, path: string, kinds: string[], secret?: string) {
    const r = await as(admin, 'POST', '/api/webhooks', {
      jurisdiction,
      name: `${jurisdiction}-${format}`,
      url: `${rx.base}${path}${format === 'wecom' ? '?key=robot-key' : format === 'dingtalk' ? '?access_token=tok' : ''}`,
      format,
      kinds,
      ...(secret ? { secret } : {}),
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().webhook as { id: string; url: string; hasSecret: boolean };
  }

  it('sends each kind to the jurisdictions it concerns, in each format, once', async () => {
    const townHook = await hook('t1', 'json', '/t1', ['incident', 'warning', 'missed'], 's3cret');
    // the robot's key is never shown back
    expect(townHook.url).toBe(`${rx.base}/…`);
    expect(townHook.hasSecret).toBe(true);
    await hook('c1', 'wecom', '/c1', ['escalation']);
    await hook('c0', 'dingtalk', '/c0', ['incident'], 'SECdd');
    await hook('t2', 'json', '/t2', ['incident', 'warning', 'missed', 'escalation']);

    const officer = await login(app, 'officer-t1');
    const rep = await as(officer, 'POST', '/api/incidents', reportBody('60名村民堵塞县道', 60));
    expect(rep.statusCode).toBe(201);
    const caseId = rep.json().caseId as string;
    expect(await out.runOnce()).toBe(2);

    // the town's own JSON endpoint: the message, signed with its secret
    const [t1] = rx.at('/t1');
    expect(t1?.body).toMatchObject({
      source: 'huajie',
      kind: 'incident',
      caseId,
      incident: { title: '60名村民堵塞县道', jurisdiction: 't1', level: '重大', exercise: false },
      link: `https://huajie.example.gov.cn/incidents/${caseId}`,
    });
    const stamp = String(t1?.headers['x-huajie-timestamp']);
    expect(Number(stamp)).toBe(Math.floor(T0 / 1000));
    expect(t1?.headers['x-huajie-signature']).toBe(
      `sha256=${createHmac('sha256', 's3cret')
        .update(`${stamp}.${t1?.raw ?? ''}`)
        .digest('hex')}`,
    );
    expect(t1?.headers['x-huajie-delivery']).toMatch(/^[0-9a-f-]{36}$/);
    // the city's DingTalk robot: markdown, signed the DingTalk way in the address
    const [c0] = rx.at('/c0');
    expect(c0?.body.msgtype).toBe('markdown');
    const md = c0?.body.markdown as { title: string; text: string };
    expect(md.title).toBe('【新事件】60名村民堵塞县道');
    expect(md.text).toContain('化解 Huajie');
    const ts = c0?.query.get('timestamp') ?? '';
    expect(c0?.query.get('access_token')).toBe('tok');
    expect(c0?.query.get('sign')).toBe(createHmac('sha256', 'SECdd').update(`${ts}\nSECdd`).digest('base64'));
    // the sibling town and the county (escalations only) hear nothing of it
    expect(rx.at('/t2')).toHaveLength(0);
    expect(rx.at('/c1')).toHaveLength(0);

    // 16 minutes on: the 20-minute report duty warns (warnBefore PT5M), once
    clock.set(T0 + 16 * MIN);
    await duty.runOnce();
    await duty.runOnce();
    await out.runOnce();
    const warnings = rx.at('/t1').filter((g) => g.body.kind === 'warning');
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0]?.body.title)).toContain('事发地单位 20 分钟内报告');
    // its owner by the plan's name or the level's, never by an id; its time as the officer reads it
    expect(String(warnings[0]?.body.text)).toMatch(/\n责任方 [^a-z\s]+，须在 \d\d-\d\d \d\d:\d\d 前完成/);

    // 31 minutes on: the report duties are missed; the miss goes up the town's own chain,
    // the escalation to the county's WeCom robot
    clock.set(T0 + 31 * MIN);
    await duty.runOnce();
    await out.runOnce();
    const missed = rx.at('/t1').filter((g) => g.body.kind === 'missed');
    // report-county and tell-secretary-and-mayor (立即: 15 min), report-town (20),
    // principal-on-scene and the village cadres' task (30)
    expect(missed.map((m) => (m.body.incident as { title: string }).title)).toHaveLength(5);
    expect(missed.map((m) => m.body.at).sort()).toEqual([
      new Date(T0 + 15 * MIN).toISOString(),
      new Date(T0 + 15 * MIN).toISOString(),
      new Date(T0 + 20 * MIN).toISOString(),
      new Date(T0 + 30 * MIN).toISOString(),
      new Date(T0 + 30 * MIN).toISOString(),
    ]);
    const county = rx.at('/c1');
    expect(county.length).toBe(2); // report-county and principal-on-scene escalate to the county
    for (const c of county) {
      expect(c.query.get('key')).toBe('robot-key');
      const content = (c.body.markdown as { content: string }).content;
      expect(content).toContain('【上报】60名村民堵塞县道 → c1');
      expect(Buffer.byteLength(content)).toBeLessThanOrEqual(4096);
    }
    expect(rx.at('/t2')).toHaveLength(0);

    // nothing is sent twice, and a rebuild of the read models sends nothing
    const before = rx.got.length;
    await rebuild(store, projections);
    await duty.runOnce();
    expect(await out.runOnce()).toBe(0);
    expect(rx.got.length).toBe(before);

    // every delivery is in the log admins (and auditors) read
    const log = await as(admin, 'GET', `/api/notifications?caseId=${caseId}`);
    expect(log.statusCode).toBe(200);
    const rows = log.json().notifications as { status: string; log: { status: number }[] }[];
    expect(rows).toHaveLength(rx.got.length);
    expect(
      rows.every((r) => r.status === 'delivered' && r.log.length === 1 && r.log[0]?.status === 200),
    ).toBe(true);
    expect((await as(await login(app, 'auditor-c0'), 'GET', '/api/notifications')).statusCode).toBe(200);
    expect((await as(officer, 'GET', '/api/notifications')).statusCode).toBe(403);
  });

  it('retries failures with backoff, records every attempt and its outcome, and gives up after the last', async () => {
    const h = await hook('t2', 'json', '/flaky', ['incident']);
    const robot = await hook('t2', 'wecom', '/robot', ['incident']);
    let fail = true;
    rx.answer((path) =>
      path === '/robot'
        ? { status: 200, body: '{"errcode":93000,"errmsg":"invalid webhook url"}' }
        : fail
          ? { status: 503, body: 'busy' }
          : { status: 204, body: '' },
    );
    const officer = await login(app, 'officer-t2');
    expect((await as(officer, 'POST', '/api/incidents', reportBody('聚集', 12))).statusCode).toBe(201);

    expect(await out.runOnce()).toBe(2);
    // not due again before its backoff
    expect(await out.runOnce()).toBe(0);
    fail = false;
    clock.advance(backoffMs(1, () => 1) + 1);
    expect(await out.runOnce()).toBe(2);
    clock.advance(backoffMs(2, () => 1) + 1);
    expect(await out.runOnce()).toBe(1); // only the robot is still failing: its third and last try
    clock.advance(3_600_000 * 2);
    expect(await out.runOnce()).toBe(0);

    const list = (await as(admin, 'GET', '/api/notifications')).json().notifications as {
      id: string;
      webhook: { id: string };
      status: string;
      lastError: string | null;
      log: { attempt: number; status: number | null; error: string | null }[];
    }[];
    const flaky = list.find((n) => n.webhook.id === h.id);
    expect(flaky?.status).toBe('delivered');
    expect(flaky?.log.map((a) => [a.attempt, a.status, a.error])).toEqual([
      [1, 503, 'http_5xx'],
      [2, 204, null],
    ]);
    const bad = list.find((n) => n.webhook.id === robot.id);
    expect(bad?.status).toBe('failed');
    expect(bad?.lastError).toBe('robot_error');
    expect(bad?.log).toHaveLength(3);
    expect((await as(admin, 'GET', '/api/notifications?status=failed')).json().notifications).toHaveLength(1);

    // an admin fixes the robot and sends it again
    rx.answer(() => ({ status: 200, body: '{"errcode":0,"errmsg":"ok"}' }));
    const retry = await as(admin, 'POST', `/api/notifications/${bad?.id}/retry`);
    expect(retry.statusCode).toBe(202);
    expect(await out.runOnce()).toBe(1);
    const again = (await as(admin, 'GET', '/api/notifications')).json().notifications as {
      id: string;
      status: string;
      log: unknown[];
    }[];
    expect(again.find((n) => n.id === bad?.id)).toMatchObject({ status: 'delivered' });
    expect(again.find((n) => n.id === bad?.id)?.log).toHaveLength(4);
    // a delivered message is not sent again
    expect((await as(admin, 'POST', `/api/notifications/${flaky?.id}/retry`)).statusCode).toBe(409);
  });

  it('warns of the duties of each incident; holds the messages of a disabled webhook; paces the group robots', async () => {
    const json = await hook('t1', 'json', '/t1', ['warning']);
    const officer = await login(app, 'officer-t1');
    for (let i = 0; i < 2; i++)
      expect((await as(officer, 'POST', '/api/incidents', reportBody(`聚集${i}`, 12))).statusCode).toBe(201);
    rx.answer(() => ({ status: 500, body: '' }));
    clock.set(T0 + 16 * MIN);
    await duty.runOnce();
    expect(await out.runOnce()).toBe(2);
    // still being tried: not sent again by hand
    const pending = (await as(admin, 'GET', '/api/notifications?status=pending')).json().notifications[0];
    const early = await as(admin, 'POST', `/api/notifications/${pending.id}/retry`);
    expect(early.statusCode).toBe(409);
    expect(early.json().message).toContain('still being tried');
    // switched off: what is queued waits, nothing new is queued
    await as(admin, 'PATCH', `/api/webhooks/${json.id}`, { enabled: false });
    rx.answer(() => ({ status: 200, body: '{"errcode":0,"errmsg":"ok"}' }));
    clock.advance(5 * MIN);
    expect(await out.runOnce()).toBe(0);
    await as(admin, 'PATCH', `/api/webhooks/${json.id}`, { enabled: true });
    expect(await out.runOnce()).toBe(2);
    // one warning per incident, not one per duty name
    const ok = rx.at('/t1').filter((g) => g.body.kind === 'warning');
    expect(new Set(ok.map((g) => g.body.caseId)).size).toBe(2);

    await hook('t1', 'wecom', '/robot', ['incident']);
    // 25 new incidents at once: the robot gets 20 this minute, the rest wait without losing attempts
    rx.answer(() => ({ status: 200, body: '{"errcode":0,"errmsg":"ok"}' }));
    clock.advance(10 * MIN);
    for (let i = 0; i < 25; i++) await as(officer, 'POST', '/api/incidents', reportBody(`并发${i}`, 12));
    await out.runOnce();
    await out.runOnce();
    expect(rx.at('/robot')).toHaveLength(20);
    clock.advance(61_000);
    await out.runOnce();
    await out.runOnce();
    expect(rx.at('/robot')).toHaveLength(25);
    const robotLog = (await as(admin, 'GET', '/api/notifications?limit=500'))
      .json()
      .notifications.filter((n: { webhook: { format: string } }) => n.webhook.format === 'wecom');
    expect(
      robotLog.every(
        (n: { attempts: number; status: string }) => n.attempts === 1 && n.status === 'delivered',
      ),
    ).toBe(true);
  });

  it('records an unreachable receiver as a failed attempt', async () => {
    const r = await as(admin, 'POST', '/api/webhooks', {
      jurisdiction: 't1',
      name: 'gone',
      url: `http://127.0.0.1:${await closedPort()}/hook`,
      format: 'json',
      kinds: ['incident'],
    });
    expect(r.statusCode).toBe(201);
    const officer = await login(app, 'officer-t1');
    await as(officer, 'POST', '/api/incidents', reportBody('聚集', 12));
    expect(await out.runOnce()).toBe(1);
    const [n] = (await as(admin, 'GET', '/api/notifications')).json().notifications as {
      status: string;
      lastError: string;
      log: { status: number | null; error: string; detail: string }[];
    }[];
    expect(n?.status).toBe('pending');
    expect(n?.lastError).toBe('connect');
    expect(n?.log).toMatchObject([{ status: null, error: 'connect', detail: 'ECONNREFUSED' }]);
  });

  it('lets admins manage webhooks in their scope only, and test one', async () => {
    const townAdmin = await login(app, 'admin-t2');
    const bad = await as(townAdmin, 'POST', '/api/webhooks', {
      jurisdiction: 'c1',
      name: 'x',
      url: `${rx.base}/x`,
      format: 'json',
      kinds: ['incident'],
    });
    expect(bad.statusCode).toBe(403);
    expect(bad.json().message).toContain('outside yours');
    const invalid = await as(townAdmin, 'POST', '/api/webhooks', {
      jurisdiction: 't2',
      name: 'x',
      url: 'ftp://example.org/x',
      format: 'telegram',
      kinds: [],
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().message).toMatch(/url/);
    expect(invalid.json().message).toMatch(/format/);
    expect(invalid.json().message).toMatch(/kinds/);

    const h = await hook('t2', 'json', '/t2', ['incident']);
    // the town admin sees the town's hook; an officer sees none
    expect((await as(townAdmin, 'GET', '/api/webhooks')).json().webhooks).toHaveLength(1);
    expect((await as(await login(app, 'officer-t2'), 'GET', '/api/webhooks')).statusCode).toBe(403);
    const test = await as(townAdmin, 'POST', `/api/webhooks/${h.id}/test`);
    expect(test.statusCode).toBe(202);
    await out.runOnce();
    expect(rx.at('/t2')[0]?.body).toMatchObject({ kind: 'test' });
    // disabled: no more messages, and a test says why
    expect(
      (await as(townAdmin, 'PATCH', `/api/webhooks/${h.id}`, { enabled: false })).json().webhook.enabled,
    ).toBe(false);
    const off = await as(townAdmin, 'POST', `/api/webhooks/${h.id}/test`);
    expect(off.statusCode).toBe(409);
    await as(await login(app, 'officer-t2'), 'POST', '/api/incidents', reportBody('聚集', 12));
    expect(await out.runOnce()).toBe(0);
    // someone else's hook is not found
    expect((await as(townAdmin, 'PATCH', '/api/webhooks/nope', { enabled: true })).statusCode).toBe(404);
  });

  const port = () => new URL(rx.base).port;
  const hookBody = (url: string, format = 'json') => ({
    jurisdiction: 't1',
    name: `hook-${format}`,
    url,
    format,
    kinds: ['incident'],
  });
  async function reportInT1() {
    const officer = await login(app, 'officer-t1');
    expect((await as(officer, 'POST', '/api/incidents', reportBody('聚集', 12))).statusCode).toBe(201);
  }
  type Logged = {
    id: string;
    webhook: { id: string };
    status: string;
    lastError: string | null;
    log: { attempt: number; status: number | null; error: string | null; detail: string | null }[];
  };
  const logOf = async (a: FastifyInstance, who: Login) =>
    (await a.inject({ method: 'GET', url: '/api/notifications', ...who.auth })).json()
      .notifications as Logged[];

  it('refuses every internal address when a webhook is saved or changed, names why, and writes nothing', async () => {
    // a deployment that allows no internal network
    const strict = await deployment(webhookEgress({}, { resolve: dns.resolve }));
    const call = (method: 'POST' | 'PATCH', url: string, payload: object) =>
      strict.app.inject({ method, url, payload, ...strict.admin.auth });
    const ok = await call('POST', '/api/webhooks', hookBody('https://hooks.example.org/duty'));
    expect(ok.statusCode, ok.body).toBe(201);
    const id = ok.json().webhook.id as string;
    const before = await store.db.selectFrom('webhooks').selectAll().orderBy('id').execute();
    for (const [url, why] of [
      ['http://127.0.0.1/', '127.0.0.1 is a loopback address'],
      ['http://localhost:5432/', 'localhost resolves to a loopback address'],
      ['http://169.254.169.254/latest/meta-data/', '169.254.169.254 is a cloud metadata address'],
      [
        'http://metadata.google.internal/computeMetadata/v1/',
        'metadata.google.internal is a cloud metadata service',
      ],
      ['http://10.0.0.1/', '10.0.0.1 is a private address'],
      ['http://192.168.1.1/', '192.168.1.1 is a private address'],
      ['http://[::ffff:127.0.0.1]/', 'is a loopback address in IPv6 form'],
      ['http://2130706433/', '2130706433 (that is 127.0.0.1) is a loopback address'],
      ['http://0x7f.1/', '0x7f.1 (that is 127.0.0.1) is a loopback address'],
      ['http://017700000001/', '017700000001 (that is 127.0.0.1) is a loopback address'],
      ['http://0.0.0.0/', '0.0.0.0 is an unspecified address'],
      ['http://intranet.example.test/hook', 'intranet.example.test resolves to a private address'],
    ] as const) {
      for (const r of [
        await call('POST', '/api/webhooks', hookBody(url)),
        await call('PATCH', `/api/webhooks/${id}`, { url, name: 'moved' }),
      ]) {
        expect(r.statusCode, `${url}: ${r.body}`).toBe(400);
        expect(r.json()).toMatchObject({ error: 'invalid', issues: [{ path: 'body.url' }] });
        expect(r.json().message).toBe(`url: ${r.json().issues[0].message}`);
        expect(r.json().message, url).toContain(why);
        expect(r.json().message).toContain('webhooks post only to public addresses');
      }
    }
    const gone = await call('POST', '/api/webhooks', hookBody('http://nowhere.example.test/'));
    expect(gone.statusCode).toBe(400);
    expect(gone.json().message).toBe('url: nowhere.example.test does not resolve (ENOTFOUND)');
    expect(await store.db.selectFrom('webhooks').selectAll().orderBy('id').execute()).toEqual(before);
    // allowing 127.0.0.1 opens that address, not the rest
    for (const url of [
      'http://localhost/',
      'http://2130706433/',
      'http://10.0.0.1/',
      'http://169.254.169.254/',
    ])
      expect((await as(admin, 'POST', '/api/webhooks', hookBody(url))).statusCode, url).toBe(400);
    expect((await as(admin, 'POST', '/api/webhooks', hookBody(`${rx.base}/x`))).statusCode).toBe(201);
  });

  it('checks the address again at delivery: a name rebound to loopback after the check reaches nothing', async () => {
    const strict = await deployment(webhookEgress({}, { resolve: dns.resolve }));
    const saved = await strict.app.inject({
      method: 'POST',
      url: '/api/webhooks',
      payload: hookBody(`http://rebind.example.test:${port()}/rebound`),
      ...strict.admin.auth,
    });
    expect(saved.statusCode, saved.body).toBe(201);
    await reportInT1();
    expect(await strict.out.runOnce()).toBe(1);
    expect(rx.got).toHaveLength(0);
    expect(dns.count('rebind.example.test')).toBe(2);
    const [n] = await logOf(strict.app, strict.admin);
    expect(n).toMatchObject({ status: 'pending', lastError: 'refused_address' });
    expect(n?.log).toEqual([
      {
        attempt: 1,
        at: new Date(T0).toISOString(),
        status: null,
        error: 'refused_address',
        detail: 'rebind.example.test resolves to a loopback address',
        ms: expect.any(Number),
      },
    ]);
  });

  it('connects to the very address it checked, with the name as the host', async () => {
    // the name exists only in the injected table: a client that resolved it again would fail
    const h = await hook('t1', 'json', '/pinned', ['incident']);
    const named = await as(admin, 'PATCH', `/api/webhooks/${h.id}`, {
      url: `http://pinned.example.test:${port()}/pinned`,
    });
    expect(named.statusCode, named.body).toBe(200);
    await reportInT1();
    expect(await out.runOnce()).toBe(1);
    const [got] = rx.at('/pinned');
    expect(got?.headers.host).toBe(`pinned.example.test:${port()}`);
    expect(dns.count('pinned.example.test')).toBe(2); // saved, then delivered
    expect((await logOf(app, admin))[0]).toMatchObject({ status: 'delivered', lastError: null });
  });

  it('with a list of hosts ("robots": the WeCom and DingTalk robots) saves and delivers to those only', async () => {
    // saved while the server allowed any host
    const old = await as(
      admin,
      'POST',
      '/api/webhooks',
      hookBody(`http://pinned.example.test:${port()}/old`),
    );
    expect(old.statusCode).toBe(201);
    const robots = await deployment(
      webhookEgress(egressSettings({ hosts: 'robots', internalNetworks: '127.0.0.1/32' }), {
        resolve: dns.resolve,
      }),
    );
    const post = (url: string, format = 'json') =>
      robots.app.inject({
        method: 'POST',
        url: '/api/webhooks',
        payload: hookBody(url, format),
        ...robots.admin.auth,
      });
    for (const [url, host] of [
      [`http://pinned.example.test:${port()}/new`, 'pinned.example.test'],
      [`${rx.base}/new`, '127.0.0.1'],
    ] as const) {
      const r = await post(url);
      expect(r.statusCode).toBe(400);
      expect(r.json().message).toBe(
        `url: ${host} is not a host this server posts to (qyapi.weixin.qq.com, oapi.dingtalk.com)`,
      );
    }
    expect(
      (await post(`http://qyapi.weixin.qq.com:${port()}/cgi-bin/webhook/send?key=k`, 'wecom')).statusCode,
    ).toBe(201);
    expect(
      (await post(`http://oapi.dingtalk.com:${port()}/robot/send?access_token=t`, 'dingtalk')).statusCode,
    ).toBe(201);
    // the hook saved before: its test says why it is refused, and its messages are refused
    const test = await robots.app.inject({
      method: 'POST',
      url: `/api/webhooks/${old.json().webhook.id}/test`,
      ...robots.admin.auth,
    });
    expect(test.statusCode).toBe(409);
    expect(test.json().message).toContain('pinned.example.test is not a host this server posts to');
    await reportInT1();
    expect(await robots.out.runOnce()).toBe(3);
    expect(rx.got.map((g) => [g.path, g.headers.host]).sort()).toEqual([
      ['/cgi-bin/webhook/send', `qyapi.weixin.qq.com:${port()}`],
      ['/robot/send', `oapi.dingtalk.com:${port()}`],
    ]);
    const log = await logOf(robots.app, robots.admin);
    expect(log.find((n) => n.webhook.id === old.json().webhook.id)?.log).toMatchObject([
      { status: null, error: 'host_not_allowed', detail: expect.stringContaining('pinned.example.test') },
    ]);
    expect(log.filter((n) => n.status === 'delivered')).toHaveLength(2);
  });

  it('keeps the status code and a classified error of each attempt, never the answer', async () => {
    await hook('t1', 'json', '/page', ['incident']);
    await hook('t1', 'json', '/moved', ['incident']);
    await hook('t1', 'wecom', '/robot', ['incident']);
    await hook('t1', 'dingtalk', '/html', ['incident']);
    rx.answer((path) =>
      path === '/page'
        ? { status: 500, body: 'SECRET internal page: db password hunter2' }
        : path === '/moved'
          ? { status: 302, body: 'SECRET moved' }
          : path === '/robot'
            ? { status: 200, body: '{"errcode":93000,"errmsg":"SECRET errmsg, from ip 10.0.0.7"}' }
            : { status: 200, body: '<html>SECRET intranet page</html>' },
    );
    await reportInT1();
    expect(await out.runOnce()).toBe(4);
    const log = await logOf(app, admin);
    expect(['/page', '/moved', '/robot', '/html'].map((p) => rx.at(p).length)).toEqual([1, 1, 1, 1]);
    const outcomes = log.flatMap((n) => n.log.map((a) => [a.status, a.error, a.detail])).sort();
    expect(outcomes).toEqual(
      [
        [200, 'bad_answer', 'the answer is not JSON'],
        [200, 'robot_error', 'errcode 93000'],
        [302, 'http_3xx', null],
        [500, 'http_5xx', null],
      ].sort(),
    );
    expect(log.map((n) => n.lastError).sort()).toEqual(['bad_answer', 'http_3xx', 'http_5xx', 'robot_error']);
    const stored = JSON.stringify([
      await store.db.selectFrom('notification_attempts').selectAll().execute(),
      await store.db.selectFrom('notifications').selectAll().execute(),
    ]);
    expect(stored).not.toContain('SECRET');
    expect(stored).not.toContain('hunter2');
    expect(JSON.stringify(log)).not.toContain('SECRET');
  });

  it('mentions whoever is on the duty desk’s night shift in the warning of a duty the desk answers for', async () => {
    // the town's staff have their WeCom/DingTalk ids; the town's rota: a day and a night shift
    const users = (await as(admin, 'GET', '/api/users')).json().users as { id: string; username: string }[];
    const id = (name: string) => users.find((u) => u.username === name)?.id ?? '';
    for (const [name, im] of [
      ['day-t1', 'li.day'],
      ['night-t1', 'zhang.night'],
    ] as const)
      expect((await as(admin, 'PATCH', `/api/users/${id(name)}`, { imId: im })).statusCode).toBe(200);
    const every = [1, 2, 3, 4, 5, 6, 7];
    const rota = await app.inject({
      method: 'PUT',
      url: '/api/roster/t1',
      payload: {
        slots: [
          { post: 'desk', days: every, start: '08:00', end: '20:00', account: id('day-t1') },
          { post: 'desk', days: every, start: '20:00', end: '08:00', account: id('night-t1') },
        ],
        exceptions: [],
      },
      ...admin.auth,
    });
    expect(rota.statusCode, rota.body).toBe(200);
    await hook('t1', 'wecom', '/wecom', ['warning']);
    await hook('t1', 'dingtalk', '/dingtalk', ['warning']);
    await hook('t1', 'json', '/json', ['warning']);

    // 23:00 Beijing time: a report; the village's 20-minute report (no rota of its own: the desk's) warns at 23:15
    const night = Date.parse('2026-05-11T23:00:00+08:00');
    clock.set(night);
    const officer = await login(app, 'officer-t1');
    const rep = await as(officer, 'POST', '/api/incidents', {
      ...reportBody('夜间群众聚集', 12),
      data: { ...reportBody('夜间群众聚集', 12).data, startedAt: new Date(night).toISOString() },
    });
    expect(rep.statusCode, rep.body).toBe(201);
    clock.set(night + 16 * MIN);
    await duty.runOnce();
    await out.runOnce();
    const town = (path: string) =>
      rx.at(path).filter((g) => JSON.stringify(g.body).includes('事发地单位 20 分钟内报告'));
    const [wecom] = town('/wecom');
    const content = (wecom?.body.markdown as { content?: string } | undefined)?.content;
    expect(content).toContain('<@zhang.night>');
    expect(content).toContain('值班：night-t1（至 ');
    const [ding] = town('/dingtalk');
    expect(ding?.body.at).toEqual({ atUserIds: ['zhang.night'], isAtAll: false });
    expect((ding?.body.markdown as { text?: string } | undefined)?.text).toContain('@zhang.night');
    const [json] = town('/json');
    expect(json?.body.onDuty).toEqual({
      post: 'desk',
      name: 'night-t1',
      imId: 'zhang.night',
      until: new Date('2026-05-12T08:00:00+08:00').toISOString(),
    });
    // the day shift is not mentioned
    expect(JSON.stringify(rx.got)).not.toContain('li.day');
  });

  it('gives whoever is on duty the warning and the escalation in the app as well, and only them', async () => {
    const users = (await as(admin, 'GET', '/api/users')).json().users as { id: string; username: string }[];
    const id = (name: string) => users.find((u) => u.username === name)?.id ?? '';
    const every = [1, 2, 3, 4, 5, 6, 7];
    const around = (account: string) => [
      { post: 'desk', days: every, start: '08:00', end: '20:00', account },
      { post: 'desk', days: every, start: '20:00', end: '08:00', account },
    ];
    const rota = async (code: string, slots: unknown[]) =>
      (
        await app.inject({
          method: 'PUT',
          url: `/api/roster/${code}`,
          payload: { slots, exceptions: [] },
          ...admin.auth,
        })
      ).statusCode;
    expect(await rota('t1', [...around(id('night-t1')).slice(1), { ...around(id('day-t1'))[0] }])).toBe(200);
    expect(await rota('c1', around(id('leader-c1')))).toBe(200);

    // 23:00 Beijing time: a report in the town; no webhook anywhere — the app alone tells them
    const night = Date.parse('2026-05-11T23:00:00+08:00');
    clock.set(night);
    const officer = await login(app, 'officer-t1');
    const rep = await as(officer, 'POST', '/api/incidents', {
      ...reportBody('夜间群众聚集（提醒）', 12),
      data: { ...reportBody('夜间群众聚集（提醒）', 12).data, startedAt: new Date(night).toISOString() },
    });
    expect(rep.statusCode, rep.body).toBe(201);
    const caseId = rep.json().caseId as string;
    clock.set(night + 16 * MIN);
    await duty.runOnce();
    await duty.runOnce();

    const nightShift = await login(app, 'night-t1');
    const dayShift = await login(app, 'day-t1');
    const county = await login(app, 'leader-c1');
    const notices = async (who: typeof officer) =>
      (await as(who, 'GET', '/api/notices')).json() as NoticeList;
    const mine = await notices(nightShift);
    const warned = mine.notices.filter((n) => n.title.includes('事发地单位 20 分钟内报告'));
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatchObject({
      kind: 'warning',
      caseId,
      jurisdiction: 't1',
      link: `/incidents/${caseId}`,
      readAt: null,
    });
    expect(warned[0]?.text).toContain('夜间群众聚集（提醒）');
    // kept said: it reads in English too, from the same dictionary
    const en = words('en');
    expect(say(en, warned[0]?.said.title as Said)).toContain('[Due soon] 事发地单位 20 分钟内报告');
    expect(sayLines(en, warned[0]?.said.lines as Param[])).toMatch(/Owner .+, due by \d\d-\d\d \d\d:\d\d/);
    expect(mine.unread).toBe(mine.notices.length);
    expect(mine.notices.every((n) => n.kind === 'warning' && n.jurisdiction === 't1')).toBe(true);
    expect((await notices(dayShift)).notices).toEqual([]);

    // 31 minutes: the report is missed and goes to the town's command post — the town's desk
    // hears of it; the town asks the county for help — the county's desk hears of that
    clock.set(night + 31 * MIN);
    await duty.runOnce();
    const missed = (await notices(nightShift)).notices.filter((n) => n.kind === 'escalation');
    expect(missed.length).toBeGreaterThan(0);
    expect(missed[0]).toMatchObject({ jurisdiction: 't1', caseId, readAt: null });
    expect((await notices(county)).notices).toEqual([]);
    const ask = await as(officer, 'POST', `/api/incidents/${caseId}/events/escalation.requested`, {
      id: uuidv7(),
      data: { to: '县委县政府', reason: '群众情绪激动，请求支援' },
    });
    expect(ask.statusCode, ask.body).toBe(201);
    const up = (await notices(county)).notices;
    expect(up).toHaveLength(1);
    expect(up[0]).toMatchObject({ kind: 'escalation', jurisdiction: 'c1', caseId, readAt: null });
    expect(up[0]?.text).toContain('群众情绪激动，请求支援');
    expect((await notices(dayShift)).notices).toEqual([]);
    const mine2 = await notices(nightShift);

    // another's notice is not theirs to read; an empty list is refused in words
    const one = warned[0]?.id as string;
    expect((await as(dayShift, 'POST', '/api/notices/read', { ids: [one] })).json()).toEqual({ read: 0 });
    const empty = await as(nightShift, 'POST', '/api/notices/read', { ids: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().message).toMatch(/[\u4e00-\u9fff]/);
    expect((await as(nightShift, 'POST', '/api/notices/read', { ids: [one] })).json()).toEqual({ read: 1 });
    const after = await notices(nightShift);
    expect(after.unread).toBe(mine2.notices.length - 1);
    expect(after.notices.find((n) => n.id === one)?.readAt).toBe(new Date(night + 31 * MIN).toISOString());
    expect((await as(nightShift, 'POST', '/api/notices/read', {})).json()).toEqual({ read: after.unread });
    expect((await notices(nightShift)).unread).toBe(0);

    // a commitment's clock is named by what was promised, never by its id
    const promise = await as(officer, 'POST', `/api/incidents/${caseId}/events/commitment.made`, {
      id: uuidv7(),
      data: {
        commitmentId: 'c-01a24ed4-2753',
        text: '三日内发放拖欠补偿款',
        owner: '镇财政所',
        dueAt: new Date(night + 3 * 24 * 60 * MIN).toISOString(),
      },
    });
    expect(promise.statusCode, promise.body).toBe(201);
    const facts = await incidentFacts(store.db, plans, caseId);
    expect(facts?.dutyTitle('commitment:c-01a24ed4-2753')).toBe('兑现承诺：三日内发放拖欠补偿款');
  });
});
