/**
 * How urgent a live incident is on a duty board (值班台): a rule of the domain, pure. A duty
 * officer reads the board from the top, so the top is what needs a hand first — an incident
 * with a duty past its limit, then one whose duty is in its warning window, then the higher
 * level, then the one that has waited longer.
 */

/** A duty clock as the rule reads it. */
export interface UrgencyClock {
  duty_id: string;
  due_at: string;
  warn_at: string | null;
  /** open, met or missed */
  status: string;
}

/** overdue: a duty past its limit and not met; warning: a duty in its warning window; due: neither */
export const URGENCY_TIERS = ['overdue', 'warning', 'due'] as const;
export type UrgencyTier = (typeof URGENCY_TIERS)[number];

export interface Urgency<C extends UrgencyClock = UrgencyClock> {
  tier: UrgencyTier;
  /** the clock that makes it so: the most overdue, else the soonest due; null when none is running */
  clock: C | null;
  /** the level's place among its plan's levels, 0 (none) to 1 (the plan's highest) */
  levelRank: number;
  /** when it was reported, ms */
  reportedAt: number;
}

/**
 * A level's place among its plan's levels, which a plan orders from the lowest to the highest:
 * the highest level of any plan is 1, so a town's 重大 and a bureau's 紧急 stand together.
 */
export function levelRankOf(levels: readonly { id: string }[], level: string | null): number {
  if (!level) return 0;
  const i = levels.findIndex((l) => l.id === level);
  return i < 0 ? 0 : (i + 1) / levels.length;
}

/** The urgency of an incident, given its clocks not met and the time now (ms). */
export function urgencyOf<C extends UrgencyClock>(
  clocks: readonly C[],
  levelRank: number,
  reportedAt: string,
  now: number,
): Urgency<C> {
  let clock: C | null = null;
  let tier: UrgencyTier = 'due';
  for (const c of clocks) {
    if (c.status === 'met') continue;
    const due = Date.parse(c.due_at);
    const t: UrgencyTier =
      c.status === 'missed' || due <= now
        ? 'overdue'
        : c.warn_at !== null && Date.parse(c.warn_at) <= now
          ? 'warning'
          : 'due';
    const rank = URGENCY_TIERS.indexOf(t);
    const held = URGENCY_TIERS.indexOf(tier);
    // within a tier the earliest limit: the most overdue, or the soonest due
    if (clock === null || rank < held || (rank === held && due < Date.parse(clock.due_at))) {
      clock = c;
      tier = t;
    }
  }
  return { tier, clock, levelRank, reportedAt: Date.parse(reportedAt) };
}

/** Most urgent first: tier, then level, then the longer wait. */
export function byUrgency(a: Urgency, b: Urgency): number {
  return (
    URGENCY_TIERS.indexOf(a.tier) - URGENCY_TIERS.indexOf(b.tier) ||
    b.levelRank - a.levelRank ||
    a.reportedAt - b.reportedAt
  );
}
