/**
 * Check 5: what a command costs as its case grows, and many writers on one case.
 *   - log.entry latency, one writer at a time, on cases of 10, 1,000 and 10,000 events:
 *     target p50 at 10,000 ≤ 1.2 × p50 at 10 (the baseline: the same command on the short case);
 *   - 100 connections writing to one case at once: target 0 conflicts (409), p99 ≤ 100 ms on
 *     SQLite, ≤ 200 ms on PostgreSQL;
 *   - GET /api/incidents/:caseId of the 10,000-event case: p95 and the size of the answer.
 * The cases are filled through the server's own write path, in its process.
 */
import { v7 as uuidv7 } from 'uuid';
import { commandIncident } from '../../src/server/incident/incident.handler.ts';
import { type Child, envNumber, fmtInt, fmtMs, say } from './common.ts';
import { type EngineEnv, hostPort, reportIncidents, withOfficerServer } from './huajie.ts';
import type { LoadResult } from './load.child.ts';

export const LENGTHS = (process.env.BENCH_CASE_LENGTHS ?? '10,1000,10000')
  .split(',')
  .map((x) => Number(x.trim()))
  .filter((n) => Number.isSafeInteger(n) && n > 0);
const REQUESTS = envNumber('BENCH_CASE_REQUESTS', 300, { integer: true });
export const ONE_CASE_WRITERS = envNumber('BENCH_ONE_CASE_WRITERS', 100, { integer: true });
const ONE_CASE_SECONDS = envNumber('BENCH_SECONDS', 5);

export interface LengthRow {
  events: number;
  latency: LoadResult['latency'];
  /** a situation report on that case, in the server's process: the findings derived again (core/findings) */
  sitrep: { p50: number; p95: number };
}

/** p50 and p95 of in-process timings, in ms. */
function quantiles(ms: number[]): { p50: number; p95: number } {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
  return { p50: at(0.5), p95: at(0.95) };
}

export interface CaseLengthResult {
  engine: string;
  lengths: LengthRow[];
  /** p50 at the longest case / p50 at the shortest */
  p50Ratio: number;
  oneCase: { writers: number; rps: number; latency: LoadResult['latency']; conflicts: number; other: string };
  read: { events: number; latency: LoadResult['latency']; bytes: number };
}

export function benchCaseLength(env: EngineEnv, load: Child): Promise<CaseLengthResult> {
  return withOfficerServer(env, 'caselength', async (server, session) => {
    const cases = await reportIncidents(server.url, session, LENGTHS.length + 1);
    const actor = { id: 'bench-filler', role: 'officer' };
    const fill = async (caseId: string, events: number) => {
      const t0 = performance.now();
      for (let seq = (await server.store.head(caseId))?.seq ?? 0; seq < events; ) {
        const r = await commandIncident(server.app.writePath, caseId, {
          id: uuidv7(),
          type: 'log.entry',
          data: { text: `现场记录 ${seq}` },
          actor,
        });
        seq = r.events[r.events.length - 1]?.seq ?? seq + 1;
      }
      say(
        `  ${env.label}: case filled to ${fmtInt(events)} events in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
    };
    const lengths: LengthRow[] = [];
    for (const [i, events] of LENGTHS.entries()) {
      const caseId = cases[i] as string;
      await fill(caseId, events);
      const r = await load.request<LoadResult>({
        kind: 'load',
        spec: {
          ...hostPort(server.url),
          method: 'POST',
          paths: [`/api/incidents/${caseId}/events/log.entry`],
          headers: session.headers,
          body: 'log-entry',
          connections: 1,
          expectStatus: 201,
          warmupRequests: 20,
          requests: REQUESTS,
        },
      });
      // a situation report makes the case's findings be derived again: from the events of the
      // types that make them, read through an index, however long the case
      const sitreps: number[] = [];
      for (let i = 0; i < 50; i++) {
        const t0 = performance.now();
        await commandIncident(server.app.writePath, caseId, {
          id: uuidv7(),
          type: 'sitrep.submitted',
          data: { to: { level: 'town' }, kind: 'update', fields: { participants: 30 } },
          actor,
        });
        sitreps.push(performance.now() - t0);
      }
      const sitrep = quantiles(sitreps);
      lengths.push({ events, latency: r.latency, sitrep });
      say(
        `  ${env.label}: log.entry on a case of ${fmtInt(events)} events: p50 ${fmtMs(r.latency.p50)} ms, p99 ${fmtMs(r.latency.p99)} ms; sitrep.submitted (findings derived again) p50 ${fmtMs(sitrep.p50)} ms, p95 ${fmtMs(sitrep.p95)} ms`,
      );
    }

    const longest = cases[LENGTHS.length - 1] as string;
    const read = await load.request<LoadResult>({
      kind: 'load',
      spec: {
        ...hostPort(server.url),
        method: 'GET',
        paths: [`/api/incidents/${longest}`],
        headers: session.headers,
        body: 'none',
        connections: 1,
        expectStatus: 200,
        warmupRequests: 5,
        requests: 100,
      },
    });
    // the whole answer, as a browser gets it (the load generator keeps only its start)
    const whole = await fetch(`${server.url}/api/incidents/${longest}`, { headers: session.headers });
    const bytes = (await whole.arrayBuffer()).byteLength;
    say(
      `  ${env.label}: GET /api/incidents/:id at ${fmtInt(LENGTHS.at(-1) ?? 0)} events: p95 ${fmtMs(read.latency.p95)} ms, ${fmtInt(bytes / 1024)} KB`,
    );

    const shared = cases[LENGTHS.length] as string;
    const one = await load.request<LoadResult>({
      kind: 'load',
      spec: {
        ...hostPort(server.url),
        method: 'POST',
        paths: [`/api/incidents/${shared}/events/log.entry`],
        headers: session.headers,
        body: 'log-entry',
        connections: ONE_CASE_WRITERS,
        expectStatus: 201,
        warmupMs: 1000,
        durationMs: ONE_CASE_SECONDS * 1000,
      },
    });
    const other = Object.entries(one.statuses)
      .filter(([s]) => s !== '201' && s !== '409')
      .map(([s, n]) => `${s}×${n}`)
      .join(' ');
    const conflicts = one.statuses['409'] ?? 0;
    say(
      `  ${env.label}: ${ONE_CASE_WRITERS} writers on one case: ${fmtInt(one.rps)} req/s, p99 ${fmtMs(one.latency.p99)} ms, 409×${conflicts}${other ? `, ${other}` : ''}`,
    );
    const first = lengths[0]?.latency.p50 ?? Number.NaN;
    const last = lengths[lengths.length - 1]?.latency.p50 ?? Number.NaN;
    return {
      engine: env.label,
      lengths,
      p50Ratio: last / first,
      oneCase: { writers: ONE_CASE_WRITERS, rps: one.rps, latency: one.latency, conflicts, other },
      read: { events: LENGTHS.at(-1) ?? 0, latency: read.latency, bytes },
    };
  });
}
