import { z } from 'zod';
import { EventData } from '../incident/incident.events.ts';
import { FactsSchema } from '../plan/facts.ts';

/**
 * What the API answers about incidents: events, the incident list, duties, escalations, the
 * incident page and its timeline, reply channels. Rows of the read models keep their column
 * names (snake_case), as the server reads them.
 */

/** Every event type's data, as JSON Schema, for the OpenAPI document. */
const catalogue = Object.entries(EventData).map(([type, schema]) => ({
  title: type,
  ...z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'output', unrepresentable: 'any' }),
}));

/**
 * The data of an event. It was checked against its type's schema in the event catalogue when it
 * was recorded and is answered as stored, so it is not checked again on the way out; the
 * document shows the catalogue's shapes.
 */
export const EventDataOut = z.record(z.string(), z.unknown()).meta({
  id: 'EventData',
  description:
    "The event's data: the shape of its `type` in the event catalogue (each shape here is titled by its type).",
  anyOf: catalogue,
});

const EventFields = z.object({
  caseId: z.string(),
  id: z.string().describe('the client-made UUIDv7 of the event (its retry key), or the id Huajie derived'),
  seq: z.number().int().describe('its place in the case: 1, 2, 3 …'),
  type: z.string().describe('an event type of the catalogue, e.g. incident.reported, log.entry'),
  data: EventDataOut,
  actor: z.object({
    id: z.string(),
    role: z.string(),
    /** on a timeline page: the account's username and display name (none for Huajie's own entries) */
    username: z.string().optional(),
    name: z.string().optional(),
  }),
  occurredAt: z.string().describe('when it happened in the field'),
  recordedAt: z.string().describe('when the server recorded it'),
});
export const Event = EventFields.meta({ id: 'Event', description: 'An event of a case’s log.' });
export type Event = z.infer<typeof Event>;

/** The answer to a recorded command; `duplicate` when the server already held its id (a retry). */
export const Appended = z
  .object({
    caseId: z.string(),
    seq: z.number().int(),
    duplicate: z.boolean(),
    events: z.array(Event).describe('the event recorded and those Huajie derived from it'),
  })
  .meta({ id: 'Appended', description: 'What a command recorded.' });
export type Appended = z.infer<typeof Appended>;

export const Incident = z
  .object({
    case_id: z.string(),
    title: z.string(),
    jurisdiction: z.string().nullable(),
    plan_id: z.string(),
    plan_version: z.number().int(),
    level: z.string().nullable(),
    level_basis: z.string().nullable().describe('rule or commander'),
    status: z.string().describe('open, stabilized or closed'),
    /** drills and demo exercises: never counted in real figures */
    exercise: z.boolean(),
    reported_at: z.string(),
    updated_at: z.string(),
    open_duties: z.number().int(),
    overdue_duties: z.number().int(),
    place: z.string().nullable().describe('where it happened, as reported'),
    participants: z.number().int().nullable().describe('how many people, the latest known'),
    participants_at: z.string().nullable().describe('when that number was known'),
    first_report_at: z
      .string()
      .nullable()
      .describe('when the first report (首报, an initial situation report) went out'),
  })
  .meta({ id: 'Incident', description: 'An incident at a glance: level, status, open and overdue duties.' });
export type Incident = z.infer<typeof Incident>;

export const IncidentList = z.object({ incidents: z.array(Incident) });
export type IncidentList = z.infer<typeof IncidentList>;

export const Duty = z
  .object({
    case_id: z.string(),
    duty_id: z.string(),
    owner: z.string(),
    started_at: z.string(),
    due_at: z.string(),
    warn_at: z.string().nullable(),
    warned_at: z.string().nullable().optional().describe('when the warning went out (its duty.warned)'),
    status: z.string().describe('open, met or missed'),
    escalate_to: z.string().nullable(),
    /** on the incident page only */
    late_seconds: z.number().nullable().optional(),
    met_at: z.string().nullable().optional(),
  })
  .meta({ id: 'Duty', description: 'A duty clock of an incident.' });
export type Duty = z.infer<typeof Duty>;

