import type { DisputeDetail } from '../../../core/api/disputes.ts';
import { DisputeEventData, type DisputeEventType } from '../../../core/dispute/dispute.events.ts';
import { type Choices, type CommandForm, itemId, type Stored } from '../../app/forms/fields.ts';
import { schemaFields } from '../../app/forms/from-schema.ts';
import { nameOf } from '../../app/names.ts';
import { beijing } from '../../app/time.ts';

export type DisputeForm = CommandForm<DisputeDetail, DisputeEventType>;

/**
 * The fields of a dispute event's schema, named in the dictionary's `df`; each value of an enum
 * in the section of `d` its field names (`d` itself names none of them: every enum says which).
 */
const of = schemaFields(DisputeEventData, { labels: 'df', options: 'd' });

/** The agreements not yet taken to court for 司法确认. */
const unconfirmed: Choices<DisputeDetail> = (d, _plan, t) => {
  const applied = new Set(
    d.events.filter((e) => e.type === 'confirmation.applied').map((e) => String(e.data.agreementId)),
  );
  return d.events
    .filter((e) => e.type === 'agreement.reached' && !applied.has(String(e.data.agreementId)))
    .map((e) => ({
      value: String(e.data.agreementId),
      label: t('dispute.agreementOf', {
        d: beijing(e.occurredAt, 'YYYY-MM-DD'),
        n: Array.isArray(e.data.clauses) ? e.data.clauses.length : 0,
      }),
    }));
};

/** The entries people recorded, newest first: what a correction may correct. */
const entries: Choices<DisputeDetail> = (d, _plan, t) =>
  d.events
    .filter((e) => e.actor.role !== 'system' && e.type !== 'entry.corrected')
    .reverse()
    .map((e) => ({
      value: e.id,
      label: `${beijing(e.occurredAt, 'MM-DD HH:mm')} ${nameOf(t, 'de', e.type)}`,
    }));

/**
 * The forms of a dispute, in the order its work goes. Every field is its event's (core's
 * catalogue, `schemaFields`): required or not, a line or a box, a number, a switch, one of the
 * schema's values, a time. A deadline (包案's 化解时限, a commitment's or a clause's 履行期限) is
 * asked as a day and kept as its end, "by the 20th"; the ids of new items are made from the
 * intent's. Nothing here is written out by hand: an agreement's clauses are the schema's list
 * of objects, added one by one.
 */
