import { TREE_LEVELS } from '../../../core/accounts/accounts.ts';
import {
  ASSESSMENTS,
  LOG_KINDS,
  SITREP_FIELDS,
  SITREP_URGENCIES,
} from '../../../core/incident/incident.events.ts';
import type { Facts } from '../../../core/plan/facts.ts';
import { planMarkers } from '../../../core/plan/meet.ts';
import type { Plan } from '../../../core/plan/plan.schema.ts';
import type { IncidentDetail } from '../../app/api.ts';

import {
  beijingInstant,
  type CommandForm,
  FACT_FIELDS,
  type Field,
  factsOf,
  factValues,
  implausibleFacts,
  itemId,
  sitrepDefaults,
} from './fields.ts';

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
      { name: 'assessment', kind: 'select', options: ASSESSMENTS, dict: 'items.assessments', required: true },
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
