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
import {
  JURISDICTION_LEVELS,
  ownersOf,
  type Plan,
  type PlanProblem,
  PlanSchema,
  unitIds,
} from './plan.schema.ts';
import { unreachable } from './reach.ts';

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
  /** what in a plan that checks can never happen (reach.ts): the plan runs, but its author meant something else */
  warnings: PlanProblem[];
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
      warnings: [],
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
    plan.targets.map((t) => t.id),
    ['targets'],
    'target',
  );
  // a target on one duty names a duty of the plan (an incident's or a dispute's)
  const dutyIdsOfPlan = new Set([...plan.duties, ...(plan.disputes?.duties ?? [])].map((d) => d.id));
  plan.targets.forEach((t, i) => {
    const id = t.measure.startsWith('duty:') ? t.measure.slice(5) : undefined;
    if (id !== undefined && !dutyIdsOfPlan.has(id))
      problems.push({
        path: ['targets', i, 'measure'],
        message: `target ${quote(t.id)} measures duty ${quote(id)}, which the plan does not have (${listed([...dutyIdsOfPlan])})`,
      });
  });
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

  const external = new Set(plan.organisation.external.map((b) => b.id));
  const targetOk = (who: string) => whoOk(who) || external.has(who);
  const targetList = listed([...units, ...external, ...JURISDICTION_LEVELS]);
  const positions = new Set(plan.organisation.positions.map((p) => p.id));
  const needsFormat2 = (path: (string | number)[], what: string) => {
    if (plan.format !== 2)
      problems.push({ path, message: `${what} is format 2: say format: 2 at the top of the plan` });
  };
  /** What a trigger waits on must exist: the event type, the data it compares, the values. */
  const checkTrigger = (t: { on: string; when?: Condition }, path: (string | number)[]) => {
    if (t.when) problems.push(...checkCondition(t.when, [...path, 'when']));
    problems.push(...checkEventType(t.on, [...path, 'on']));
    if (t.when) problems.push(...checkDataCondition(t.when, t.on, planIds, [...path, 'when']));
  };
  const positive = (d: string, path: (string | number)[], what: string) => {
    if (durationMs(d) === 0)
      problems.push({
        path,
        message: `${what} ${quote(d)} leaves no time to do it: give the time the plan allows (where the text says 立即 or 第一时间, pick a default and say so in basis: docs/plan-format.md)`,
      });
  };

  for (const [i, d] of plan.duties.entries()) {
    if (problems.truncated) break;
    const at = ['duties', i];
    if (typeof d.owner !== 'string') needsFormat2([...at, 'owner'], 'several owners');
    const owners = ownersOf(d.owner);
    owners.ids.forEach((who, j) => {
      if (!whoOk(who))
        problems.push({
          path:
            typeof d.owner === 'string'
              ? [...at, 'owner']
              : Array.isArray(d.owner)
                ? [...at, 'owner', j]
                : [...at, 'owner', 'anyOf', j],
          message: `owner ${quote(who)} is neither a unit of the organisation nor a jurisdiction level (${whoList})`,
        });
    });
    if (!targetOk(d.escalateTo)) {
      problems.push({
        path: [...at, 'escalateTo'],
        message: `escalateTo ${quote(d.escalateTo)} is neither a unit of the organisation, an external body nor a jurisdiction level (${targetList})`,
      });
    }
    // the start: one trigger (with `from`, a fallback), any of several, or the facts
    const start = d.start;
    if ('facts' in start) {
      needsFormat2([...at, 'start', 'facts'], 'a start on the facts');
      problems.push(...checkCondition(start.facts, [...at, 'start', 'facts']));
    } else {
      if ('anyOf' in start) needsFormat2([...at, 'start', 'anyOf'], 'a start on any of several events');
      const triggers = 'anyOf' in start ? start.anyOf : [start];
      triggers.forEach((t, j) => {
        const path = 'anyOf' in start ? [...at, 'start', 'anyOf', j] : [...at, 'start'];
        checkTrigger(t, path);
        if (t.from) {
          const found = shapeAt(t.on, t.from.slice('data.'.length));
          if (!found.ok)
            problems.push({
              path: [...path, 'from'],
              message: `${t.on} has no data ${quote(found.at)}: ${suggest(found.at.split('.').pop() ?? '', found.keys)}`,
            });
        }
      });
      if ('fallback' in start && start.fallback) {
        needsFormat2([...at, 'start', 'fallback'], 'a fallback start');
        checkTrigger(start.fallback, [...at, 'start', 'fallback']);
        positive(start.fallback.after, [...at, 'start', 'fallback', 'after'], 'after');
      }
    }
    // what meets it: one event, any of several, or all of several
    const meet = d.satisfiedBy;
    if ('anyOf' in meet || 'allOf' in meet)
      needsFormat2([...at, 'satisfiedBy'], 'a duty met by several events');
    const meets = 'anyOf' in meet ? meet.anyOf : 'allOf' in meet ? meet.allOf : [meet];
    for (const [j, t] of meets.entries())
      checkTrigger(
        t,
        'anyOf' in meet
          ? [...at, 'satisfiedBy', 'anyOf', j]
          : 'allOf' in meet
            ? [...at, 'satisfiedBy', 'allOf', j]
            : [...at, 'satisfiedBy'],
      );
    if (d.repeat) {
      needsFormat2([...at, 'repeat'], 'a repeated duty');
      positive(d.repeat.every, [...at, 'repeat', 'every'], 'every');
      checkTrigger(d.repeat.until, [...at, 'repeat', 'until']);
    }
    if (d.classes) {
      needsFormat2([...at, 'classes'], 'a limit per class of position');
      dup(
        d.classes.map((c) => c.id),
        [...at, 'classes'],
        'class',
      );
      d.classes.forEach((c, j) => {
        positive(c.within, [...at, 'classes', j, 'within'], 'within');
        c.positions.forEach((p, k) => {
          if (!units.has(p))
            problems.push({
              path: [...at, 'classes', j, 'positions', k],
              message: `${quote(p)} is no position of the organisation: ${suggest(p, [...positions])}`,
            });
        });
      });
    }
    (d.levels ?? []).forEach((l, j) => {
      if (!levels.has(l))
        problems.push({
          path: [...at, 'levels', j],
          message: `there is no level ${quote(l)} (levels: ${levelIds.join(', ')})`,
        });
    });
    positive(d.within, [...at, 'within'], 'within');
    if (d.warnBefore && durationMs(d.warnBefore) >= durationMs(d.within)) {
      problems.push({
        path: [...at, 'warnBefore'],
        message: `warnBefore (${d.warnBefore}) is not shorter than within (${d.within})`,
      });
    }
  }

  // levels: format 2 says of each how it is reached — a rule, or a commander's decision
  plan.levels.forEach((l, i) => {
    if (l.setBy) needsFormat2(['levels', i, 'setBy'], `setBy: ${l.setBy}`);
    if (l.setBy && l.rule)
      problems.push({
        path: ['levels', i, 'setBy'],
        message: `level ${quote(l.id)} has a rule and setBy: ${l.setBy}: keep the rule, or drop it and say how the level is set`,
      });
    if (l.setBy === 'default' && i > 0)
      problems.push({
        path: ['levels', i, 'setBy'],
        message: `setBy: default is for the lowest level (the first), which takes what no higher rule takes; ${quote(l.id)} is not the lowest`,
      });
    if (plan.format === 2 && !l.rule && !l.setBy)
      problems.push({
        path: ['levels', i],
        message: `level ${quote(l.id)} has no rule, so it would take every incident: give it a rule, or say setBy: commander (only a commander sets it) or, for the lowest, setBy: default`,
      });
  });
  // deputies and bodies outside the organisation
  const o = plan.organisation;
  const named: [(string | number)[], { actsFor?: string[] } | undefined][] = [
    [['organisation', 'leadingGroup'], o.leadingGroup],
    [['organisation', 'office'], o.office],
    ...o.groups.map((g, i): [(string | number)[], typeof g] => [['organisation', 'groups', i], g]),
    ...o.positions.map((p, i): [(string | number)[], typeof p] => [['organisation', 'positions', i], p]),
  ];
  for (const [path, u] of named)
    (u?.actsFor ?? []).forEach((p, j) => {
      needsFormat2([...path, 'actsFor'], 'a deputy (actsFor)');
      if (!units.has(p))
        problems.push({
          path: [...path, 'actsFor', j],
          message: `${quote(p)} is no unit of the organisation: ${suggest(p, [...units])}`,
        });
    });
  if (o.external.length) needsFormat2(['organisation', 'external'], 'an external body');
  dup(
    o.external.map((b) => b.id),
    ['organisation', 'external'],
    'external body',
  );
  o.external.forEach((b, i) => {
    if (units.has(b.id))
      problems.push({
        path: ['organisation', 'external', i, 'id'],
        message: `external body ${quote(b.id)} has the id of a unit of the organisation`,
      });
  });

  const checkItem = (
    t: { group?: string; when?: Condition; escalateTo?: string },
    path: (string | number)[],
  ) => {
    if (t.group && !units.has(t.group))
      problems.push({
        path: [...path, 'group'],
        message: `group ${quote(t.group)} is not a unit of the organisation`,
      });
    if (t.when) {
      needsFormat2([...path, 'when'], 'a task with a condition');
      problems.push(...checkCondition(t.when, [...path, 'when']));
    }
    if (t.escalateTo) {
      needsFormat2([...path, 'escalateTo'], "a task's escalation");
      if (!targetOk(t.escalateTo))
        problems.push({
          path: [...path, 'escalateTo'],
          message: `escalateTo ${quote(t.escalateTo)} is neither a unit of the organisation, an external body nor a jurisdiction level (${targetList})`,
        });
    }
  };
  for (const [level, items] of Object.entries(plan.checklists)) {
    if (problems.truncated) break;
    if (!levels.has(level)) {
      problems.push({
        path: ['checklists', level],
        message: `checklist for ${quote(level)}, but there is no such level (levels: ${levelIds.join(', ')})`,
      });
    }
    for (const [j, t] of items.entries()) checkItem(t, ['checklists', level, j]);
  }
  for (const [j, t] of plan.aftermath.entries()) checkItem(t, ['aftermath', j]);
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
    ? { plan, problems: problems.items, truncated: problems.truncated, warnings: [] }
    : { plan, problems: [], truncated: false, warnings: unreachable(plan).slice(0, LIMITS.problems) };
}
