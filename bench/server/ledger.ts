/**
 * Check 8: GET /api/disputes — the ledger (台账) — with 100,000 disputes, through the real
 * server, against the same SQL run directly on the driver (the floor). The disputes are
 * registered through the real write path (hash-chained logs, the ledger read model written by
 * its projection), a third of them assessed, spread over the last 30 days across the 1,111
 * jurisdictions of the incident list's tree.
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { systemClock } from '../../src/core/clock.ts';
import { scopeOf } from '../../src/server/accounts/accounts.repo.ts';
import { commandDispute, registerDispute } from '../../src/server/dispute/dispute.handler.ts';
import type { LedgerFilter } from '../../src/server/dispute/dispute.queries.ts';
import { seedTree, seedUsers } from '../../test/support/api.ts';
import { type Child, envNumber, fmtInt, fmtMs, fmtS, pick, type Stats, say } from './common.ts';
import { type EngineEnv, hostPort, login, startHuajie } from './huajie.ts';
import { LIST_REQUESTS, rawRuns, tree } from './list.ts';
import type { LoadResult } from './load.child.ts';

export const DISPUTES = envNumber('BENCH_DISPUTES', 100_000, { integer: true });
const WARMUP_REQUESTS = 10;
/** registrations under way at once */
const AT_ONCE = 500;
const CATEGORIES = ['requisition', 'labour', 'neighbour', 'property', 'land', 'family'] as const;
const SOURCES = ['screening', 'visit', 'phone', 'letter', 'online'] as const;

const SCENARIOS: { label: string; username: string; query: string; filter: LedgerFilter }[] = [
  { label: 'town officer (town + 10 villages)', username: 'ledger-town', query: '', filter: { limit: 500 } },
  {
    label: 'county leader (county + 10 towns + 100 villages)',
    username: 'ledger-county',
    query: '',
    filter: { limit: 500 },
  },
  {
    label: 'city commander (all 1,111 jurisdictions)',
    username: 'ledger-city',
    query: '',
    filter: { limit: 500 },
  },
  {
    label: 'city commander, ?risk=high&status=accepted',
    username: 'ledger-city',
    query: '?risk=high&status=accepted',
    filter: { risk: 'high', status: 'accepted', limit: 500 },
  },
];

export interface LedgerScenario {
  label: string;
  scopeSize: number;
  returned: number;
  /** the answer's size, bytes */
  bytes: number;
  huajie: Stats;
  baseline: Stats;
}

/** GET /api/figures over the same ledger: every dispute's clocks and registrations in the period */
export interface FiguresScenario {
  label: string;
  scopeSize: number;
  disputes: number;
  duties: number;
  huajie: Stats;
}

export interface LedgerResult {
  engine: string;
  disputes: number;
  events: number;
  generateMs: number;
  scenarios: LedgerScenario[];
  figures: FiguresScenario[];
}

/** figure requests measured per user: with the warm-up and the one read whole, within the server's 30 a minute per account */
export const FIGURE_REQUESTS = Math.min(27, envNumber('BENCH_FIGURE_REQUESTS', 25, { integer: true }));

