import { v7 as uuidv7 } from 'uuid';
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { engines, freshDb, type TestDb } from '../../../test/support/stores.ts';
import { ManualClock } from '../../core/clock.ts';
import { ConcurrencyError, NotFoundError, StateError } from '../../core/errors.ts';
import type { Command } from '../../core/incident/incident.decider.ts';
import { SNAPSHOT_FORMAT } from '../../core/incident/snapshot.ts';
import { addJurisdiction } from '../accounts/accounts.repo.ts';
import { PlanRegistry } from '../plans/plan.registry.ts';
import { rebuild } from '../projections/rebuild.ts';
import { projections } from '../projections/registry.ts';
import { type EventStore, EventStoreReads } from '../store/event-store.ts';
import { createWritePath } from '../write-path.ts';
import { commandIncident, type IncidentDeps, reportIncident, tickIncident } from './incident.handler.ts';

const plans = PlanRegistry.fromDirectory('plans');
const T0 = Date.parse('2026-05-11T01:00:00Z');
const time = (min: number) => new Date(T0 + min * 60_000).toISOString();
const officer = { id: 'u-officer', role: 'officer' };

describe.each(engines())('incident handler and read models: $engine', ({ engine, skip }) => {
  let db: TestDb;
  let store: EventStore;
  let clock: ManualClock;
  let deps: IncidentDeps;

  beforeEach(async (ctx) => {
    if (skip) ctx.skip();
    db = await freshDb(engine);
    clock = new ManualClock(time(0));
    store = await db.open(clock);
    deps = createWritePath({ store, plans, clock });
  });
  afterEach(async () => {
    if (skip) return;
    await store.close();
    await db.drop();
  });

  const at = (min: number) => clock.set(time(min));
  const cmd = (type: string, data: Record<string, unknown>): Command => ({
    id: uuidv7(),
    type,
    data,
    actor: officer,
    occurredAt: clock.now().toISOString(),
  });
  const report = (people: number) =>
    cmd('incident.reported', {
      title: `${people}名村民堵塞县道`,
      location: { text: '县道X201' },
      startedAt: time(0),
      source: '村委会电话',
      facts: { participants: people, blocking: ['road'] },
    });
  const incident = (id: string) =>
    store.db.selectFrom('incidents').selectAll().where('case_id', '=', id).executeTakeFirstOrThrow();
  const duties = (id: string) =>
    store.db
      .selectFrom('duties')
      .select(['duty_id', 'status', 'late_seconds'])
      .where('case_id', '=', id)
      .orderBy('duty_id')
      .execute();

  it('follows an incident from report through met, missed and met-late duties', async () => {
    await reportIncident(deps, 'inc-1', 'town-mass-incident', report(60));
    expect(await incident('inc-1')).toMatchObject({
      plan_id: 'town-mass-incident',
      plan_version: plans.get('town-mass-incident')?.version,
      level: 'major',
      level_basis: 'rule',
      status: 'open',
      // report-town, report-county, principal-on-scene, convene-command-post,
      // tell-secretary-and-mayor and the clocks of three tasks
      open_duties: 8,
      overdue_duties: 0,
    });

    at(12);
    // the village's report meets its duty and starts the office's to the leader in charge, and the reports that follow
    await commandIncident(deps, 'inc-1', cmd('sitrep.submitted', { to: { level: 'town' }, kind: 'initial' }));
    expect(await incident('inc-1')).toMatchObject({ open_duties: 9, overdue_duties: 0 });
    at(45);
    const missed = await tickIncident(deps, 'inc-1');
    expect(missed?.events.map((e) => e.data.dutyId).sort()).toEqual(
      [
        'principal-on-scene',
        'report-county',
        'task:village-cadre-on-scene',
        'tell-leader-in-charge',
        'tell-secretary-and-mayor',
      ].sort(),
    );
    expect(await tickIncident(deps, 'inc-1')).toBeNull(); // once only
    expect(await incident('inc-1')).toMatchObject({ open_duties: 4, overdue_duties: 5 });

    at(50);
    await commandIncident(deps, 'inc-1', cmd('arrival.recorded', { position: 'principal' }));
    expect(await incident('inc-1')).toMatchObject({ open_duties: 4, overdue_duties: 4 });
    expect(await duties('inc-1')).toEqual([
      { duty_id: 'convene-command-post', status: 'open', late_seconds: null },
      { duty_id: 'keep-reporting', status: 'open', late_seconds: null },
      { duty_id: 'principal-on-scene', status: 'met', late_seconds: 1200 },
      { duty_id: 'report-county', status: 'missed', late_seconds: null },
      { duty_id: 'report-town', status: 'met', late_seconds: 0 },
      { duty_id: 'task:first-statement', status: 'open', late_seconds: null },
      { duty_id: 'task:temporary-command', status: 'open', late_seconds: null },
      { duty_id: 'task:village-cadre-on-scene', status: 'missed', late_seconds: null },
      { duty_id: 'tell-leader-in-charge', status: 'missed', late_seconds: null },
      { duty_id: 'tell-secretary-and-mayor', status: 'missed', late_seconds: null },
    ]);

    await commandIncident(deps, 'inc-1', cmd('incident.closed', { summary: '已疏散，诉求已登记' }));
    expect((await incident('inc-1')).status).toBe('closed');
    // closed: no more of the response on the scene; a note still goes in the record
    await expect(
      commandIncident(deps, 'inc-1', cmd('arrival.recorded', { position: 'principal' })),
    ).rejects.toBeInstanceOf(StateError);
    await commandIncident(deps, 'inc-1', cmd('log.entry', { text: '回访：群众对答复无异议' }));
  });

  it('answers a retried command with what was stored, writing nothing', async () => {
    const r = report(60);
    const first = await reportIncident(deps, 'inc-2', 'town-mass-incident', r);
    const again = await reportIncident(deps, 'inc-2', 'town-mass-incident', r);
    expect(again.duplicate).toBe(true);
    expect(again.events.map((e) => e.id)).toEqual(first.events.map((e) => e.id));
    expect((await store.readCase('inc-2')).length).toBe(first.events.length);
  });

  it('gives a client that named a stale seq the conflict, and retries for one that did not', async () => {
    await reportIncident(deps, 'inc-3', 'town-mass-incident', report(60));
    const seq = (await store.head('inc-3'))?.seq ?? 0;
    await expect(
      commandIncident(deps, 'inc-3', cmd('log.entry', { text: 'x' }), seq - 1),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        commandIncident(deps, 'inc-3', cmd('log.entry', { text: `现场记录 ${i}` })),
      ),
    );
    expect(results.every((r) => !r.duplicate)).toBe(true);
    const logs = (await store.readCase('inc-3')).filter((e) => e.type === 'log.entry');
    expect(logs).toHaveLength(6);
  });

  it('applies a hundred writers to one case one after another: no conflict, every entry once', async () => {
    await reportIncident(deps, 'inc-7', 'town-mass-incident', report(60));
    // the appends that reach the store: no race lost and retried, consecutive commands together
    // (on the store's class: on PostgreSQL the append goes through the store the case lock pins)
    const append = vi.spyOn(Object.getPrototypeOf(store) as EventStore, 'append');
    onTestFinished(() => append.mockRestore());
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        commandIncident(deps, 'inc-7', cmd('log.entry', { text: `现场记录 ${i}` })),
      ),
    );
    expect(results.every((r) => !r.duplicate && r.events.length === 1)).toBe(true);
    const expected = append.mock.calls.map((c) => c[1]);
    const sizes = append.mock.calls.map((c) => c[2].length);
    // each append expected the seq the one before it left: none of them conflicted
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(100);
    expect(expected).toEqual(
      sizes.map((_, i) => (expected[0] ?? 0) + sizes.slice(0, i).reduce((a, b) => a + b, 0)),
    );
    // more than one command to a transaction while the case was busy
    expect(append.mock.calls.length).toBeLessThan(100);
    const logs = (await store.readCase('inc-7')).filter((e) => e.type === 'log.entry');
    expect(logs.map((e) => e.data.text).sort()).toEqual(
      Array.from({ length: 100 }, (_, i) => `现场记录 ${i}`).sort(),
    );
    // each writer was answered with its own entry
    expect(new Set(results.map((r) => r.events[0]?.id)).size).toBe(100);
  });

  it('answers each command of a batch on its own: one refused, the others recorded', async () => {
    await reportIncident(deps, 'inc-10', 'town-mass-incident', report(60));
    const results = await Promise.allSettled([
      commandIncident(deps, 'inc-10', cmd('log.entry', { text: '一' })),
      commandIncident(
        deps,
        'inc-10',
        cmd('dialogue.held', { representatives: 6, with: '村民', summary: '对话' }),
      ),
      commandIncident(deps, 'inc-10', cmd('log.entry', { text: '三' })),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const logs = (await store.readCase('inc-10')).filter((e) => e.type === 'log.entry');
    expect(logs.map((e) => e.data.text)).toEqual(['一', '三']);
  });

  it('follows what another server appended, and retries its own command on top of it', async () => {
    const other = createWritePath({ store, plans, clock });
    await reportIncident(deps, 'inc-8', 'town-mass-incident', report(15));
    at(3);
    // the other server raises the level; this one has the case held from the report
    await commandIncident(other, 'inc-8', cmd('incident.facts.updated', { facts: { participants: 60 } }));
    at(12);
    const r = await commandIncident(
      deps,
      'inc-8',
      cmd('sitrep.submitted', { to: { level: 'county' }, kind: 'initial' }),
    );
    // the county report is a duty of the level the other server's update brought
    expect(r.events.map((e) => [e.type, e.data.dutyId ?? null])).toContainEqual([
      'duty.met',
      'report-county',
    ]);
    // both at once from two servers: one wins the race, the other decides again on its result
    const both = await Promise.all([
      commandIncident(deps, 'inc-8', cmd('log.entry', { text: '甲' })),
      commandIncident(other, 'inc-8', cmd('log.entry', { text: '乙' })),
    ]);
    expect(both.map((x) => x.duplicate)).toEqual([false, false]);
    const seqs = (await store.readCase('inc-8')).map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });

  it('takes commands to one case from two servers in turn under the case lock', async () => {
    const other = createWritePath({ store, plans, clock });
    await reportIncident(deps, 'inc-11', 'town-mass-incident', report(15));
    const writes = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        commandIncident(i % 2 ? other : deps, 'inc-11', cmd('log.entry', { text: `第${i + 1}条` })),
      ),
    );
    expect(writes.every((w) => !w.duplicate && w.events.length === 1)).toBe(true);
    const log = await store.readCase('inc-11');
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
    expect(log.filter((e) => e.type === 'log.entry')).toHaveLength(40);
    // PostgreSQL: the lock orders the two servers, so neither ever meets the other's append;
    // SQLite has one writing process (two write paths in one process only model the race)
    if (engine === 'postgres') expect(deps.cases.conflicts + other.cases.conflicts).toBe(0);
  });

  it('starts a cold case from its snapshot and folds only the events after it; never trusts one that is not the log’s', async () => {
    const snapshots = () => store.db.selectFrom('case_snapshots').selectAll().where('case_id', '=', 'inc-12');
    const warm = createWritePath({ store, plans, clock, snapshotAfter: 10 });
    await reportIncident(warm, 'inc-12', 'town-mass-incident', report(60));
    for (let i = 0; i < 12; i++) await commandIncident(warm, 'inc-12', cmd('log.entry', { text: `${i}` }));
    // taken off the write path: no command takes one; the sweep of idle cases does
    expect(await snapshots().execute()).toEqual([]);
    expect(await warm.cases.snapshotIdle(0)).toBe(1);
    await warm.cases.flush();
    expect(await warm.cases.snapshotIdle(0)).toBe(0); // nothing new since
    const snap = await snapshots().executeTakeFirstOrThrow();
    expect(snap).toMatchObject({
      format: SNAPSHOT_FORMAT,
      plan: expect.stringMatching(/^town-mass-incident@\d+$/),
    });
    expect(Number(snap.seq)).toBeGreaterThanOrEqual(10);

    const reads = vi.spyOn(EventStoreReads.prototype, 'readCase');
    const fromSeqs = () => reads.mock.calls.map((c) => c[1]);
    try {
      // a server that never held the case (a restart): the snapshot, then the events after it
      const cold = createWritePath({ store, plans, clock });
      at(30);
      const r = await commandIncident(
        cold,
        'inc-12',
        cmd('sitrep.submitted', { to: { level: 'county' }, kind: 'update' }),
      );
      expect(fromSeqs()).toEqual([Number(snap.seq) + 1]);
      // decided on the whole case: the county report meets the duty the report started
      expect(r.events.map((e) => [e.type, e.data.dutyId ?? null])).toContainEqual([
        'duty.met',
        'report-county',
      ]);

      // a snapshot whose hash is not the log's at its seq is ignored: the case is folded from the log
      await store.transaction((db) =>
        db
          .updateTable('case_snapshots')
          .set({ hash: 'f'.repeat(64) })
          .where('case_id', '=', 'inc-12')
          .execute(),
      );
      reads.mockClear();
      await commandIncident(
        createWritePath({ store, plans, clock }),
        'inc-12',
        cmd('log.entry', { text: '甲' }),
      );
      expect(fromSeqs()).toEqual([1]);
      // and so is one that cannot be read
      await store.transaction((db) =>
        db
          .updateTable('case_snapshots')
          .set({ hash: r.events[0]?.hash ?? '', seq: r.events[0]?.seq ?? 0, state: '{"not":"a state"}' })
          .where('case_id', '=', 'inc-12')
          .execute(),
      );
      reads.mockClear();
      await commandIncident(
        createWritePath({ store, plans, clock }),
        'inc-12',
        cmd('log.entry', { text: '乙' }),
      );
      expect(fromSeqs()).toEqual([1]);
    } finally {
      reads.mockRestore();
    }
    // a rebuild reads the log only, and drops the snapshots
    await rebuild(store, projections);
    expect(await snapshots().execute()).toEqual([]);
  });

  it('writes the outbox of notifications with every command, as the server does', async () => {
    await addJurisdiction(store, clock, {
      code: 'anywhere',
      name: '某县',
      level: 'county',
      plan: 'town-mass-incident',
    });
    await store.transaction((tx) =>
      tx
        .insertInto('webhooks')
        .values({
          id: 'w1',
          jurisdiction_code: 'anywhere',
          name: '值班群',
          url: 'https://hooks.example.org/x',
          format: 'json',
          secret: null,
          kinds: JSON.stringify(['incident']),
          enabled: 1,
          created_at: time(0),
          created_by: 'admin',
        })
        .execute(),
    );
    // the incident's jurisdiction is where the webhook listens
    await reportIncident(deps, 'inc-9', 'town-mass-incident', {
      ...report(60),
      data: { ...(report(60).data as object), jurisdiction: 'anywhere' },
    });
    const queued = await store.db.selectFrom('notifications').select(['kind', 'case_id']).execute();
    expect(queued).toEqual([{ kind: 'incident', case_id: 'inc-9' }]);
  });

  it('refuses commands on an incident never reported, and an unknown plan', async () => {
    await expect(commandIncident(deps, 'nope', cmd('log.entry', { text: 'x' }))).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(reportIncident(deps, 'inc-4', 'no-such-plan', report(10))).rejects.toThrow(
      /no plan "no-such-plan"/,
    );
  });

  it('rebuilds exactly the read models the commands wrote', async () => {
    await reportIncident(deps, 'inc-5', 'town-mass-incident', report(60));
    at(5);
    await reportIncident(deps, 'inc-6', 'town-mass-incident', report(15));
    at(40);
    await tickIncident(deps, 'inc-5');
    await tickIncident(deps, 'inc-6');
    await commandIncident(deps, 'inc-6', cmd('incident.facts.updated', { facts: { participants: 55 } }));
    at(50);
    await commandIncident(
      deps,
      'inc-5',
      cmd('sitrep.submitted', { to: { level: 'county' }, kind: 'update' }),
    );
    await commandIncident(
      deps,
      'inc-5',
      cmd('demand.registered', { demandId: 'd1', text: '发放补偿款', people: 60, department: '财政所' }),
    );
    await commandIncident(
      deps,
      'inc-5',
      cmd('commitment.made', {
        commitmentId: 'c1',
        demandId: 'd1',
        text: '7日内发放',
        owner: '财政所',
        dueAt: time(7 * 24 * 60),
      }),
    );
    await commandIncident(
      deps,
      'inc-5',
      cmd('task.completed', { taskId: 'convene-command-post', result: '已成立' }),
    );
    await commandIncident(
      deps,
      'inc-5',
      cmd('statement.published', { statementId: 's1', channel: '公众号', text: '通报' }),
    );
    const snapshot = async () => ({
      incidents: await store.db.selectFrom('incidents').selectAll().orderBy('case_id').execute(),
      duties: await store.db.selectFrom('duties').selectAll().orderBy('case_id').orderBy('duty_id').execute(),
      tasks: await store.db.selectFrom('tasks').selectAll().orderBy('case_id').orderBy('task_id').execute(),
      demands: await store.db.selectFrom('demands').selectAll().execute(),
      commitments: await store.db.selectFrom('commitments').selectAll().execute(),
      statements: await store.db.selectFrom('statements').selectAll().execute(),
    });
    const live = await snapshot();
    expect(
      live.tasks.find((t) => t.case_id === 'inc-5' && t.task_id === 'convene-command-post'),
    ).toMatchObject({ status: 'done', grp: 'command-post' });
    expect(live.commitments).toMatchObject([{ commitment_id: 'c1', demand_id: 'd1', fulfilled_at: null }]);
    expect(live.incidents.map((i) => [i.case_id, i.level])).toEqual([
      ['inc-5', 'major'],
      ['inc-6', 'major'],
    ]);
    await rebuild(store, projections);
    expect(await snapshot()).toEqual(live);
  });
});
