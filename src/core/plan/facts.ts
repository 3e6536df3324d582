import { z } from 'zod';
import type { TreeLevel } from '../accounts/accounts.ts';

/**
 * The incident facts level rules read (DESIGN.md, "The contract"). All optional: a rule
 * over a fact that is not known yet does not match.
 */
export const BLOCKING_TARGETS = [
  'government_office',
  'key_facility',
  'road',
  /** 公路等重要交通枢纽: a public highway (national, provincial, county road), a motorway, a station — not a village lane */
  'transport_hub',
  'railway',
  'public_place',
  'enterprise',
] as const;
export const GATHERING_FORMS = [
  'collective_visit',
  'gathering',
  'march',
  'strike',
  'blockade',
  'other',
] as const;
/** Where a collective visit went: a level of the tree above the village, or the national bureau. */
export const VISIT_LEVELS = ['town', 'county', 'city', 'province', 'national'] as const satisfies readonly (
  | TreeLevel
  | 'national'
)[];

const count = z.number().int().min(0);

export const FactsSchema = z
  .object({
    participants: count.optional(),
    onlookers: count.optional(),
    dead: count.optional(),
    injured: count.optional(),
    propertyLoss: z.number().min(0).optional(),
    blocking: z.array(z.enum(BLOCKING_TARGETS)).optional(),
    violence: z.boolean().optional(),
    form: z.enum(GATHERING_FORMS).optional(),
    visit: z
      .object({ level: z.enum(VISIT_LEVELS), people: count })
      .strict()
      .optional(),
  })
  .strict();
export type Facts = z.infer<typeof FactsSchema>;

export type FactType =
  | { kind: 'number' }
  | { kind: 'boolean' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'list'; values: readonly string[] };

/** Every fact path a rule may read, and its type, for checking plans before they run. */
export const FACT_TYPES: Record<string, FactType> = {
  participants: { kind: 'number' },
  onlookers: { kind: 'number' },
  dead: { kind: 'number' },
  injured: { kind: 'number' },
  propertyLoss: { kind: 'number' },
  blocking: { kind: 'list', values: BLOCKING_TARGETS },
  violence: { kind: 'boolean' },
  form: { kind: 'enum', values: GATHERING_FORMS },
  'visit.level': { kind: 'enum', values: VISIT_LEVELS },
  'visit.people': { kind: 'number' },
};

/** Merge a partial update into the facts known so far (lists and objects are replaced whole). */
export function mergeFacts(known: Facts, update: Facts): Facts {
  return { ...known, ...update };
}
