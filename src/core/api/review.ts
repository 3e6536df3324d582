import { z } from 'zod';
import { REVIEW_STATES } from '../review/review.ts';

/** An incident's review (总结): where it stands, its text, and a draft from the log. */
export const IncidentReview = z
  .object({
    state: z.enum(REVIEW_STATES),
    /** the text last kept or sent */
    text: z.string().nullable(),
    /** why it was last returned, while it is a draft again */
    returned: z.string().nullable(),
    at: z.string().nullable(),
    /** the 发文字号 and 签发人 it was last kept or sent with (an upward document, GB/T 9704) */
    document: z.object({ number: z.string().nullable(), signer: z.string().nullable() }),
    /** drafted from the log now: course, duties, demands, commitments, measures, statements, damage, findings */
    draft: z.string(),
    /** whether the caller may sign it off or return it: a leader of a level above, while it is in review */
    mayDecide: z.boolean(),
    /**
     * when the plan wants it sent up: the clock of the plan's duty met by review.submitted
     * (e.g. 003 七(三)'s written summary within 3 days of the close), with how it stands
     */
    due: z
      .object({
        dutyId: z.string(),
        title: z.string(),
        at: z.string(),
        status: z.enum(['open', 'met', 'missed']),
        lateSeconds: z.number().nullable(),
      })
      .nullable(),
  })
  .meta({ id: 'IncidentReview', description: 'An incident’s review (总结) and its draft from the log.' });
export type IncidentReview = z.infer<typeof IncidentReview>;

export const ReviewDecision = z
  .object({
    id: z.uuid({ version: 'v7', message: 'id is the client-made UUIDv7 of the event (the retry key)' }),
    decision: z.enum(['approved', 'returned']),
    /** why it is returned (required then); a note on the sign-off */
    reason: z.string().max(2000).optional(),
  })
  .strict();
