import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ScenarioSchema } from '../../src/core/plan/drill.ts';
import { checkPlan } from '../../src/core/plan/plan.check.ts';
import type { Plan } from '../../src/core/plan/plan.schema.ts';

/** Every shipped plan, with the events of all its drills as a pool to draw random cases from. */
export function shippedPlansWithDrillEvents() {
  return readdirSync('plans')
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => {
      const plan = checkPlan(parse(readFileSync(`plans/${f}`, 'utf8'))).plan as Plan;
      const dir = `plans/${f.replace(/\.yaml$/, '.drills')}`;
      const pool = readdirSync(dir).flatMap(
        (d) => ScenarioSchema.parse(parse(readFileSync(`${dir}/${d}`, 'utf8'))).events,
      );
      return { plan, pool };
    });
}
