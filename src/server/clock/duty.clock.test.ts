import { v7 as uuidv7 } from 'uuid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { engines, freshDb, type TestDb } from '../../../test/support/stores.ts';
import { ManualClock } from '../../core/clock.ts';
import type { Command } from '../../core/incident/incident.decider.ts';
import { reportIncident } from '../incident/incident.handler.ts';
import { PlanRegistry } from '../plans/plan.registry.ts';
import type { EventStore } from '../store/event-store.ts';
import { createWritePath, type WritePath } from '../write-path.ts';
import { DutyClock } from './duty.clock.ts';

const plans = PlanRegistry.fromDirectory('plans');
const T0 = Date.parse('2026-05-11T01:00:00Z');
const time = (min: number) => new Date(T0 + min * 60_000).toISOString();

const report = (people: number, min = 0): Command => ({
  id: uuidv7(),
  type: 'incident.reported',
  data: {
    title: `${people}人聚集`,
    location: { text: '镇政府门口' },
    startedAt: time(min),
    source: '电话',
    facts: { participants: people },
  },
  actor: { id: 'u1', role: 'officer' },
  occurredAt: time(min),
});

describe.each(engines())('duty clock: $engine', ({ engine, skip }) => {
  let db: TestDb;
  let store: EventStore;
  let clock: ManualClock;
  let deps: WritePath;

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

  const missesOf = async (s: EventStore, caseId: string) =>
    (await s.readCase(caseId))
      .filter((e) => e.type === 'duty.missed')
      .map((e) => [e.data.dutyId, e.occurredAt]);

  it('fires a duty only once it is past due, stamped with its due time, and only once', async () => {
    await reportIncident(deps, 'c1', 'town-mass-incident', report(15));
    const dutyClock = new DutyClock(deps);
    clock.set(time(20));
    expect(await dutyClock.runOnce()).toEqual([]); // due at 20: still within
    clock.set(time(21));
    const fired = await dutyClock.runOnce();
    expect(fired.map((r) => r.caseId)).toEqual(['c1']);
    expect(await missesOf(store, 'c1')).toEqual([['report-town', time(20)]]);
    expect(await dutyClock.runOnce()).toEqual([]); // nothing more fell due: nothing fires again
    expect(await missesOf(store, 'c1')).toEqual([['report-town', time(20)]]);
    // the village cadres' task (30 min) and the office's report to the leader in charge (from the
    // village's 20-minute deadline, 15 more) fall due later, each once
    clock.set(time(60));
    await dutyClock.runOnce();
    expect(await dutyClock.runOnce()).toEqual([]);
    expect((await missesOf(store, 'c1')).sort()).toEqual(
      [
        ['report-town', time(20)],
        ['task:village-cadre-on-scene', time(30)],
        ['tell-leader-in-charge', time(35)],
      ].sort(),
    );
    const row = await store.db
      .selectFrom('incidents')
      .selectAll()
      .where('case_id', '=', 'c1')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ open_duties: 0, overdue_duties: 3 });
  });

  it('after a restart fires what fell due while it was down, with the true due times', async () => {
    await reportIncident(deps, 'c2', 'town-mass-incident', report(60));
    await store.close();
    clock.set(time(180)); // three hours later the server comes back
    store = await db.open(clock);
    deps = { ...deps, store };
    await new DutyClock(deps).runOnce();
    expect((await missesOf(store, 'c2')).sort()).toEqual(
      [
        ['convene-command-post', time(60)],
        ['principal-on-scene', time(30)],
        ['report-county', time(15)],
        ['report-town', time(20)],
        ['tell-leader-in-charge', time(35)],
        ['tell-secretary-and-mayor', time(15)],
        ['task:village-cadre-on-scene', time(30)],
        ['task:temporary-command', time(60)],
        ['task:first-statement', time(120)],
      ].sort(),
    );
    expect(await new DutyClock(deps).runOnce()).toEqual([]);
  });

  it('never fires a duty twice when two servers share the database', async () => {
    for (let i = 0; i < 12; i++) await reportIncident(deps, `m${i}`, 'town-mass-incident', report(60));
    const other = await db.open(clock);
    try {
      clock.set(time(120));
      const a = new DutyClock(deps);
      const b = new DutyClock({ ...deps, store: other });
      await Promise.all([a.runOnce(), b.runOnce(), a.runOnce(), b.runOnce()]);
      for (let i = 0; i < 12; i++) {
        const misses = (await missesOf(store, `m${i}`)).map(([d]) => d);
        expect(misses.sort(), `case m${i}`).toEqual(
          [
            'convene-command-post',
            'principal-on-scene',
            'report-county',
            'report-town',
            // the first statement falls due at 120 itself: not missed yet
            'task:temporary-command',
            'task:village-cadre-on-scene',
            'tell-leader-in-charge',
            'tell-secretary-and-mayor',
          ].sort(),
        );
      }
    } finally {
      await other.close();
    }
  });

  it('sleeps until just after the next duty falls due or warns, never longer than its interval', async () => {
    const c = new DutyClock(deps);
    expect(await c.untilNext(1000)).toBe(1000); // nothing open
    await reportIncident(deps, 'c4', 'town-mass-incident', report(60)); // report-town: due 20, warns 15
    clock.set(Date.parse(time(15)) - 300);
    expect(await c.untilNext(1000)).toBe(305);
    clock.set(Date.parse(time(20)) - 40);
    expect(await c.untilNext(1000)).toBe(45);
    clock.set(Date.parse(time(15)) - 60_000);
    expect(await c.untilNext(1000)).toBe(1000);
  });

  it('fires many cases in one pass', async () => {
    for (let i = 0; i < 40; i++) await reportIncident(deps, `m${i}`, 'town-mass-incident', report(15));
    clock.set(time(21));
    const fired = await new DutyClock(deps).runOnce();
    expect(fired.map((r) => r.caseId).sort()).toEqual(Array.from({ length: 40 }, (_, i) => `m${i}`).sort());
    for (let i = 0; i < 40; i++) expect(await missesOf(store, `m${i}`)).toEqual([['report-town', time(20)]]);
  });

  it('runs by itself until stopped', async () => {
    await reportIncident(deps, 'c3', 'town-mass-incident', report(15));
    clock.set(time(30));
    const ticks: string[] = [];
    const c = new DutyClock(deps, { intervalMs: 10, onTick: (r) => ticks.push(r.caseId) });
    c.start();
    await expect.poll(() => ticks, { timeout: 5000 }).toEqual(['c3']);
    await c.stop();
  });
});
