import { z } from 'zod';
import { JURISDICTION_LEVELS } from '../accounts/accounts.ts';
import { ConditionSchema } from './condition.ts';
import { durationSchema } from './duration.ts';
import { LIMITS } from './limits.ts';

/**
 * A response plan (预案) as data. docs/plan-format.md is the reference; plans/plan.schema.json
 * is generated from this schema for editors. Every list and text has a limit (limits.ts).
 */

const Id = z
  .string()
  .max(LIMITS.idChars, { message: `an id is at most ${LIMITS.idChars} characters`, abort: true })
  .regex(/^[a-z][a-z0-9-]*$/, 'an id is lower-case letters, digits and "-", starting with a letter');
const Text = z.string().min(1).max(LIMITS.textChars, `at most ${LIMITS.textChars} characters`);
const Duration = durationSchema();
/** A list of at most `max`. */
const list = <T extends z.ZodType>(item: T, max: number = LIMITS.listItems) =>
  z.array(item).max(max, `at most ${max} entries`);

export { JURISDICTION_LEVELS };

const Unit = z
  .object({
    id: Id,
    name: Text,
    /** who leads it, by position title (never a named person) */
    lead: Text.optional(),
    members: list(Text).optional(),
    duties: list(Text).default([]),
    /**
     * format 2: the positions this one acts for when they are absent (总指挥不在场时由副总指挥临时
     * 担任): its arrival (any event naming it as `position`) meets what waits on theirs
     */
    actsFor: list(Id, 10).optional(),
  })
  .strict();

/**
 * format 2: a body outside the plan's organisation (the company, a bureau) that misses escalate
 * to, reached at a jurisdiction's board by its code
 */
const ExternalBody = z
  .object({
    id: Id,
    name: Text,
    /** the jurisdiction whose board its escalations reach */
    jurisdiction: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/, 'a jurisdiction code'),
  })
  .strict();

export const LevelSchema = z
  .object({
    id: Id,
    name: Text,
    colour: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour is #rrggbb'),
    /** when the incident's facts make it this level; no rule: any reported incident (format 1) */
    rule: ConditionSchema.optional(),
    /**
     * format 2, for a level without a rule: `commander` — only a commander's decision gives it;
     * `default` — the lowest level, of every reported incident no higher rule takes. A format-2
     * level with neither a rule nor this is refused.
     */
    setBy: z.enum(['commander', 'default'], { message: 'setBy is commander or default' }).optional(),
    description: Text.optional(),
  })
  .strict();

const EventType = z
  .string()
  .max(100, { message: 'an event type is at most 100 characters', abort: true })
  .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, 'an event type, e.g. incident.reported');

const Trigger = z
  .object({
    /** an event type, e.g. incident.reported, incident.level.set, sitrep.submitted */
    on: EventType,
    when: ConditionSchema.optional(),
  })
  .strict();

const StartTrigger = Trigger.extend({
  /**
   * Start the clock at an instant in the event's data rather than at the event itself, e.g.
   * `data.startedAt` of incident.reported for "within 2 hours of the incident". Falls back to
   * the event's own time when the field is absent or not an instant.
   */
  from: z
    .string()
    .max(200, { message: 'from is at most 200 characters', abort: true })
    .regex(/^data\.[A-Za-z0-9_.]+$/, 'from is a path into the event data, e.g. data.startedAt')
    .optional(),
}).strict();

/** format 2: start at the first event after which the facts hold the condition (injuries known). */
const FactsStart = z
  .object({
    /** a condition over the incident's facts (see Conditions); `data:` has no event here */
    facts: ConditionSchema,
  })
  .strict();

/** format 2: start on any of several triggers, whichever comes first. */
const AnyStart = z.object({ anyOf: list(StartTrigger, 10).min(1, 'name at least one trigger') }).strict();

/**
 * format 2: a fallback — if the start has not come `after` this long from `on`, the clock starts
 * then ("from the warning, or from its deadline if it never comes")
 */
const Fallback = z.object({ on: EventType, when: ConditionSchema.optional(), after: Duration }).strict();

const Start = z.union([
  StartTrigger.extend({ fallback: Fallback.optional() }).strict(),
  AnyStart,
  FactsStart,
]);

/** format 2: met by any one, or only by all, of several events (each after the start). */
const Meet = z.union([
  Trigger,
  z.object({ anyOf: list(Trigger, 10).min(1, 'name at least one event') }).strict(),
  z.object({ allOf: list(Trigger, 10).min(2, 'allOf names two events or more') }).strict(),
]);

/** format 2: several owners together, or any one of them. */
const Owner = z.union([
  Text,
  list(Text, 10).min(1, 'name at least one owner'),
  z.object({ anyOf: list(Text, 10).min(2, 'anyOf names two owners or more') }).strict(),
]);

/** format 2: a time limit per class of position (正常上班员工 5 分钟；其他员工 30 分钟): one clock each. */
const PositionClass = z
  .object({
    id: Id,
    title: Text,
    /** the positions of this class (their arrival, or any event naming them as `position`) */
    positions: list(Id, 20).min(1, 'name at least one position'),
    within: Duration,
  })
  .strict();

