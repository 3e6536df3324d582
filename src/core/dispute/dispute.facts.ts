import { z } from 'zod';
import { Count, Day } from '../events/fields.ts';
import { type FactType, VISIT_LEVELS } from '../plan/facts.ts';

/**
 * What a dispute is about, as its risk rules read it: the dispute's own facts — how many
 * people and households, the money at stake, since when, whether it has already gone to
 * higher levels, whether it is collective. Never anything about a person: the sides are
 * described as groups or organisations (dispute.events.ts), and risk belongs to the dispute.
 */

/** 高 / 中 / 低 */
export const RISKS = ['high', 'medium', 'low'] as const;
export type Risk = (typeof RISKS)[number];

export const DisputeFactsSchema = z
  .object({
    /** about how many people are involved (涉及人数) */
    people: Count.optional(),
    /** about how many households (涉及户数) */
    households: Count.optional(),
    /** the money at stake, yuan (涉及金额) */
    amount: z.number().min(0).optional(),
    /** when the dispute began, as far as known */
    since: Day.optional(),
    /** it has already been taken to a higher level (越级): the highest level, how many times */
    visitedUp: z
      .object({ level: z.enum(VISIT_LEVELS), times: Count })
      .strict()
      .optional(),
    /** many people with one claim (群体性) */
    collective: z.boolean().optional(),
  })
  .strict();
export type DisputeFacts = z.infer<typeof DisputeFactsSchema>;

/**
 * Every fact a dispute risk rule may read. `unresolvedDays` is not recorded but worked out at
 * the assessment: whole days from `since` (or, without it, from registration) to the assessment.
 */
export const DISPUTE_FACT_TYPES: Record<string, FactType> = {
  people: { kind: 'number' },
  households: { kind: 'number' },
  amount: { kind: 'number' },
  unresolvedDays: { kind: 'number' },
  'visitedUp.level': { kind: 'enum', values: VISIT_LEVELS },
  'visitedUp.times': { kind: 'number' },
  collective: { kind: 'boolean' },
};

/** Whole days from `from` (a date or an instant) to `to` (an instant); 0 when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  const start = Date.parse(from.length === 10 ? `${from}T00:00:00+08:00` : from);
  return Math.max(0, Math.floor((Date.parse(to) - start) / 86_400_000));
}
