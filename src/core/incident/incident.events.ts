import { z } from 'zod';
import { TREE_LEVELS } from '../accounts/accounts.ts';
import { Count, Id, Instant, Required, Text } from '../events/fields.ts';
import { FindingDisposed } from '../findings/disposition.ts';
import { FactsSchema } from '../plan/facts.ts';
import { EscalationAcknowledged } from './escalation.ts';

/**
 * The event catalogue of a case (DESIGN.md, "The contract"): the data of every event type,
 * validated strictly — unknown fields are refused, so nothing about a person slips in
 * beside what the contract records.
 */

/** 紧急程度 of a document (GB/T 9704-2012 7.2.4): 加急, 特急 */
export const SITREP_URGENCIES = ['urgent', 'extra_urgent'] as const;

export const SITREP_FIELDS = [
  'time',
  'place',
  'source',
  'scene',
  'course',
  'participants',
  'onlookers',
  'casualties',
  'propertyLoss',
  'cause',
  'trend',
  'measures',
  'nextSteps',
  'other',
] as const;

export const LOG_KINDS = ['observation', 'action', 'decision', 'communication'] as const;
export const ASSESSMENTS = ['reasonable', 'partly', 'unreasonable', 'needs_study'] as const;
/** 信访工作条例 第十八条: 多人提出同一信访事项的，应当推选代表，代表人数不超过5人. */
export const MAX_REPRESENTATIVES = 5;

/**
 * Who brought a report: the unit where it happened (村、社区、企业), a unit that took in the
 * information, the public, the police (110), a level above passing it down, or this level's own
 * staff. A plan may say that the report itself, from such a source, meets a duty (the scene's
 * unit reporting to the town).
 */
export const REPORT_SOURCES = ['scene_unit', 'receiving_unit', 'public', 'police', 'upper', 'own'] as const;

/** How a review goes up as a document (公文, an upward one): its 发文字号 and 签发人, as far as known. */
const ReviewDocument = z
  .object({ number: Text(60).optional(), signer: Text(50).optional() })
  .strict()
  .optional();

