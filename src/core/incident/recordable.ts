import { type Action, may } from '../accounts/permissions.ts';
import type { EventType } from './incident.events.ts';

/**
 * What may still be recorded in an incident, and by whom: the case's state (AFTER_CLOSE,
 * AFTER_SETTLED) over the one permission table (core/accounts/permissions.ts). The decider
 * refuses by these; the interface shows a form only where they allow it.
 */

/**
 * Commands a closed case still takes: closing ends the response on the scene (现场处置结束), not
 * what is owed — answers, commitments, aftermath tasks — nor the record of it.
 */
export const AFTER_CLOSE: ReadonlySet<EventType> = new Set<EventType>([
  'entry.corrected',
  'review.submitted',
  'demand.answered',
  'commitment.fulfilled',
  'task.acknowledged',
  'task.completed',
  'log.entry',
  'statement.published',
  'incident.settled',
  'dispute.linked',
  'obligations.carried',
  'finding.disposed',
  'escalation.acknowledged',
  'sitrep.acknowledged',
  'review.drafted',
  'review.returned',
  'review.approved',
]);

/** Commands a settled case (已销号) still takes. */
export const AFTER_SETTLED: ReadonlySet<EventType> = new Set<EventType>([
  'entry.corrected',
  'review.submitted',
  'dispute.linked',
  'finding.disposed',
  'escalation.acknowledged',
  'sitrep.acknowledged',
  'review.drafted',
  'review.returned',
  'review.approved',
]);

/** The action of the permission table an event type needs beyond being in the case's scope. */
const NEEDS: Partial<Record<EventType, Action>> = {
  'incident.level.set': 'case.command',
  'measure.authorized': 'case.command',
  'review.approved': 'review.approve',
  'review.returned': 'review.approve',
  'finding.disposed': 'finding.dispose',
  'sitrep.acknowledged': 'sitrep.acknowledge',
  'escalation.acknowledged': 'escalation.acknowledge',
};

/** The statuses of an incident's row: open, stabilized, closed, settled (已销号). */
export type IncidentStatus = 'open' | 'stabilized' | 'closed' | 'settled' | string;

/**
 * May an account of `role` record `type` in an incident whose status is `status`? What the
 * routes and the decider would allow, asked before a form is shown. (Where the event is recorded
 * through its addressee's own route — 已收悉, 已接收 — the route decides who that is.)
 */
export function mayRecord(role: string, type: EventType, status: IncidentStatus): boolean {
  if (status === 'settled' && !AFTER_SETTLED.has(type)) return false;
  if (status === 'closed' && !AFTER_CLOSE.has(type)) return false;
  const needs = NEEDS[type];
  // the incident's own command route takes only those who record; the others their own routes
  if (needs === 'case.command') return may(role, 'case.record') && may(role, needs);
  return needs ? may(role, needs) : may(role, 'case.record');
}
