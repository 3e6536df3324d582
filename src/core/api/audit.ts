import { z } from 'zod';

/** The answer of `huajie audit verify` from the browser, for the caller's jurisdiction and below. */
export const AuditVerify = z.object({
  ok: z.boolean(),
  checkedAt: z.string(),
  /** how many incidents are in the caller's scope */
  incidents: z.number().int(),
  /** false when the server has no head key: heads were compared but their signatures not checked */
  signaturesChecked: z.boolean(),
  broken: z.array(
    z.object({
      caseId: z.string(),
      title: z.string(),
      events: z.number().int(),
      problems: z.array(
        z.object({
          seq: z.number().int(),
          kind: z
            .string()
            .describe(
              'altered, unlinked, missing, truncated, beyond_head, head_missing, head_forged or head_without_events',
            ),
          message: z.string(),
        }),
      ),
    }),
  ),
});
export type AuditVerify = z.infer<typeof AuditVerify>;