export const DISPUTE_FORMS: DisputeForm[] = [
  { type: 'dispute.accepted', fields: [of('dispute.accepted').field('note')] },
  {
    type: 'dispute.not_accepted',
    fields: [of('dispute.not_accepted').field('reason'), of('dispute.not_accepted').field('routesTold')],
  },
  {
    type: 'dispute.assigned',
    fields: [
      of('dispute.assigned').field('unit'),
      of('dispute.assigned').field('leadPosition'),
      of('dispute.assigned').field('tier', { dict: 'd.tier' }),
      of('dispute.assigned').field('dueAt', { kind: 'date' }),
      of('dispute.assigned').field('note'),
    ],
  },
  {
    type: 'dispute.assessed',
    fields: [
      ...of('dispute.assessed').object('facts', (f) => [
        f.field('people'),
        f.field('households'),
        f.field('amount'),
        f.field('since'),
        ...f.object('visitedUp', (v) => [
          v.field('level', { label: 'visitedUp', dict: 'visitTo' }),
          v.field('times', { label: 'visitedTimes' }),
        ]),
        f.field('collective'),
      ]),
      of('dispute.assessed').field('risk', { dict: 'd.risk' }),
      of('dispute.assessed').field('basis'),
    ],
    // the facts as known, none stated when none is filled in (the schema asks for the object)
    data: (v) => ({ ...v, facts: v.facts ?? {} }),
  },
  { type: 'progress.noted', fields: [of('progress.noted').field('text')] },
  {
    type: 'mediation.held',
    fields: [
      of('mediation.held').field('mediator'),
      of('mediation.held').field('method', { dict: 'd.method' }),
      of('mediation.held').field('public'),
      of('mediation.held').field('outcome', { dict: 'd.outcome' }),
      of('mediation.held').field('summary'),
      // the decider asks for these when a party refused or the mediation failed, in its own words
      of('mediation.held').field('refusedBy'),
      of('mediation.held').field('routesTold'),
    ],
    data: (v, i) => ({ ...v, sessionId: itemId('s', i) }),
  },
  {
    type: 'agreement.reached',
    fields: [
      of('agreement.reached').field('form', { dict: 'd.form' }),
      of('agreement.reached').list(
        'clauses',
        (c) => [
          c.field('text'),
          c.field('method', { label: 'clauseMethod' }),
          c.field('owner'),
          c.field('dueAt', { kind: 'date', label: 'performBy' }),
        ],
        { item: 'dispute.clause', add: 'dispute.addClause' },
      ),
    ],
    initial: () => ({ form: 'written', clauses: [{}] }),
    // each clause a commitment, its id the agreement's and its number
    data: (v, i) => ({
      ...v,
      agreementId: itemId('a', i),
      clauses: ((v.clauses as Stored[] | undefined) ?? []).map((c, n) => ({
        ...c,
        commitmentId: `${itemId('a', i)}-${n + 1}`,
      })),
    }),
  },
  {
    type: 'confirmation.applied',
    fields: [
      of('confirmation.applied').choice('agreementId', unconfirmed),
      of('confirmation.applied').field('court'),
    ],
  },
  {
    type: 'answer.issued',
    fields: [
      of('answer.issued').field('decision', { dict: 'd.decision' }),
      of('answer.issued').field('request'),
      of('answer.issued').field('facts'),
      of('answer.issued').field('reasons'),
      of('answer.issued').field('legalBasis'),
    ],
    data: (v, i) => ({ ...v, answerId: itemId('ans', i) }),
  },
  {
    type: 'extension.approved',
    fields: [
      of('extension.approved').field('days'),
      of('extension.approved').field('approvedBy'),
      of('extension.approved').field('reason'),
      of('extension.approved').field('noticeGivenAt'),
    ],
  },
  {
    type: 'commitment.made',
    fields: [
      of('commitment.made').field('text'),
      of('commitment.made').field('owner'),
      of('commitment.made').field('dueAt', { kind: 'date', label: 'performBy' }),
    ],
    data: (v, i) => ({ ...v, commitmentId: itemId('c', i) }),
  },
  {
    type: 'review.requested',
    fields: [
      of('review.requested').field('kind', { dict: 'd.reviewKind' }),
      of('review.requested').field('request'),
    ],
  },
  {
    type: 'review.decided',
    fields: [
      of('review.decided').field('kind', { dict: 'd.reviewKind' }),
      of('review.decided').field('decision', { dict: 'd.reviewDecision' }),
      of('review.decided').field('reasons'),
      of('review.decided').field('legalBasis'),
    ],
  },
  {
    type: 'visit.made',
    fields: [
      of('visit.made').field('method', { dict: 'd.visitMethod' }),
      of('visit.made').field('summary'),
      of('visit.made').field('evaluation', { dict: 'd.evaluation' }),
      of('visit.made').field('said'),
    ],
  },
  { type: 'dispute.resolved', fields: [of('dispute.resolved').field('summary')] },
  {
    type: 'dispute.ended',
    fields: [of('dispute.ended').field('reason'), of('dispute.ended').field('routesTold')],
  },
  { type: 'dispute.settled', fields: [of('dispute.settled').field('note')] },
  {
    type: 'entry.corrected',
    fields: [
      of('entry.corrected').choice('eventId', entries),
      of('entry.corrected').field('correction'),
      of('entry.corrected').field('reason'),
    ],
  },
];

/** Where the dispute's event types without a form here are recorded. */
export const RECORDED_ELSEWHERE: Partial<Record<DisputeEventType, string>> = {
  'dispute.registered': 'the ledger’s 登记矛盾纠纷 (/disputes/new)',
  'commitment.fulfilled': 'each open commitment on the dispute page (兑现)',
  'commitment.discharged': 'each open commitment on the dispute page (免除)',
  'incident.linked': 'the dispute page’s 由此报告事件, or a dispute registered from an incident',
  'finding.disposed': 'the findings (问责) page, by a leader or auditor of the level above',
  'escalation.acknowledged': 'the board’s escalations (上报), by the level the escalation reached',
};