export const DutyList = z.object({ duties: z.array(Duty) });

/** A duty clock on the incident page, with who answers for its owner now. */
export const IncidentDuty = Duty.extend({
  on_duty: z
    .object({ post: z.string(), name: z.string(), until: z.string() })
    .nullable()
    .describe("who is on duty for the duty's owner now (值班), else the duty desk's; null: nobody rostered"),
});
export type DutyList = z.infer<typeof DutyList>;

export const Escalation = z
  .object({
    event_id: z.string().describe('the event that escalated: a duty.missed or an escalation.requested'),
    case_id: z.string(),
    kind: z.string().describe('missed or requested'),
    duty_id: z.string().nullable(),
    target: z.string().describe('what the plan or the request named: a jurisdiction level or a unit'),
    from_jurisdiction: z.string().nullable(),
    to_jurisdiction: z.string().nullable(),
    at: z.string().describe('the due time (a miss) or when it was asked (a request)'),
    recorded_at: z.string(),
    reason: z.string(),
    acknowledged_at: z.string().nullable().describe('when the level it reached took it in hand (已接收)'),
    acknowledged_by: z.string().nullable().describe('the account that took it in hand'),
    acknowledged_role: z.string().nullable(),
    acknowledged_note: z.string().nullable(),
  })
  .meta({ id: 'Escalation', description: 'An escalation, and the jurisdiction whose board it reaches.' });
export type Escalation = z.infer<typeof Escalation>;

/** An escalation on a board, with what the board shows of its incident. */
export const BoardEscalation = Escalation.extend({
  case_kind: z.string().describe('incident, dispute or screening (a screening register)'),
  title: z.string().describe("the incident's or dispute's title; a screening register's jurisdiction"),
  level: z.string().nullable().describe("an incident's level"),
  status: z.string(),
  exercise: z.boolean(),
  plan_id: z.string().nullable(),
  plan_version: z.number().int().nullable(),
  acknowledged_by_name: z.string().nullable().describe('the name of the account that took it in hand'),
  resolved: z
    .enum(['met', 'closed'])
    .nullable()
    .describe('met: its duty was met late; closed: its case was closed; null: it still stands'),
}).meta({ id: 'BoardEscalation', description: 'An escalation on a duty board, with its case.' });
export type BoardEscalation = z.infer<typeof BoardEscalation>;

export const EscalationList = z.object({ escalations: z.array(BoardEscalation) });
export type EscalationList = z.infer<typeof EscalationList>;

export const Task = z.object({
  case_id: z.string(),
  task_id: z.string(),
  title: z.string(),
  grp: z.string().nullable(),
  status: z.string().describe('open, acknowledged or done'),
  due_at: z.string().nullable(),
  assigned_at: z.string(),
  result: z.string().nullable(),
});
export type Task = z.infer<typeof Task>;

export const Demand = z.object({
  case_id: z.string(),
  demand_id: z.string(),
  text: z.string(),
  people: z.number().int(),
  department: z.string(),
  assessment: z.string().nullable(),
  assessment_basis: z.string().nullable(),
  answer: z.string().nullable(),
  registered_at: z.string(),
  answered_at: z.string().nullable(),
  /** whether the representatives left a way to reach them; reading it is a logged request */
  has_reply_channel: z.boolean(),
});
export type Demand = z.infer<typeof Demand>;

export const Commitment = z.object({
  case_id: z.string(),
  commitment_id: z.string(),
  demand_id: z.string().nullable(),
  text: z.string(),
  owner: z.string(),
  due_at: z.string(),
  made_at: z.string(),
  fulfilled_at: z.string().nullable(),
  evidence: z.string().nullable(),
  /** a dispute's agreement whose clause it is; null for an incident's */
  agreement_id: z.string().nullable(),
  /** released with a reason instead of fulfilled (disputes) */
  discharged_at: z.string().nullable(),
  discharge_reason: z.string().nullable(),
});
export type Commitment = z.infer<typeof Commitment>;

