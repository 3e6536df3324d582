import type { Plan, Target } from '../plan/plan.schema.ts';

/**
 * 统计: the figures a county asks for, computed from the record (the read models the log builds),
 * never entered by hand, for a jurisdiction and what lies below it over a period, drills and
 * exercises left out — and set against the rates the plans in force there aim at (their
 * `targets`, e.g. seed 001 二's 化解率达85%以上).
 *
 * What counts in a period:
 * - a duty (an incident's, a dispute's, a screening round's, a commitment's) counts in the period
 *   its time limit falls in: met on time, met late, missed (not met by its limit), or still open
 *   (its limit not reached yet);
 * - an incident counts in the period it was reported in: minutes from 接报 to its first situation
 *   report (首报) and to its first statement to the public;
 * - a dispute counts in the period it was registered in: accepted, not accepted, resolved;
 *   acceptance and handling on time are the plan's duties met by `dispute.accepted` (受理) and
 *   started by it (办结), counted by their limits as above;
 * - a return visit (回访) with an evaluation, and a request for 复查/复核 (the parties coming back
 *   over the same matter: 重复信访), count in the period they were recorded in;
 * - a finding counts in the period it arose in, by kind and disposition.
 */

export type DutyOutcome = 'on_time' | 'late' | 'missed' | 'open';

/**
 * Duties counted alike: of one kind of case, plan, duty and owner, standing the same way at the
 * moment the figures are taken — met on time or late, missed (by the clock, or its limit past) or
 * open (counted in SQL: server/figures/figures.queries.ts). A commitment's clocks come as
 * `commitment:`, a screening register's as `screening:`.
 */
export interface DutyFigureRow {
  caseKind: 'incident' | 'dispute' | 'screening';
  planId: string | null;
  planVersion: number | null;
  dutyId: string;
  owner: string;
  outcome: DutyOutcome;
  n: number;
}

export interface FigureRows {
  duties: readonly DutyFigureRow[];
  incidents: readonly { reportedAt: string; firstReportAt: string | null; firstStatementAt: string | null }[];
  /** disputes registered, counted by source */
  disputes: readonly { source: string; n: number }[];
  /**
   * of those, how many were ever accepted, not accepted, resolved: from their logs, not their
   * status now (销号 replaces every status, whichever way the dispute ended)
   */
  outcomes: { accepted: number; notAccepted: number; resolved: number };
  evaluations: readonly string[];
  reviewRequests: number;
  /** findings, counted by kind and disposition */
  findings: readonly { kind: string; disposition: string | null; n: number }[];
}

export interface Count {
  on_time: number;
  late: number;
  missed: number;
  open: number;
}

export interface Rate {
  /** the figure counted */
  n: number;
  /** out of */
  of: number;
  /** per cent, one decimal; null when there is nothing to count */
  rate: number | null;
}

export interface Figures {
  duties: Count & {
    onTime: Rate;
    byDuty: (Count & { planId: string | null; dutyId: string; title: string })[];
    byOwner: (Count & { owner: string })[];
  };
  incidents: {
    reported: number;
    firstReport: Minutes;
    firstStatement: Minutes;
  };
  disputes: {
    registered: number;
    accepted: number;
    notAccepted: number;
    resolved: Rate;
    acceptedOnTime: Rate;
    handledOnTime: Rate;
    foundByScreening: Rate;
    repeatVisits: number;
    evaluations: { satisfied: number; basically_satisfied: number; dissatisfied: number };
    satisfied: Rate;
  };
  screening: Rate & { missed: number; open: number };
  findings: {
    kind: string;
    total: number;
    accepted: number;
    explained: number;
    dismissed: number;
    pending: number;
  }[];
  targets: TargetResult[];
}

export interface Minutes {
  /** incidents that have one */
  count: number;
  /** incidents that have none yet */
  none: number;
  median: number | null;
  mean: number | null;
}

export interface TargetResult {
  planId: string;
  planTitle: string;
  id: string;
  title: string;
  measure: string;
  atLeast: number;
  actual: number | null;
  /** null while there is nothing to count */
  met: boolean | null;
  basis?: string;
}

export function rate(n: number, of: number): Rate {
  return { n, of, rate: of === 0 ? null : Math.round((n / of) * 1000) / 10 };
}

const zero = (): Count => ({ on_time: 0, late: 0, missed: 0, open: 0 });
/** on time out of those whose time is up: met (on time or late) or missed */
const onTimeRate = (c: Count): Rate => rate(c.on_time, c.on_time + c.late + c.missed);

