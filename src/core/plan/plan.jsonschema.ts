import { z } from 'zod';
import { PlanSchema } from './plan.schema.ts';

/** The JSON Schema of plan files, generated from the zod schema, for editors' autocompletion. */
export function planJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(PlanSchema, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://huajie.local/plan.schema.json',
    title: 'Huajie response plan (预案)',
    description: 'A response plan as data. Reference: docs/plan-format.md',
  };
}
