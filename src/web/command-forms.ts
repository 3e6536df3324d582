import { TREE_LEVELS } from '../core/accounts/accounts.ts';
import { ASSESSMENTS, LOG_KINDS, SITREP_FIELDS, SITREP_URGENCIES } from '../core/incident/incident.events.ts';
import { BLOCKING_TARGETS, type Facts, GATHERING_FORMS, VISIT_LEVELS } from '../core/plan/facts.ts';
import { howToMeetDuty, planMarkers } from '../core/plan/meet.ts';
import type { Plan } from '../core/plan/plan.schema.ts';
import type { IncidentDetail } from './api.ts';
import { beijing, dayjs, TZ } from './time.ts';

/**
 * The forms of what is recorded during an incident, as data: CommandForms.tsx renders them,
 * the server's rules answer each one, and a test holds that every event type a plan can wait
 * on and a person may record has one.
 */
export type Field =
  | { name: string; kind: 'text' | 'textarea'; required?: boolean }
  | { name: string; kind: 'number'; required?: boolean }
  | { name: string; kind: 'bool' }
  /** a time, picked and shown as Beijing wall time */
  | { name: string; kind: 'datetime'; required?: boolean }
  /** one of fixed values, shown by their names in the dictionary's `dict` section */
  | { name: string; kind: 'select'; options: readonly string[]; dict?: string; required?: boolean }
  /** several of fixed values */
  | { name: string; kind: 'multi'; options: readonly string[]; dict: string }
  /** a choice among what the incident or its plan holds (its demands, the plan's groups) */
  | {
      name: string;
      kind: 'choice';
      choices: (d: IncidentDetail, plan: Plan | undefined) => { value: string; label: string }[];
      required?: boolean;
    };

/** A form's values as kept with its intent (JSON, to survive a reload); a time as Beijing wall time. */
export type Stored = Record<string, unknown>;

export interface CommandForm {
  type: string;
  fields: Field[];
  /** the event's data from the form's kept values and the intent's id */
  data?: (v: Stored, intentId: string) => Record<string, unknown>;
  /** the form's values for an event's data (a duty's one-tap action fills the form with them) */
  fromData?: (data: Record<string, unknown>) => Stored;
  /** what the form starts with on this incident */
  initial?: (d: IncidentDetail) => Stored;
  /** values that are possible but unlikely, each a sentence asking to confirm it */
  implausible?: (v: Stored) => string[];
}

/** A kept wall time in Beijing, as an instant with its offset. */
export const beijingInstant = (v: unknown) =>
  typeof v === 'string' && v ? dayjs.tz(v, TZ).format() : undefined;

/**
 * A new item's id, made from the intent's: unique even when two officers record in the same
 * instant, and the same in every retry.
 */
const itemId = (prefix: string, intentId: string) => `${prefix}-${intentId}`;

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The fact fields of the report and of a facts update, flat as a form holds them. */
export const FACT_FIELDS: Field[] = [
  { name: 'participants', kind: 'number' },
  { name: 'onlookers', kind: 'number' },
  { name: 'visitLevel', kind: 'select', options: VISIT_LEVELS, dict: 'visitTo' },
  { name: 'visitPeople', kind: 'number' },
  { name: 'form', kind: 'select', options: GATHERING_FORMS, dict: 'forms' },
  { name: 'blocking', kind: 'multi', options: BLOCKING_TARGETS, dict: 'targets' },
  { name: 'injured', kind: 'number' },
  { name: 'dead', kind: 'number' },
  { name: 'violence', kind: 'bool' },
  { name: 'propertyLoss', kind: 'number' },
];

/** The facts a form's flat values state; what is left empty is not stated (not zero). */
export function factsOf(v: Stored): Facts {
  const f: Facts = {};
  for (const k of ['participants', 'onlookers', 'injured', 'dead', 'propertyLoss'] as const) {
    const n = num(v[k]);
    if (n !== undefined) f[k] = n;
  }
  const blocking = Array.isArray(v.blocking) ? (v.blocking as Facts['blocking']) : undefined;
  if (blocking?.length) f.blocking = blocking;
  if (typeof v.form === 'string') f.form = v.form as Facts['form'];
  if (typeof v.violence === 'boolean') f.violence = v.violence;
  const people = num(v.visitPeople);
  if (typeof v.visitLevel === 'string' && people !== undefined)
    f.visit = { level: v.visitLevel as NonNullable<Facts['visit']>['level'], people };
  return f;
}

