import { z } from 'zod';
import { ConditionSchema } from './condition.ts';
import { isDuration } from './duration.ts';

/**
 * A response plan (预案) as data. docs/plan-format.md is the reference; plans/plan.schema.json
 * is generated from this schema for editors.
 */

const Id = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, 'an id is lower-case letters, digits and "-", starting with a letter');
const Text = z.string().min(1);
const Duration = z
  .string()
  .refine(isDuration, { message: 'not an ISO-8601 duration (e.g. PT20M, PT1H, P1D)' });

export const JURISDICTION_LEVELS = ['village', 'town', 'county', 'city', 'province', 'unit'] as const;

const Unit = z
  .object({
    id: Id,
    name: Text,
    /** who leads it, by position title (never a named person) */
    lead: Text.optional(),
    members: z.array(Text).optional(),
    duties: z.array(Text).default([]),
  })
  .strict();

export const LevelSchema = z
  .object({
    id: Id,
    name: Text,
    colour: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour is #rrggbb'),
    /** when the incident's facts make it this level; no rule: any reported incident */
    rule: ConditionSchema.optional(),
    description: Text.optional(),
  })
  .strict();

const EventType = z
  .string()
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
    .regex(/^data\.[A-Za-z0-9_.]+$/, 'from is a path into the event data, e.g. data.startedAt')
    .optional(),
}).strict();

export const DutySchema = z
  .object({
    id: Id,
    title: Text,
    /** who must do it: an organisation unit id or a jurisdiction level */
    owner: Text,
    start: StartTrigger,
    within: Duration,
    satisfiedBy: Trigger,
    warnBefore: Duration.optional(),
    /** whom a miss escalates to: an organisation unit id or a jurisdiction level */
    escalateTo: Text,
    /** only at these levels (the level when the duty would start); default: every level */
    levels: z.array(Id).optional(),
    /** where the time limit comes from, and any default chosen for 第一时间/立即 */
    basis: Text.optional(),
  })
  .strict();

const ChecklistItem = z
  .object({ id: Id, title: Text, group: Text.optional(), within: Duration.optional() })
  .strict();

export const PlanSchema = z
  .object({
    id: Id,
    title: Text,
    jurisdiction: z.object({ level: z.enum(JURISDICTION_LEVELS), name: Text }).strict(),
    version: z.number().int().min(1).max(100_000, 'a version is 1–100000; versions are numbered 1, 2, 3 …'),
    effective: z.iso.date({ message: 'effective is a date, YYYY-MM-DD' }),
    source: Text,
    principles: z.array(Text).default([]),
    scope: Text.optional(),
    /** ordered from the lowest to the highest */
    levels: z.array(LevelSchema).min(1),
    organisation: z
      .object({
        leadingGroup: Unit.optional(),
        office: Unit.optional(),
        groups: z.array(Unit).default([]),
        positions: z.array(Unit).default([]),
      })
      .strict(),
    duties: z.array(DutySchema).default([]),
    /** per level id: the tasks created when the plan is activated at that level */
    checklists: z.record(z.string(), z.array(ChecklistItem)).default({}),
    aftermath: z.array(ChecklistItem).default([]),
    omitted: z.array(z.object({ passage: Text, reason: Text }).strict()).default([]),
  })
  .strict();

export type Plan = z.infer<typeof PlanSchema>;
export type PlanInput = z.input<typeof PlanSchema>;
export type Duty = z.infer<typeof DutySchema>;
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
