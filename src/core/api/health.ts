import { z } from 'zod';

/** GET /api/health: the server is up, its database answers, and it can write. */
export const Health = z
  .object({
    status: z.string().describe('ok, or unavailable'),
    version: z.string().optional(),
    engine: z.string().describe('sqlite or postgres'),
    /** when the database does not answer at all */
    database: z.string().optional(),
    /** how long the database took to answer, in ms */
    databaseMs: z.number().optional(),
    writable: z.boolean(),
    /** why it is unavailable */
    reason: z.string().optional(),
    time: z.string().optional(),
  })
  .meta({
    id: 'Health',
    description: 'Whether the server is fit for duty: its database answers and takes writes.',
  });
export type Health = z.infer<typeof Health>;