function minutes(pairs: readonly (readonly [string, string | null])[]): Minutes {
  const m = pairs
    .filter((p): p is readonly [string, string] => p[1] !== null)
    .map(([from, to]) => Math.max(0, (Date.parse(to) - Date.parse(from)) / 60_000))
    .sort((a, b) => a - b);
  const at = (i: number) => m[i] ?? 0;
  const mid = Math.floor(m.length / 2);
  const median = m.length === 0 ? null : m.length % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
  const round = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);
  return {
    count: m.length,
    none: pairs.length - m.length,
    median: round(median),
    mean: round(m.length ? m.reduce((a, b) => a + b, 0) / m.length : null),
  };
}

/** The duties of a plan's disputes that stand for 受理 (met by dispute.accepted) and 办结 (started by it). */
export function disputeDutyRoles(plan: Plan | undefined): { accept: Set<string>; handle: Set<string> } {
  const accept = new Set<string>();
  const handle = new Set<string>();
  for (const d of plan?.disputes?.duties ?? []) {
    if (d.satisfiedBy.some((s) => s.on === 'dispute.accepted')) accept.add(d.id);
    if (d.start.on === 'dispute.accepted') handle.add(d.id);
  }
  return { accept, handle };
}

export interface FigureContext {
  /** a plan by id and version, for its duties' titles, its units' names and its dispute duties */
  plan: (id: string | null, version: number | null) => Plan | undefined;
  /** a unit's or level's name, from the plan */
  unitName: (plan: Plan | undefined, id: string) => string;
  /** the plans in force for the jurisdiction and above it, whose targets the figures are set against */
  targetPlans: readonly Plan[];
}

/** A duty's title as the figures name it: the plan's, or what the clock stands for. */
function dutyTitle(plan: Plan | undefined, kind: DutyFigureRow['caseKind'], id: string): string {
  if (id.startsWith('commitment:')) return '承诺兑现';
  if (kind === 'screening' || id.startsWith('screening:')) return '按期排查';
  if (id.startsWith('task:')) {
    const task = [...Object.values(plan?.checklists ?? {}).flat(), ...(plan?.aftermath ?? [])].find(
      (x) => x.id === id.slice(5),
    );
    return task ? `任务：${task.title}` : id;
  }
  const d = [...(plan?.duties ?? []), ...(plan?.disputes?.duties ?? [])].find((x) => x.id === id);
  return d?.title ?? id;
}

