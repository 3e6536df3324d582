import { TREE_LEVELS } from '../accounts/accounts.ts';
import {
  DISPUTE_DERIVED_TYPES,
  DisputeEventData,
  type DisputeEventType,
  isDisputeEventType,
} from '../dispute/dispute.events.ts';
import { DISPUTE_FACT_TYPES } from '../dispute/dispute.facts.ts';
import { levelRank } from '../incident/escalation.ts';
import { checkDataCondition, checkEventType, closest, type PlanIds, shapeAt, suggest } from './catalogue.ts';
import { type Condition, checkCondition } from './condition.ts';
import { durationMs } from './duration.ts';
import { LIMITS, listed, ProblemList, quote } from './limits.ts';
import { JURISDICTION_LEVELS, type Plan, type PlanProblem, PlanSchema, unitIds } from './plan.schema.ts';

/** Zod's message for a key that is simply absent, in plain words. */
export const missingIsRequired = {
  error: (iss: { code: string; input?: unknown }) =>
    iss.code === 'invalid_type' && iss.input === undefined ? 'is required but missing' : undefined,
};

export interface PlanCheck {
  plan?: Plan;
  /** the first LIMITS.problems problems */
  problems: PlanProblem[];
  /** there were more problems than those listed */
  truncated: boolean;
}

/**
 * Parse and check a plan: the schema, then what a schema cannot say (references, facts, times).
 * Linear in the plan; stops collecting after LIMITS.problems problems.
 */