/** A form's flat values for known facts. */
export function factValues(f: Facts): Stored {
  const { visit, ...rest } = f;
  return { ...rest, ...(visit ? { visitLevel: visit.level, visitPeople: visit.people } : {}) };
}

/**
 * Counts that are possible but unlikely enough to be a slip of the finger (an extra zero), each
 * a sentence asking to confirm it before it goes out and sets the level.
 */
export function implausibleFacts(f: Facts): string[] {
  const out: string[] = [];
  const big = (n: number | undefined, limit: number, what: string) => {
    if (n !== undefined && n >= limit) out.push(`${what} ${n.toLocaleString('zh-CN')}`);
  };
  big(f.participants, 10_000, '参与人数');
  big(f.onlookers, 10_000, '围观人数');
  big(f.visit?.people, 1_000, '上访人数');
  big(f.injured, 100, '受伤人数');
  big(f.dead, 10, '死亡人数');
  big(f.propertyLoss, 100_000_000, '财产损失（元）');
  if (f.visit && f.participants !== undefined && f.visit.people > f.participants)
    out.push(`上访人数 ${f.visit.people} 多于参与人数 ${f.participants}`);
  return out;
}

/** The situation report, filled in from what the log already says (seed 002 §5(二)). */
export function sitrepDefaults(d: IncidentDetail): Stored {
  const reported = d.report?.data ?? {};
  const facts = d.facts;
  const location = (reported.location ?? {}) as { text?: string };
  const measures = d.measures.map((m) => `${String(m.kind)}（${String(m.legal_basis)}）`);
  return {
    kind: d.sitrepSent ? 'update' : 'initial',
    toLevel: 'town',
    time:
      typeof reported.startedAt === 'string' ? beijing(reported.startedAt, 'YYYY-MM-DD HH:mm') : undefined,
    place: location.text,
    source: reported.source,
    participants: facts.participants,
    onlookers: facts.onlookers,
    casualties:
      facts.injured !== undefined || facts.dead !== undefined
        ? `伤 ${String(facts.injured ?? 0)}，亡 ${String(facts.dead ?? 0)}`
        : undefined,
    scene: reported.summary,
    measures: measures.length ? measures.join('；') : undefined,
  };
}

/** The plan's units by name: positions first (who arrives), then the bodies. */
const units = (plan: Plan | undefined, positionsFirst = true) =>
  plan
    ? (positionsFirst
        ? [
            ...plan.organisation.positions,
            plan.organisation.leadingGroup,
            plan.organisation.office,
            ...plan.organisation.groups,
          ]
        : [plan.organisation.office, ...plan.organisation.groups]
      )
        .filter((u) => u !== undefined)
        .map((u) => ({ value: u.id, label: u.name }))
    : [];

const openTasks = (d: IncidentDetail) =>
  d.tasks.filter((x) => x.status !== 'done').map((x) => ({ value: x.task_id, label: x.title }));

