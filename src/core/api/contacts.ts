import { z } from 'zod';

/**
 * What the API answers about representatives' contacts of a dispute: which sides have one kept
 * (never the contact itself), a read of one with the record of that read, and the access log.
 */

export const ContactKept = z.object({
  side: z.number().int().describe("the side: its position in the registration's `sides`, from 0"),
  description: z.string().describe('the side as the registration describes it'),
  kept_at: z.string(),
  purge_after: z
    .string()
    .nullable()
    .describe('when it is purged: a set time after 销号; null while the dispute is not settled'),
});

export const ContactsKept = z.object({
  contacts: z.array(ContactKept),
  retentionDays: z
    .number()
    .int()
    .describe('how many days after 销号 contacts are kept (the deployment sets it)'),
});
export type ContactsKept = z.infer<typeof ContactsKept>;

const ContactReadEntry = z.object({
  id: z.string(),
  side: z.number().int(),
  user_id: z.string(),
  username: z.string(),
  role: z.string(),
  reason: z.string(),
  at: z.string(),
});

/** A contact read, and the record the read left in the access log. */
export const ContactRead = z.object({
  contact: z.string(),
  side: z.object({ index: z.number().int(), description: z.string() }),
  logged: ContactReadEntry.omit({ side: true }).describe(
    'this read, as the access log keeps it: who, when and why (never the contact)',
  ),
  purgeAfter: z
    .string()
    .nullable()
    .describe('when the contact is purged: a set time after 销号; null while the dispute is not settled'),
});
export type ContactRead = z.infer<typeof ContactRead>;

export const ContactReads = z.object({ reads: z.array(ContactReadEntry) });
export type ContactReads = z.infer<typeof ContactReads>;
