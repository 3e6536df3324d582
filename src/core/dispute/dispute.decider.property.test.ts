import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { HuajieError } from '../errors.ts';
import { NewEventSchema } from '../events/event.ts';
import {
  type Command,
  type DisputeRules,
  decideDispute,
  evolveDispute,
  foldDispute,
  initialDisputeState,
  type LoggedDisputeEvent,
  tickDispute,
} from './dispute.decider.ts';

/**
 * Random runs of a dispute's life: any command at any time, accepted or refused by the rules.
 * What is accepted is a valid event of the log; folding the log one event at a time gives the
 * state folding it at once does; and a settled dispute owes nothing.
 */
const T0 = Date.parse('2026-01-05T01:00:00Z');
const DAY = 86_400_000;
const time = (day: number) => new Date(T0 + day * DAY).toISOString();
const RULES: DisputeRules = {
  risk: [{ risk: 'high', rule: { fact: 'people', gte: 50 } }],
  duties: [
    {
      id: 'accept',
      title: '受理',
      owner: 'office',
      start: { on: 'dispute.registered' },
      within: { days: 15, count: 'calendar' },
      satisfiedBy: [{ on: 'dispute.accepted' }, { on: 'dispute.not_accepted' }],
      warnBefore: { days: 3, count: 'working' },
      escalateTo: 'county',
    },
    {
      id: 'handle',
      title: '办理',
      owner: 'office',
      start: { on: 'dispute.accepted' },
      within: { days: 60, count: 'working' },
      satisfiedBy: [{ on: 'answer.issued' }, { on: 'dispute.resolved' }],
      escalateTo: 'county',
      extendable: true,
    },
  ],
  commitments: { escalateTo: 'town' },
};
const actor = { id: 'u1', role: 'officer' };

const KINDS = [
  'accept',
  'refuse',
  'assign',
  'assess',
  'mediate',
  'mediation-refused',
  'agree',
  'confirm',
  'answer',
  'extend',
  'recheck',
  'recheck-decided',
  'review',
  'review-decided',
  'fulfil',
  'discharge',
  'visit',
  'resolve',
  'end',
  'settle',
  'tick',
] as const;

function command(kind: (typeof KINDS)[number], day: number, n: number): Command {
  const c = (type: string, data: Record<string, unknown>): Command => ({
    id: uuidv7(),
    type,
    data,
    actor,
    occurredAt: time(day),
  });
  const id = `x${n % 3}`;
  switch (kind) {
    case 'accept':
      return c('dispute.accepted', {});
    case 'refuse':
      return c('dispute.not_accepted', { reason: '不属于受理范围', routesTold: '告知诉讼途径' });
    case 'assign':
      return c('dispute.assigned', { unit: '司法所', leadPosition: '副镇长', tier: 'town' });
    case 'assess':
      return c('dispute.assessed', { facts: { people: n * 7 }, risk: n % 2 ? 'high' : 'low', basis: '研判' });
    case 'mediate':
      return c('mediation.held', {
        sessionId: `m${n}`,
        mediator: '调委会',
        method: 'in_person',
        public: false,
        outcome: 'continuing',
        summary: '调解',
      });
    case 'mediation-refused':
      return c('mediation.held', {
        sessionId: `m${n}`,
        mediator: '调委会',
        method: 'in_person',
        public: false,
        outcome: 'refused',
        summary: '一方拒绝',
        refusedBy: '一方',
        routesTold: '告知诉讼途径',
      });
    case 'agree':
      return c('agreement.reached', {
        agreementId: `g${n}`,
        form: 'written',
        clauses: [{ commitmentId: id, text: '履行', method: '转账', dueAt: time(day + 10), owner: '村委会' }],
      });
    case 'confirm':
      return c('confirmation.applied', { agreementId: `g${n}`, court: '县法院' });
    case 'answer':
      return c('answer.issued', {
        answerId: `a${n}`,
        decision: 'explain',
        request: '请求',
        facts: '事实',
        reasons: '理由',
        legalBasis: '依据',
      });
    case 'extend':
      return c('extension.approved', {
        days: 1 + (n % 30),
        approvedBy: '局长',
        reason: '理由',
        noticeGivenAt: time(day),
      });
    case 'recheck':
      return c('review.requested', { kind: 'recheck', request: '不服' });
    case 'recheck-decided':
      return c('review.decided', {
        kind: 'recheck',
        decision: 'upheld',
        reasons: '理由',
        legalBasis: '依据',
      });
    case 'review':
      return c('review.requested', { kind: 'review', request: '不服' });
    case 'review-decided':
      return c('review.decided', { kind: 'review', decision: 'upheld', reasons: '理由', legalBasis: '依据' });
    case 'fulfil':
      return c('commitment.fulfilled', { commitmentId: id, evidence: '凭证' });
    case 'discharge':
      return c('commitment.discharged', { commitmentId: id, reason: '双方同意' });
    case 'visit':
      return c('visit.made', { method: 'phone', summary: '回访', evaluation: 'satisfied' });
    case 'resolve':
      return c('dispute.resolved', { summary: '化解' });
    case 'end':
      return c('dispute.ended', { reason: '终止', routesTold: '告知诉讼途径' });
    case 'settle':
      return c('dispute.settled', {});
    case 'tick':
      return c('tick', {});
  }
}

