import { z } from 'zod';

const Rate = z.object({ n: z.number().int(), of: z.number().int(), rate: z.number().nullable() });
const Count = z.object({
  on_time: z.number().int(),
  late: z.number().int(),
  missed: z.number().int(),
  open: z.number().int(),
});
const Minutes = z.object({
  count: z.number().int(),
  none: z.number().int(),
  median: z.number().nullable(),
  mean: z.number().nullable(),
});

/** Which jurisdiction and period: a month (YYYY-MM) or days from–to (China), else this month. */
export const FigureQuery = z
  .object({
    jurisdiction: z.string().min(1).max(100).optional().describe("default: the caller's own"),
    month: z
      .string()
      .regex(/^(19|20)\d\d-(0[1-9]|1[0-2])$/, { message: 'month is YYYY-MM (1900–2099)' })
      .optional(),
    from: z.iso.date({ message: 'from is a date, YYYY-MM-DD' }).optional().describe('first day (China)'),
    to: z.iso.date({ message: 'to is a date, YYYY-MM-DD' }).optional().describe('last day (China)'),
    format: z.enum(['json', 'xlsx']).default('json'),
  })
  .strict();

export const FiguresOut = z
  .object({
    jurisdiction: z.object({ code: z.string(), name: z.string() }),
    /** China days, both included */
    from: z.string(),
    to: z.string(),
    duties: Count.extend({
      onTime: Rate,
      byDuty: z.array(Count.extend({ planId: z.string().nullable(), dutyId: z.string(), title: z.string() })),
      byOwner: z.array(Count.extend({ owner: z.string() })),
    }),
    incidents: z.object({ reported: z.number().int(), firstReport: Minutes, firstStatement: Minutes }),
    disputes: z.object({
      registered: z.number().int(),
      accepted: z.number().int(),
      notAccepted: z.number().int(),
      resolved: Rate,
      acceptedOnTime: Rate,
      handledOnTime: Rate,
      foundByScreening: Rate,
      repeatVisits: z.number().int(),
      evaluations: z.object({
        satisfied: z.number().int(),
        basically_satisfied: z.number().int(),
        dissatisfied: z.number().int(),
      }),
      satisfied: Rate,
    }),
    screening: Rate.extend({ missed: z.number().int(), open: z.number().int() }),
    findings: z.array(
      z.object({
        kind: z.string(),
        total: z.number().int(),
        accepted: z.number().int(),
        explained: z.number().int(),
        dismissed: z.number().int(),
        pending: z.number().int(),
      }),
    ),
    targets: z.array(
      z.object({
        planId: z.string(),
        planTitle: z.string(),
        id: z.string(),
        title: z.string(),
        measure: z.string(),
        atLeast: z.number(),
        actual: z.number().nullable(),
        met: z.boolean().nullable(),
        basis: z.string().optional(),
      }),
    ),
  })
  .meta({
    id: 'Figures',
    description: 'The figures of a jurisdiction and below over a period, from the record.',
  });
export type FiguresOut = z.infer<typeof FiguresOut>;
