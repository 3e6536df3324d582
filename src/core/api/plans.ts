import { z } from 'zod';
import type { Plan as PlanData } from '../plan/plan.schema.ts';

/** What the API answers about plans, their versions, checks and drills. */

export const PlanSummary = z.object({
  id: z.string(),
  title: z.string(),
  /** the newest version */
  version: z.number().int(),
  jurisdiction: z.object({ level: z.string(), name: z.string() }).optional(),
  effective: z.string().optional(),
  /** how many versions it has */
  versions: z.number().int(),
  origin: z.enum(['bundled', 'uploaded']).optional(),
  /** how many drill scenarios ship with it */
  drills: z.number().int(),
});
export type PlanSummary = z.infer<typeof PlanSummary>;

export const PlanList = z.object({ plans: z.array(PlanSummary) });
export type PlanList = z.infer<typeof PlanList>;

/**
 * A plan as data: the format of docs/plan-format.md, whose JSON Schema is plans/plan.schema.json.
 * It was checked when it was loaded or uploaded and is answered as the server holds it.
 */
export const PlanOut = z
  .custom<PlanData>((v) => typeof v === 'object' && v !== null)
  .meta({
    type: 'object',
    description: 'A plan as data (docs/plan-format.md; JSON Schema: plans/plan.schema.json).',
  });

export const PlanAnswer = z.object({ plan: PlanOut });
export type PlanAnswer = z.infer<typeof PlanAnswer>;

/** Where a plan version came from. Who uploaded it, from where, and the note: admins and auditors over that jurisdiction. */
export const PlanVersion = z
  .object({
    id: z.string(),
    version: z.number().int(),
    title: z.string(),
    effective: z.string(),
    origin: z.enum(['bundled', 'uploaded']),
    /** SHA-256 of the YAML text, hex */
    sha256: z.string(),
    uploadedBy: z.string().optional(),
    /** the uploader's jurisdiction */
    uploadedIn: z.string().optional(),
    uploadedAt: z.string().optional(),
    note: z.string().optional(),
  })
  .meta({ id: 'PlanVersion', description: 'A version of a plan: where it came from.' });
export type PlanVersion = z.infer<typeof PlanVersion>;

export const PlanVersionList = z.object({ versions: z.array(PlanVersion) });
export type PlanVersionList = z.infer<typeof PlanVersionList>;
export const PlanSource = z.object({ yaml: z.string(), info: PlanVersion });
export type PlanSource = z.infer<typeof PlanSource>;

export const TextProblem = z.object({
  line: z.number().int(),
  column: z.number().int(),
  path: z.string(),
  message: z.string(),
});
export type TextProblem = z.infer<typeof TextProblem>;

export const PlanCheck = z.object({
  ok: z.boolean(),
  problems: z.array(TextProblem),
  /** more problems than listed (the check lists the first of them) */
  truncated: z.boolean(),
  note: z.string().optional(),
  /** a text that checks: what in the plan can never happen (a level, a task, a duty); it may still be stored */
  warnings: z.array(TextProblem),
  /** the plan the text is, when it reads as one */
  plan: z.object({ id: z.string(), version: z.number().int(), title: z.string() }).nullable(),
  /** the newest version the server holds of that plan */
  current: z.object({ version: z.number().int(), title: z.string() }).nullable(),
});
export type PlanCheck = z.infer<typeof PlanCheck>;

export const PlanUploaded = z.object({ version: PlanVersion, created: z.boolean() });
export type PlanUploaded = z.infer<typeof PlanUploaded>;

export const DrillScenario = z.object({ name: z.string(), title: z.string(), yaml: z.string() });
export type DrillScenario = z.infer<typeof DrillScenario>;
export const DrillScenarioList = z.object({ scenarios: z.array(DrillScenario) });
export type DrillScenarioList = z.infer<typeof DrillScenarioList>;

/** The review of a drill, in the shape `huajie drill --json` prints. */
export const DrillReview = z
  .object({
    plan: z.string(),
    version: z.number().int(),
    scenario: z.string(),
    level: z.object({ id: z.string(), name: z.string() }).nullable(),
    duties: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        owner: z.string(),
        startedAt: z.string(),
        dueAt: z.string(),
        status: z.enum(['met', 'missed', 'open']),
        lateSeconds: z.number(),
      }),
    ),
    tasks: z.array(
      z.object({ id: z.string(), title: z.string(), group: z.string().nullable(), status: z.string() }),
    ),
    escalations: z.array(z.object({ dutyId: z.string(), to: z.string(), at: z.string() })),
    findings: z.array(z.object({ kind: z.string(), dutyId: z.string().optional(), text: z.string() })),
    /** the scenario's events that live use would have refused, each with the reason */
    refused: z.array(z.object({ at: z.string(), type: z.string(), error: z.string(), message: z.string() })),
  })
  .meta({ id: 'DrillReview', description: 'What a drill did: level, duties, tasks, escalations, findings.' });
export type DrillReview = z.infer<typeof DrillReview>;

export const DrillAnswer = z.object({
  review: DrillReview,
  /** each way the run differed from the scenario's `expect:` (empty: it went as expected) */
  differences: z.array(z.string()),
  passed: z.boolean(),
  /** whether the scenario says what it expects */
  expected: z.boolean(),
  /** the scenario's start: T+ is counted from it */
  start: z.string(),
  /** the run as kept: listed on the plan's page */
  run: z.object({ id: z.string(), at: z.string() }),
});
export type DrillAnswer = z.infer<typeof DrillAnswer>;

/** A drill run, as kept: who ran which scenario against which version, when, and how it went. */
export const DrillRun = z
  .object({
    id: z.string(),
    version: z.number().int(),
    /** the shipped scenario's name; empty for a composed one */
    scenario: z.string(),
    scenarioTitle: z.string(),
    shipped: z.boolean(),
    by: z.object({
      role: z.string(),
      username: z.string().nullable(),
      name: z.string().nullable(),
      jurisdiction: z.string(),
    }),
    at: z.string(),
    /** the scenario says what it expects (`expect:`) */
    expected: z.boolean(),
    /** it went as expected (always, when it expects nothing) */
    passed: z.boolean(),
    level: z.string().nullable(),
    duties: z.object({ met: z.number().int(), late: z.number().int(), missed: z.number().int() }),
    differences: z.array(z.string()),
  })
  .meta({ id: 'DrillRun', description: 'A drill run, kept.' });
export type DrillRun = z.infer<typeof DrillRun>;
export const DrillRunList = z.object({ runs: z.array(DrillRun) });
export type DrillRunList = z.infer<typeof DrillRunList>;