export const EventData = {
  'incident.reported': z
    .object({
      title: Text(200),
      location: z
        .object({
          text: Text(500),
          lat: z.number().min(-90).max(90).optional(),
          lng: z.number().min(-180).max(180).optional(),
        })
        .strict(),
      startedAt: Instant,
      source: Text(200),
      /** who brought it (REPORT_SOURCES) */
      sourceKind: z.enum(REPORT_SOURCES).optional(),
      summary: Text(4000).optional(),
      facts: FactsSchema.default({}),
      exercise: z.boolean().optional(),
      /** where it happened: the jurisdiction whose board it is on (default: the reporter's) */
      jurisdiction: Id.optional(),
      /** the dispute (矛盾纠纷) it flared from: linked both ways */
      fromDispute: Id.optional(),
      /** the plan the case runs under, pinned by the server when the report is recorded */
      plan: z
        .object({ id: Id, version: z.number().int().min(1) })
        .strict()
        .optional(),
      /** the plans of the levels above whose scope covers the case, pinned with it, each with its jurisdiction */
      upper: z
        .array(z.object({ id: Id, version: z.number().int().min(1), jurisdiction: Id }).strict())
        .max(10)
        .optional(),
    })
    .strict(),
  'incident.facts.updated': z.object({ facts: FactsSchema, note: Text().optional() }).strict(),
  'incident.verified': z.object({ verified: z.boolean(), note: Text().optional() }).strict(),
  'incident.level.set': z
    .object({
      level: Id.optional(),
      basis: z.enum(['rule', 'commander']),
      reason: Text(500).optional(),
      /** derived under a plan of a level above (its id); absent: the case's own plan */
      plan: Id.optional(),
    })
    .strict(),
  'plan.activated': z.object({ planId: Id, version: z.number().int().min(1), level: Id }).strict(),
  'task.assigned': z
    .object({
      taskId: Id,
      title: Text(200),
      group: Id.optional(),
      assignee: Text(200).optional(),
      dueAt: Instant.optional(),
    })
    .strict(),
  'task.acknowledged': z.object({ taskId: Id }).strict(),
  'task.completed': z.object({ taskId: Id, result: Text() }).strict(),
  'log.entry': z
    .object({
      text: Text(),
      kind: z.enum(LOG_KINDS).optional(),
      significant: z.boolean().optional(),
      marker: Id.optional(),
    })
    .strict(),
  'arrival.recorded': z.object({ position: Id, note: Text().optional() }).strict(),
  'sitrep.submitted': z
    .object({
      to: z
        .object({
          /** a level of the tree, or the national bureau (国家信访局) a visit to Beijing is liaised with */
          level: z.enum([...TREE_LEVELS, 'national']).optional(),
          jurisdiction: Text(100).optional(),
          office: Text(100).optional(),
        })
        .strict()
        .refine((t) => t.level || t.jurisdiction || t.office, {
          message: 'say whom the report goes to: level, jurisdiction or office',
        }),
      kind: z.enum(['initial', 'update', 'final']),
      fields: z.partialRecord(z.enum(SITREP_FIELDS), z.union([z.string().max(4000), z.number()])).default({}),
      /** how it goes out as a document (公文): the issuing organ, 签发人, 发文字号, 紧急程度 */
      document: z
        .object({
          issuer: Text(100).optional(),
          signer: Text(50).optional(),
          number: Text(60).optional(),
          urgency: z.enum(SITREP_URGENCIES).optional(),
        })
        .strict()
        .optional(),
    })
    .strict(),
  'escalation.requested': z.object({ to: Text(100), reason: Text() }).strict(),
  'dialogue.held': z
    .object({ representatives: z.number().int().min(1), with: Text(200), summary: Text() })
    .strict(),
  'demand.registered': z
    .object({ demandId: Id, text: Text(), people: Count, department: Text(200) })
    .strict(),
  'demand.assessed': z.object({ demandId: Id, assessment: z.enum(ASSESSMENTS), basis: Text() }).strict(),
  'demand.answered': z.object({ demandId: Id, answer: Text() }).strict(),
  /** the addressed office has the situation report (已收悉): by its event id */
  'sitrep.acknowledged': z
    .object({ sitrepId: z.string().min(1).max(100), note: Text(500).optional() })
    .strict(),
  'commitment.made': z
    .object({ commitmentId: Id, demandId: Id.optional(), text: Text(), owner: Text(200), dueAt: Instant })
    .strict(),
  'commitment.fulfilled': z.object({ commitmentId: Id, evidence: Text() }).strict(),
  'statement.published': z.object({ statementId: Id, channel: Text(100), text: Text(8000) }).strict(),
  'measure.authorized': z
    .object({
      measureId: Id,
      kind: Text(100),
      legalBasis: Required(1000, '处置措施须写明法律依据 (a measure needs its legal basis)'),
      authorizedBy: Required(
        200,
        '处置措施须写明批准的指挥员 (a measure needs the commander who authorised it)',
      ),
      scope: Text(1000),
      recording: z.boolean(),
    })
    .strict(),
  'measure.ended': z.object({ measureId: Id, outcome: Text() }).strict(),
  'incident.stabilized': z.object({ note: Text() }).strict(),
  'incident.closed': z.object({ summary: Text() }).strict(),
  /** a dispute was registered from this incident (recorded by Huajie with the registration) */
  'dispute.linked': z.object({ disputeId: Id }).strict(),
  /**
   * What the incident still owes — open demands, commitments not kept — carried forward into a
   * linked dispute, which owns them from now on (Huajie records them there): they no longer
   * hold up 销号, and the incident's clocks of the commitments end.
   */
  'obligations.carried': z
    .object({
      disputeId: Id,
      demandIds: z.array(Id).max(100).default([]),
      commitmentIds: z.array(Id).max(100).default([]),
    })
    .strict()
    .refine((d) => d.demandIds.length + d.commitmentIds.length > 0, {
      message: 'name at least one open demand or commitment to carry forward',
      path: ['commitmentIds'],
    }),
  /** 已销号: closed, and nothing is owed any more (every demand answered, every commitment kept) */
  'incident.settled': z.object({ note: Text().optional() }).strict(),
  /** 总结: a draft kept (drafted from the log, then written), not yet sent for review */
  'review.drafted': z.object({ text: Text(20000), document: ReviewDocument }).strict(),
  /** the review sent to the level above for review (审核) */
  'review.submitted': z.object({ text: Text(20000), document: ReviewDocument }).strict(),
  /** sent back by the level above, with what to change */
  'review.returned': z
    .object({ reason: Required(2000, '退回须写明理由 (say why the review is returned)') })
    .strict(),
  /** signed off at the level above (审核通过) */
  'review.approved': z.object({ note: Text(2000).optional() }).strict(),
  'entry.corrected': z.object({ eventId: z.string().uuid(), correction: Text(), reason: Text() }).strict(),
  /** a reviewer at the level above disposes of a finding of this case (core/findings) */
  'finding.disposed': FindingDisposed,
  /** the level an escalation reached has taken it in hand (core/incident/escalation.ts) */
  'escalation.acknowledged': EscalationAcknowledged,
  // derived by core, never sent by a client
  'duty.started': z
    .object({
      dutyId: Id,
      dueAt: Instant,
      owner: Text(100),
      /** when a warning goes out (dueAt − the plan's warnBefore) */
      warnAt: Instant.optional(),
    })
    .strict(),
  /** the plan's warning before a duty falls due (dueAt − warnBefore), recorded once when it goes out */
  'duty.warned': z.object({ dutyId: Id, dueAt: Instant, owner: Text(100) }).strict(),
  'duty.met': z.object({ dutyId: Id, byEventId: z.string(), lateSeconds: Count }).strict(),
  'duty.missed': z
    .object({
      dutyId: Id,
      escalateTo: Text(100),
      dueAt: Instant,
      /** a duty of a plan of a level above: that plan's jurisdiction, where its escalation is resolved from */
      jurisdiction: Id.optional(),
    })
    .strict(),
} as const;

