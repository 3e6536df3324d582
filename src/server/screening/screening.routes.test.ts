import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { apiFixture, type Login, login, plans } from '../../../test/support/api.ts';
import { engines } from '../../../test/support/stores.ts';
import { ManualClock } from '../../core/clock.ts';
import type { Plan } from '../../core/plan/plan.schema.ts';
import { DutyClock } from '../clock/duty.clock.ts';
import { PlanRegistry } from '../plans/plan.registry.ts';
import { rebuild } from '../projections/rebuild.ts';
import { projections } from '../projections/registry.ts';
import { verifyAll } from '../store/verify.ts';

/**
 * Screening (排查) through the API: a town records its rounds — 零报告 or disputes found —
 * in its register; the plan's monthly cadence is met by a round, and a month with none is
 * missed and reaches the county's board.
 */

/** The bundled plans, the town plan with only a monthly regular screening by the 25th for its disputes. */
function withCadence(): PlanRegistry {
  const base = plans.get('town-mass-incident') as Plan;
  const town: Plan = {
    ...base,
    disputes: {
      risk: [],
      duties: [],
      screening: [
        {
          id: 'monthly',
          title: '每月定期排查',
          kind: 'regular',
          every: 'month',
          by: 25,
          owner: 'town',
          escalateTo: 'county',
          warnBefore: { days: 3, count: 'calendar' },
        },
      ],
    },
  };
  return new PlanRegistry(
    plans.ids().map((id) => (id === 'town-mass-incident' ? town : (plans.get(id) as Plan))),
  );
}

const round = (extra: Record<string, unknown> = {}) => ({
  id: uuidv7(),
  data: {
    roundId: `r-${uuidv7()}`,
    kind: 'regular',
    scope: '全镇12个村（社区）',
    participants: [{ unit: '镇综治中心', position: '主任' }, { unit: '镇司法所' }, { unit: '各村委会' }],
    zeroReport: true,
    found: 0,
    ...extra,
  },
});

