import { checkCondition } from './condition.ts';
import { durationMs } from './duration.ts';
import { JURISDICTION_LEVELS, type Plan, type PlanProblem, PlanSchema, unitIds } from './plan.schema.ts';

/** Parse and check a plan: the schema, then what a schema cannot say (references, facts, times). */
/** Zod's message for a key that is simply absent, in plain words. */
export const missingIsRequired = {
  error: (iss: { code: string; input?: unknown }) =>
    iss.code === 'invalid_type' && iss.input === undefined ? 'is required but missing' : undefined,
};

export function checkPlan(input: unknown): { plan?: Plan; problems: PlanProblem[] } {
  const parsed = PlanSchema.safeParse(input, missingIsRequired);
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((i) => ({ path: i.path as (string | number)[], message: i.message })),
    };
  }
  const plan = parsed.data;
  const problems: PlanProblem[] = [];
  const levelIds = plan.levels.map((l) => l.id);
  const units = unitIds(plan);
  const whoOk = (who: string) => units.has(who) || (JURISDICTION_LEVELS as readonly string[]).includes(who);
  const whoList = () => [...units, ...JURISDICTION_LEVELS].join(', ');

  const dup = (ids: string[], path: (string | number)[], what: string) => {
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      if (seen.has(id))
        problems.push({ path: [...path, i, 'id'], message: `${what} id "${id}" is used twice` });
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

  plan.duties.forEach((d, i) => {
    const at = ['duties', i];
    if (!whoOk(d.owner)) {
      problems.push({
        path: [...at, 'owner'],
        message: `owner "${d.owner}" is neither a unit of the organisation nor a jurisdiction level (${whoList()})`,
      });
    }
    if (!whoOk(d.escalateTo)) {
      problems.push({
        path: [...at, 'escalateTo'],
        message: `escalateTo "${d.escalateTo}" is neither a unit of the organisation nor a jurisdiction level (${whoList()})`,
      });
    }
    if (d.start.when) problems.push(...checkCondition(d.start.when, [...at, 'start', 'when']));
    if (d.satisfiedBy.when)
      problems.push(...checkCondition(d.satisfiedBy.when, [...at, 'satisfiedBy', 'when']));
    (d.levels ?? []).forEach((l, j) => {
      if (!levelIds.includes(l))
        problems.push({
          path: [...at, 'levels', j],
          message: `there is no level "${l}" (levels: ${levelIds.join(', ')})`,
        });
    });
    if (d.warnBefore && durationMs(d.warnBefore) >= durationMs(d.within)) {
      problems.push({
        path: [...at, 'warnBefore'],
        message: `warnBefore (${d.warnBefore}) is not shorter than within (${d.within})`,
      });
    }
  });

  for (const [level, items] of Object.entries(plan.checklists)) {
    if (!levelIds.includes(level)) {
      problems.push({
        path: ['checklists', level],
        message: `checklist for "${level}", but there is no such level (levels: ${levelIds.join(', ')})`,
      });
    }
    items.forEach((t, j) => {
      if (t.group && !units.has(t.group)) {
        problems.push({
          path: ['checklists', level, j, 'group'],
          message: `group "${t.group}" is not a unit of the organisation`,
        });
      }
    });
  }
  dup(
    Object.values(plan.checklists)
      .flatMap((items) => items.map((t) => t.id))
      .concat(plan.aftermath.map((t) => t.id)),
    ['checklists'],
    'task',
  );
  return problems.length ? { plan, problems } : { plan, problems: [] };
}
