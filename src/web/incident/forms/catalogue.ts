import { TREE_LEVELS } from '../../../core/accounts/accounts.ts';
import { EventData, SITREP_FIELDS, SITREP_URGENCIES } from '../../../core/incident/incident.events.ts';
import type { Facts } from '../../../core/plan/facts.ts';
import { planMarkers } from '../../../core/plan/meet.ts';
import type { Plan } from '../../../core/plan/plan.schema.ts';
import type { IncidentDetail } from '../../app/api.ts';
import { itemId } from '../../app/forms/fields.ts';
import { schemaFields } from '../../app/forms/from-schema.ts';
import {
  FACT_FIELDS,
  type Field,
  factsOf,
  factValues,
  type IncidentForm,
  implausibleFacts,
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

/** The fields of an event's schema, named in the dictionary's `fields` (a value in `fields.options`). */
const of = schemaFields(EventData, { labels: 'fields', options: 'fields.options' });

const openTasks = (d: IncidentDetail) =>
  d.tasks.filter((x) => x.status !== 'done').map((x) => ({ value: x.task_id, label: x.title }));

/**
 * The forms, in the order the picker shows them. A form's fields are its event's (core's
 * catalogue, `schemaFields`), save where the form asks otherwise than the data is kept: the
 * situation report (whom to, and its fields as a document's) and the facts (flat).
 */
export const FORMS: IncidentForm[] = [
  {
    type: 'sitrep.submitted',
    fields: [
      // a report goes up: to the town at the lowest, never to a village
      {
        name: 'toLevel',
        kind: 'select',
        options: [...TREE_LEVELS].reverse().filter((l) => l !== 'village'),
        required: true,
      },
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
      of('arrival.recorded').choice('position', (_, plan) => units(plan)),
      of('arrival.recorded').field('note', { kind: 'text' }),
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
      of('incident.verified').field('verified'),
      of('incident.verified').field('note', { kind: 'text' }),
    ],
    data: (v) => ({ verified: v.verified === true, ...(v.note ? { note: v.note } : {}) }),
    initial: () => ({ verified: true }),
  },
  {
    type: 'log.entry',
    fields: [
      of('log.entry').field('text'),
      of('log.entry').field('kind', { dict: 'logKinds' }),
      // the markers the plan's duties wait on, named by the duty that waits
      of('log.entry').choice('marker', (_, plan) =>
        plan ? planMarkers(plan).map((m) => ({ value: m.marker, label: `${m.duty}（${m.marker}）` })) : [],
      ),
      of('log.entry').field('significant'),
    ],
  },
  {
    type: 'measure.authorized',
    fields: [
      of('measure.authorized').field('kind'),
      // the rule's own words say what is missing, by the field
      of('measure.authorized').field('legalBasis', { kind: 'text', leaveToServer: true }),
      of('measure.authorized').field('authorizedBy', { leaveToServer: true }),
      of('measure.authorized').field('scope'),
      of('measure.authorized').field('recording'),
    ],
    data: (v, i) => ({ ...v, measureId: itemId('m', i), recording: v.recording === true }),
  },
  {
    type: 'measure.ended',
    fields: [
      of('measure.ended').choice('measureId', (d) =>
        d.measures.filter((m) => !m.ended_at).map((m) => ({ value: m.measure_id, label: m.kind })),
      ),
      of('measure.ended').field('outcome'),
    ],
  },
  {
    type: 'task.assigned',
    fields: [
      of('task.assigned').field('title'),
      of('task.assigned').choice('group', (_, plan) => units(plan, false)),
      of('task.assigned').field('assignee'),
      of('task.assigned').field('dueAt'),
    ],
    data: (v, i) => ({ ...v, taskId: itemId('t', i) }),
  },
  { type: 'task.acknowledged', fields: [of('task.acknowledged').choice('taskId', openTasks)] },
  {
    type: 'task.completed',
    fields: [of('task.completed').choice('taskId', openTasks), of('task.completed').field('result')],
  },
  {
    type: 'demand.registered',
    fields: (['text', 'people', 'department'] as const).map((f) => of('demand.registered').field(f)),
    data: (v, i) => ({ ...v, demandId: itemId('d', i) }),
  },
  {
    type: 'demand.assessed',
    fields: [
      of('demand.assessed').choice('demandId', (d) =>
        d.demands.map((x) => ({ value: x.demand_id, label: x.text })),
      ),
      of('demand.assessed').field('assessment', { dict: 'items.assessments' }),
      of('demand.assessed').field('basis'),
    ],
  },
  {
    type: 'demand.answered',
    fields: [
      of('demand.answered').choice('demandId', (d) =>
        d.demands.filter((x) => !x.answer).map((x) => ({ value: x.demand_id, label: x.text })),
      ),
      of('demand.answered').field('answer'),
    ],
  },
  {
    type: 'dialogue.held',
    fields: (['representatives', 'with', 'summary'] as const).map((f) => of('dialogue.held').field(f)),
  },
  {
    type: 'commitment.made',
    fields: [
      ...(['text', 'owner', 'dueAt'] as const).map((f) => of('commitment.made').field(f)),
      of('commitment.made').choice('demandId', (d) =>
        d.demands.map((x) => ({ value: String(x.demand_id), label: String(x.text) })),
      ),
    ],
    data: (v, i) => ({ ...v, commitmentId: itemId('c', i) }),
  },
  {
    type: 'commitment.fulfilled',
    fields: [
      of('commitment.fulfilled').choice('commitmentId', (d) =>
        d.commitments.filter((c) => !c.fulfilled_at).map((c) => ({ value: c.commitment_id, label: c.text })),
      ),
      of('commitment.fulfilled').field('evidence'),
    ],
  },
  {
    type: 'statement.published',
    fields: (['channel', 'text'] as const).map((f) => of('statement.published').field(f)),
    data: (v, i) => ({ ...v, statementId: itemId('s', i) }),
  },
  {
    type: 'escalation.requested',
    fields: (['to', 'reason'] as const).map((f) => of('escalation.requested').field(f)),
  },
  { type: 'incident.stabilized', fields: [of('incident.stabilized').field('note')] },
  { type: 'incident.closed', fields: [of('incident.closed').field('summary')] },
  { type: 'incident.settled', fields: [of('incident.settled').field('note')] },
];
