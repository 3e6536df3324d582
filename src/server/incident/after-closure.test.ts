import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { seedTree } from '../../../test/support/api.ts';
import { engines, storeFixture } from '../../../test/support/stores.ts';
import { ManualClock } from '../../core/clock.ts';
import { RuleError } from '../../core/errors.ts';
import type { Command } from '../../core/incident/incident.decider.ts';
import { DutyClock } from '../clock/duty.clock.ts';
import { PlanRegistry } from '../plans/plan.registry.ts';
import { createWritePath } from '../write-path.ts';
import { commandIncident, reportIncident } from './incident.handler.ts';

const plans = PlanRegistry.fromDirectory('plans');
const T0 = Date.parse('2026-05-11T01:00:00Z');
const DAY = 86_400_000;
const at = (days: number) => new Date(T0 + days * DAY).toISOString();
const officer = { id: 'u-officer', role: 'officer' };

/** What an incident owes outlives the crowd: a commitment due 7 days after closing. */
describe.each(engines())('an incident’s obligations after closure: $engine', ({ engine, skip }) => {
  async function closedWithPromise() {
    const clock = new ManualClock(at(0));
    const fx = await storeFixture(engine, clock);
    await seedTree(fx.store, clock, [
      ['c1', 'county'],
      ['t1', 'town', 'c1'],
    ]);
    const deps = createWritePath({ store: fx.store, plans, clock });
    const caseId = uuidv7();
    const cmd = (type: string, data: Record<string, unknown>): Command => ({
      id: uuidv7(),
      type,
      data,
      actor: officer,
      occurredAt: clock.now().toISOString(),
    });
    await reportIncident(
      deps,
      caseId,
      'town-mass-incident',
      cmd('incident.reported', {
        title: '60名村民堵路讨要补偿款',
        location: { text: '县道X201' },
        startedAt: at(0),
        source: '村委会电话',
        facts: { participants: 60, blocking: ['road'] },
        jurisdiction: 't1',
      }),
    );
    await commandIncident(
      deps,
      caseId,
      cmd('demand.registered', { demandId: 'd1', text: '发放补偿款', people: 60, department: '镇财政所' }),
    );
    await commandIncident(deps, caseId, cmd('demand.answered', { demandId: 'd1', answer: '7日内发放' }));
    clock.set(at(1));
    await commandIncident(
      deps,
      caseId,
      cmd('commitment.made', {
        commitmentId: 'c1',
        demandId: 'd1',
        text: '发放补偿款',
        owner: '镇财政所',
        dueAt: at(8),
      }),
    );
    await commandIncident(deps, caseId, cmd('incident.closed', { summary: '群众已散，转入化解' }));
    const duty = () =>
      fx.store.db
        .selectFrom('duties')
        .select(['status', 'escalate_to', 'late_seconds'])
        .where('case_id', '=', caseId)
        .where('duty_id', '=', 'commitment:c1')
        .executeTakeFirstOrThrow();
    const status = async () =>
      (
        await fx.store.db
          .selectFrom('incidents')
          .select('status')
          .where('case_id', '=', caseId)
          .executeTakeFirstOrThrow()
      ).status;
    return { clock, fx, deps, caseId, cmd, duty, status, dutyClock: new DutyClock(deps) };
  }

  it.skipIf(skip)(
    'kept on day 6 after closing: met in time, and the incident is settled (已销号)',
    async () => {
      const { clock, deps, caseId, cmd, duty, status, dutyClock } = await closedWithPromise();
      expect(await status()).toBe('closed');
      expect(await duty()).toMatchObject({ status: 'open' });
      clock.set(at(7));
      await dutyClock.runOnce();
      await commandIncident(
        deps,
        caseId,
        cmd('commitment.fulfilled', { commitmentId: 'c1', evidence: '补偿款已到账' }),
      );
      expect(await duty()).toMatchObject({ status: 'met', late_seconds: 0 });
      await commandIncident(deps, caseId, cmd('incident.settled', { note: '诉求已办结' }));
      expect(await status()).toBe('settled');
    },
  );

  it.skipIf(skip)('not kept: missed on day 8 and escalated; settled only once it is kept', async () => {
    const { clock, fx, deps, caseId, cmd, duty, status, dutyClock } = await closedWithPromise();
    clock.set(at(8)); // the due time itself: not yet past
    expect((await dutyClock.runOnce()).flatMap((r) => r.events.map((e) => e.type))).not.toContain(
      'duty.missed',
    );
    clock.set(new Date(Date.parse(at(8)) + 60_000).toISOString());
    const ticked = await dutyClock.runOnce();
    expect(
      ticked.flatMap((r) => r.events.filter((e) => e.type === 'duty.missed').map((e) => e.data.dutyId)),
    ).toContain('commitment:c1');
    // escalated to the plan's leading group, on the board of the incident's jurisdiction
    expect(await duty()).toMatchObject({ status: 'missed', escalate_to: 'command-post' });
    const escalations = await fx.store.db
      .selectFrom('escalations')
      .selectAll()
      .where('case_id', '=', caseId)
      .execute();
    expect(escalations.some((e) => JSON.stringify(e).includes('commitment:c1'))).toBe(true);
    await expect(commandIncident(deps, caseId, cmd('incident.settled', {}))).rejects.toBeInstanceOf(
      RuleError,
    );
    expect(await status()).toBe('closed');
    clock.set(at(9));
    await commandIncident(
      deps,
      caseId,
      cmd('commitment.fulfilled', { commitmentId: 'c1', evidence: '补偿款已到账' }),
    );
    expect(await duty()).toMatchObject({ status: 'met' });
    expect((await duty()).late_seconds).toBe(DAY / 1000);
    await commandIncident(deps, caseId, cmd('incident.settled', {}));
    expect(await status()).toBe('settled');
  });
});
