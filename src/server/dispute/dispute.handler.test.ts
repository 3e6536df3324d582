import { readFileSync } from 'node:fs';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { engines, storeFixture } from '../../../test/support/stores.ts';
import { ManualClock } from '../../core/clock.ts';
import type { Command } from '../../core/dispute/dispute.decider.ts';
import { RuleError } from '../../core/errors.ts';
import { checkPlan } from '../../core/plan/plan.check.ts';
import type { Plan } from '../../core/plan/plan.schema.ts';
import { DutyClock } from '../clock/duty.clock.ts';
import { PlanRegistry } from '../plans/plan.registry.ts';
import { rebuild } from '../projections/rebuild.ts';
import { projections } from '../projections/registry.ts';
import { verifyAll } from '../store/verify.ts';
import { createWritePath } from '../write-path.ts';
import { commandDispute, registerDispute } from './dispute.handler.ts';

const plans = PlanRegistry.fromDirectory('plans');
const T0 = Date.parse('2026-03-02T01:00:00Z');
const DAY = 86_400_000;
const time = (days: number) => new Date(T0 + days * DAY).toISOString();
const clerk = { id: 'u-clerk', role: 'officer' };

describe.each(engines())('disputes on the write path: $engine', ({ engine, skip }) => {
  it.skipIf(skip)(
    'registers a dispute, keeps the ledger and its commitments, and settles it once nothing is owed',
    async () => {
      const clock = new ManualClock(time(0));
      const fx = await storeFixture(engine, clock);
      const deps = createWritePath({ store: fx.store, plans, clock }).disputes;
      const caseId = uuidv7();
      const cmd = (type: string, data: Record<string, unknown>): Command => ({
        id: uuidv7(),
        type,
        data,
        actor: clerk,
        occurredAt: clock.now().toISOString(),
      });
      const ledger = () =>
        fx.store.db
          .selectFrom('disputes')
          .selectAll()
          .where('case_id', '=', caseId)
          .executeTakeFirstOrThrow();

      const registered = await registerDispute(
        deps,
        caseId,
        'town-mass-incident',
        cmd('dispute.registered', {
          title: '三组征地补偿款分配纠纷',
          summary: '三组部分村民对补偿款分配方案有异议',
          source: 'screening',
          category: 'requisition',
          facts: { people: 30, households: 12, amount: 480000 },
          sides: [{ kind: 'group', description: '三组部分村民（约12户）' }],
          jurisdiction: 't1',
        }),
      );
      // the town plan's clocks start: accept, and assign (包案), within 15 days
      expect(registered.events.map((e) => [e.type, e.data.dutyId])).toEqual([
        ['dispute.registered', undefined],
        ['duty.started', 'accept'],
        ['duty.started', 'assign'],
      ]);
      expect(await ledger()).toMatchObject({
        status: 'registered',
        category: 'requisition',
        people: 30,
        jurisdiction: 't1',
        plan_id: 'town-mass-incident',
        open_commitments: 0,
      });

      clock.set(time(1));
      await commandDispute(deps, caseId, cmd('dispute.accepted', {}));
      await commandDispute(
        deps,
        caseId,
        cmd('dispute.assigned', {
          unit: '镇司法所',
          leadPosition: '分管副镇长',
          tier: 'town',
          dueAt: time(60),
        }),
      );
      await commandDispute(
        deps,
        caseId,
        cmd('dispute.assessed', { facts: { people: 30 }, risk: 'medium', basis: '涉及人数较多' }),
      );
      clock.set(time(20));
      const agreed = cmd('agreement.reached', {
        agreementId: 'g1',
        form: 'written',
        clauses: [
          {
            commitmentId: 'c1',
            text: '补发差额',
            method: '银行转账',
            dueAt: time(30),
            owner: '三组村民小组',
          },
          {
            commitmentId: 'c2',
            text: '公示分配明细',
            method: '村务公开栏',
            dueAt: time(25),
            owner: '村委会',
          },
        ],
      });
      await commandDispute(deps, caseId, agreed);
      // a retry of the same command is answered as one, nothing written twice
      expect((await commandDispute(deps, caseId, agreed)).duplicate).toBe(true);
      await commandDispute(deps, caseId, cmd('dispute.resolved', { summary: '达成调解协议' }));
      expect(await ledger()).toMatchObject({
        status: 'resolved',
        risk: 'medium',
        tier: 'town',
        unit: '镇司法所',
        lead_position: '分管副镇长',
        due_at: time(60),
        open_commitments: 2,
      });
      await expect(commandDispute(deps, caseId, cmd('dispute.settled', {}))).rejects.toBeInstanceOf(
        RuleError,
      );

      // what was promised is kept after the dispute is resolved
      clock.set(time(24));
      await commandDispute(
        deps,
        caseId,
        cmd('commitment.fulfilled', { commitmentId: 'c2', evidence: '公示照片' }),
      );
      await commandDispute(
        deps,
        caseId,
        cmd('commitment.discharged', { commitmentId: 'c1', reason: '双方同意以实物补偿替代' }),
      );
      const commitments = await fx.store.db
        .selectFrom('commitments')
        .select(['commitment_id', 'agreement_id', 'fulfilled_at', 'discharge_reason'])
        .where('case_id', '=', caseId)
        .orderBy('commitment_id')
        .execute();
      expect(commitments).toEqual([
        {
          commitment_id: 'c1',
          agreement_id: 'g1',
          fulfilled_at: null,
          discharge_reason: '双方同意以实物补偿替代',
        },
        { commitment_id: 'c2', agreement_id: 'g1', fulfilled_at: time(24), discharge_reason: null },
      ]);
      await commandDispute(deps, caseId, cmd('dispute.settled', { note: '销号' }));
      expect(await ledger()).toMatchObject({ status: 'settled', open_commitments: 0 });

      // the log is the truth: a rebuild gives the same ledger, and the chain verifies
      const before = { ledger: await ledger(), commitments };
      await rebuild(fx.store, projections);
      expect(await ledger()).toEqual(before.ledger);
      expect(
        await fx.store.db
          .selectFrom('commitments')
          .select(['commitment_id', 'agreement_id', 'fulfilled_at', 'discharge_reason'])
          .where('case_id', '=', caseId)
          .orderBy('commitment_id')
          .execute(),
      ).toEqual(commitments);
      const report = await verifyAll(fx.store.db, fx.db.key);
      expect(report).toMatchObject({ ok: true, cases: 1 });

      // a dispute's events never reach the incidents' read models
      expect(await fx.store.db.selectFrom('incidents').selectAll().execute()).toEqual([]);
      expect(await fx.store.db.selectFrom('case_summary').select('kind').execute()).toEqual([
        { kind: 'dispute' },
      ]);
    },
  );

  it.skipIf(skip)('starts a cold dispute from its snapshot, folding only what came after', async () => {
    const clock = new ManualClock(time(0));
    const fx = await storeFixture(engine, clock);
    const warm = createWritePath({ store: fx.store, plans, clock, snapshotAfter: 2 }).disputes;
    const caseId = uuidv7();
    const cmd = (type: string, data: Record<string, unknown>): Command => ({
      id: uuidv7(),
      type,
      data,
      actor: clerk,
      occurredAt: clock.now().toISOString(),
    });
    await registerDispute(
      warm,
      caseId,
      'town-mass-incident',
      cmd('dispute.registered', {
        title: '欠薪',
        summary: '工程款拖欠',
        source: 'visit',
        category: 'labour',
        sides: [{ kind: 'group', description: '务工人员' }],
      }),
    );
    await commandDispute(warm, caseId, cmd('dispute.accepted', {}));
    await commandDispute(warm, caseId, cmd('progress.noted', { text: '已约谈施工方' }));
    // a case with a batch under way is left for the next sweep: wait until none is
    await expect.poll(() => warm.cases.busy.size).toBe(0);
    expect(await warm.cases.snapshotIdle(0)).toBe(1);
    await warm.cases.flush();
    const snap = await fx.store.db
      .selectFrom('case_snapshots')
      .select(['format', 'seq'])
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    // registered (with the plan's two clocks), accepted (meeting one, starting `handle`), noted
    expect(snap).toEqual({ format: 'dispute/1', seq: 7 });

    // another write path (a restart): the next command reads the snapshot and what follows it
    const cold = createWritePath({ store: fx.store, plans, clock }).disputes;
    const read = await cold.cases.read(fx.store, caseId);
    expect(read.seq).toBe(7);
    expect(read.state).toEqual((await warm.cases.read(fx.store, caseId)).state);
    const r = await commandDispute(cold, caseId, cmd('dispute.resolved', { summary: '已结清工资' }));
    expect(r.events[0]?.seq).toBe(8);
  });

  it.skipIf(skip)(
    'lets time act on a dispute: the duty clock records its miss, and a late acceptance meets it',
    async () => {
      const base = parse(readFileSync('plans/town-mass-incident.yaml', 'utf8')) as Record<string, unknown>;
      const checked = checkPlan({
        ...base,
        id: 'town-disputes',
        disputes: {
          duties: [
            {
              id: 'accept',
              title: '受理并书面告知',
              owner: 'town',
              start: { on: 'dispute.registered' },
              within: { days: 15, count: 'calendar' },
              satisfiedBy: [{ on: 'dispute.accepted' }, { on: 'dispute.not_accepted' }],
              warnBefore: { days: 3, count: 'working' },
              escalateTo: 'county',
            },
          ],
        },
      });
      expect(checked.problems).toEqual([]);
      const registry = new PlanRegistry([checked.plan as Plan]);
      const clock = new ManualClock('2026-02-01T02:00:00Z'); // 10:00 on 1 February in China
      const fx = await storeFixture(engine, clock);
      const writePath = createWritePath({ store: fx.store, plans: registry, clock });
      const dutyClock = new DutyClock(writePath);
      const caseId = uuidv7();
      await registerDispute(writePath.disputes, caseId, 'town-disputes', {
        id: uuidv7(),
        type: 'dispute.registered',
        data: {
          title: '欠薪纠纷',
          summary: '工程款拖欠',
          source: 'visit',
          category: 'labour',
          sides: [{ kind: 'group', description: '务工人员' }],
          jurisdiction: 't1',
        },
        actor: clerk,
      });
      const duty = () =>
        fx.store.db
          .selectFrom('duties')
          .select(['duty_id', 'status', 'due_at', 'warn_at', 'warned_at', 'escalate_to', 'late_seconds'])
          .where('case_id', '=', caseId)
          .executeTakeFirstOrThrow();
      // the 15th day, 16 February, falls in the Spring Festival: due at the end of Tuesday 24 February
      expect(await duty()).toMatchObject({ status: 'open', due_at: '2026-02-24T16:00:00.000Z' });
      // warned three workdays before the last day: back from the 24th over the holiday, past the
      // adjusted Saturday of the 14th, to Thursday 12 February
      expect((await duty()).warn_at).toBe('2026-02-11T16:00:00.000Z');
      clock.set('2026-02-11T15:59:00Z');
      expect(await dutyClock.runOnce()).toEqual([]);
      clock.set('2026-02-12T02:00:00Z');
      expect((await dutyClock.runOnce()).flatMap((r) => r.events.map((e) => e.type))).toEqual([
        'duty.warned',
      ]);
      expect((await duty()).warned_at).not.toBeNull();
      clock.set('2026-02-24T15:59:00Z');
      expect(await dutyClock.runOnce()).toEqual([]);
      expect((await duty()).status).toBe('open');
      clock.set('2026-02-24T16:00:01Z');
      const ticked = await dutyClock.runOnce();
      expect(ticked.flatMap((r) => r.events.map((e) => e.type))).toEqual(['duty.missed']);
      expect(await duty()).toMatchObject({ status: 'missed', escalate_to: 'county' });
      expect(await dutyClock.runOnce()).toEqual([]); // once
      clock.set('2026-02-25T02:00:00Z');
      await commandDispute(writePath.disputes, caseId, {
        id: uuidv7(),
        type: 'dispute.accepted',
        data: {},
        actor: clerk,
      });
      expect(await duty()).toMatchObject({ status: 'met', late_seconds: 10 * 3600 });
    },
  );
});
