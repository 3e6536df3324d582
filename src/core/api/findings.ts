import { z } from 'zod';
import { DISPOSITIONS } from '../findings/disposition.ts';
import { FINDING_KINDS } from '../findings/findings.ts';

/**
 * Something said before it is put into a language (core/words): a key of the shared dictionaries
 * and its values, each a string, a number, or itself said (a list of them is joined).
 */
export const Said = z.object({ key: z.string(), params: z.record(z.string(), z.unknown()).optional() });

/** A finding (问责意见) of a case, as the lists show it. */
export const FindingRow = z
  .object({
    caseId: z.string(),
    caseKind: z.enum(['incident', 'dispute', 'screening']),
    caseTitle: z.string(),
    jurisdiction: z.string().nullable(),
    exercise: z.boolean(),
    /** the plan the case runs under: it names the owners and the duties */
    plan_id: z.string().nullable(),
    plan_version: z.number().int().nullable(),
    /** unique within the case */
    id: z.string(),
    kind: z.enum(FINDING_KINDS),
    /** who answers for it: a unit or position of the plan, a level, a department, `role:<role>` */
    owner: z.string(),
    /** the duty, event, commitment or measure it is about */
    subject: z.string(),
    arose: z.string(),
    text: z.string().meta({ description: 'what it says, in Chinese' }),
    said: Said.nullable().meta({
      description:
        'what it says before it is put into a language (keys of the shared dictionaries); null for findings derived before it was kept',
    }),
    evidence: z.array(z.object({ eventId: z.string(), type: z.string(), at: z.string() })),
    disposition: z
      .object({
        value: z.enum(DISPOSITIONS),
        reason: z.string(),
        by: z.object({ id: z.string(), role: z.string(), name: z.string().nullable() }),
        at: z.string(),
      })
      .nullable(),
    /** whether the caller may dispose of it: a leader or auditor of a level above the case */
    mayDispose: z.boolean(),
  })
  .meta({
    id: 'Finding',
    description: 'A finding (问责意见) derived from a case’s log, with its disposition.',
  });
export type FindingRow = z.infer<typeof FindingRow>;

export const FindingList = z.object({ findings: z.array(FindingRow) });
export type FindingList = z.infer<typeof FindingList>;

export const FindingQuery = z
  .object({
    from: z.iso.datetime({ offset: true }).optional().describe('arisen at or after'),
    to: z.iso.datetime({ offset: true }).optional().describe('arisen before'),
    kind: z.enum(FINDING_KINDS).optional(),
    disposition: z
      .enum(['open', ...DISPOSITIONS])
      .optional()
      .describe('open: not disposed of yet'),
    caseId: z.string().max(100).optional(),
    exercise: z.enum(['true', 'false']).optional().describe('exercises instead of real cases'),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .strict();

export const DispositionIn = z
  .object({
    id: z.uuid({ version: 'v7', message: 'id is the client-made UUIDv7 of the event (the retry key)' }),
    findingId: z.string().min(1).max(300),
    disposition: z.enum(DISPOSITIONS),
    reason: z.string().max(2000),
  })
  .strict();
