import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { type ApiFixture, apiFixture, type Login } from '../support/api.ts';

/**
 * No request of any account holds the server's event loop: each text built to make a parser or
 * checker work hard is sent from a read-only account while the loop's delay is measured. The
 * work happens on the plan workers' threads; the loop only receives, hands over and answers.
 */

const V1 = readFileSync('plans/town-mass-incident.yaml', 'utf8');
const SCENARIO = readFileSync('plans/town-mass-incident.drills/village-late.yaml', 'utf8');
const many = (n: number, f: (i: number) => string, sep = '\n') =>
  Array.from({ length: n }, (_, i) => f(i)).join(sep);
/**
 * A small valid plan with `n` checklists of levels that do not exist (12 bytes each). Not the
 * shipped plan: that one grows with each version, and 20,000 of these beside it would pass the
 * size limit, which refuses the text before anything in it is checked.
 */
const VALID = readFileSync('test/fixtures/plans/valid.yaml', 'utf8');
const badKeys = (n: number) =>
  VALID.replace(/^checklists:\n/m, `checklists:\n${many(n, (i) => `  k${i}: []`)}\n`);
const scenario = (events: string, until = 'PT2H') =>
  `title: t\nstart: 2026-05-11T09:00:00+08:00\nevents:\n${events}\nuntil: ${until}\n`;
const reported = '  - { at: PT0M, type: incident.reported, data: { title: x, facts: { participants: 60 } } }';

interface Payload {
  what: string;
  who: 'leader' | 'admin';
  url: '/api/plans/check' | '/api/drills' | '/api/plans';
  body: Record<string, unknown>;
  /** the body as sent, when it is not `body` encoded (JSON the encoder itself cannot write) */
  raw?: string;
  /** the answer names the problem */
  expect: { status: number; text: RegExp };
}

const check = (what: string, yaml: string, status: number, text: RegExp): Payload => ({
  what,
  who: 'leader',
  url: '/api/plans/check',
  body: { yaml },
  expect: { status, text },
});
const drill = (what: string, yaml: string, status: number, text: RegExp): Payload => ({
  what,
  who: 'leader',
  url: '/api/drills',
  body: { plan: 'town-mass-incident', yaml },
  expect: { status, text },
});