describe.each(engines())('screening API: $engine', ({ engine, skip }) => {
  it.skipIf(skip)(
    'records rounds in the town register, meets the monthly cadence, and a month without one reaches the county',
    async () => {
      const clock = new ManualClock('2026-12-06T02:00:00Z');
      const fx = await apiFixture(engine, clock, {
        tree: [
          ['c1', 'county'],
          ['t1', 'town', 'c1'],
          ['t2', 'town', 'c1'],
        ],
        users: [
          ['officer-t1', 'officer', 't1'],
          ['leader-t1', 'leader', 't1'],
          ['officer-t2', 'officer', 't2'],
          ['leader-c1', 'leader', 'c1'],
        ],
        app: { plans: withCadence() },
      });
      const sessions = new Map<string, Login>();
      const relogin = async () => {
        for (const who of ['officer-t1', 'leader-t1', 'officer-t2', 'leader-c1'])
          sessions.set(who, await login(fx.app, who));
      };
      await relogin();
      const as = (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
        fx.app.inject({ method, url, ...(payload ? { payload } : {}), ...sessions.get(who)?.auth });

      // a daily 零报告: the register opens under the town's plan, December's clock starts
      const zero = round({ kind: 'daily' });
      const r1 = await as('officer-t1', 'POST', '/api/screening/rounds', zero);
      expect(r1.statusCode).toBe(201);
      const first = r1.json() as {
        caseId: string;
        events: { type: string; data: Record<string, unknown> }[];
      };
      expect(first.events.map((e) => e.type)).toEqual([
        'screening.opened',
        'duty.started',
        'screening.round.recorded',
      ]);
      expect(first.events[1]?.data).toMatchObject({
        dutyId: 'screening:monthly:2026-12',
        dueAt: '2026-12-25T16:00:00.000Z',
      });
      const register = first.caseId;
      // sent again: a retry, nothing written twice
      const again = await as('officer-t1', 'POST', '/api/screening/rounds', zero);
      expect(again.statusCode).toBe(200);
      expect(again.json()).toMatchObject({ caseId: register, duplicate: true });
      // opening it again is answered with the register as it is
      const open = await as('officer-t1', 'POST', '/api/screening/registers', {});
      expect(open.statusCode).toBe(200);
      expect(open.json()).toMatchObject({
        case_id: register,
        jurisdiction: 't1',
        plan_id: 'town-mass-incident',
      });

      // an hour later, a regular round that found a dispute meets December and starts January
      clock.set('2026-12-06T03:00:00Z');
      const found = round({ zeroReport: false, found: 1, note: '三组反映征地补偿款分配问题' });
      const r2 = await as('officer-t1', 'POST', '/api/screening/rounds', found);
      expect(r2.statusCode).toBe(201);
      expect((r2.json() as { events: { type: string }[] }).events.map((e) => e.type)).toEqual([
        'screening.round.recorded',
        'duty.met',
        'duty.started',
      ]);
      // the dispute it found goes on the ledger from the round; a 零报告 or an unknown round is refused
      const dispute = (roundId: string) => ({
        id: uuidv7(),
        data: {
          title: '三组征地补偿款分配纠纷',
          summary: '部分村民对分配方案有异议',
          source: 'screening',
          category: 'requisition',
          sides: [{ kind: 'group', description: '三组部分村民（约12户）' }],
          screeningRoundId: roundId,
        },
      });
      expect((await as('officer-t1', 'POST', '/api/disputes', dispute(found.data.roundId))).statusCode).toBe(
        201,
      );
      const fromZero = await as('officer-t1', 'POST', '/api/disputes', dispute(zero.data.roundId));
      expect(fromZero.statusCode).toBe(400);
      expect(fromZero.json().message).toMatch(/零报告/);
      expect((await as('officer-t1', 'POST', '/api/disputes', dispute('no-such-round'))).statusCode).toBe(
        400,
      );

      // refusals: a round of nothing that is not a 零报告, another town's register, a read-only role
      const empty = await as('officer-t1', 'POST', '/api/screening/rounds', round({ zeroReport: false }));
      expect(empty.statusCode).toBe(400);
      expect(empty.json().message).toMatch(/零报告/);
      expect(
        (await as('officer-t2', 'POST', '/api/screening/rounds', { ...round(), jurisdiction: 't1' }))
          .statusCode,
      ).toBe(403);
      expect((await as('leader-t1', 'POST', '/api/screening/rounds', round())).statusCode).toBe(403);
      expect((await as('officer-t2', 'GET', `/api/screening/registers/${register}`)).statusCode).toBe(404);
      const derived = await as('officer-t1', 'POST', `/api/screening/registers/${register}/events/duty.met`, {
        id: uuidv7(),
        data: {},
      });
      expect(derived.statusCode).toBe(400);

      // the county sees the town's rounds, what each found, and the clocks
      const seen = (await as('leader-c1', 'GET', '/api/screening')).json() as {
        registers: { jurisdiction: string }[];
        rounds: { round_id: string; zero_report: boolean; registered: number; participants: unknown[] }[];
        clocks: { duty_id: string; status: string }[];
      };
      expect(seen.registers.map((g) => g.jurisdiction)).toEqual(['t1']);
      expect(seen.rounds.map((x) => [x.round_id, x.zero_report, x.registered])).toEqual([
        [found.data.roundId, false, 1],
        [zero.data.roundId, true, 0],
      ]);
      expect(seen.rounds[1]?.participants).toHaveLength(3);
      expect(seen.clocks.map((c) => [c.duty_id, c.status])).toEqual([
        ['screening:monthly:2027-01', 'open'],
        ['screening:monthly:2026-12', 'met'],
      ]);
      expect((await as('officer-t2', 'GET', '/api/screening')).json()).toMatchObject({
        registers: [],
        rounds: [],
      });

      // the county's duty-room group asked for misses: the message is queued with the miss
      await fx.store.transaction((db) =>
        db
          .insertInto('webhooks')
          .values({
            id: 'w-county',
            jurisdiction_code: 'c1',
            name: '县值班室',
            url: 'https://hooks.example.org/county',
            format: 'json',
            secret: null,
            kinds: '["missed","escalation","warning"]',
            enabled: 1,
            created_at: clock.now().toISOString(),
            created_by: 'test',
          })
          .execute(),
      );
      // January passes without a regular round: warned on the 22nd, missed after the 25th, on the county's board
      const dutyClock = new DutyClock(fx.app.writePath);
      clock.set('2027-01-22T01:00:00Z');
      expect((await dutyClock.runOnce()).flatMap((r) => r.events.map((e) => e.type))).toEqual([
        'duty.warned',
      ]);
      clock.set('2027-01-25T15:59:00Z');
      expect(await dutyClock.runOnce()).toEqual([]);
      clock.set('2027-01-25T16:00:01Z');
      expect((await dutyClock.runOnce()).flatMap((r) => r.events.map((e) => e.type))).toEqual([
        'duty.missed',
        'duty.started',
      ]);
      await relogin();
      const board = (await as('leader-c1', 'GET', '/api/escalations')).json() as {
        escalations: Record<string, unknown>[];
      };
      expect(board.escalations).toEqual([
        expect.objectContaining({
          case_id: register,
          case_kind: 'screening',
          kind: 'missed',
          duty_id: 'screening:monthly:2027-01',
          target: 'county',
          from_jurisdiction: 't1',
          to_jurisdiction: 'c1',
          title: 't1',
          plan_id: 'town-mass-incident',
        }),
      ]);
      const messages = await fx.store.db
        .selectFrom('notifications')
        .select(['kind', 'payload'])
        .where('case_id', '=', register)
        .orderBy('kind')
        .execute();
      expect(messages.map((m) => m.kind)).toEqual(['escalation', 'missed']);
      const missedMessage = JSON.parse(messages[1]?.payload ?? '{}') as {
        title: string;
        text: string;
        link: string;
      };
      expect(missedMessage.title).toBe('【职责超时】每月定期排查（2027-01）');
      expect(missedMessage.link).toBe('/screening');
      expect(missedMessage.text).not.toContain('级别');
      // and on the 逾期 list of the town and the county, not of the other town
      const overdue = async (who: string) =>
        (
          (await as(who, 'GET', '/api/overdue')).json() as {
            overdue: { duty_id: string; case_kind: string }[];
          }
        ).overdue;
      expect(await overdue('leader-c1')).toEqual([
        expect.objectContaining({
          duty_id: 'screening:monthly:2027-01',
          case_kind: 'screening',
          status: 'missed',
        }),
      ]);
      expect((await overdue('officer-t1')).map((o) => o.duty_id)).toEqual(['screening:monthly:2027-01']);
      expect(await overdue('officer-t2')).toEqual([]);
      const detail = (await as('officer-t1', 'GET', `/api/screening/registers/${register}`)).json() as {
        clocks: { duty_id: string; status: string }[];
        events: { type: string }[];
      };
      expect(detail.clocks.map((c) => [c.duty_id, c.status])).toEqual([
        ['screening:monthly:2027-02', 'open'],
        ['screening:monthly:2027-01', 'missed'],
        ['screening:monthly:2026-12', 'met'],
      ]);
      expect(detail.events.map((e) => e.type)).toEqual([
        'screening.opened',
        'duty.started',
        'screening.round.recorded',
        'screening.round.recorded',
        'duty.met',
        'duty.started',
        'duty.warned',
        'duty.missed',
        'duty.started',
      ]);

      // the log is the truth: a rebuild gives the same read models, and `audit verify` covers the register
      const db = fx.store.db;
      const models = async () => ({
        registers: await db.selectFrom('screening_registers').selectAll().execute(),
        rounds: await db.selectFrom('screening_rounds').selectAll().orderBy('round_id').execute(),
        clocks: await db
          .selectFrom('duties')
          .select(['duty_id', 'status', 'due_at', 'warn_at', 'escalate_to', 'met_at'])
          .where('case_id', '=', register)
          .orderBy('duty_id')
          .execute(),
        escalations: await db.selectFrom('escalations').selectAll().orderBy('event_id').execute(),
      });
      const before = await models();
      await rebuild(fx.store, projections);
      expect(await models()).toEqual(before);
      expect(await verifyAll(db, fx.db.key)).toMatchObject({ ok: true });
    },
  );
});

describe.each(engines())('a screening register under a new plan version: $engine', ({ engine, skip }) => {
  it.skipIf(skip)('takes on the new version at its next round: new cadences start', async () => {
    const clock = new ManualClock('2026-12-06T02:00:00Z');
    const registry = withCadence();
    const fx = await apiFixture(engine, clock, {
      tree: [
        ['c1', 'county'],
        ['t1', 'town', 'c1'],
      ],
      users: [['officer-t1', 'officer', 't1']],
      app: { plans: registry },
    });
    let s = await login(fx.app, 'officer-t1');
    const post = (payload: object) =>
      fx.app.inject({ method: 'POST', url: '/api/screening/rounds', payload, ...s.auth });
    const first = (await post(round())).json() as { caseId: string };
    // the town's plan gets a new version with a weekly daily-screening cadence
    const current = registry.get('town-mass-incident') as Plan;
    const weekly = {
      id: 'weekly',
      title: '每周日常排查',
      kind: 'daily' as const,
      every: 'week' as const,
      by: 5,
      owner: 'town',
      escalateTo: 'county',
    };
    registry.add(
      {
        ...current,
        version: current.version + 1,
        disputes: {
          risk: [],
          duties: [],
          screening: [...(current.disputes?.screening ?? []), weekly],
        },
      },
      '',
      { origin: 'bundled' },
    );
    // Monday 7 December in China, the week the new cadence's first period runs in
    clock.set('2026-12-06T17:00:00Z');
    s = await login(fx.app, 'officer-t1');
    const next = await post(round({ kind: 'daily' }));
    expect(next.statusCode).toBe(201);
    expect(
      (next.json() as { events: { type: string; data: { dutyId?: string } }[] }).events.map((e) => [
        e.type,
        e.data.dutyId,
      ]),
    ).toEqual([
      ['screening.replanned', undefined],
      ['duty.started', 'screening:weekly:2026-W50'],
      ['screening.round.recorded', undefined],
      ['duty.met', 'screening:weekly:2026-W50'],
      ['duty.started', 'screening:weekly:2026-W51'],
    ]);
    const register = await fx.store.db
      .selectFrom('screening_registers')
      .select(['plan_version'])
      .where('case_id', '=', first.caseId)
      .executeTakeFirstOrThrow();
    expect(register.plan_version).toBe(current.version + 1);
  });
});
