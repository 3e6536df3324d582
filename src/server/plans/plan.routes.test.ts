import { readdirSync, readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { KyselyPlugin, RootOperationNode } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { beforeEach, describe, expect, it } from 'vitest';
import { type ApiFixture, apiFixture, type Login, login, reportBody } from '../../../test/support/api.ts';
import { engines, type TestDb } from '../../../test/support/stores.ts';
import { ManualClock } from '../../core/clock.ts';
import type { EventStore } from '../store/event-store.ts';
import { checkPlanText } from './plan.load.ts';
import { PlanRegistry } from './plan.registry.ts';
import { loadStoredPlans } from './plan.versions.ts';

/** The shipped plan: the newest shipped version (earlier ones are kept as `<id>@<n>.yaml`). */
const SHIPPED = readFileSync('plans/town-mass-incident.yaml', 'utf8');
/** The version the shipped plan is at, whatever it is: an upload numbers on from it. */
const CUR = shippedVersion('town-mass-incident');
/** The number an upload of the next version takes. */
const NEXT = CUR + 1;
/** `text` numbered `version`. */
const numbered = (text: string, version: number) => text.replace(/^version: \d+$/m, `version: ${version}`);
/** The next version of the shipped plan: 较大 from 12 people instead of 20. */
const UPLOADED = numbered(SHIPPED, NEXT).replace(
  '        - { fact: participants, gte: 20 }',
  '        - { fact: participants, gte: 12 }',
);
/** A plan of t1's own (a new plan, from version 1), made from the shipped text. */
const OWN = numbered(SHIPPED.replace(/^id: town-mass-incident$/m, 'id: t1-own-plan'), 1);
/** The 1-based line of the first line of `text` containing `needle`. */
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

/** The newest version of a plan shipped in plans/. */
function shippedVersion(id: string): number {
  const version = PlanRegistry.fromDirectory('plans').get(id)?.version;
  if (version === undefined) throw new Error(`no plan ${id} is shipped`);
  return version;
}

/**
 * Holds back the answer to the first query that `matches` until `open()`: a slow database
 * answer at one chosen point of a request, on a store of its own so that nothing else waits.
 */
function queryGate(matches: (node: RootOperationNode) => boolean) {
  let release: () => void = () => {};
  const opened = new Promise<void>((r) => {
    release = r;
  });
  let held: unknown;
  const gate = {
    reached: false,
    open: () => release(),
    plugin: {
      transformQuery: ({ node, queryId }) => {
        if (held === undefined && matches(node)) held = queryId;
        return node;
      },
      transformResult: async ({ result, queryId }) => {
        if (queryId === held) {
          gate.reached = true;
          await opened;
        }
        return result;
      },
    } satisfies KyselyPlugin,
  };
  return gate;
}

/** The store with its read handle passed through `plugin`. */
function withPlugin(store: EventStore, plugin: KyselyPlugin): EventStore {
  const db = store.db.withPlugin(plugin);
  return new Proxy(store, {
    get(target, key) {
      if (key === 'db') return db;
      const v = Reflect.get(target, key, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

describe.each(engines())('plan versions and drills from the API: $engine', ({ engine, skip }) => {
  let fx: ApiFixture;
  let db: TestDb;
  let app: FastifyInstance;
  let plans: PlanRegistry;
  const clock = new ManualClock('2026-05-11T01:00:00Z');

  beforeEach(async (ctx) => {
    if (skip) ctx.skip();
    plans = PlanRegistry.fromDirectory('plans');
    fx = await apiFixture(engine, clock, {
      tree: [
        ['c1', 'county'],
        ['t1', 'town', 'c1'],
        ['t2', 'town', 'c1'],
      ],
      users: [
        ['admin-c1', 'admin', 'c1'],
        ['admin-t1', 'admin', 't1'],
        ['admin-t2', 'admin', 't2'],
        ['officer-t1', 'officer', 't1'],
        ['auditor-t1', 'auditor', 't1'],
        ['auditor-t2', 'auditor', 't2'],
        ['leader-c1', 'leader', 'c1'],
      ],
      app: () => ({ plans }),
    });
    ({ db, app } = fx);
    expect(UPLOADED).not.toBe(SHIPPED);
    expect(UPLOADED).toMatch(new RegExp(`^version: ${NEXT}$`, 'm'));
  });

  /** Report 15 people gathered in t1, and read the incident back. */
  const report = async (on: FastifyInstance, title: string) => {
    const res = await on.inject({
      method: 'POST',
      url: '/api/incidents',
      ...(await login(on, 'officer-t1')).auth,
      payload: reportBody(title, 15),
    });
    expect(res.statusCode, res.body).toBe(201);
    const caseId = res.json().caseId as string;
    const read = await on.inject({
      method: 'GET',
      url: `/api/incidents/${caseId}`,
      ...(await login(on, 'officer-t1')).auth,
    });
    return { caseId, ...read.json() };
  };
  const as = async (who: string): Promise<Login> => login(app, who);
  const upload = async (who: string, yaml: string, note = '较大级起点改为 12 人') =>
    app.inject({ method: 'POST', url: '/api/plans', ...(await as(who)).auth, payload: { yaml, note } });

  it('checks a text and names each problem at its line', async () => {
    const officer = await as('officer-t1');
    const check = async (yaml: string) => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/plans/check',
        ...officer.auth,
        payload: { yaml },
      });
      expect(res.statusCode).toBe(200);
      return res.json();
    };
    const broken = SHIPPED.replace('    owner: village', '    owner: nobody');
    const body = await check(broken);
    expect(body.ok).toBe(false);
    expect(body.problems).toHaveLength(1);
    expect(body.problems[0]).toMatchObject({
      line: lineOf(broken, 'owner: nobody'),
      path: expect.stringMatching(/^duties\.\d+\.owner$/),
      message: expect.stringContaining('owner "nobody"'),
    });

    const syntax = `${SHIPPED.slice(0, SHIPPED.indexOf('levels:'))}levels: [unclosed\n`;
    const s = await check(syntax);
    expect(s.ok).toBe(false);
    expect(s.problems[0].line).toBeGreaterThanOrEqual(lineOf(syntax, 'levels: [unclosed'));

    expect(await check(UPLOADED)).toMatchObject({
      ok: true,
      problems: [],
      warnings: [],
      plan: { id: 'town-mass-incident', version: NEXT },
      current: { version: CUR },
    });

    // a plan that checks, with a duty that can never start: it may be stored, and it is told so
    const never = UPLOADED.replace(
      'start: { on: incident.reported, from: data.startedAt }',
      'start: { on: incident.reported, from: data.startedAt, when: { all: [{ fact: dead, gte: 3 }, { fact: dead, lt: 1 }] } }',
    );
    expect(never).not.toBe(UPLOADED);
    const warned = await check(never);
    expect(warned).toMatchObject({ ok: true, problems: [] });
    expect(warned.warnings).toEqual([
      expect.objectContaining({
        line: lineOf(never, 'fact: dead, lt: 1'),
        message: expect.stringContaining('never starts'),
      }),
    ]);
  });

  it('stores a new version for admins over every jurisdiction running it; new incidents run under it', async () => {
    const before = await report(app, '升级前');
    expect(before.incident).toMatchObject({ plan_version: CUR, level: 'general' });

    expect((await upload('officer-t1', UPLOADED)).statusCode).toBe(403);
    const narrow = await upload('admin-t1', UPLOADED);
    expect(narrow.statusCode).toBe(403);
    expect(narrow.json().message).toMatch(/c1.*outside your jurisdiction/);

    const ok = await upload('admin-c1', UPLOADED);
    expect(ok.statusCode).toBe(201);
    expect(ok.json().version).toMatchObject({
      id: 'town-mass-incident',
      version: NEXT,
      origin: 'uploaded',
      uploadedBy: 'admin-c1',
      note: '较大级起点改为 12 人',
    });
    // a retry of the same text is answered with what was stored
    const again = await upload('admin-c1', UPLOADED);
    expect(again.statusCode).toBe(200);
    expect(again.json().created).toBe(false);

    const officer = await as('officer-t1');
    const list = (await app.inject({ method: 'GET', url: '/api/plans', ...officer.auth })).json();
    expect(list.plans.find((p: { id: string }) => p.id === 'town-mass-incident')).toMatchObject({
      version: NEXT,
      // the upload over every version shipped (each kept as <id>@<n>.yaml)
      versions: NEXT,
      origin: 'uploaded',
    });
    const history = (
      await app.inject({ method: 'GET', url: '/api/plans/town-mass-incident/versions', ...officer.auth })
    ).json();
    expect(history.versions.map((v: { version: number; origin: string }) => [v.version, v.origin])).toEqual([
      [NEXT, 'uploaded'],
      ...Array.from({ length: CUR }, (_, i) => [CUR - i, 'bundled']),
    ]);
    const src = (
      await app.inject({ method: 'GET', url: '/api/plans/town-mass-incident/source', ...officer.auth })
    ).json();
    expect(src.yaml).toBe(UPLOADED);
    const shippedSrc = (
      await app.inject({
        method: 'GET',
        url: `/api/plans/town-mass-incident/source?version=${CUR}`,
        ...officer.auth,
      })
    ).json();
    expect(shippedSrc.yaml).toBe(SHIPPED);

    const after = await report(app, '升级后');
    expect(after.incident).toMatchObject({ plan_version: NEXT, level: 'larger' });
    // the incident reported before keeps the version it pinned
    const old = (
      await app.inject({ method: 'GET', url: `/api/incidents/${before.caseId}`, ...officer.auth })
    ).json();
    expect(old.incident).toMatchObject({ plan_version: CUR, level: 'general' });
  });

  it('refuses a changed text under an existing number, an older number and a plan that does not check; stores nothing', async () => {
    expect((await upload('admin-c1', UPLOADED)).statusCode).toBe(201);
    const changed = await upload('admin-c1', UPLOADED.replace('gte: 12 }', 'gte: 13 }'));
    expect(changed.statusCode).toBe(409);
    expect(changed.json()).toMatchObject({
      error: 'version_exists',
      message: expect.stringContaining(`v${NEXT + 1}`),
    });
    const bundled = await upload('admin-c1', SHIPPED.replace('gte: 20 }', 'gte: 13 }'));
    expect(bundled.statusCode).toBe(409);

    const broken = numbered(UPLOADED, NEXT + 1).replace('    owner: village', '    owner: nobody');
    const bad = await upload('admin-c1', broken);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0]).toMatchObject({ line: lineOf(broken, 'owner: nobody') });
    const noNote = await upload('admin-c1', numbered(UPLOADED, NEXT + 1), '  ');
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().message).toMatch(/note/);

    const rows = await fx.store.db.selectFrom('plan_versions').select(['version']).execute();
    expect(rows.map((r) => r.version)).toEqual([NEXT]);
    // a stored version never changes, even for someone with database access
    await expect(
      db.raw(`UPDATE plan_versions SET note = 'x' WHERE version = ${NEXT}`).then(() => 'changed'),
    ).rejects.toThrow(/append-only/);
  });

  it('names a broken alias at its line and refuses an alias bomb, from check, upload and drill', async () => {
    const officer = await as('officer-t1');
    const aliased = UPLOADED.replace('title: 镇预防和处置突发群体性事件工作预案', 'title: *missing');
    const check = await app.inject({
      method: 'POST',
      url: '/api/plans/check',
      ...officer.auth,
      payload: { yaml: aliased },
    });
    expect(check.statusCode).toBe(200);
    expect(check.json().problems[0]).toMatchObject({
      line: lineOf(aliased, '*missing'),
      message: expect.stringContaining('alias'),
    });
    expect((await upload('admin-c1', aliased)).statusCode).toBe(400);
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'title: [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
    ].join('\n');
    const drill = await app.inject({
      method: 'POST',
      url: '/api/drills',
      ...officer.auth,
      payload: { plan: 'town-mass-incident', yaml: bomb },
    });
    expect(drill.statusCode).toBe(400);
    expect(drill.json().message).toMatch(/alias/i);
  });

  it('answers two uploads of one version at once: the same text once stored, another text refused', async () => {
    const same = await Promise.all([upload('admin-c1', UPLOADED), upload('admin-c1', UPLOADED)]);
    expect(same.map((r) => r.statusCode).sort()).toEqual([200, 201]);
    const after = numbered(UPLOADED, NEXT + 1);
    const other = await Promise.all([
      upload('admin-c1', after),
      upload('admin-c1', after.replace('gte: 12 }', 'gte: 14 }')),
    ]);
    expect(other.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const rows = await fx.store.db
      .selectFrom('plan_versions')
      .select(['version'])
      .orderBy('version')
      .execute();
    expect(rows.map((r) => r.version)).toEqual([NEXT, NEXT + 1]);
  });

  it('answers a retry as a retry when the same version lands while the first copy is being looked at', async () => {
    // this request is held after its retry check, at the ownership lookup; meanwhile the same
    // text is stored through another request of the same server (one registry)
    const gate = queryGate((node) => {
      const q = JSON.stringify(node);
      return (
        node.kind === 'SelectQueryNode' && q.includes('"plan_versions"') && q.includes('"jurisdiction_code"')
      );
    });
    const same = await fx.server({
      ownStore: true,
      deps: ({ store: own }) => ({ store: withPlugin(own, gate.plugin), plans }),
    });
    try {
      const admin = await login(same, 'admin-c1');
      const held = same.inject({
        method: 'POST',
        url: '/api/plans',
        ...admin.auth,
        payload: { yaml: UPLOADED, note: '较大级起点改为 12 人' },
      });
      await expect.poll(() => gate.reached, { timeout: 30_000 }).toBe(true);
      const first = await upload('admin-c1', UPLOADED);
      expect(first.statusCode, first.body).toBe(201);
      gate.open();
      const retried = await held;
      expect(retried.statusCode, retried.body).toBe(200);
      expect(retried.json()).toMatchObject({
        created: false,
        version: { version: NEXT, sha256: first.json().version.sha256 },
      });
      // and another text under the number it holds is still a conflict
      const other = await upload('admin-c1', UPLOADED.replace('gte: 12 }', 'gte: 13 }'));
      expect(other.statusCode).toBe(409);
    } finally {
      gate.open();
    }
    const rows = await fx.store.db.selectFrom('plan_versions').select(['version']).execute();
    expect(rows.map((r) => r.version)).toEqual([NEXT]);
  });

  it('shows who uploaded a version, from where and why to admins and auditors over where it was uploaded only', async () => {
    const stored = await upload('admin-t1', OWN, '本镇自定预案');
    expect(stored.statusCode).toBe(201);
    expect(stored.json().version).toMatchObject({
      uploadedBy: 'admin-t1',
      uploadedIn: 't1',
      note: '本镇自定预案',
    });
    const versionsAs = async (who: string) =>
      (
        await app.inject({ method: 'GET', url: '/api/plans/t1-own-plan/versions', ...(await as(who)).auth })
      ).json().versions[0];
    for (const who of ['admin-t1', 'admin-c1', 'auditor-t1']) {
      expect(await versionsAs(who), who).toMatchObject({
        uploadedBy: 'admin-t1',
        uploadedIn: 't1',
        note: '本镇自定预案',
      });
    }
    for (const who of ['admin-t2', 'auditor-t2', 'officer-t1', 'leader-c1']) {
      const v = await versionsAs(who);
      expect(v, who).toMatchObject({
        id: 't1-own-plan',
        version: 1,
        origin: 'uploaded',
        uploadedAt: expect.any(String),
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect(v.uploadedBy, who).toBeUndefined();
      expect(v.uploadedIn, who).toBeUndefined();
      expect(v.note, who).toBeUndefined();
    }
    const source = await app.inject({
      method: 'GET',
      url: '/api/plans/t1-own-plan/source',
      ...(await as('officer-t1')).auth,
    });
    expect(source.json().yaml).toBe(OWN);
    expect(source.json().info).toMatchObject({ version: 1, origin: 'uploaded' });
    expect(source.json().info.uploadedBy).toBeUndefined();
    expect(source.json().info.note).toBeUndefined();
    // the same text sent again by an admin elsewhere: the stored version, without who and why
    const resent = await upload('admin-t2', OWN, '重发');
    expect(resent.statusCode).toBe(200);
    expect(resent.json().version.version).toBe(1);
    expect(resent.json().version.uploadedBy).toBeUndefined();
    expect(resent.json().version.note).toBeUndefined();
  });

  it('lets the admins of the jurisdiction that first uploaded a plan version it, whoever else runs it', async () => {
    expect((await upload('admin-t1', OWN)).statusCode).toBe(201);
    // a neighbour makes its town run t1's plan …
    const taken = await app.inject({
      method: 'PATCH',
      url: '/api/jurisdictions/t2',
      ...(await as('admin-t2')).auth,
      payload: { plan: 't1-own-plan' },
    });
    expect(taken.statusCode, taken.body).toBe(200);
    // … and neither it nor that can keep t1's admins from the next version
    const next = await upload('admin-t1', numbered(OWN, 2));
    expect(next.statusCode, next.body).toBe(201);
    const neighbour = await upload('admin-t2', numbered(OWN, 3));
    expect(neighbour.statusCode).toBe(403);
    expect(neighbour.json().message).toMatch(/first uploaded in t1/);
    expect((await upload('admin-c1', numbered(OWN, 3))).statusCode).toBe(201);
  });

  it('numbers versions one after another, within bounds', async () => {
    const skipped = await upload('admin-c1', numbered(SHIPPED, NEXT + 1));
    expect(skipped.statusCode).toBe(409);
    expect(skipped.json()).toMatchObject({
      error: 'version_skipped',
      message: expect.stringContaining(`v${NEXT}`),
    });
    const huge = await upload('admin-c1', numbered(SHIPPED, 3_000_000_000));
    expect(huge.statusCode).toBe(400);
    expect(huge.json().issues[0]).toMatchObject({
      path: 'version',
      line: lineOf(SHIPPED, `version: ${CUR}`),
    });
  });

  it('leaves a plan with the jurisdiction that first uploaded it; a shipped plan run nowhere with the top of the tree', async () => {
    const city = numbered(
      readFileSync('plans/city-police-2025.yaml', 'utf8'),
      shippedVersion('city-police-2025') + 1,
    );
    const low = await upload('admin-t1', city);
    expect(low.statusCode).toBe(403);
    expect(low.json().message).toMatch(/top of the tree/);
    expect((await upload('admin-c1', city)).statusCode).toBe(201);

    expect(OWN).not.toBe(SHIPPED);
    expect((await upload('admin-t1', OWN)).statusCode).toBe(201);
    const next = numbered(OWN, 2);
    const neighbour = await upload('admin-t2', next);
    expect(neighbour.statusCode).toBe(403);
    expect(neighbour.json().message).toMatch(/first uploaded in t1/);
    expect((await upload('admin-c1', next)).statusCode).toBe(201);
    const history = (
      await app.inject({
        method: 'GET',
        url: '/api/plans/t1-own-plan/versions',
        ...(
          await as('admin-c1')
        ).auth,
      })
    ).json();
    expect(history.versions.map((v: { uploadedIn: string }) => v.uploadedIn)).toEqual(['c1', 't1']);
  });

  it('refuses to start beside a shipped file that differs from the uploaded version of its number', async () => {
    expect((await upload('admin-c1', UPLOADED)).statusCode).toBe(201);
    const shipped = new PlanRegistry();
    const { plan } = checkPlanText('next.yaml', UPLOADED.replace('gte: 12 }', 'gte: 15 }'));
    if (!plan) throw new Error('the test plan does not check');
    shipped.add(plan, 'another text', { origin: 'bundled' });
    await expect(loadStoredPlans(fx.store.db, shipped)).rejects.toThrow(/another text than the shipped file/);
  });

  it('reaches a second server over the same database, and a restarted one', async () => {
    const other = await fx.server({ deps: { plans: PlanRegistry.fromDirectory('plans') } });
    const officer = await login(other, 'officer-t1');
    expect((await upload('admin-c1', UPLOADED)).statusCode).toBe(201);
    // an incident reported on the first server runs under the uploaded version …
    const r = await report(app, '第一台');
    expect(r.incident.plan_version).toBe(NEXT);
    // … and the second server, which never saw the upload, can run it and show that version
    const log = await other.inject({
      method: 'POST',
      url: `/api/incidents/${r.caseId}/events/incident.facts.updated`,
      ...officer.auth,
      payload: { id: uuidv7(), data: { facts: { participants: 60 } } },
    });
    expect(log.statusCode, log.body).toBe(201);
    const moved = (
      await other.inject({ method: 'GET', url: `/api/incidents/${r.caseId}`, ...officer.auth })
    ).json();
    expect(moved.incident).toMatchObject({ plan_version: NEXT, level: 'major' });
    const shown = await other.inject({
      method: 'GET',
      url: `/api/plans/town-mass-incident?version=${NEXT}`,
      ...officer.auth,
    });
    expect(shown.statusCode).toBe(200);
    expect(shown.json().plan.version).toBe(NEXT);
    const restarted = PlanRegistry.fromDirectory('plans');
    expect(await loadStoredPlans(fx.store.db, restarted)).toBe(1);
    expect(restarted.get('town-mass-incident')?.version).toBe(NEXT);
  });

  it('runs a shipped drill scenario and a composed one, and names what is wrong in a composed one', async () => {
    const officer = await as('officer-t1');
    const list = (
      await app.inject({ method: 'GET', url: '/api/plans/town-mass-incident/drills', ...officer.auth })
    ).json();
    expect(list.scenarios.map((s: { name: string }) => s.name)).toContain('village-late');
    expect(list.scenarios.find((s: { name: string }) => s.name === 'village-late').title).toBe(
      '60人堵路，村里25分钟后才上报',
    );

    // an earlier version runs the scenarios shipped beside it
    const atV1 = (
      await app.inject({
        method: 'GET',
        url: '/api/plans/town-mass-incident/drills?version=1',
        ...officer.auth,
      })
    ).json();
    const shippedV1 = readdirSync('plans/town-mass-incident@1.drills').map((f) => f.replace(/\.yaml$/, ''));
    expect(atV1.scenarios.map((s: { name: string }) => s.name).sort()).toEqual(shippedV1.sort());
    expect(list.scenarios.map((s: { name: string }) => s.name)).toContain('temporary-command');
    expect(shippedV1).not.toContain('temporary-command');

    const drill = (payload: Record<string, unknown>) =>
      app.inject({ method: 'POST', url: '/api/drills', ...officer.auth, payload });
    const notBeside = await drill({ plan: 'town-mass-incident', version: 1, scenario: 'temporary-command' });
    expect(notBeside.statusCode).toBe(400);
    expect(notBeside.json().message).toContain('village-late');
    const shipped = await drill({ plan: 'town-mass-incident', scenario: 'village-late' });
    expect(shipped.json()).toMatchObject({ passed: true });
    expect(shipped.statusCode).toBe(200);
    expect(shipped.json()).toMatchObject({ passed: true, expected: true, differences: [] });
    expect(shipped.json().review.level).toEqual({ id: 'major', name: '重大' });
    expect(shipped.json().review.duties.find((d: { id: string }) => d.id === 'report-town')).toMatchObject({
      status: 'met',
      lateSeconds: 5 * 60,
    });

    const composed = [
      'title: 15人聚集，无人上报',
      'start: 2026-05-11T09:00:00+08:00',
      'events:',
      '  - at: PT0M',
      '    type: incident.reported',
      '    data: { title: 聚集, facts: { participants: 15 } }',
      'until: PT2H',
      'expect:',
      '  level: 重大',
    ].join('\n');
    const ran = await drill({ plan: 'town-mass-incident', yaml: composed });
    expect(ran.statusCode).toBe(200);
    expect(ran.json().passed).toBe(false);
    expect(ran.json().review.level.id).toBe('general');
    expect(ran.json().differences[0]).toMatch(/level: expected 重大/);
    expect(ran.json().review.duties.some((d: { status: string }) => d.status === 'missed')).toBe(true);

    const typo = composed.replace('type: incident.reported', 'type: incident.reportd');
    const bad = await drill({ plan: 'town-mass-incident', yaml: typo });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0]).toMatchObject({
      line: lineOf(typo, 'incident.reportd'),
      message: expect.stringContaining('no event type "incident.reportd"'),
    });
    expect((await drill({ plan: 'town-mass-incident' })).statusCode).toBe(400);
    expect(
      (await drill({ plan: 'town-mass-incident', scenario: 'village-late', yaml: composed })).statusCode,
    ).toBe(400);
    const none = await drill({ plan: 'town-mass-incident', scenario: 'nope' });
    expect(none.statusCode).toBe(400);
    expect(none.json().message).toMatch(/village-late/);
    expect((await drill({ plan: 'no-such-plan', yaml: composed })).statusCode).toBe(404);

    // a drill runs against a chosen version
    expect((await upload('admin-c1', UPLOADED)).statusCode).toBe(201);
    const next = (await drill({ plan: 'town-mass-incident', version: NEXT, yaml: composed })).json();
    expect(next.review).toMatchObject({ version: NEXT, level: { id: 'larger' } });

    // each run that ran is kept, and listed newest first with who ran it and how it went;
    // refused ones are not
    const runs = async (who: string) => {
      const res = await app.inject({
        method: 'GET',
        url: '/api/plans/town-mass-incident/drill-runs',
        ...(await as(who)).auth,
      });
      expect(res.statusCode).toBe(200);
      return res.json().runs as Record<string, unknown>[];
    };
    const kept = await runs('officer-t1');
    expect(kept.map((r) => [r.version, r.scenario, r.passed])).toEqual([
      [NEXT, '', false],
      [CUR, '', false],
      [CUR, 'village-late', true],
    ]);
    expect(kept[2]).toMatchObject({
      id: shipped.json().run.id,
      at: shipped.json().run.at,
      scenarioTitle: '60人堵路，村里25分钟后才上报',
      shipped: true,
      by: { role: 'officer', username: 'officer-t1', name: 'officer-t1', jurisdiction: 't1' },
      expected: true,
      level: 'major',
      duties: { late: 2 },
      differences: [],
    });
    expect(kept[1]).toMatchObject({
      scenarioTitle: '15人聚集，无人上报',
      shipped: false,
      expected: true,
      level: 'general',
      differences: [expect.stringMatching(/level: expected 重大/)],
    });
    expect((kept[1]?.duties as { missed: number } | undefined)?.missed).toBeGreaterThan(0);
    // the county over t1 sees them; the next town does not
    expect(await runs('leader-c1')).toHaveLength(3);
    expect(await runs('auditor-t2')).toEqual([]);
    const rows = await fx.store.db.selectFrom('drill_runs').select(['scenario_yaml', 'review']).execute();
    expect(rows.map((r) => r.scenario_yaml)).toContain(composed);
    const none404 = await app.inject({
      method: 'GET',
      url: '/api/plans/no-such-plan/drill-runs',
      ...officer.auth,
    });
    expect(none404.statusCode).toBe(404);
  });
});