const PAYLOADS: Payload[] = [
  check('60,000 bad keys (770 KB)', badKeys(60_000), 400, /at most 262144 characters/),
  check('20,000 bad keys (250 KB)', badKeys(20_000), 200, /first 100 problems; more not shown/),
  check(
    '100,000 nested lists',
    `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    200,
    /nested more than 32 levels/,
  ),
  check(
    'alias bomb',
    ['a: &a [x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]']
      .concat(['c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]'])
      .concat(['title: [*d, *d, *d, *d, *d, *d, *d, *d, *d]'])
      .join('\n'),
    200,
    /alias/,
  ),
  check('60,000 aliases', `x: &a 1\ny: [${many(60_000, () => '*a', ',')}]`, 200, /at most 50 aliases/),
  check(
    'a condition of 7,000 comparisons',
    V1.replace(
      '        - { fact: participants, gte: 20 }',
      `        - any: [${many(7000, () => '{fact: dead, gte: 1}', ',')}]`,
    ),
    200,
    /at most 32 parts/,
  ),
  check('within: P99999999D', V1.replace('within: PT20M', 'within: P99999999D'), 200, /at most P366D/),
  check(
    'within: PT + 100,000 digits',
    V1.replace('within: PT20M', `within: PT${'9'.repeat(100_000)}M`),
    200,
    /at most 32 characters/,
  ),
  check(
    'a title of 200,000 characters',
    V1.replace(/^title: .*$/m, `title: ${'长'.repeat(200_000)}`),
    200,
    /at most 4000/,
  ),
  check(
    '90 owners of 2,000 characters',
    V1.replace(
      /^duties:\n/m,
      `duties:\n${many(90, (i) => `  - { id: d${i}, title: t, owner: ${'x'.repeat(2000)}, start: { on: incident.reported }, within: PT1M, satisfiedBy: { on: sitrep.submitted }, escalateTo: town }`)}\n`,
    ),
    200,
    /owner "x+…" is neither/,
  ),
  check('20,000 keys in one flow map', `a: {${many(20_000, (i) => `k${i}: 1`, ', ')}}`, 200, /不认识的字段/),
  check(
    '20,000 syntax errors',
    many(20_000, () => 'a: b: c'),
    200,
    /first 100 problems; more not shown/,
  ),
  drill(
    'until: P + 100,000 digits',
    scenario(reported, `P${'1'.repeat(100_000)}`),
    400,
    /until: a duration is at most 32 characters/,
  ),
  drill('until: P99999999D', scenario(reported, 'P99999999D'), 400, /until: at most P366D/),
  drill(
    '100,000 events (2.6 MB)',
    scenario(many(100_000, () => '  - {at: P0D, type: log.entry}')),
    413,
    /too large/,
  ),
  drill(
    '6,000 events (190 KB)',
    scenario(many(6000, () => '  - {at: P0D, type: log.entry}')),
    400,
    /at most 1000 events/,
  ),
  drill(
    '1,000 events, every duty',
    scenario(
      `${reported}\n${many(999, (i) => `  - { at: PT${1 + (i % 100)}M, type: incident.facts.updated, data: { facts: { participants: ${61 + i} } } }`)}`,
    ),
    200,
    /review; passed: true/,
  ),
  drill('1,000 events refused', scenario(many(1000, () => reported)), 200, /review; passed: false/),
  drill(
    '40,000 aliased events',
    `x: &e {at: P0D, type: log.entry}\ntitle: t\nstart: 2026-05-11T09:00:00+08:00\nevents: [${many(40_000, () => '*e', ',')}]\nuntil: PT1H\n`,
    400,
    /at most 50 aliases/,
  ),
  drill(
    'data nested 90,000 deep',
    scenario(`  - { at: PT0M, type: log.entry, data: { x: ${'['.repeat(90_000)}${']'.repeat(90_000)} } }`),
    400,
    /nested more than 32 levels/,
  ),
  check(
    'one key of 120,000 characters over 2,000 keys',
    // an explicit key (`? …`): an implicit one may not be longer than 1024 characters
    `? ${'k'.repeat(120_000)}\n:\n${many(2000, (i) => `  c${i}: 1`)}\n`,
    200,
    /不认识的字段/,
  ),
  {
    ...check('a request body nested 100,000 deep', '', 400, /nests deeper than 64 levels/),
    raw: `{"yaml":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
  },
  drill('the shipped drill, for comparison', SCENARIO, 200, /review; passed: true/),
  {
    ...check('upload of 20,000 bad keys', badKeys(20_000), 400, /first 100 problems; more not shown/),
    who: 'admin',
    url: '/api/plans',
    body: { yaml: badKeys(20_000), note: '测试' },
  },
];

/** What an answer says: its message, note and each problem's, and for a drill its outcome. */
function said(body: {
  message?: string;
  note?: string;
  problems?: { path: string; message: string }[];
  issues?: { path: string; message: string }[];
  review?: unknown;
  passed?: boolean;
}): string {
  return [
    body.message,
    body.note,
    ...[...(body.problems ?? []), ...(body.issues ?? [])].map((p) => `${p.path}: ${p.message}`),
    body.review ? `review; passed: ${body.passed}` : undefined,
  ]
    .filter(Boolean)
    .join('\n')
    .slice(0, 2000);
}

/**
 * The time this thread has waited for a CPU, in ms (Linux: /proc/thread-self/schedstat). On a
 * loaded machine the kernel runs other processes for a while even when the loop has nothing to
 * do; that wait is the machine's, not the server's. Elsewhere 0: nothing is discounted.
 */
function runQueueMs(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[1]) / 1e6;
  } catch {
    return 0;
  }
}

/**
 * Watch the event loop: `monitorEventLoopDelay` (10 ms resolution) for its delay, and a 10 ms
 * timer whose late ticks say how long the loop was held at a stretch — less the time the
 * thread spent waiting for a CPU (the kernel ran other processes) and the time the garbage
 * collector paused it (on a loaded machine its helper threads wait for a CPU too): what is left
 * is how long work, or a blocking call, held the loop.
 */