export const FORMS: CommandForm[] = [
  {
    type: 'sitrep.submitted',
    fields: [
      { name: 'toLevel', kind: 'select', options: [...TREE_LEVELS].reverse(), required: true },
      { name: 'office', kind: 'text' },
      { name: 'kind', kind: 'select', options: ['initial', 'update', 'final'], required: true },
      ...SITREP_FIELDS.map(
        (f): Field => ({ name: f, kind: f === 'participants' || f === 'onlookers' ? 'number' : 'textarea' }),
      ),
      // how it goes out as a document (公文)
      { name: 'issuer', kind: 'text' },
      { name: 'number', kind: 'text' },
      { name: 'signer', kind: 'text' },
      { name: 'urgency', kind: 'select', options: [...SITREP_URGENCIES] },
    ],
    data: (v) => {
      const document = Object.fromEntries(
        (['issuer', 'number', 'signer', 'urgency'] as const)
          .filter((k) => v[k] !== undefined && v[k] !== '')
          .map((k) => [k, v[k]]),
      );
      return {
        to: { level: v.toLevel, ...(v.office ? { office: v.office } : {}) },
        kind: v.kind,
        fields: Object.fromEntries(
          SITREP_FIELDS.filter((f) => v[f] !== undefined && v[f] !== '').map((f) => [f, v[f]]),
        ),
        ...(Object.keys(document).length > 0 ? { document } : {}),
      };
    },
    fromData: (data) => {
      const to = (data.to ?? {}) as { level?: unknown; office?: unknown };
      return {
        ...(to.level !== undefined ? { toLevel: to.level } : {}),
        ...(to.office !== undefined ? { office: to.office } : {}),
        ...(data.kind !== undefined ? { kind: data.kind } : {}),
      };
    },
    initial: sitrepDefaults,
  },
  {
    type: 'arrival.recorded',
    fields: [
      // picked by name from the plan's positions (and units): the id a duty waits on
      { name: 'position', kind: 'choice', required: true, choices: (_, plan) => units(plan) },
      { name: 'note', kind: 'text' },
    ],
  },
  {
    type: 'incident.facts.updated',
    fields: [...FACT_FIELDS, { name: 'note', kind: 'text' }],
    data: (v) => ({ facts: factsOf(v), ...(v.note ? { note: v.note } : {}) }),
    fromData: (data) => factValues((data.facts ?? {}) as Facts),
    initial: (d) => factValues(d.facts),
    implausible: (v) => implausibleFacts(factsOf(v)),
  },
  {
    type: 'incident.verified',
    fields: [
      { name: 'verified', kind: 'bool' },
      { name: 'note', kind: 'text' },
    ],
    data: (v) => ({ verified: v.verified === true, ...(v.note ? { note: v.note } : {}) }),
    initial: () => ({ verified: true }),
  },
  {
    type: 'log.entry',
    fields: [
      { name: 'text', kind: 'textarea', required: true },
      { name: 'kind', kind: 'select', options: LOG_KINDS, dict: 'logKinds' },
      {
        name: 'marker',
        kind: 'choice',
        // the markers the plan's duties wait on, named by the duty that waits
        choices: (_, plan) =>
          plan ? planMarkers(plan).map((m) => ({ value: m.marker, label: `${m.duty}（${m.marker}）` })) : [],
      },
      { name: 'significant', kind: 'bool' },
    ],
  },
  {
    type: 'measure.authorized',
    fields: [
      { name: 'kind', kind: 'text', required: true },
      { name: 'legalBasis', kind: 'text' },
      { name: 'authorizedBy', kind: 'text' },
      { name: 'scope', kind: 'textarea', required: true },
      { name: 'recording', kind: 'bool' },
    ],
    data: (v, i) => ({ ...v, measureId: itemId('m', i), recording: v.recording === true }),
  },
  {
    type: 'measure.ended',
    fields: [
      {
        name: 'measureId',
        kind: 'choice',
        required: true,
        choices: (d) =>
          d.measures.filter((m) => !m.ended_at).map((m) => ({ value: m.measure_id, label: m.kind })),
      },
      { name: 'outcome', kind: 'textarea', required: true },
    ],
  },
  {
    type: 'task.assigned',
    fields: [
      { name: 'title', kind: 'text', required: true },
      { name: 'group', kind: 'choice', choices: (_, plan) => units(plan, false) },
      { name: 'assignee', kind: 'text' },
      { name: 'dueAt', kind: 'datetime' },
    ],
    data: (v, i) => ({ ...v, taskId: itemId('t', i), dueAt: beijingInstant(v.dueAt) }),
  },
  {
    type: 'task.acknowledged',
    fields: [{ name: 'taskId', kind: 'choice', required: true, choices: openTasks }],
  },
  {
    type: 'task.completed',
    fields: [
      { name: 'taskId', kind: 'choice', required: true, choices: openTasks },
      { name: 'result', kind: 'textarea', required: true },
    ],
  },
  {
    type: 'demand.registered',
    fields: [
      { name: 'text', kind: 'textarea', required: true },
      { name: 'people', kind: 'number', required: true },
      { name: 'department', kind: 'text', required: true },
    ],
    data: (v, i) => ({ ...v, demandId: itemId('d', i) }),
  },
  {
    type: 'demand.assessed',
    fields: [
      {
        name: 'demandId',
        kind: 'choice',
        required: true,
        choices: (d) => d.demands.map((x) => ({ value: x.demand_id, label: x.text })),
      },
      { name: 'assessment', kind: 'select', options: ASSESSMENTS, dict: 'assessments', required: true },
      { name: 'basis', kind: 'textarea', required: true },
    ],
  },
  {
    type: 'demand.answered',
    fields: [
      {
        name: 'demandId',
        kind: 'choice',
        required: true,
        choices: (d) =>
          d.demands.filter((x) => !x.answer).map((x) => ({ value: x.demand_id, label: x.text })),
      },
      { name: 'answer', kind: 'textarea', required: true },
    ],
  },
  {
    type: 'dialogue.held',
    fields: [
      { name: 'representatives', kind: 'number', required: true },
      { name: 'with', kind: 'text', required: true },
      { name: 'summary', kind: 'textarea', required: true },
    ],
  },
  {
    type: 'commitment.made',
    fields: [
      { name: 'text', kind: 'textarea', required: true },
      { name: 'owner', kind: 'text', required: true },
      { name: 'dueAt', kind: 'datetime', required: true },
      {
        name: 'demandId',
        kind: 'choice',
        choices: (d) => d.demands.map((x) => ({ value: String(x.demand_id), label: String(x.text) })),
      },
    ],
    data: (v, i) => ({ ...v, commitmentId: itemId('c', i), dueAt: beijingInstant(v.dueAt) }),
  },
  {
    type: 'commitment.fulfilled',
    fields: [
      {
        name: 'commitmentId',
        kind: 'choice',
        required: true,
        choices: (d) =>
          d.commitments
            .filter((c) => !c.fulfilled_at)
            .map((c) => ({ value: c.commitment_id, label: c.text })),
      },
      { name: 'evidence', kind: 'textarea', required: true },
    ],
  },
  {
    type: 'statement.published',
    fields: [
      { name: 'channel', kind: 'text', required: true },
      { name: 'text', kind: 'textarea', required: true },
    ],
    data: (v, i) => ({ ...v, statementId: itemId('s', i) }),
  },
  {
    type: 'escalation.requested',
    fields: [
      { name: 'to', kind: 'text', required: true },
      { name: 'reason', kind: 'textarea', required: true },
    ],
  },
  { type: 'incident.stabilized', fields: [{ name: 'note', kind: 'textarea', required: true }] },
  { type: 'incident.closed', fields: [{ name: 'summary', kind: 'textarea', required: true }] },
  { type: 'incident.settled', fields: [{ name: 'note', kind: 'textarea' }] },
];