export const Statement = z.object({
  case_id: z.string(),
  statement_id: z.string(),
  channel: z.string(),
  text: z.string(),
  published_at: z.string(),
});
export type Statement = z.infer<typeof Statement>;

export const Measure = z.object({
  case_id: z.string(),
  measure_id: z.string(),
  kind: z.string(),
  legal_basis: z.string(),
  authorized_by: z.string(),
  scope: z.string(),
  recording: z.boolean(),
  authorized_at: z.string(),
  ended_at: z.string().nullable(),
  outcome: z.string().nullable(),
});
export type Measure = z.infer<typeof Measure>;

export const Correction = z.object({
  id: z.string(),
  correction: z.unknown(),
  reason: z.unknown(),
  recordedAt: z.string(),
});
export type Correction = z.infer<typeof Correction>;

/** An event on the timeline, with the corrections recorded against it (it is never changed). */
export const TimelineEntry = Event.extend({ corrections: z.array(Correction) }).meta({
  id: 'TimelineEntry',
  description: 'An event of the timeline, with the corrections recorded against it.',
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

/** A dispute linked to an incident: the one it flared from, or one registered from it. */
export const LinkedDispute = z.object({
  case_id: z.string(),
  title: z.string(),
  status: z.string(),
  risk: z.string().nullable(),
  registered_at: z.string(),
});
export type LinkedDispute = z.infer<typeof LinkedDispute>;

export const IncidentDetail = z
  .object({
    incident: Incident,
    /** the disputes behind it, or registered from it (its obligations carried on there) */
    disputes: z.array(LinkedDispute),
    duties: z.array(IncidentDuty),
    tasks: z.array(Task),
    demands: z.array(Demand),
    commitments: z.array(Commitment),
    statements: z.array(Statement),
    measures: z.array(Measure),
    escalations: z.array(Escalation),
    /** the report as recorded (what a situation report is filled in from) */
    report: EventFields.nullable(),
    /** the facts known now: the report's, with every update merged in the order they happened */
    facts: FactsSchema,
    /**
     * the plans of the levels above that the case runs beside its own (their duties are named
     * `<plan id>:<duty id>`), each with its jurisdiction and the level its own rules give
     */
    upperPlans: z.array(
      z.object({
        id: z.string(),
        version: z.number().int(),
        title: z.string(),
        jurisdiction: z.string(),
        jurisdictionName: z.string().nullable(),
        level: z.object({ id: z.string(), name: z.string(), colour: z.string() }).nullable(),
        duties: z.array(z.object({ id: z.string(), title: z.string() })),
      }),
    ),
    /** whether a situation report has gone out */
    sitrepSent: z.boolean(),
    /** the newest page of the timeline, oldest first */
    timeline: z.array(TimelineEntry),
    /** the cursor of the page before it (null: it starts at the first event), and how many events there are */
    timelinePage: z.object({ before: z.number().int().nullable(), total: z.number().int() }),
  })
  .meta({
    id: 'IncidentDetail',
    description: 'One incident: its state, its items and the newest page of its timeline.',
  });
export type IncidentDetail = z.infer<typeof IncidentDetail>;

/** An older page of a timeline (GET /api/incidents/:caseId/timeline?before=). */
export const TimelinePage = z.object({
  timeline: z.array(TimelineEntry),
  /** the cursor of the page before this one (null: this page starts at the first event) */
  before: z.number().int().nullable(),
  total: z.number().int(),
});
export type TimelinePage = z.infer<typeof TimelinePage>;

/** A reply channel read, and the record of the read. */
export const ReplyChannelRead = z.object({
  channel: z.string(),
  read: z.object({ id: z.string(), at: z.string() }),
});
export type ReplyChannelRead = z.infer<typeof ReplyChannelRead>;

export const ReplyChannelReads = z.object({
  reads: z.array(
    z.object({
      id: z.string(),
      demand_id: z.string(),
      user_id: z.string(),
      username: z.string(),
      role: z.string(),
      reason: z.string(),
      at: z.string(),
    }),
  ),
});
export type ReplyChannelReads = z.infer<typeof ReplyChannelReads>;