/** The period's figures from its rows. */
export function computeFigures(rows: FigureRows, ctx: FigureContext): Figures {
  const all = zero();
  const byDuty = new Map<string, Count & { planId: string | null; dutyId: string; title: string }>();
  const byOwner = new Map<string, Count & { owner: string }>();
  const accept = zero();
  const handle = zero();
  const screening = zero();
  const perDutyId = new Map<string, Count>();
  // what a plan gives each row, worked out once per plan
  const perPlan = new Map<string, { plan: Plan | undefined; roles: ReturnType<typeof disputeDutyRoles> }>();
  const planOf = (id: string | null, version: number | null) => {
    const key = `${id}@${version}`;
    let x = perPlan.get(key);
    if (!x) {
      const plan = ctx.plan(id, version);
      x = { plan, roles: disputeDutyRoles(plan) };
      perPlan.set(key, x);
    }
    return x;
  };
  for (const r of rows.duties) {
    const o = r.outcome;
    const n = r.n;
    all[o] += n;
    const { plan, roles } = planOf(r.planId, r.planVersion);
    // commitments and screening rounds are one duty each
    const key =
      r.dutyId.endsWith(':') || r.caseKind === 'screening'
        ? `${r.caseKind}:${r.dutyId}`
        : `${r.planId}:${r.dutyId}`;
    const d = byDuty.get(key) ?? {
      ...zero(),
      planId: r.planId,
      dutyId: r.dutyId,
      title: dutyTitle(plan, r.caseKind, r.dutyId),
    };
    d[o] += n;
    byDuty.set(key, d);
    const ownerName = ctx.unitName(plan, r.owner);
    const w = byOwner.get(ownerName) ?? { ...zero(), owner: ownerName };
    w[o] += n;
    byOwner.set(ownerName, w);
    // a target on one duty is measured against its own plan's duty of that id
    const own = `${r.planId}:${r.dutyId}`;
    const p = perDutyId.get(own) ?? zero();
    p[o] += n;
    perDutyId.set(own, p);
    if (r.caseKind === 'screening') screening[o] += n;
    if (r.caseKind === 'dispute') {
      if (roles.accept.has(r.dutyId)) accept[o] += n;
      if (roles.handle.has(r.dutyId)) handle[o] += n;
    }
  }
  const count = (f: (d: FigureRows['disputes'][number]) => boolean) =>
    rows.disputes.filter(f).reduce((a, d) => a + d.n, 0);
  const registered = count(() => true);
  const { accepted, resolved } = rows.outcomes;
  const evaluations = { satisfied: 0, basically_satisfied: 0, dissatisfied: 0 };
  for (const e of rows.evaluations) if (e in evaluations) evaluations[e as keyof typeof evaluations]++;
  const evaluated = evaluations.satisfied + evaluations.basically_satisfied + evaluations.dissatisfied;
  const findings = new Map<string, Figures['findings'][number]>();
  for (const f of rows.findings) {
    const x = findings.get(f.kind) ?? {
      kind: f.kind,
      total: 0,
      accepted: 0,
      explained: 0,
      dismissed: 0,
      pending: 0,
    };
    x.total += f.n;
    const d = f.disposition;
    if (d === 'accepted' || d === 'explained' || d === 'dismissed') x[d] += f.n;
    else x.pending += f.n;
    findings.set(f.kind, x);
  }
  const figures: Figures = {
    duties: {
      ...all,
      onTime: onTimeRate(all),
      byDuty: [...byDuty.values()].sort(
        (a, b) => b.missed + b.late - (a.missed + a.late) || a.title.localeCompare(b.title),
      ),
      byOwner: [...byOwner.values()].sort(
        (a, b) => b.missed + b.late - (a.missed + a.late) || a.owner.localeCompare(b.owner),
      ),
    },
    incidents: {
      reported: rows.incidents.length,
      firstReport: minutes(rows.incidents.map((i) => [i.reportedAt, i.firstReportAt] as const)),
      firstStatement: minutes(rows.incidents.map((i) => [i.reportedAt, i.firstStatementAt] as const)),
    },
    disputes: {
      registered,
      accepted,
      notAccepted: rows.outcomes.notAccepted,
      resolved: rate(resolved, accepted),
      acceptedOnTime: onTimeRate(accept),
      handledOnTime: onTimeRate(handle),
      foundByScreening: rate(
        count((d) => d.source === 'screening'),
        registered,
      ),
      repeatVisits: rows.reviewRequests,
      evaluations,
      satisfied: rate(evaluations.satisfied + evaluations.basically_satisfied, evaluated),
    },
    screening: { ...onTimeRate(screening), missed: screening.missed, open: screening.open },
    findings: [...findings.values()].sort((a, b) => b.total - a.total || a.kind.localeCompare(b.kind)),
    targets: [],
  };
  figures.targets = ctx.targetPlans.flatMap((plan) =>
    plan.targets.map((t) => targetResult(plan, t, figures, perDutyId)),
  );
  return figures;
}

function measured(planId: string, m: string, f: Figures, perDutyId: ReadonlyMap<string, Count>): Rate {
  switch (m) {
    case 'duties.on_time':
      return f.duties.onTime;
    case 'disputes.accepted_on_time':
      return f.disputes.acceptedOnTime;
    case 'disputes.handled_on_time':
      return f.disputes.handledOnTime;
    case 'disputes.resolved':
      return f.disputes.resolved;
    case 'disputes.satisfied':
      return f.disputes.satisfied;
    case 'disputes.found_by_screening':
      return f.disputes.foundByScreening;
    case 'screening.held':
      return f.screening;
    default:
      return onTimeRate(perDutyId.get(`${planId}:${m.replace(/^duty:/, '')}`) ?? zero());
  }
}

function targetResult(
  plan: Plan,
  t: Target,
  f: Figures,
  perDutyId: ReadonlyMap<string, Count>,
): TargetResult {
  const r = measured(plan.id, t.measure, f, perDutyId);
  return {
    planId: plan.id,
    planTitle: plan.title,
    id: t.id,
    title: t.title,
    measure: t.measure,
    atLeast: t.atLeast,
    actual: r.rate,
    met: r.rate === null ? null : r.rate >= t.atLeast,
    ...(t.basis ? { basis: t.basis } : {}),
  };
}
