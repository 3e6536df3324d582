// Writes plans/plan.schema.json from the zod plan schema. A test fails when it is stale.
import { writeFileSync } from 'node:fs';
import { planJsonSchema } from '../src/core/plan/plan.jsonschema.ts';

writeFileSync(
  new URL('../plans/plan.schema.json', import.meta.url),
  `${JSON.stringify(planJsonSchema(), null, 2)}\n`,
);
console.log('wrote plans/plan.schema.json');
