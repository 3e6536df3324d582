import { z } from 'zod';
import { Required } from '../events/fields.ts';

/** How a reviewer at the level above disposes of a finding (问责意见): always with a reason. */
export const DISPOSITIONS = ['accepted', 'explained', 'dismissed'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

/**
 * `finding.disposed`, on the log of the case the finding is of (an incident's, a dispute's, a
 * screening register's): the finding by its id (core/findings), the disposition, the reason. A
 * later one replaces the earlier; both stay on the record.
 */
export const FindingDisposed = z
  .object({
    findingId: z.string().min(1).max(300),
    disposition: z.enum(DISPOSITIONS),
    reason: Required(2000, '处理意见须写明理由 (a disposition needs its reason)'),
  })
  .strict();
