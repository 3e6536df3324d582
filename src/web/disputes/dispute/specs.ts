import type { Dayjs } from 'dayjs';
import {
  ANSWER_DECISIONS,
  EVALUATIONS,
  MEDIATION_METHODS,
  MEDIATION_OUTCOMES,
  REVIEW_DECISIONS,
  REVIEW_KINDS,
  TIERS,
} from '../../../core/dispute/dispute.events.ts';
import { RISKS } from '../../../core/dispute/dispute.facts.ts';
import type { Dictionary } from '../../app/strings.ts';
import { dayjs, TZ } from '../../app/time.ts';

/** The sections of the dictionary naming a dispute's values (d.status, d.risk …). */
type DisputeWords = keyof Dictionary['d'];

export type Values = Record<string, unknown>;
export type Field =
  | { name: string; kind: 'text' | 'textarea' | 'date' | 'datetime' | 'bool' | 'number'; required?: boolean }
  | { name: string; kind: 'select'; options: readonly string[]; ns: DisputeWords; required?: boolean };

export interface Spec {
  type: string;
  fields: Field[];
  /** an agreement's clauses */
  clauses?: boolean;
  data?: (v: Values, intentId: string) => Values;
}

/**
 * A form's values as kept with its intent (JSON, to survive a reload): a picked time as its
 * Beijing wall time, YYYY-MM-DDTHH:mm:ss.
 */
export function plain(v: unknown): unknown {
  if (dayjs.isDayjs(v)) return (v as Dayjs).format('YYYY-MM-DDTHH:mm:ss');
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}
/** A kept wall time as the instant it is in Beijing. */
const instant = (v: unknown) => (typeof v === 'string' && v ? dayjs.tz(v, TZ).format() : undefined);
/** A kept day as its end (24:00 in Beijing): what "by the 20th" means. */
const endOfDay = (v: unknown) =>
  typeof v === 'string' && v ? dayjs.tz(v.slice(0, 10), TZ).endOf('day').format() : undefined;

const sel = (name: string, options: readonly string[], ns: DisputeWords, required = true): Field => ({
  name,
  kind: 'select',
  options,
  ns,
  required,
});

/** What is recorded in a dispute, in the order the work goes; the server's rules answer each. */
export const SPECS: Spec[] = [
  { type: 'dispute.accepted', fields: [{ name: 'note', kind: 'textarea' }] },
  {
    type: 'dispute.not_accepted',
    fields: [
      { name: 'reason', kind: 'textarea', required: true },
      { name: 'routesTold', kind: 'textarea', required: true },
    ],
  },
  {
    type: 'dispute.assigned',
    fields: [
      { name: 'unit', kind: 'text', required: true },
      { name: 'leadPosition', kind: 'text', required: true },
      sel('tier', TIERS, 'tier'),
      { name: 'dueAt', kind: 'date' },
      { name: 'note', kind: 'textarea' },
    ],
    data: (v) => ({ ...v, dueAt: endOfDay(v.dueAt) }),
  },
  {
    type: 'dispute.assessed',
    fields: [
      { name: 'people', kind: 'number' },
      { name: 'households', kind: 'number' },
      { name: 'amount', kind: 'number' },
      { name: 'collective', kind: 'bool' },
      sel('risk', RISKS, 'risk'),
      { name: 'basis', kind: 'textarea', required: true },
    ],
    data: (v) => ({
      facts: Object.fromEntries(
        ['people', 'households', 'amount', 'collective']
          .filter((k) => v[k] !== undefined && v[k] !== null)
          .map((k) => [k, v[k]]),
      ),
      risk: v.risk,
      basis: v.basis,
    }),
  },
  {
    type: 'mediation.held',
    fields: [
      { name: 'mediator', kind: 'text', required: true },
      sel('method', MEDIATION_METHODS, 'method'),
      { name: 'public', kind: 'bool' },
      sel('outcome', MEDIATION_OUTCOMES, 'outcome'),
      { name: 'summary', kind: 'textarea', required: true },
      { name: 'refusedBy', kind: 'text' },
      { name: 'routesTold', kind: 'textarea' },
    ],
    data: (v, id) => ({ ...v, public: v.public === true, sessionId: `s-${id}` }),
  },
  {
    type: 'agreement.reached',
    fields: [sel('form', ['written', 'oral'], 'form')],
    clauses: true,
    data: (v, id) => ({
      agreementId: `a-${id}`,
      form: v.form,
      clauses: ((v.clauses as Values[] | undefined) ?? []).map((c, i) => ({
        commitmentId: `a-${id}-${i + 1}`,
        text: c.text,
        method: c.method,
        owner: c.owner,
        dueAt: endOfDay(c.dueAt),
      })),
    }),
  },
  {
    type: 'answer.issued',
    fields: [
      sel('decision', ANSWER_DECISIONS, 'decision'),
      { name: 'request', kind: 'textarea', required: true },
      { name: 'facts', kind: 'textarea', required: true },
      { name: 'reasons', kind: 'textarea', required: true },
      { name: 'legalBasis', kind: 'textarea', required: true },
    ],
    data: (v, id) => ({ ...v, answerId: `ans-${id}` }),
  },
  {
    type: 'extension.approved',
    fields: [
      { name: 'days', kind: 'number', required: true },
      { name: 'approvedBy', kind: 'text', required: true },
      { name: 'reason', kind: 'textarea', required: true },
      { name: 'noticeGivenAt', kind: 'datetime', required: true },
    ],
    data: (v) => ({ ...v, noticeGivenAt: instant(v.noticeGivenAt) }),
  },
  { type: 'progress.noted', fields: [{ name: 'text', kind: 'textarea', required: true }] },
  {
    type: 'commitment.made',
    fields: [
      { name: 'text', kind: 'textarea', required: true },
      { name: 'owner', kind: 'text', required: true },
      { name: 'dueAt', kind: 'date', required: true },
    ],
    data: (v, id) => ({ ...v, commitmentId: `c-${id}`, dueAt: endOfDay(v.dueAt) }),
  },
  {
    type: 'review.requested',
    fields: [sel('kind', REVIEW_KINDS, 'reviewKind'), { name: 'request', kind: 'textarea', required: true }],
  },
  {
    type: 'review.decided',
    fields: [
      sel('kind', REVIEW_KINDS, 'reviewKind'),
      sel('decision', REVIEW_DECISIONS, 'reviewDecision'),
      { name: 'reasons', kind: 'textarea', required: true },
      { name: 'legalBasis', kind: 'textarea', required: true },
    ],
  },
  {
    type: 'visit.made',
    fields: [
      sel('method', ['in_person', 'phone', 'online'], 'visitMethod'),
      { name: 'summary', kind: 'textarea', required: true },
      sel('evaluation', EVALUATIONS, 'evaluation', false),
      { name: 'said', kind: 'textarea' },
    ],
  },
  { type: 'dispute.resolved', fields: [{ name: 'summary', kind: 'textarea', required: true }] },
  {
    type: 'dispute.ended',
    fields: [
      { name: 'reason', kind: 'textarea', required: true },
      { name: 'routesTold', kind: 'textarea', required: true },
    ],
  },
  { type: 'dispute.settled', fields: [{ name: 'note', kind: 'textarea' }] },
];

/** The values of a form without what was left empty. */
export const filled = (v: Values): Values =>
  Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== null && x !== ''));
