import { z } from 'zod';

/** What the API answers about what is overdue (逾期) across every kind of case. */

export const OverdueItem = z
  .object({
    case_id: z.string(),
    case_kind: z.string().describe('incident, dispute or screening'),
    duty_id: z.string().describe("a plan duty's id, commitment:<id>, or screening:<cadence>:<period>"),
    owner: z.string(),
    due_at: z.string(),
    status: z.string().describe('missed, or open past its due time (the clock has not ticked yet)'),
    escalate_to: z.string().nullable(),
    title: z.string(),
    jurisdiction: z.string().nullable(),
    plan_id: z.string().nullable(),
    plan_version: z.number().int().nullable(),
    exercise: z.boolean(),
  })
  .meta({
    id: 'OverdueItem',
    description: 'A duty, commitment or screening period past its due time and not met.',
  });
export type OverdueItem = z.infer<typeof OverdueItem>;

export const OverdueList = z.object({ overdue: z.array(OverdueItem) });
export type OverdueList = z.infer<typeof OverdueList>;
