import { DERIVED_TYPES, type EventType } from '../incident/incident.events.ts';
import { shapeAt } from './catalogue.ts';
import { type Condition, evaluate, OPERATORS, type Operator, type Test } from './condition.ts';
import { planDuties, type Trigger } from './duties.ts';
import { FACT_TYPES } from './facts.ts';
import type { Plan, PlanProblem } from './plan.schema.ts';

/**
 * What in a plan can never happen: a level whose rule can never hold, a task whose condition
 * can never hold, a duty that never starts (it waits on a condition that contradicts itself, on
 * a level or task no incident reaches, or on an event the engine never hands to duties) or is
 * never met. Such a plan still runs — a commander may set a level by hand — but the author meant
 * something else, so `plan check` warns.
 *
 * A condition is satisfiable when some incident facts and some event data make it hold: it is
 * spread into alternatives (any of all of comparisons, at most MAX_ALTERNATIVES, beyond which it
 * is taken as satisfiable), and each alternative is tried on the values that matter — the
 * constants it compares with and the values between and beside them, or every value of a closed
 * set (an enum, the plan's levels, its tasks).
 */

const MAX_ALTERNATIVES = 256;
/** engine events duties never see: the clocks' own records (the engine does see level changes and activations) */
const UNSEEN: ReadonlySet<string> = new Set(
  [...DERIVED_TYPES].filter((t: EventType) => t !== 'plan.activated' && t !== 'incident.level.set'),
);

type Literal = { test: Test; holds: boolean };

/** The condition as alternatives, each a list of comparisons that hold (or do not); null when too many. */
function alternatives(c: Condition, holds = true): Literal[][] | null {
  if ('not' in c) return alternatives(c.not, !holds);
  if ('all' in c || 'any' in c) {
    const parts = 'all' in c ? c.all : c.any;
    const each = parts.map((p) => alternatives(p, holds));
    if (each.some((x) => x === null)) return null;
    const lists = each as Literal[][][];
    // all that hold (or any that fails) is a product; any that holds (or all that fails) a union
    if ('all' in c === holds) {
      let out: Literal[][] = [[]];
      for (const alts of lists) {
        const next: Literal[][] = [];
        for (const a of out) for (const b of alts) next.push([...a, ...b]);
        if (next.length > MAX_ALTERNATIVES) return null;
        out = next;
      }
      return out;
    }
    const out = lists.flat();
    return out.length > MAX_ALTERNATIVES ? null : out;
  }
  return [[{ test: c, holds }]];
}

function operatorOf(t: Test): Operator {
  return OPERATORS.find((o) => t[o] !== undefined) as Operator;
}

/** What a compared value may be: a closed set of values, a number not below `min`, a list, or anything. */
export type Domain =
  | { kind: 'set'; values: readonly (string | number | boolean)[] }
  | { kind: 'number'; min?: number }
  | { kind: 'list' }
  | { kind: 'any' };

/** Values worth trying for a key, from its domain and the constants its comparisons name. */
function candidates(domain: Domain, tests: Test[]): unknown[] {
  if (domain.kind === 'set') return [...domain.values];
  const constants = tests.flatMap((t) => {
    const op = operatorOf(t);
    if (op === 'exists') return [];
    const v = t[op];
    return Array.isArray(v) ? v : [v];
  });
  if (domain.kind === 'list') {
    // the smallest list that holds every value some comparison wants, and the empty list
    return [constants, []];
  }
  const numbers = [...new Set(constants.filter((v): v is number => typeof v === 'number'))].sort(
    (a, b) => a - b,
  );
  const tried: unknown[] = [];
  if (numbers.length === 0) tried.push(0);
  numbers.forEach((n, i) => {
    tried.push(n, n - 1, n + 1);
    const next = numbers[i + 1];
    if (next !== undefined) tried.push((n + next) / 2);
  });
  const min = domain.kind === 'number' ? (domain.min ?? Number.NEGATIVE_INFINITY) : Number.NEGATIVE_INFINITY;
  const numeric = tried.filter((v) => typeof v === 'number' && v >= min);
  if (domain.kind === 'number') return numeric;
  // anything: a number, each constant named, and a value none of them is
  return [...numeric, ...constants, true, false, '\u0000another'];
}

/** Whether one alternative can hold: each key read by it has a value (or none) that makes all its comparisons hold. */
function alternativeHolds(literals: Literal[], domainOf: (key: string) => Domain): boolean {
  const byKey = new Map<string, Literal[]>();
  for (const l of literals) {
    const key = l.test.fact !== undefined ? `fact:${l.test.fact}` : `data:${l.test.data}`;
    byKey.set(key, [...(byKey.get(key) ?? []), l]);
  }
  for (const [key, ls] of byKey) {
    const tests = ls.map((l) => l.test);
    const path = key.slice(key.indexOf(':') + 1);
    const at = (value: unknown) => {
      const ctx = key.startsWith('fact:')
        ? { facts: value === undefined ? {} : setPath(path, value) }
        : { facts: {}, data: value === undefined ? {} : setPath(path, value) };
      return ls.every((l) => evaluate(l.test, ctx) === l.holds);
    };
    // not known at all, or known as one of the values worth trying
    if (!at(undefined) && !candidates(domainOf(key), tests).some(at)) return false;
  }
  return true;
}

function setPath(path: string, value: unknown): Record<string, unknown> {
  const parts = path.split('.');
  let out: unknown = value;
  for (let i = parts.length - 1; i >= 0; i--) out = { [parts[i] as string]: out };
  return out as Record<string, unknown>;
}

