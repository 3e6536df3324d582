import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import {
  type DisputeDraft,
  type DisputeRules,
  type DisputeState,
  decideDispute,
  evolveDispute,
  initialDisputeState,
  tickDispute,
} from './dispute.decider.ts';

/**
 * The dispute's clocks, as the plan states them and the law counts days (workdays.ts): the
 * 2026 Spring Festival (15–23 February), National Day (1–7 October) and the adjusted Saturday
 * of 10 October.
 */
const RULES: DisputeRules = {
  risk: [],
  duties: [
    {
      id: 'accept',
      title: '受理并书面告知',
      owner: 'office',
      start: { on: 'dispute.registered' },
      within: { days: 15, count: 'calendar' },
      satisfiedBy: [{ on: 'dispute.accepted' }, { on: 'dispute.not_accepted' }],
      warnBefore: { days: 3, count: 'calendar' },
      escalateTo: 'county',
    },
    {
      id: 'handle',
      title: '办理并书面答复',
      owner: 'office',
      start: { on: 'dispute.accepted' },
      within: { days: 60, count: 'calendar' },
      satisfiedBy: [{ on: 'answer.issued' }, { on: 'dispute.resolved' }],
      escalateTo: 'county',
      extendable: true,
    },
    {
      id: 'recheck',
      title: '复查',
      owner: 'county',
      start: { on: 'review.requested', when: { data: 'kind', eq: 'recheck' } },
      within: { days: 30, count: 'calendar' },
      satisfiedBy: [{ on: 'review.decided', when: { data: 'kind', eq: 'recheck' } }],
      escalateTo: 'city',
    },
    {
      id: 'mediate-village',
      title: '村级调解',
      owner: 'village',
      start: { on: 'dispute.assigned', when: { data: 'tier', eq: 'village' } },
      within: { days: 7, count: 'working' },
      satisfiedBy: [{ on: 'mediation.held' }],
      escalateTo: 'town',
    },
  ],
  commitments: { escalateTo: 'town' },
};

const clerk = { id: 'u-clerk', role: 'officer' };
const china = (local: string) => new Date(`${local}+08:00`).toISOString();

/** A dispute's log, played command by command at the given field times (the server clock a minute later). */
class Case {
  state: DisputeState = initialDisputeState();
  log: DisputeDraft[] = [];
  private fold(ds: DisputeDraft[]): DisputeDraft[] {
    for (const d of ds) {
      this.log.push(d);
      this.state = evolveDispute(this.state, { ...d, seq: this.log.length });
    }
    return ds;
  }
  run(at: string, type: string, data: Record<string, unknown>): DisputeDraft[] {
    const now = new Date(Date.parse(at) + 60_000).toISOString();
    return this.fold(
      decideDispute(this.state, { id: uuidv7(), type, data, actor: clerk, occurredAt: at }, RULES, now),
    );
  }
  tick(now: string): DisputeDraft[] {
    return this.fold(tickDispute(this.state, RULES, now, 'case-1'));
  }
}

const registration = {
  title: '征地补偿纠纷',
  summary: '补偿款分配有异议',
  source: 'visit',
  category: 'requisition',
  sides: [{ kind: 'group', description: '三组部分村民' }],
};
const derived = (ds: DisputeDraft[]) =>
  ds.filter((d) => d.actor.role === 'system').map((d) => ({ type: d.type, data: d.data }));