export type EventType = keyof typeof EventData;
/** The data of an event of type T, as recorded (after validation: defaults filled in). */
export type DataOf<T extends EventType> = z.output<(typeof EventData)[T]>;

/** An event of the catalogue: narrowing on `type` types `data`. */
export type EventOf<T extends EventType> = { [K in EventType]: { type: K; data: DataOf<K> } }[T];
export type IncidentEvent = EventOf<EventType>;

/**
 * A logged event with its data typed by its type, or null when its type is not of this
 * catalogue. The one place the log's JSON becomes typed: every event of the catalogue was
 * validated against `EventData[type]` before it was appended, and the log is append-only and
 * hash-chained (`audit verify`), so what is read back is what was validated.
 */
export function typed<E extends { type: string; data: unknown }>(
  e: E,
): (Omit<E, 'type' | 'data'> & IncidentEvent) | null {
  return isEventType(e.type) ? (e as unknown as Omit<E, 'type' | 'data'> & IncidentEvent) : null;
}

/** The type and typed data of a logged event (see `typed`), or null outside the catalogue. */
export function eventOf(e: { type: string; data: unknown }): IncidentEvent | null {
  return isEventType(e.type) ? ({ type: e.type, data: e.data } as IncidentEvent) : null;
}

/** Validate the data of a command of `type`; the typed event, or the zod error. */
export function parseEvent(
  type: EventType,
  data: unknown,
): { ok: true; event: IncidentEvent } | { ok: false; error: z.ZodError } {
  const r = EventData[type].safeParse(data ?? {});
  // the schema of `type` produced `data`: the pair is an event of the catalogue
  return r.success
    ? { ok: true, event: { type, data: r.data } as IncidentEvent }
    : { ok: false, error: r.error };
}

/** Events only core derives; a client command naming one is refused. */
export const DERIVED_TYPES = new Set<EventType>([
  'duty.started',
  'duty.warned',
  'duty.met',
  'duty.missed',
  'plan.activated',
]);

export function isEventType(t: string): t is EventType {
  return Object.hasOwn(EventData, t);
}