export const DutySchema = z
  .object({
    id: Id,
    title: Text,
    /** who must do it: an organisation unit id or a jurisdiction level (format 2: a list, or anyOf) */
    owner: Owner,
    start: Start,
    within: Duration,
    satisfiedBy: Meet,
    /**
     * format 2: once met (or missed), the duty starts again, due `every` later, until an event
     * of `until` ends the cycle (随时续报 until the incident is stable); the ending event meets
     * the round then open
     */
    repeat: z.object({ every: Duration, until: Trigger }).strict().optional(),
    /** format 2: one clock per class of position, each with its own limit (replaces `within` for them) */
    classes: list(PositionClass, 10).optional(),
    /**
     * which time of the meeting event counts: `field` (when it happened) or `recording` (when it
     * was entered). Default: recording for reports, statements and requests to the level above
     * (sitrep.submitted, statement.published, escalation.requested), field for everything else.
     */
    judgedBy: z.enum(['field', 'recording'], { message: 'judgedBy is field or recording' }).optional(),
    warnBefore: Duration.optional(),
    /** whom a miss escalates to: an organisation unit id or a jurisdiction level */
    escalateTo: Text,
    /** only at these levels (the level when the duty would start); default: every level */
    levels: list(Id, LIMITS.levels).optional(),
    /** where the time limit comes from, and any default chosen for 第一时间/立即 */
    basis: Text.optional(),
  })
  .strict();

const ChecklistItem = z
  .object({
    id: Id,
    title: Text,
    group: Text.optional(),
    /** format 2: due this long after it is assigned, a clock (`task:<id>`) that warns, is missed and escalated */
    within: Duration.optional(),
    /** format 2: created only when the facts hold this (a march, arson, traffic affected) */
    when: ConditionSchema.optional(),
    /** format 2: whom its miss escalates to (default: the leading group, else the office) */
    escalateTo: Text.optional(),
    /** where it comes from */
    basis: Text.optional(),
  })
  .strict();

/** A dispute risk rule: the first, highest risk first, whose rule holds over the dispute's facts. */
const DisputeRiskRule = z
  .object({
    risk: z.enum(['high', 'medium'], {
      message: 'a rule gives high or medium (what no rule matches is low)',
    }),
    rule: ConditionSchema,
    /** where the rule comes from */
    basis: Text.optional(),
  })
  .strict();

/** A period in days, counted as the law counts (calendar days, or workdays of China's arrangement). */
const Days = z
  .object({
    days: z.number().int().min(0).max(3650, 'at most 3650 days'),
    count: z.enum(['calendar', 'working'], { message: 'count is calendar or working' }),
  })
  .strict();

/** A dispute's duty: started by one of its events, met by another, due a number of days after. */
export const DisputeDutySchema = z
  .object({
    id: Id,
    title: Text,
    /** who must do it: an organisation unit id or a jurisdiction level */
    owner: Text,
    /** the dispute event that starts the clock (its `when` reads the dispute's facts and the event's data) */
    start: Trigger,
    within: Days,
    /** any of these events meets it */
    satisfiedBy: list(Trigger, 10).min(1, 'name at least one event that meets the duty'),
    warnBefore: Days.optional(),
    escalateTo: Text,
    /** an approved extension (extension.approved) moves its due date by the days granted */
    extendable: z.boolean().optional(),
    basis: Text.optional(),
  })
  .strict();

/**
 * A cadence of screening rounds (排查): a round of `kind` in every period of `every`, held by
 * 24:00 of day `by` of the period (the weekday, 1 = Monday; the day of the month; the day of
 * the quarter's last month). A period whose day passes with no round is a missed duty.
 */
export const ScreeningCadenceSchema = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,59}$/, 'a cadence id is 1–60 letters, digits, _ . - (no colon)'),
    title: Text,
    kind: z.enum(['daily', 'regular', 'special', 'joint'], {
      message: 'kind is daily, regular, special or joint (日常、定期、专项、联合排查)',
    }),
    every: z.enum(['week', 'month', 'quarter'], { message: 'every is week, month or quarter' }),
    by: z.number().int().min(1, 'by is a day of the period, from 1').max(31, 'by is at most 31'),
    owner: Text,
    escalateTo: Text,
    warnBefore: Days.optional(),
    basis: Text.optional(),
  })
  .strict()
  .refine((c) => c.every !== 'week' || c.by <= 7, {
    message: 'for every: week, by is a weekday, 1 (Monday) to 7 (Sunday)',
    path: ['by'],
  });

/** What the plan says of disputes (矛盾纠纷) in its jurisdiction. */
const Disputes = z
  .object({
    /** rules over a dispute's own facts (people, households, amount, unresolvedDays, visitedUp, collective), highest risk first */
    risk: list(DisputeRiskRule, LIMITS.levels).default([]),
    duties: list(DisputeDutySchema, LIMITS.duties).default([]),
    /** every commitment (an agreement's clause, a promise) is a duty due on its own date, escalated here when missed */
    commitments: z.object({ escalateTo: Text, warnBefore: Days.optional() }).strict().optional(),
    /** the cadences of screening rounds (排查) the jurisdiction holds, each a clock */
    screening: list(ScreeningCadenceSchema, LIMITS.duties).default([]),
  })
  .strict();