describe('dispute clocks', () => {
  it('gives 15 days to accept; a last day in the Spring Festival runs to the next workday, then it is missed and escalated', () => {
    const c = new Case();
    // registered on 1 February: the 15th day, 16 February, is in the holiday → Tuesday 24 February
    expect(derived(c.run(china('2026-02-01T10:00:00'), 'dispute.registered', registration))).toEqual([
      {
        type: 'duty.started',
        data: {
          dutyId: 'accept',
          dueAt: china('2026-02-25T00:00:00'),
          owner: 'office',
          warnAt: china('2026-02-21T00:00:00'),
        },
      },
    ]);
    expect(c.tick(china('2026-02-20T23:59:00'))).toEqual([]);
    expect(derived(c.tick(china('2026-02-21T08:00:00')))).toEqual([
      {
        type: 'duty.warned',
        data: { dutyId: 'accept', dueAt: china('2026-02-25T00:00:00'), owner: 'office' },
      },
    ]);
    expect(c.tick(china('2026-02-24T23:59:59'))).toEqual([]); // warned once, not yet due
    const missed = c.tick(china('2026-02-25T00:00:00'));
    expect(derived(missed)).toEqual([
      {
        type: 'duty.missed',
        data: { dutyId: 'accept', escalateTo: 'county', dueAt: china('2026-02-25T00:00:00') },
      },
    ]);
    expect(missed[0]?.occurredAt).toBe(china('2026-02-25T00:00:00'));
    expect(c.tick(china('2026-03-01T00:00:00'))).toEqual([]); // once
    // accepted late: the duty is met, late by the days past, and the 60-day clock starts
    const accepted = derived(c.run(china('2026-02-26T09:00:00'), 'dispute.accepted', {}));
    expect(accepted[0]).toEqual({
      type: 'duty.met',
      data: { dutyId: 'accept', byEventId: expect.any(String), lateSeconds: 33 * 3600 },
    });
    expect(accepted[1]).toMatchObject({ type: 'duty.started', data: { dutyId: 'handle' } });
  });

  it('gives 60 days to answer, across National Day, and an approved extension of 30 moves it, the record showing both', () => {
    const c = new Case();
    c.run(china('2026-08-03T09:00:00'), 'dispute.registered', registration);
    // accepted on 3 August: the 60th day, 2 October, is National Day → Thursday 8 October
    expect(derived(c.run(china('2026-08-03T10:00:00'), 'dispute.accepted', {}))).toContainEqual({
      type: 'duty.started',
      data: { dutyId: 'handle', dueAt: china('2026-10-09T00:00:00'), owner: 'office' },
    });
    // 30 more days with the head's approval: 90 days from 3 August is Sunday 1 November → Monday 2 November
    expect(
      derived(
        c.run(china('2026-09-20T10:00:00'), 'extension.approved', {
          days: 30,
          approvedBy: '县信访局局长',
          reason: '需补充调查',
          noticeGivenAt: china('2026-09-20T10:00:00'),
        }),
      ),
    ).toEqual([
      { type: 'duty.extended', data: { dutyId: 'handle', dueAt: china('2026-11-03T00:00:00'), days: 30 } },
    ]);
    expect(c.tick(china('2026-10-09T00:00:00'))).toEqual([]); // the old date no longer counts
    expect(derived(c.tick(china('2026-11-03T00:00:00')))).toEqual([
      {
        type: 'duty.missed',
        data: { dutyId: 'handle', escalateTo: 'county', dueAt: china('2026-11-03T00:00:00') },
      },
    ]);
  });

  it('counts a village mediation in working days, the adjusted Saturday included', () => {
    const c = new Case();
    c.run(china('2026-10-09T09:00:00'), 'dispute.registered', registration);
    c.run(china('2026-10-09T09:10:00'), 'dispute.accepted', {});
    // assigned to the village on Friday 9 October: Sat 10 (a workday), 12–16, Mon 19 → 7 workdays
    expect(
      derived(
        c.run(china('2026-10-09T09:20:00'), 'dispute.assigned', {
          unit: '村调委会',
          leadPosition: '村支书',
          tier: 'village',
        }),
      ),
    ).toEqual([
      {
        type: 'duty.started',
        data: { dutyId: 'mediate-village', dueAt: china('2026-10-20T00:00:00'), owner: 'village' },
      },
    ]);
    // a town-tier assignment starts no village clock
    const t = new Case();
    t.run(china('2026-10-09T09:00:00'), 'dispute.registered', registration);
    t.run(china('2026-10-09T09:10:00'), 'dispute.accepted', {});
    expect(
      derived(
        t.run(china('2026-10-09T09:20:00'), 'dispute.assigned', {
          unit: '司法所',
          leadPosition: '副镇长',
          tier: 'town',
        }),
      ),
    ).toEqual([]);
    // mediated on the last day: met in time
    expect(
      derived(
        c.run(china('2026-10-19T15:00:00'), 'mediation.held', {
          sessionId: 'm1',
          mediator: '村调委会',
          method: 'in_person',
          public: false,
          outcome: 'continuing',
          summary: '双方到场',
        }),
      ),
    ).toEqual([
      {
        type: 'duty.met',
        data: { dutyId: 'mediate-village', byEventId: expect.any(String), lateSeconds: 0 },
      },
    ]);
  });

  it('gives 30 days to decide a 复查, its last day a Sunday running to Monday', () => {
    const c = new Case();
    c.run(china('2026-04-01T09:00:00'), 'dispute.registered', registration);
    c.run(china('2026-04-01T10:00:00'), 'dispute.accepted', {});
    c.run(china('2026-04-20T10:00:00'), 'answer.issued', {
      answerId: 'a1',
      decision: 'explain',
      request: '重新分配',
      facts: '已表决',
      reasons: '符合规定',
      legalBasis: '《土地管理法》',
    });
    expect(
      derived(c.run(china('2026-05-01T10:00:00'), 'review.requested', { kind: 'recheck', request: '不服' })),
    ).toEqual([
      {
        type: 'duty.started',
        data: { dutyId: 'recheck', dueAt: china('2026-06-02T00:00:00'), owner: 'county' },
      },
    ]);
  });

  it('tracks each commitment to its own date: kept in time is met, not kept is missed and escalated, kept late is met late', () => {
    const c = new Case();
    c.run(china('2026-03-02T09:00:00'), 'dispute.registered', registration);
    c.run(china('2026-03-02T10:00:00'), 'dispute.accepted', {});
    const started = derived(
      c.run(china('2026-03-10T10:00:00'), 'agreement.reached', {
        agreementId: 'g1',
        form: 'written',
        clauses: [
          {
            commitmentId: 'c1',
            text: '补发差额',
            method: '转账',
            dueAt: china('2026-03-17T18:00:00'),
            owner: '村委会',
          },
          {
            commitmentId: 'c2',
            text: '公示明细',
            method: '张贴',
            dueAt: china('2026-03-17T18:00:00'),
            owner: '村委会',
          },
        ],
      }),
    );
    expect(started.filter((d) => d.type === 'duty.started').map((d) => d.data)).toEqual([
      { dutyId: 'commitment:c1', dueAt: china('2026-03-17T18:00:00'), owner: '村委会' },
      { dutyId: 'commitment:c2', dueAt: china('2026-03-17T18:00:00'), owner: '村委会' },
    ]);
    // the handle duty is met by the resolution; the commitments stay open after it
    c.run(china('2026-03-10T11:00:00'), 'dispute.resolved', { summary: '达成协议' });
    expect(
      derived(
        c.run(china('2026-03-16T10:00:00'), 'commitment.fulfilled', {
          commitmentId: 'c1',
          evidence: '转账凭证',
        }),
      ),
    ).toEqual([
      { type: 'duty.met', data: { dutyId: 'commitment:c1', byEventId: expect.any(String), lateSeconds: 0 } },
    ]);
    expect(derived(c.tick(china('2026-03-17T18:00:00')))).toEqual([
      {
        type: 'duty.missed',
        data: { dutyId: 'commitment:c2', escalateTo: 'town', dueAt: china('2026-03-17T18:00:00') },
      },
    ]);
    expect(
      derived(
        c.run(china('2026-03-18T18:00:00'), 'commitment.fulfilled', {
          commitmentId: 'c2',
          evidence: '公示照片',
        }),
      ),
    ).toEqual([
      {
        type: 'duty.met',
        data: { dutyId: 'commitment:c2', byEventId: expect.any(String), lateSeconds: 86_400 },
      },
    ]);
    expect(c.run(china('2026-03-19T09:00:00'), 'dispute.settled', {}).map((d) => d.type)).toEqual([
      'dispute.settled',
    ]);
    expect(c.tick(china('2027-01-01T00:00:00'))).toEqual([]); // settled: time brings nothing
  });
});
