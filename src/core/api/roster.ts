import { z } from 'zod';
import { Rota } from '../roster/roster.ts';

const Shift = z.object({
  post: z.string(),
  account: z.string(),
  name: z.string(),
  until: z.string().describe('when the shift ends'),
  from: z.enum(['weekly', 'exception']),
});

export const Roster = z
  .object({
    jurisdiction: z.string(),
    rota: Rota,
    updatedAt: z.string().nullable(),
    updatedBy: z.string().nullable(),
    posts: z
      .array(z.object({ post: z.string(), name: z.string() }))
      .describe("the duty desk (`desk`) and the units and positions of the jurisdiction's active plan"),
    staff: z
      .array(z.object({ id: z.string(), name: z.string(), role: z.string(), imId: z.string().nullable() }))
      .describe("the jurisdiction's enabled accounts: who may stand on its rota"),
    onDuty: z.array(Shift).describe('who holds each post now'),
    handovers: z.array(
      z.object({
        id: z.string(),
        post: z.string(),
        from: z.string(),
        fromName: z.string().nullable(),
        to: z.string(),
        toName: z.string().nullable(),
        at: z.string(),
        note: z.string().nullable(),
        liveIncidents: z.number().int(),
        openEscalations: z.number().int(),
      }),
    ),
  })
  .meta({
    id: 'Roster',
    description: "值班: a jurisdiction's rota, who is on duty now, and the newest handovers.",
  });
export type Roster = z.infer<typeof Roster>;

export const HandoverIn = z
  .object({
    post: z.string().min(1).max(100),
    to: z.string().min(1).max(100).describe('the account that takes the shift over'),
    note: z.string().max(2000, '交班说明不超过 2000 字 (a note is at most 2,000 characters)').optional(),
  })
  .strict();

/** Who answers for a duty's owner now, as a board shows it. */
export const OnDutyRef = z
  .object({ post: z.string(), name: z.string(), until: z.string() })
  .describe("The person on duty for a duty's owner (or the duty desk) now.");