/** The figures a target may be set against (core/figures): each a rate, in per cent. */
export const TARGET_MEASURES = [
  'duties.on_time',
  'disputes.accepted_on_time',
  'disputes.handled_on_time',
  'disputes.resolved',
  'disputes.satisfied',
  'disputes.found_by_screening',
  'screening.held',
] as const;

const TargetSchema = z
  .object({
    id: Id,
    title: Text,
    /** one of TARGET_MEASURES, or duty:<id> for one duty of the plan met on time */
    measure: z
      .string()
      .refine(
        (m) => (TARGET_MEASURES as readonly string[]).includes(m) || /^duty:[a-z0-9][a-z0-9-]*$/.test(m),
        {
          message: `measure is one of ${TARGET_MEASURES.join(', ')}, or duty:<id of a duty of the plan>`,
        },
      ),
    /** the rate aimed at, in per cent */
    atLeast: z.number().min(0).max(100),
    basis: Text.optional(),
  })
  .strict();
export type Target = z.infer<typeof TargetSchema>;

export const PlanSchema = z
  .object({
    /**
     * the format the plan is written in: 2 (anyOf/allOf, repeats, classes, fallbacks, deputies,
     * external bodies, task clocks, every level with a rule or setBy); absent: 1
     */
    format: z.literal([1, 2], { message: 'format is 1 or 2' }).optional(),
    id: Id,
    title: Text,
    jurisdiction: z.object({ level: z.enum(JURISDICTION_LEVELS), name: Text }).strict(),
    version: z.number().int().min(1).max(100_000, 'a version is 1–100000; versions are numbered 1, 2, 3 …'),
    effective: z.iso.date({ message: 'effective is a date, YYYY-MM-DD' }),
    source: Text,
    principles: list(Text).default([]),
    scope: Text.optional(),
    /**
     * the jurisdictions below this plan's own that it also runs for, by level: a town plan that
     * says how villages report to the town covers `[village]`, and a village's incident then
     * runs the town's duties beside the village's own
     */
    covers: z
      .object({ levels: list(z.enum(JURISDICTION_LEVELS), JURISDICTION_LEVELS.length).min(1) })
      .strict()
      .optional(),
    /** ordered from the lowest to the highest */
    levels: list(LevelSchema, LIMITS.levels).min(1),
    organisation: z
      .object({
        leadingGroup: Unit.optional(),
        office: Unit.optional(),
        groups: list(Unit, LIMITS.units).default([]),
        positions: list(Unit, LIMITS.units).default([]),
        /** format 2: bodies outside the organisation that misses may escalate to */
        external: list(ExternalBody, LIMITS.units).default([]),
      })
      .strict(),
    duties: list(DutySchema, LIMITS.duties).default([]),
    /** per level id: the tasks created when the plan is activated at that level */
    checklists: z.record(z.string(), list(ChecklistItem, LIMITS.tasks)).default({}),
    aftermath: list(ChecklistItem, LIMITS.tasks).default([]),
    omitted: list(z.object({ passage: Text, reason: Text }).strict()).default([]),
    /**
     * an entry whose field time lies more than this before its recording is 补录 (marked on the
     * timeline with both times); default PT10M
     */
    lateEntryAfter: Duration.optional(),
    disputes: Disputes.optional(),
    /**
     * the rates the plan sets as its aims (e.g. 化解率达85%以上), each a figure computed from the
     * record for the plan's jurisdiction and the period (docs/findings.md, 统计)
     */
    targets: list(TargetSchema, LIMITS.duties).default([]),
  })
  .strict();

export type Plan = z.infer<typeof PlanSchema>;
export type PlanInput = z.input<typeof PlanSchema>;
export type Duty = z.infer<typeof DutySchema>;
export type DisputeDuty = z.infer<typeof DisputeDutySchema>;
export type Level = z.infer<typeof LevelSchema>;

export interface PlanProblem {
  path: (string | number)[];
  message: string;
}

/** The organisation's unit ids: whom duties may name as owner or escalation target. */
export function unitIds(plan: Plan): Set<string> {
  const o = plan.organisation;
  return new Set([
    ...(o.leadingGroup ? [o.leadingGroup.id] : []),
    ...(o.office ? [o.office.id] : []),
    ...o.groups.map((g) => g.id),
    ...o.positions.map((p) => p.id),
  ]);
}

export type Owner = Duty['owner'];

/** A duty's owners, each an id (several together, or any one of them). */
export function ownersOf(owner: Owner): { ids: string[]; any: boolean } {
  if (typeof owner === 'string') return { ids: [owner], any: false };
  if (Array.isArray(owner)) return { ids: owner, any: false };
  return { ids: owner.anyOf, any: true };
}

/** A duty's owners as one line: 甲、乙 (together) or 甲 或 乙 (either). */
export function ownerText(owner: Owner, name: (id: string) => string = (x) => x): string {
  const o = ownersOf(owner);
  return o.ids.map(name).join(o.any ? ' 或 ' : '、');
}
