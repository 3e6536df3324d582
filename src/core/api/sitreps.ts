import { z } from 'zod';

/** What every view of a situation report holds: the report, its incident, whom it is addressed to. */
const SitrepBase = z.object({
  eventId: z.string(),
  caseId: z.string(),
  title: z.string(),
  level: z.string().nullable(),
  plan_id: z.string().nullable(),
  plan_version: z.number().int().nullable(),
  /** initial | update | final (首报、续报、终报) */
  kind: z.string(),
  toLevel: z.string().nullable(),
  toOffice: z.string().nullable(),
  sentAt: z.string(),
  fields: z.record(z.string(), z.union([z.string(), z.number()])),
});

/** A situation report as the office it is addressed to receives it. */
export const ReceivedSitrep = SitrepBase.extend({
  exercise: z.boolean(),
  toJurisdiction: z.string().nullable(),
  from: z.object({ jurisdiction: z.string().nullable(), name: z.string().nullable(), role: z.string() }),
  acknowledged: z.object({ at: z.string(), role: z.string(), by: z.string() }).nullable(),
  /** whether the caller may acknowledge it: the office it is addressed to, not yet acknowledged */
  mayAcknowledge: z.boolean(),
}).meta({ id: 'ReceivedSitrep', description: 'A situation report addressed to a jurisdiction in scope.' });
export type ReceivedSitrep = z.infer<typeof ReceivedSitrep>;

export const ReceivedSitrepList = z.object({ sitreps: z.array(ReceivedSitrep) });
export type ReceivedSitrepList = z.infer<typeof ReceivedSitrepList>;

/** A situation report whole, as its document (公文) is printed. */
export const SitrepDocument = SitrepBase.extend({
  to: z.object({ jurisdiction: z.string().nullable(), name: z.string().nullable() }),
  from: z.object({ jurisdiction: z.string().nullable(), name: z.string().nullable() }),
  document: z.object({
    issuer: z.string().optional(),
    signer: z.string().optional(),
    number: z.string().optional(),
    urgency: z.enum(['urgent', 'extra_urgent']).optional(),
  }),
  acknowledged: z.object({ at: z.string(), role: z.string() }).nullable(),
}).meta({ id: 'SitrepDocument', description: 'A situation report whole, for its printed document.' });
export type SitrepDocument = z.infer<typeof SitrepDocument>;