/** Where the event types without a form here are recorded. */
export const RECORDED_ELSEWHERE: Record<string, string> = {
  'incident.reported': 'the report page (/report)',
  'incident.level.set': 'the level control at the top of the incident page',
  'entry.corrected': 'each timeline entry',
  'obligations.carried': 'the incident page’s 承接未了事项',
  'dispute.linked': 'a dispute’s page (由此报告事件) and the link on the incident page',
  'review.drafted': 'the incident page’s 总结 card, once it is closed',
  'review.submitted': 'the incident page’s 总结 card, once it is closed',
  'review.returned': 'the 总结 card, by a leader of the level above',
  'review.approved': 'the 总结 card, by a leader of the level above',
  'sitrep.acknowledged': 'the board’s 收到的报告, by the office the report is addressed to',
  'finding.disposed':
    'the findings (问责) page and the incident page’s findings, by a leader or auditor of the level above',
};

/**
 * A duty's one-tap action: the form that meets it and the values to fill in, or undefined when
 * no form here records what meets it.
 */
export function dutyAction(
  plan: Plan | undefined,
  dutyId: string,
): { type: string; values: Stored; section?: 'review' } | undefined {
  // a commitment's clock is met by keeping it
  if (dutyId.startsWith('commitment:'))
    return { type: 'commitment.fulfilled', values: { commitmentId: dutyId.slice('commitment:'.length) } };
  const how = plan ? howToMeetDuty(plan, dutyId) : undefined;
  // the review (总结) is written in its own card: the action leads there
  if (how?.type === 'review.submitted' || how?.type === 'review.drafted')
    return { type: 'review.submitted', values: {}, section: 'review' };
  const spec = how && FORMS.find((f) => f.type === how.type);
  if (!how || !spec) return undefined;
  return { type: how.type, values: spec.fromData ? spec.fromData(how.data) : how.data };
}