export async function benchLedger(env: EngineEnv, load: Child): Promise<LedgerResult> {
  const db = await env.newDb('ledger');
  try {
    let server = await startHuajie(db);
    try {
      const store = () => server.store;
      const nodes = tree();
      for (const level of ['city', 'county', 'town', 'village']) {
        const layer = nodes.filter((n) => n[1] === level);
        for (let i = 0; i < layer.length; i += 50)
          await seedTree(store(), systemClock, layer.slice(i, i + 50));
      }
      await seedUsers(store(), systemClock, [
        ['ledger-town', 'officer', 'c0-t0'],
        ['ledger-county', 'leader', 'c0'],
        ['ledger-city', 'commander', 'city'],
      ]);
      const clerk = await store()
        .db.selectFrom('users')
        .select(['id', 'role'])
        .where('username', '=', 'ledger-town')
        .executeTakeFirstOrThrow();
      const actor = { id: clerk.id, role: clerk.role };
      const places = nodes.filter((n) => n[1] === 'village' || n[1] === 'town').map((n) => n[0]);
      const lane = server.app.writePath.disputes;
      say(
        `  ${env.label}: registering ${fmtInt(DISPUTES)} disputes through the write path, a third of them assessed, ` +
          `across ${fmtInt(places.length)} towns and villages`,
      );
      const g0 = performance.now();
      let events = 0;
      // registered over the last 8 days: none of the town plan's clocks (15 days to accept, with a
      // warning 3 workdays before) falls due or warns while the lists are measured — a ledger in
      // use has its clock caught up long since; what is measured is the list, on a quiet server
      const span = 8 * 86_400_000;
      const now = Date.now();
      let lastReport = performance.now();
      for (let from = 0; from < DISPUTES; from += AT_ONCE) {
        const to = Math.min(DISPUTES, from + AT_ONCE);
        await Promise.all(
          Array.from({ length: to - from }, async (_, k) => {
            const i = from + k;
            const caseId = uuidv7();
            const at = new Date(now - span + (i * span) / DISPUTES).toISOString();
            // few people: the town plan's risk rules rate the facts low, and 1 in 30 is rated high
            const people = 3 + (i % 7);
            const registered = await registerDispute(lane, caseId, 'town-mass-incident', {
              id: uuidv7(),
              type: 'dispute.registered',
              data: {
                title: `${pick(['征地补偿', '欠薪', '宅基地', '物业费', '土地承包'], i)}纠纷 ${i}`,
                summary: '群众反映的矛盾纠纷，登记在册',
                source: pick(SOURCES, i),
                category: pick(CATEGORIES, i * 7),
                facts: { people },
                sides: [{ kind: 'group', description: '部分群众' }],
                jurisdiction: pick(places, i * 31),
              },
              actor,
              occurredAt: at,
            });
            events += registered.events.length;
            if (i % 3 === 0) {
              const accepted = await commandDispute(lane, caseId, {
                id: uuidv7(),
                type: 'dispute.accepted',
                data: {},
                actor,
                occurredAt: at,
              });
              const assessed = await commandDispute(lane, caseId, {
                id: uuidv7(),
                type: 'dispute.assessed',
                data: {
                  facts: { people },
                  risk: i % 30 === 0 ? 'high' : 'low',
                  basis: '基准测试研判',
                },
                actor,
                occurredAt: at,
              });
              events += accepted.events.length + assessed.events.length;
            }
          }),
        );
        if (performance.now() - lastReport > 15_000) {
          lastReport = performance.now();
          say(`    … ${fmtInt(to)} disputes registered (${fmtS(performance.now() - g0)})`);
        }
      }
      const generateMs = performance.now() - g0;
      say(`  ${env.label}: ${fmtInt(DISPUTES)} disputes, ${fmtInt(events)} events in ${fmtS(generateMs)}`);
      // a ledger of this size grows over months, while the planner's statistics follow it (SQLite:
      // PRAGMA optimize at every start and hourly; PostgreSQL: autovacuum's analyze): restart the
      // server, as after any deployment, with the statistics those would have gathered
      await server.close();
      if (db.engine === 'postgres') {
        const c = new pg.Client({ connectionString: db.dbUrl });
        c.on('error', () => undefined);
        await c.connect();
        await c.query('ANALYZE disputes');
        await c.end();
      }
      server = await startHuajie(db);
      say(
        `  ${env.label}: server restarted${db.engine === 'postgres' ? ' after ANALYZE disputes' : ' (PRAGMA optimize at open)'}`,
      );

      const scenarios: LedgerScenario[] = [];
      const sessions = new Map<string, Awaited<ReturnType<typeof login>>>();
      for (const c of SCENARIOS) {
        const session = sessions.get(c.username) ?? (await login(server.url, c.username));
        sessions.set(c.username, session);
        const user = await store()
          .db.selectFrom('users')
          .select('jurisdiction_code')
          .where('username', '=', c.username)
          .executeTakeFirstOrThrow();
        const scope = new Set(await scopeOf(store().db, user.jurisdiction_code));
        const r = await load.request<LoadResult>({
          kind: 'load',
          spec: {
            ...hostPort(server.url),
            method: 'GET',
            paths: [`/api/disputes${c.query}`],
            headers: { cookie: session.headers.cookie ?? '' },
            body: 'none',
            connections: 1,
            expectStatus: 200,
            warmupRequests: WARMUP_REQUESTS,
            requests: LIST_REQUESTS,
          },
        });
        if (r.errors.length > 0) throw new Error(`GET /api/disputes: ${r.errors.join(' | ')}`);
        // the answer once more, whole (the load generator keeps only the first 200 kB of one)
        const whole = await fetch(`${server.url}/api/disputes${c.query}`, {
          headers: { cookie: session.headers.cookie ?? '' },
        });
        const body = await whole.text();
        const returned = (JSON.parse(body) as { disputes: unknown[] }).disputes.length;
        // disputesIn's statement (dispute.queries.ts; src/server/queries/dispute.sql), compiled
        const q = store()
          .db.selectFrom('disputes')
          .selectAll()
          .where('jurisdiction', 'in', [...scope])
          .$if(c.filter.risk !== undefined, (x) => x.where('risk', '=', c.filter.risk as string))
          .$if(c.filter.status !== undefined, (x) => x.where('status', '=', c.filter.status as string))
          .orderBy('registered_at', 'desc')
          .orderBy('case_id', 'desc')
          .limit(500)
          .compile();
        const baseline = await rawRuns(db, q.sql, [...q.parameters], LIST_REQUESTS);
        say(
          `  ${env.label}, ${c.label}: Huajie p50 ${fmtMs(r.latency.p50)} / p95 ${fmtMs(r.latency.p95)} / ` +
            `p99 ${fmtMs(r.latency.p99)} ms; raw SQL p50 ${fmtMs(baseline.p50)} / p95 ${fmtMs(baseline.p95)} ms ` +
            `(${returned} returned, ${fmtInt(Buffer.byteLength(body) / 1024)} KB)`,
        );
        scenarios.push({
          label: c.label,
          scopeSize: scope.size,
          returned,
          bytes: Buffer.byteLength(body),
          huajie: r.latency,
          baseline,
        });
      }
      // the figures of the whole period the ledger covers (registrations over the last 8 days, their
      // acceptance clocks due over the next 15): what the county and the city see on 统计
      const day = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
      const period = `from=${day(now - span - 86_400_000)}&to=${day(now + 16 * 86_400_000)}`;
      const figures: FiguresScenario[] = [];
      for (const c of [
        { label: 'county leader (county + 10 towns + 100 villages)', username: 'ledger-county' },
        { label: 'city commander (all 1,111 jurisdictions)', username: 'ledger-city' },
      ]) {
        const session = sessions.get(c.username) ?? (await login(server.url, c.username));
        const user = await store()
          .db.selectFrom('users')
          .select('jurisdiction_code')
          .where('username', '=', c.username)
          .executeTakeFirstOrThrow();
        const scopeSize = (await scopeOf(store().db, user.jurisdiction_code)).length;
        const r = await load.request<LoadResult>({
          kind: 'load',
          spec: {
            ...hostPort(server.url),
            method: 'GET',
            paths: [`/api/figures?${period}`],
            headers: { cookie: session.headers.cookie ?? '' },
            body: 'none',
            connections: 1,
            expectStatus: 200,
            warmupRequests: 2,
            requests: FIGURE_REQUESTS,
          },
        });
        if (r.errors.length > 0) throw new Error(`GET /api/figures: ${r.errors.join(' | ')}`);
        const f = (await (
          await fetch(`${server.url}/api/figures?${period}`, {
            headers: { cookie: session.headers.cookie ?? '' },
          })
        ).json()) as {
          disputes: { registered: number };
          duties: Record<'on_time' | 'late' | 'missed' | 'open', number>;
        };
        const duties = f.duties.on_time + f.duties.late + f.duties.missed + f.duties.open;
        say(
          `  ${env.label}, figures as ${c.label}: p50 ${fmtMs(r.latency.p50)} / p95 ${fmtMs(r.latency.p95)} / ` +
            `p99 ${fmtMs(r.latency.p99)} ms (${fmtInt(f.disputes.registered)} disputes, ${fmtInt(duties)} duties)`,
        );
        figures.push({
          label: c.label,
          scopeSize,
          disputes: f.disputes.registered,
          duties,
          huajie: r.latency,
        });
      }
      return { engine: env.label, disputes: DISPUTES, events, generateMs, scenarios, figures };
    } finally {
      await server.close();
    }
  } finally {
    await db.drop();
  }
}
