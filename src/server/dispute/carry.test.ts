import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { apiFixture, login, reportBody } from '../../../test/support/api.ts';
import { engines } from '../../../test/support/stores.ts';
import { ManualClock } from '../../core/clock.ts';

/**
 * An incident closed with a demand unanswered and a promise unkept carries them into the
 * dispute registered from it: the dispute owns them — the promise a commitment of its own, due
 * on the same date — and the incident can be 已销号.
 */
describe.each(engines())(
  'obligations carried from an incident into a dispute: $engine',
  ({ engine, skip }) => {
    it.skipIf(skip)('moves open demands and commitments, once, and lets the incident settle', async () => {
      const clock = new ManualClock('2026-05-11T01:00:00Z');
      const fx = await apiFixture(engine, clock, {
        tree: [
          ['c1', 'county'],
          ['t1', 'town', 'c1'],
        ],
        users: [['officer-t1', 'officer', 't1']],
      });
      const s = await login(fx.app, 'officer-t1');
      const post = (url: string, payload: object) =>
        fx.app.inject({ method: 'POST', url, payload, ...s.auth });
      const incidentId = (await post('/api/incidents', reportBody('村民聚集讨要补偿款', 30))).json()
        .caseId as string;
      const record = (type: string, data: object, id = uuidv7()) =>
        post(`/api/incidents/${incidentId}/events/${type}`, { id, data });
      await record('demand.registered', {
        demandId: 'd1',
        text: '发放补偿款',
        people: 30,
        department: '镇财政所',
      });
      await record('commitment.made', {
        commitmentId: 'c1',
        demandId: 'd1',
        text: '7日内核对补偿名册',
        owner: '镇财政所',
        dueAt: '2026-05-18T18:00:00+08:00',
      });
      await record('incident.closed', { summary: '群众已散' });
      // settling is refused while they are owed
      expect((await record('incident.settled', {})).statusCode).toBe(422);

      const other = (
        await post('/api/disputes', {
          id: uuidv7(),
          data: {
            title: '另一纠纷',
            summary: '无关',
            source: 'visit',
            category: 'other',
            sides: [{ kind: 'group', description: '某组村民' }],
          },
        })
      ).json().caseId as string;
      const disputeId = (
        await post('/api/disputes', {
          id: uuidv7(),
          data: {
            title: '补偿款纠纷',
            summary: '由聚集事件转入',
            source: 'incident',
            category: 'requisition',
            sides: [{ kind: 'group', description: '三组村民' }],
            fromIncident: incidentId,
          },
        })
      ).json().caseId as string;

      // only into a linked dispute
      const unlinked = await record('obligations.carried', { disputeId: other, demandIds: ['d1'] });
      expect(unlinked.statusCode).toBe(400);
      expect(unlinked.json().message).toMatch(/not linked/);
      const carryId = uuidv7();
      const carry = { disputeId, demandIds: ['d1'], commitmentIds: ['c1'] };
      const r = await record('obligations.carried', carry, carryId);
      expect(r.statusCode).toBe(201);
      // the incident's clock of the promise ends; the dispute's starts, due on the same date
      expect(
        (r.json() as { events: { type: string; data: { dutyId?: string } }[] }).events.map((e) => e.type),
      ).toEqual(['obligations.carried', 'duty.met']);
      const again = await record('obligations.carried', carry, carryId);
      expect(again.statusCode).toBe(200);
      const disputeLog = await fx.store.readCase(disputeId);
      const made = disputeLog.filter((e) => e.type === 'commitment.made');
      expect(made.map((e) => e.data)).toEqual([
        {
          commitmentId: 'carried:c1',
          text: '（事件承诺转入）7日内核对补偿名册',
          owner: '镇财政所',
          dueAt: '2026-05-18T18:00:00+08:00',
        },
      ]);
      expect(disputeLog.filter((e) => e.type === 'progress.noted').map((e) => e.data.text)).toEqual([
        '承接事件未答复的诉求：发放补偿款（30人，镇财政所）',
      ]);
      // the town plan's dispute section tracks commitments: the clock runs in the dispute now
      const disputeDuty = await fx.store.db
        .selectFrom('duties')
        .select(['status', 'due_at'])
        .where('case_id', '=', disputeId)
        .where('duty_id', '=', 'commitment:carried:c1')
        .executeTakeFirstOrThrow();
      expect(disputeDuty).toEqual({ status: 'open', due_at: '2026-05-18T18:00:00+08:00' });
      // carried twice, or fulfilled in the incident afterwards: refused
      expect((await record('obligations.carried', carry)).statusCode).toBe(409);
      expect((await record('commitment.fulfilled', { commitmentId: 'c1', evidence: 'x' })).statusCode).toBe(
        409,
      );
      // nothing is owed by the incident any more
      expect((await record('incident.settled', { note: '未了事项已转入矛盾纠纷' })).statusCode).toBe(201);
      const items = await fx.store.db
        .selectFrom('commitments')
        .select(['discharge_reason'])
        .where('case_id', '=', incidentId)
        .executeTakeFirstOrThrow();
      expect(items.discharge_reason).toBe(`转入矛盾纠纷 ${disputeId}`);
    });
  },
);