export function checkPlan(input: unknown): PlanCheck {
  const parsed = PlanSchema.safeParse(input, missingIsRequired);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    return {
      problems: issues
        .slice(0, LIMITS.problems)
        .map((i) => ({ path: i.path as (string | number)[], message: i.message })),
      truncated: issues.length > LIMITS.problems,
    };
  }
  const plan = parsed.data;
  const problems = new ProblemList<PlanProblem>();
  const levelIds = plan.levels.map((l) => l.id);
  const levels = new Set(levelIds);
  const units = unitIds(plan);
  const whoOk = (who: string) => units.has(who) || (JURISDICTION_LEVELS as readonly string[]).includes(who);
  const whoList = listed([...units, ...JURISDICTION_LEVELS]);
  const planIds: PlanIds = {
    units: [...units],
    tasks: [...Object.values(plan.checklists).flat(), ...plan.aftermath].map((t) => t.id),
    levels: levelIds,
  };

  const dup = (ids: string[], path: (string | number)[], what: string) => {
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      if (seen.has(id))
        problems.push({ path: [...path, i, 'id'], message: `${what} id ${quote(id)} is used twice` });
      seen.add(id);
    });
  };
  dup(levelIds, ['levels'], 'level');
  dup(
    plan.duties.map((d) => d.id),
    ['duties'],
    'duty',
  );
  dup([...units], ['organisation'], 'organisation unit');

  plan.levels.forEach((l, i) => {
    if (l.rule) problems.push(...checkCondition(l.rule, ['levels', i, 'rule']));
  });
  // a plan covers jurisdictions below its own, never its own level or one above
  plan.covers?.levels.forEach((level, i) => {
    const own = levelRank(plan.jurisdiction.level);
    if (level === 'unit' || levelRank(level) === 0 || levelRank(level) >= own)
      problems.push({
        path: ['covers', 'levels', i],
        message: `a ${plan.jurisdiction.level} plan covers levels below it (${TREE_LEVELS.filter((x) => levelRank(x) > 0 && levelRank(x) < own).join(', ') || 'none'}), not ${quote(level)}`,
      });
  });
  // dispute risk rules read the dispute's facts, highest risk first
  const disputeFacts = { what: 'dispute', types: DISPUTE_FACT_TYPES };
  plan.disputes?.risk.forEach((r, i) => {
    problems.push(...checkCondition(r.rule, ['disputes', 'risk', i, 'rule'], disputeFacts));
    const before = plan.disputes?.risk[i - 1];
    if (before && before.risk === 'medium' && r.risk === 'high')
      problems.push({
        path: ['disputes', 'risk', i, 'risk'],
        message: 'the rules are read highest risk first: put the high rules before the medium ones',
      });
  });

  // dispute duties: started and met by dispute events, owned and escalated like any duty
  dup(plan.disputes?.duties.map((d) => d.id) ?? [], ['disputes', 'duties'], 'duty');
  for (const [i, d] of (plan.disputes?.duties ?? []).entries()) {
    const at = ['disputes', 'duties', i];
    for (const [key, who] of [
      ['owner', d.owner],
      ['escalateTo', d.escalateTo],
    ] as const)
      if (!whoOk(who))
        problems.push({
          path: [...at, key],
          message: `${key} ${quote(who)} is neither a unit of the organisation nor a jurisdiction level (${whoList})`,
        });
    const triggers: [(string | number)[], { on: string; when?: Condition }][] = [
      [[...at, 'start'], d.start],
      ...d.satisfiedBy.map((t, j) => [[...at, 'satisfiedBy', j], t] as [(string | number)[], typeof t]),
    ];
    for (const [path, t] of triggers) {
      const recorded = Object.keys(DisputeEventData).filter(
        (k) => !DISPUTE_DERIVED_TYPES.has(k as DisputeEventType),
      );
      if (!isDisputeEventType(t.on) || DISPUTE_DERIVED_TYPES.has(t.on)) {
        const near = closest(t.on, recorded);
        problems.push({
          path: [...path, 'on'],
          message: `${quote(t.on)} is not an event a dispute records: ${near ? `did you mean ${quote(near)}?` : `(${recorded.join(', ')})`}`,
        });
      }
      if (t.when) {
        problems.push(...checkCondition(t.when, [...path, 'when'], disputeFacts));
        problems.push(...checkDataCondition(t.when, t.on, planIds, [...path, 'when'], DisputeEventData));
      }
    }
    if (d.warnBefore && d.warnBefore.days >= d.within.days && d.warnBefore.count === d.within.count)
      problems.push({
        path: [...at, 'warnBefore'],
        message: 'the warning comes before the duty falls due: warnBefore < within',
      });
  }
  if (plan.disputes?.commitments && !whoOk(plan.disputes.commitments.escalateTo))
    problems.push({
      path: ['disputes', 'commitments', 'escalateTo'],
      message: `escalateTo ${quote(plan.disputes.commitments.escalateTo)} is neither a unit of the organisation nor a jurisdiction level (${whoList})`,
    });
  // screening cadences: owned and escalated like any duty
  dup(plan.disputes?.screening.map((c) => c.id) ?? [], ['disputes', 'screening'], 'cadence');
  for (const [i, c] of (plan.disputes?.screening ?? []).entries())
    for (const [key, who] of [
      ['owner', c.owner],
      ['escalateTo', c.escalateTo],
    ] as const)
      if (!whoOk(who))
        problems.push({
          path: ['disputes', 'screening', i, key],
          message: `${key} ${quote(who)} is neither a unit of the organisation nor a jurisdiction level (${whoList})`,
        });

  for (const [i, d] of plan.duties.entries()) {
    if (problems.truncated) break;
    const at = ['duties', i];
    if (!whoOk(d.owner)) {
      problems.push({
        path: [...at, 'owner'],
        message: `owner ${quote(d.owner)} is neither a unit of the organisation nor a jurisdiction level (${whoList})`,
      });
    }
    if (!whoOk(d.escalateTo)) {
      problems.push({
        path: [...at, 'escalateTo'],
        message: `escalateTo ${quote(d.escalateTo)} is neither a unit of the organisation nor a jurisdiction level (${whoList})`,
      });
    }
    if (d.start.when) problems.push(...checkCondition(d.start.when, [...at, 'start', 'when']));
    if (d.satisfiedBy.when)
      problems.push(...checkCondition(d.satisfiedBy.when, [...at, 'satisfiedBy', 'when']));
    // what the duty waits on must exist: the event types, the data they compare, the values
    for (const [key, t] of [
      ['start', d.start],
      ['satisfiedBy', d.satisfiedBy],
    ] as const) {
      problems.push(...checkEventType(t.on, [...at, key, 'on']));
      if (t.when) problems.push(...checkDataCondition(t.when, t.on, planIds, [...at, key, 'when']));
    }
    if (d.start.from) {
      const found = shapeAt(d.start.on, d.start.from.slice('data.'.length));
      if (!found.ok)
        problems.push({
          path: [...at, 'start', 'from'],
          message: `${d.start.on} has no data ${quote(found.at)}: ${suggest(found.at.split('.').pop() ?? '', found.keys)}`,
        });
    }
    (d.levels ?? []).forEach((l, j) => {
      if (!levels.has(l))
        problems.push({
          path: [...at, 'levels', j],
          message: `there is no level ${quote(l)} (levels: ${levelIds.join(', ')})`,
        });
    });
    if (durationMs(d.within) === 0)
      problems.push({
        path: [...at, 'within'],
        message: `within ${quote(d.within)} leaves no time to do it: give the time the plan allows (where the text says 立即 or 第一时间, pick a default and say so in basis: docs/plan-format.md)`,
      });
    if (d.warnBefore && durationMs(d.warnBefore) >= durationMs(d.within)) {
      problems.push({
        path: [...at, 'warnBefore'],
        message: `warnBefore (${d.warnBefore}) is not shorter than within (${d.within})`,
      });
    }
  }

  for (const [level, items] of Object.entries(plan.checklists)) {
    if (problems.truncated) break;
    if (!levels.has(level)) {
      problems.push({
        path: ['checklists', level],
        message: `checklist for ${quote(level)}, but there is no such level (levels: ${levelIds.join(', ')})`,
      });
    }
    items.forEach((t, j) => {
      if (t.group && !units.has(t.group)) {
        problems.push({
          path: ['checklists', level, j, 'group'],
          message: `group ${quote(t.group)} is not a unit of the organisation`,
        });
      }
    });
  }
  // a task id once across every checklist and the aftermath, named at the second one's own line
  const tasksSeen = new Set<string>();
  const tasks: [string, (string | number)[]][] = [
    ...Object.entries(plan.checklists).flatMap(([level, items]) =>
      items.map((t, j): [string, (string | number)[]] => [t.id, ['checklists', level, j, 'id']]),
    ),
    ...plan.aftermath.map((t, j): [string, (string | number)[]] => [t.id, ['aftermath', j, 'id']]),
  ];
  for (const [id, path] of tasks) {
    if (tasksSeen.has(id)) problems.push({ path, message: `task id ${quote(id)} is used twice` });
    tasksSeen.add(id);
  }
  return problems.items.length
    ? { plan, problems: problems.items, truncated: problems.truncated }
    : { plan, problems: [], truncated: false };
}
