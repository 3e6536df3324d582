import type { Role } from './accounts.ts';

/**
 * Who may do what: the one table of roles × actions. Routes (`requireCaller(req, action)`), the
 * incident decider and the web's menus and buttons all ask it; nothing else lists roles.
 * Scope is separate: every action is further limited to the caller's jurisdiction and below.
 */
export const PERMISSIONS = {
  /** record on a case: report an incident or register a dispute, log, tasks, demands, commitments, statements, closing */
  'case.record': ['admin', 'commander', 'officer', 'recorder'],
  /** a commander's decisions: set or lift the level, authorise a coercive or control measure */
  'case.command': ['admin', 'commander'],
  /** read a reply channel (the petitioners' contact for written answers), each read logged */
  'case.reply-channel.read': ['commander', 'officer', 'recorder'],
  /** see who read which reply channel, when and why */
  'case.reply-channel.reads': ['admin', 'auditor', 'commander'],
  /** upload and publish plan versions */
  'plan.publish': ['admin'],
  /** see who uploaded a plan version, from where, with which note */
  'plan.provenance': ['admin', 'auditor'],
  /** create and change jurisdictions and accounts, unlock logins */
  'accounts.manage': ['admin'],
  /** register, change and remove webhooks; retry deliveries */
  'webhooks.manage': ['admin'],
  /** read the delivery log of notifications */
  'deliveries.read': ['admin', 'auditor'],
  /** acknowledge a situation report addressed to the caller's own jurisdiction (已收悉) */
  'sitrep.acknowledge': ['admin', 'commander', 'officer', 'recorder', 'leader'],
  /** take in hand an escalation that reached the caller's own jurisdiction (已接收) */
  'escalation.acknowledge': ['admin', 'commander', 'officer', 'recorder', 'leader'],
  /** set a jurisdiction's rota (值班表) for its duty desk and its plan's posts */
  'roster.manage': ['admin', 'commander'],
  /** hand over a shift (交接班), recorded with what was open */
  'roster.handover': ['admin', 'commander', 'officer', 'recorder', 'leader'],
  /** sign off or return the review (总结) of an incident below the caller's own jurisdiction */
  'review.approve': ['leader'],
  /** dispose of a finding (问责意见) of a case below the caller's own jurisdiction: accepted, explained, dismissed */
  'finding.dispose': ['leader', 'auditor'],
  /** verify the hash chains and read the audit view */
  'audit.read': ['admin', 'auditor'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

/** May an account of `role` do `action`? Unknown roles (the system actor included) may not. */
export function may(role: string, action: Action): boolean {
  return (PERMISSIONS[action] as readonly string[]).includes(role);
}

/** The roles that may do `action`, for messages. */
export function rolesFor(action: Action): readonly Role[] {
  return PERMISSIONS[action];
}
