import { durationMs } from '../plan/duration.ts';
import type { Plan } from '../plan/plan.schema.ts';

/**
 * 补录: an entry recorded well after the time it gives for the field. Entering a report an hour
 * late with the time it happened is allowed (the record keeps both times), but it must show:
 * the timeline marks it, with both times, and accountability findings can read it. The plan
 * sets how late is late (`lateEntryAfter`, an ISO-8601 duration); by default 10 minutes.
 */
export const DEFAULT_LATE_ENTRY_AFTER = 'PT10M';

/** How far behind the recording the field time may lie before an entry is 补录, in ms. */
export function lateEntryAfterMs(plan: Pick<Plan, 'lateEntryAfter'> | undefined): number {
  return durationMs(plan?.lateEntryAfter ?? DEFAULT_LATE_ENTRY_AFTER);
}

/** Whether an entry people recorded is 补录: its field time more than the tolerance before its recording. */
export function isLateEntry(
  e: { occurredAt: string; recordedAt: string; actor: { role: string } },
  toleranceMs: number,
): boolean {
  if (e.actor.role === 'system') return false;
  return Date.parse(e.recordedAt) - Date.parse(e.occurredAt) > toleranceMs;
}
