import { type DrillResult, runDrill, ScenarioSchema } from '../../core/plan/drill.ts';
import type { Plan } from '../../core/plan/plan.schema.ts';
import { checkPlanText, checkYamlText, type TextCheck } from './plan.load.ts';

/**
 * The work a plan worker does (plan.pool.ts runs it off the event loop, with a time limit):
 * check a plan's text, or check a drill scenario and run it against a plan. Plain data in, plain
 * data out: both cross a thread.
 */
export type PlanTask =
  | { kind: 'check'; name: string; yaml: string }
  | { kind: 'drill'; plan: Plan; name: string; yaml: string };

export type PlanCheckResult = { plan?: Plan } & TextCheck;

export type DrillOutcome =
  /** the scenario does not check */
  | ({ ran: false } & TextCheck)
  /** it checks, but the plan's rules cannot read a composed event's data */
  | { ran: false; error: string; problems: []; truncated: false }
  | { ran: true; result: DrillResult; start: string; expected: boolean };

export function runPlanTask(task: PlanTask): PlanCheckResult | DrillOutcome {
  if (task.kind === 'check') return checkPlanText(task.name, task.yaml);
  const { value, problems, truncated } = checkYamlText(task.name, task.yaml, ScenarioSchema);
  if (!value) return { ran: false, problems, truncated };
  try {
    return {
      ran: true,
      result: runDrill(task.plan, value),
      start: value.start,
      expected: value.expect !== undefined,
    };
  } catch (e) {
    return { ran: false, error: (e as Error).message, problems: [], truncated: false };
  }
}