async function watchLoop() {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  const pauses: { from: number; to: number }[] = [];
  const gc = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) pauses.push({ from: e.startTime, to: e.startTime + e.duration });
  });
  gc.observe({ entryTypes: ['gc'] });
  delay.enable();
  // the histogram counts from its first tick: a loop held before it would not be seen
  await new Promise((r) => setTimeout(r, 25));
  const ticks: { from: number; to: number; wait: number }[] = [];
  let lastAt = performance.now();
  let lastWait = runQueueMs();
  const tick = setInterval(() => {
    const at = performance.now();
    const wait = runQueueMs();
    ticks.push({ from: lastAt, to: at, wait: wait - lastWait });
    lastAt = at;
    lastWait = wait;
  }, 10);
  return {
    /** after a turn of the timers, so that a loop held up to the end is seen too */
    async stop() {
      await new Promise((r) => setTimeout(r, 25));
      clearInterval(tick);
      delay.disable();
      gc.disconnect();
      const paused = (from: number, to: number) =>
        pauses.reduce((ms, p) => ms + Math.max(0, Math.min(to, p.to) - Math.max(from, p.from)), 0);
      let held = 0;
      let waited = 0;
      let collected = 0;
      for (const t of ticks) {
        const gcMs = paused(t.from, t.to);
        held = Math.max(held, t.to - t.from - 10 - t.wait - gcMs);
        waited = Math.max(waited, t.wait);
        collected = Math.max(collected, gcMs);
      }
      return {
        delayMs: Math.round(delay.max / 1e6),
        runQueueMs: Math.round(waited),
        gcMs: Math.round(collected),
        heldMs: Math.round(held),
      };
    },
  };
}

describe('the event loop while adversarial plan texts are checked and drilled', () => {
  let fx: ApiFixture;
  let app: FastifyInstance;
  const accounts: Partial<Record<Payload['who'], Login>> = {};

  beforeAll(async () => {
    fx = await apiFixture('sqlite', new ManualClock('2026-05-11T01:00:00Z'), {
      tree: [['c1', 'county']],
      users: [
        ['leader-c1', 'leader', 'c1'],
        ['admin-c1', 'admin', 'c1'],
      ],
      logins: ['leader-c1', 'admin-c1'],
    });
    app = fx.app;
    accounts.leader = fx.session('leader-c1');
    accounts.admin = fx.session('admin-c1');
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('is never held for more than 100 ms, and each payload is answered with what is wrong', async () => {
    // the bodies are encoded before measuring: the client's work is not the server's
    const bodies = PAYLOADS.map((p) => p.raw ?? JSON.stringify(p.body));
    const seen: {
      what: string;
      status: number;
      ms: number;
      delayMs: number;
      runQueueMs: number;
      gcMs: number;
      heldMs: number;
    }[] = [];
    for (const [i, p] of PAYLOADS.entries()) {
      const loop = await watchLoop();
      const started = performance.now();
      const res = await app.inject({
        method: 'POST',
        url: p.url,
        cookies: accounts[p.who]?.auth.cookies,
        headers: { ...accounts[p.who]?.auth.headers, 'content-type': 'application/json' },
        payload: bodies[i],
      });
      const { delayMs, runQueueMs, gcMs, heldMs } = await loop.stop();
      seen.push({
        what: p.what,
        status: res.statusCode,
        ms: Math.round(performance.now() - started),
        delayMs,
        runQueueMs,
        gcMs,
        heldMs,
      });
      expect(res.statusCode, `${p.what}: ${res.body.slice(0, 300)}`).toBe(p.expect.status);
      expect(said(res.json()), p.what).toMatch(p.expect.text);
      // an answer that names the problem is short, whatever was sent
      expect(res.body.length, p.what).toBeLessThan(100_000);
    }
    if (process.env.HUAJIE_LOOP_REPORT) console.table(seen);
    const report = JSON.stringify(seen, null, 1);
    for (const s of seen) {
      // the loop never ran work for more than 100 ms at a stretch …
      expect(s.heldMs, report).toBeLessThanOrEqual(100);
      // … and its delay is within 100 ms, but for time the kernel gave the CPU to others and
      // the collector's pauses
      expect(s.delayMs - s.runQueueMs - s.gcMs, report).toBeLessThanOrEqual(100);
    }
  });
});