/** Whether some facts and event data make the condition hold (true when it is too large to tell). */
export function satisfiable(c: Condition, domainOf: (key: string) => Domain): boolean {
  const alts = alternatives(c);
  return alts === null || alts.some((a) => alternativeHolds(a, domainOf));
}

/** Warnings: what in the plan can never happen, each at its own path. */
export function unreachable(plan: Plan): PlanProblem[] {
  const warnings: PlanProblem[] = [];
  const factDomain = (fact: string): Domain => {
    const t = FACT_TYPES[fact];
    if (!t) return { kind: 'any' };
    if (t.kind === 'number') return { kind: 'number', min: 0 };
    if (t.kind === 'boolean') return { kind: 'set', values: [true, false] };
    if (t.kind === 'enum') return { kind: 'set', values: t.values };
    return { kind: 'list' };
  };
  const factsOnly = (key: string): Domain =>
    key.startsWith('fact:') ? factDomain(key.slice(5)) : { kind: 'any' };

  // levels: reached by a rule that can hold, or set by a commander or by default (format 1: no rule takes all)
  const reachedLevels = new Set<string>();
  plan.levels.forEach((l, i) => {
    if (!l.rule || satisfiable(l.rule, factsOnly)) reachedLevels.add(l.id);
    else
      warnings.push({
        path: ['levels', i, 'rule'],
        message: `the rule of level "${l.id}" can never hold, so no incident reaches it by its facts: check its comparisons (a commander may still set it: then say setBy: commander)`,
      });
  });

  // tasks: of a level reached, when their condition can hold; the aftermath's always
  const reachedTasks = new Set<string>();
  for (const [level, items] of Object.entries(plan.checklists))
    items.forEach((t, j) => {
      if (t.when && !satisfiable(t.when, factsOnly)) {
        warnings.push({
          path: ['checklists', level, j, 'when'],
          message: `task "${t.id}" has a condition that can never hold: the task is never created`,
        });
        return;
      }
      if (reachedLevels.has(level)) reachedTasks.add(t.id);
    });
  for (const t of plan.aftermath) reachedTasks.add(t.id);

  /** What a value compared by a trigger on `type` may be: facts by their type; data by the event's schema and the plan's ids reached. */
  const domainFor =
    (type: string) =>
    (key: string): Domain => {
      if (key.startsWith('fact:')) return factDomain(key.slice(5));
      const path = key.slice(5);
      if ((type === 'incident.level.set' || type === 'plan.activated') && path === 'level')
        return { kind: 'set', values: [...reachedLevels] };
      if (type.startsWith('task.') && path === 'taskId') return { kind: 'set', values: [...reachedTasks] };
      const found = shapeAt(type, path);
      if (!found.ok) return { kind: 'any' };
      const s = found.shape;
      if (s.kind === 'enum') return { kind: 'set', values: s.values };
      if (s.kind === 'boolean') return { kind: 'set', values: [true, false] };
      if (s.kind === 'number') return { kind: 'number' };
      if (s.kind === 'array') return { kind: 'list' };
      return { kind: 'any' };
    };
  /** Why a trigger can never fire, or undefined when it can. */
  const never = (t: Trigger): string | undefined => {
    if (UNSEEN.has(t.on)) return `${t.on} is the clocks' own record and is never handed to duties`;
    if (t.when && !satisfiable(t.when, domainFor(t.on)))
      return `its condition on ${t.on} can never hold${mentionsPlanIds(t) ? ' (for the levels and tasks this plan can reach)' : ''}`;
    return undefined;
  };

  const done = new Set<string>();
  plan.duties.forEach((duty, i) => {
    const d = planDuties(plan).find((x) => x.id === duty.id || x.id.startsWith(`${duty.id}-`));
    if (!d || done.has(duty.id)) return;
    done.add(duty.id);
    const at = ['duties', i];
    if (d.levels && !d.levels.some((l) => reachedLevels.has(l))) {
      warnings.push({
        path: [...at, 'levels'],
        message: `duty "${duty.id}" runs only at ${d.levels.join(', ')}, which no incident reaches: it never starts`,
      });
      return;
    }
    const startWhy = [
      ...d.starts.map(never),
      ...(d.fallback ? [never(d.fallback)] : []),
      ...(d.startFacts
        ? [satisfiable(d.startFacts, factsOnly) ? undefined : 'its condition on the facts can never hold']
        : []),
    ];
    if (startWhy.every((w) => w !== undefined)) {
      warnings.push({
        path: [...at, 'start'],
        message: `duty "${duty.id}" never starts: ${[...new Set(startWhy)].join('; ')}`,
      });
      return;
    }
    // the report comes once, first: it meets only a duty it starts itself
    const startedByReport = d.starts.some((t) => t.on === 'incident.reported');
    const meetWhy = d.meets.map((t) =>
      t.on === 'incident.reported' && !startedByReport
        ? 'incident.reported comes once and first, so it meets only a duty it starts'
        : never(t),
    );
    const meetable = d.meetAll ? meetWhy.every((w) => w === undefined) : meetWhy.some((w) => w === undefined);
    if (!meetable)
      warnings.push({
        path: [...at, 'satisfiedBy'],
        message: `duty "${duty.id}" can never be met, so it is always missed: ${[...new Set(meetWhy.filter(Boolean))].join('; ')}`,
      });
  });
  return warnings;
}

function mentionsPlanIds(t: Trigger): boolean {
  return (
    (t.on === 'incident.level.set' || t.on === 'plan.activated' || t.on.startsWith('task.')) &&
    t.when !== undefined
  );
}