const step = fc.record({
  kind: fc.constantFrom(...KINDS),
  days: fc.integer({ min: 0, max: 20 }),
  n: fc.integer({ min: 0, max: 5 }),
});

describe('a dispute over random runs', () => {
  it('records only valid events, folds the same one at a time, and settles only when nothing is owed', () => {
    fc.assert(
      // half the runs start as most disputes do — accepted, an agreement, resolved — so that
      // what follows meets open commitments, windows and the settlement
      fc.property(fc.boolean(), fc.array(step, { maxLength: 40 }), (usual, rest) => {
        const steps: { kind: (typeof KINDS)[number]; days: number; n: number }[] = usual
          ? [
              { kind: 'accept', days: 1, n: 0 },
              { kind: 'agree', days: 1, n: 0 },
              { kind: 'resolve', days: 1, n: 0 },
              ...rest,
            ]
          : rest;
        const log: LoggedDisputeEvent[] = [];
        let state = initialDisputeState();
        let day = 0;
        const apply = (c: Command) => {
          try {
            const drafts =
              c.type === 'tick'
                ? tickDispute(state, RULES, time(day), 'case-1')
                : decideDispute(state, c, RULES, time(day + 1));
            for (const d of drafts) {
              expect(NewEventSchema.safeParse(d).success).toBe(true);
              const e = { ...d, seq: log.length + 1 };
              log.push(e);
              state = evolveDispute(state, e);
            }
          } catch (e) {
            // a refusal is the rules': never anything else
            expect(e).toBeInstanceOf(HuajieError);
          }
        };
        apply({
          id: uuidv7(),
          type: 'dispute.registered',
          data: {
            title: '纠纷',
            summary: '概况',
            source: 'visit',
            category: 'labour',
            sides: [{ kind: 'group', description: '部分务工人员' }],
          },
          actor,
          occurredAt: time(0),
        });
        for (const s of steps) {
          day += s.days;
          apply(command(s.kind, day, s.n));
        }
        const once = foldDispute(log);
        expect(once).toEqual(state);
        if (state.settled) {
          expect([...state.commitments.values()].every((c) => c !== 'open')).toBe(true);
          expect(state.outcome !== null || state.acceptance === 'not_accepted').toBe(true);
        }
        expect(state.extensionDays).toBeLessThanOrEqual(30);
        // every clock: started once, missed at most once, met or missed only once started
        const started = log
          .filter((e) => e.type === 'duty.started')
          .map((e) => (e.data as { dutyId: string }).dutyId);
        expect(new Set(started).size).toBe(started.length);
        const missed = log
          .filter((e) => e.type === 'duty.missed')
          .map((e) => (e.data as { dutyId: string }).dutyId);
        expect(new Set(missed).size).toBe(missed.length);
        for (const e of log)
          if (e.type === 'duty.met' || e.type === 'duty.missed' || e.type === 'duty.warned')
            expect(started).toContain((e.data as { dutyId: string }).dutyId);
      }),
      { numRuns: 300 },
    );
  });
});
