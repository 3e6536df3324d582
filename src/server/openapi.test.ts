import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plans } from '../../test/support/api.ts';
import { freshDb, type TestDb } from '../../test/support/stores.ts';
import { ManualClock } from '../core/clock.ts';
import { buildApp } from './app.ts';
import type { EventStore } from './store/event-store.ts';

interface Problem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: { pointer: string }[];
}

/** The real linter over a document, with the rules of redocly.yaml. */
function lint(doc: unknown, dir: string): { errors: number; warnings: number; problems: Problem[] } {
  const file = join(dir, 'openapi.json');
  writeFileSync(file, JSON.stringify(doc));
  const run = spawnSync(
    process.execPath,
    ['node_modules/@redocly/cli/bin/cli.js', 'lint', '--config', 'redocly.yaml', '--format=json', file],
    {
      encoding: 'utf8',
      // no telemetry, no update check: the linter runs offline
      env: {
        ...process.env,
        REDOCLY_TELEMETRY: 'off',
        REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
        REDOCLY_SUPPRESS_NOTIFICATIONS: 'true',
      },
    },
  );
  const out = run.stdout.slice(run.stdout.indexOf('{'));
  if (!out) throw new Error(`redocly lint did not answer (exit ${run.status}): ${run.stderr}`);
  const r = JSON.parse(out) as { totals: { errors: number; warnings: number }; problems: Problem[] };
  return { ...r.totals, problems: r.problems };
}

const show = (problems: Problem[]) =>
  problems.map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer ?? ''}: ${p.message}`).join('\n');

type Operation = {
  operationId?: string;
  security?: unknown[];
  responses: Record<string, { content?: unknown }>;
};

/**
 * The API's OpenAPI document (app.swagger(), served at /api/openapi.json and /api/docs) passes
 * `redocly lint` with the recommended rules, as the server builds it with the web application and
 * without it; and every operation says who may call it and what it answers.
 */
describe('the OpenAPI document', () => {
  let db: TestDb;
  let store: EventStore;
  let dir: string;
  const apps: [string, FastifyInstance][] = [];

  beforeAll(async () => {
    db = await freshDb('sqlite');
    store = await db.open(new ManualClock('2026-05-11T01:00:00Z'));
    dir = mkdtempSync(join(tmpdir(), 'huajie-openapi-'));
    // a built web application: its pages are served beside the API, and left out of its document
    const web = join(dir, 'web');
    mkdirSync(web);
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>化解</title>');
    const deps = { store, clock: new ManualClock('2026-05-11T01:00:00Z'), version: 'test', plans };
    apps.push(['without the web application', await buildApp(deps)]);
    apps.push(['with the web application', await buildApp({ ...deps, webDir: web })]);
  });
  afterAll(async () => {
    for (const [, app] of apps) await app.close();
    await store?.close();
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('passes redocly lint with no errors', async () => {
    for (const [what, app] of apps) {
      await app.ready();
      const r = lint(app.swagger(), dir);
      expect(r.errors, `${what}:\n${show(r.problems)}`).toBe(0);
    }
  });

  it('names every operation, says who may call it, and what it answers when it succeeds and when it refuses', async () => {
    const [, app] = apps[0] as [string, FastifyInstance];
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, Operation>>;
    };
    const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ at: `${method.toUpperCase()} ${path}`, op })),
    );
    const ids = new Set<string>();
    for (const { at, op } of ops) {
      expect(op.operationId, at).toMatch(/^[a-z][A-Za-z]+$/);
      expect(ids.has(op.operationId ?? ''), `${at}: operationId ${op.operationId} twice`).toBe(false);
      ids.add(op.operationId ?? '');
      expect(op.security, at).toBeInstanceOf(Array);
      // a success with its schema (or 204, nothing), and the error shape for each refusal
      const success = Object.entries(op.responses).filter(([s]) => s.startsWith('2'));
      expect(success.length, at).toBeGreaterThan(0);
      for (const [status, r] of success)
        expect(status === '204' || r.content !== undefined, `${at} ${status}`).toBe(true);
      const refusals = Object.entries(op.responses).filter(([s]) => /^[45]/.test(s));
      expect(refusals.length, at).toBeGreaterThan(0);
      for (const [status, r] of refusals)
        expect(JSON.stringify(r.content), `${at} ${status}`).toContain('#/components/schemas/Error');
    }
    expect([...ids].sort()).toEqual(
      [
        ...['getHealth', 'login', 'logout', 'getMe', 'listLoginLocks', 'liftLoginLock'],
        ...[
          'listJurisdictions',
          'addJurisdiction',
          'updateJurisdiction',
          'listUsers',
          'addUser',
          'updateUser',
        ],
        ...[
          'listWebhooks',
          'addWebhook',
          'updateWebhook',
          'testWebhook',
          'listNotifications',
          'retryNotification',
        ],
        ...['reportIncident', 'recordEvent', 'listIncidents', 'listDuties', 'listEscalations', 'getIncident'],
        ...['getTimelinePage', 'streamEvents', 'streamIncidentEvents', 'verifyChains'],
        ...['registerDispute', 'recordDisputeEvent', 'listDisputes', 'getDispute'],
        ...['exportDisputeLedger', 'importDisputeLedger'],
        ...['recordScreeningRound', 'openScreeningRegister', 'recordScreeningEvent', 'screeningOverview'],
        ...['getScreeningRegister', 'listOverdue'],
        ...['setDisputeContact', 'removeDisputeContact', 'readDisputeContact', 'listDisputeContacts'],
        ...['listDisputeContactReads'],
        ...['setReplyChannel', 'removeReplyChannel', 'readReplyChannel', 'listReplyChannelReads'],
        ...['listPlans', 'getPlan', 'listPlanVersions', 'getPlanSource', 'checkPlan', 'uploadPlan'],
        ...['listDrillScenarios', 'runDrill', 'listDrillRuns'],
        ...['listFindings', 'disposeFinding', 'listReceivedSitreps', 'acknowledgeSitrep', 'getSitrep'],
        ...['getIncidentReview', 'decideIncidentReview'],
        ...[
          'getSitrepDocument',
          'getReviewDocument',
          'getFindingsDocument',
          'getFigures',
          'getMonthlyReport',
        ],
        ...['board', 'visitBoard', 'acknowledgeEscalation', 'roster', 'setRoster', 'handOver'],
        ...['listNotices', 'readNotices'],
      ].sort(),
    );
    // only the login and the health check are open without a session
    expect(
      ops
        .filter(({ op }) => op.security?.length === 0)
        .map(({ at }) => at)
        .sort(),
    ).toEqual(['GET /api/health', 'POST /api/auth/login']);
  });
});
