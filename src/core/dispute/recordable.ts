import { type Action, may } from '../accounts/permissions.ts';
import { DISPUTE_DERIVED_TYPES, type DisputeEventType } from './dispute.events.ts';

/**
 * What may be recorded in a dispute in each of its states, and by whom: the state rules the
 * decider refuses by (dispute.decider.ts) over the one permission table
 * (core/accounts/permissions.ts). The interface shows a form only where they allow it.
 */

/** The statuses of a dispute's ledger line, as its read model sets them. */
export const DISPUTE_STATUSES = [
  'registered',
  'accepted',
  'not_accepted',
  'resolved',
  'ended',
  'settled',
] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

/** 受理 or 不予受理: decided once, while the dispute waits for it (信访工作条例 Art. 22–23). */
export const ACCEPTANCE: ReadonlySet<DisputeEventType> = new Set<DisputeEventType>([
  'dispute.accepted',
  'dispute.not_accepted',
]);

/** The work done on an accepted dispute only. */
export const NEEDS_ACCEPTANCE: ReadonlySet<DisputeEventType> = new Set<DisputeEventType>([
  'dispute.assigned',
  'mediation.held',
  'agreement.reached',
  'answer.issued',
  'extension.approved',
  'visit.made',
  'dispute.resolved',
  'dispute.ended',
]);

/** The work that comes before the outcome (化解 or 终止), the outcome itself included. */
export const BEFORE_OUTCOME: ReadonlySet<DisputeEventType> = new Set<DisputeEventType>([
  'dispute.assigned',
  'dispute.assessed',
  'mediation.held',
  'agreement.reached',
  'extension.approved',
  'dispute.resolved',
  'dispute.ended',
]);

/**
 * What follows from something only an accepted dispute has — an agreement's 司法确认, the 复查
 * and 复核 of a written answer —, so never in one not (yet) accepted.
 */
const OF_ACCEPTED: ReadonlySet<DisputeEventType> = new Set<DisputeEventType>([
  'confirmation.applied',
  'review.requested',
  'review.decided',
]);

/** A settled dispute (已销号) takes corrections, and the record that it flared into an incident again. */
export const AFTER_SETTLED: ReadonlySet<DisputeEventType> = new Set<DisputeEventType>([
  'entry.corrected',
  'incident.linked',
  'finding.disposed',
  'escalation.acknowledged',
]);

/** The action of the permission table an event type needs instead of recording on a case. */
export const NEEDS: Partial<Record<DisputeEventType, Action>> = {
  'finding.disposed': 'finding.dispose',
  'escalation.acknowledged': 'escalation.acknowledge',
};

/** The status of a dispute's ledger line for a state of its decider. */
export function statusOf(s: {
  settled: boolean;
  outcome: 'resolved' | 'ended' | null;
  acceptance: 'pending' | 'accepted' | 'not_accepted';
}): DisputeStatus {
  if (s.settled) return 'settled';
  if (s.outcome) return s.outcome;
  return s.acceptance === 'pending' ? 'registered' : s.acceptance;
}

/**
 * Does a dispute whose status is `status` take `type`, whoever records it? What the decider's
 * state rules allow (a finer rule — an agreement to confirm, a window of 30 days — may still
 * refuse it). The registration and what Huajie derives are never recorded on a dispute.
 */
export function takes(status: string, type: DisputeEventType): boolean {
  if (type === 'dispute.registered' || DISPUTE_DERIVED_TYPES.has(type)) return false;
  if (status === 'settled') return AFTER_SETTLED.has(type);
  const accepted = status === 'accepted' || status === 'resolved' || status === 'ended';
  const concluded = status === 'resolved' || status === 'ended';
  if (!accepted && status !== 'registered' && status !== 'not_accepted') return false;
  if (ACCEPTANCE.has(type)) return status === 'registered';
  if ((NEEDS_ACCEPTANCE.has(type) || OF_ACCEPTED.has(type)) && !accepted) return false;
  if (BEFORE_OUTCOME.has(type) && concluded) return false;
  // 销号 once it is resolved, ended or not accepted (and nothing is owed: the decider's rule)
  if (type === 'dispute.settled') return concluded || status === 'not_accepted';
  return true;
}

/**
 * May an account of `role` record `type` in a dispute whose status is `status`? What the routes
 * and the decider would allow, asked before a form is shown. (An escalation is taken in hand
 * through its own route, which decides whose it is.)
 */
export function mayRecord(role: string, type: DisputeEventType, status: string): boolean {
  if (!takes(status, type)) return false;
  const needs = NEEDS[type];
  return needs ? may(role, needs) : may(role, 'case.record');
}
