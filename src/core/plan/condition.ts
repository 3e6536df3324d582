import { z } from 'zod';
import { closest } from './catalogue.ts';
import { FACT_TYPES, type FactType } from './facts.ts';
import { LIMITS, listed, quote } from './limits.ts';

/**
 * The condition language of plans: a small declarative tree, evaluated without eval.
 *
 *   { all: [c, …] }   every one holds        { any: [c, …] }   at least one holds
 *   { not: c }        c does not hold
 *   { fact: participants, gte: 50 }          a comparison on an incident fact
 *   { data: to.level, eq: county }           a comparison on the triggering event's data
 *   operators: eq ne gt gte lt lte · in: [..] (value is one of) · includes: x (list contains)
 *              · exists: true|false
 * A comparison on a value that is not known (not reported yet) does not hold.
 * A condition has at most LIMITS.conditionParts parts and LIMITS.conditionDepth levels, so
 * evaluating one costs a bounded amount whatever a plan holds.
 */
const Scalar = z.union([z.string(), z.number(), z.boolean()]);
export const OPERATORS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'includes', 'exists'] as const;
export type Operator = (typeof OPERATORS)[number];

const TestSchema = z
  .object({
    fact: z.string().min(1).optional(),
    data: z.string().min(1).optional(),
    eq: Scalar.optional(),
    ne: Scalar.optional(),
    gt: z.number().optional(),
    gte: z.number().optional(),
    lt: z.number().optional(),
    lte: z.number().optional(),
    in: z.array(Scalar).optional(),
    includes: Scalar.optional(),
    exists: z.boolean().optional(),
  })
  .strict()
  .superRefine((t, ctx) => {
    if ((t.fact === undefined) === (t.data === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'a comparison names exactly one of `fact` or `data`' });
    }
    const ops = OPERATORS.filter((o) => t[o] !== undefined);
    if (ops.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: `a comparison has exactly one operator (${OPERATORS.join(', ')}); found ${ops.length ? ops.join(', ') : 'none'}`,
      });
    }
  });
export type Test = z.infer<typeof TestSchema>;

export type Condition = { all: Condition[] } | { any: Condition[] } | { not: Condition } | Test;

const ConditionTree: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(ConditionTree).min(1) }).strict(),
    z.object({ any: z.array(ConditionTree).min(1) }).strict(),
    z.object({ not: ConditionTree }).strict(),
    TestSchema,
  ]),
);

/** How many parts (all, any, not, comparisons, values of `in:`) a condition has, and how deep it nests. */
export function conditionSize(c: Condition): { parts: number; depth: number } {
  let parts = 0;
  let depth = 0;
  const stack: [Condition, number][] = [[c, 1]];
  while (stack.length) {
    const [x, d] = stack.pop() as [Condition, number];
    parts += 'in' in x && Array.isArray(x.in) ? 1 + x.in.length : 1;
    depth = Math.max(depth, d);
    if ('all' in x) for (const y of x.all) stack.push([y, d + 1]);
    else if ('any' in x) for (const y of x.any) stack.push([y, d + 1]);
    else if ('not' in x) stack.push([x.not, d + 1]);
  }
  return { parts, depth };
}

/** A condition of a plan: the tree, within its size limits. */
export const ConditionSchema: z.ZodType<Condition> = ConditionTree.superRefine((c, ctx) => {
  const { parts, depth } = conditionSize(c);
  if (parts > LIMITS.conditionParts)
    ctx.addIssue({
      code: 'custom',
      message: `a condition has at most ${LIMITS.conditionParts} parts (all, any, not, comparisons and values of in:); this one has ${parts}`,
    });
  if (depth > LIMITS.conditionDepth)
    ctx.addIssue({
      code: 'custom',
      message: `a condition nests at most ${LIMITS.conditionDepth} levels deep; this one ${depth}`,
    });
});

export interface EvalContext {
  facts: Record<string, unknown>;
  data?: Record<string, unknown>;
}

function get(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function operatorOf(t: Test): Operator {
  const op = OPERATORS.find((o) => t[o] !== undefined);
  if (!op) throw new Error('a comparison without an operator');
  return op;
}

function test(t: Test, ctx: EvalContext): boolean {
  const value = t.fact !== undefined ? get(ctx.facts, t.fact) : get(ctx.data ?? {}, t.data ?? '');
  const op = operatorOf(t);
  if (op === 'exists') return (value !== undefined && value !== null) === t.exists;
  if (value === undefined || value === null) return false;
  switch (op) {
    case 'eq':
      return value === t.eq;
    case 'ne':
      return value !== t.ne;
    case 'gt':
      return typeof value === 'number' && value > (t.gt as number);
    case 'gte':
      return typeof value === 'number' && value >= (t.gte as number);
    case 'lt':
      return typeof value === 'number' && value < (t.lt as number);
    case 'lte':
      return typeof value === 'number' && value <= (t.lte as number);
    case 'in':
      return (t.in ?? []).includes(value as string | number | boolean);
    case 'includes':
      return Array.isArray(value) && value.includes(t.includes);
  }
}

export function evaluate(c: Condition, ctx: EvalContext): boolean {
  if ('all' in c) return c.all.every((x) => evaluate(x, ctx));
  if ('any' in c) return c.any.some((x) => evaluate(x, ctx));
  if ('not' in c) return !evaluate(c.not, ctx);
  return test(c, ctx);
}

/** Problems a condition has against the fact catalogue: unknown facts, wrong types, unknown values. */
export function checkCondition(
  c: Condition,
  path: (string | number)[] = [],
  /** the facts the condition may read: an incident's (default) or a dispute's */
  facts: { what: string; types: Record<string, FactType> } = { what: 'incident', types: FACT_TYPES },
): { path: (string | number)[]; message: string }[] {
  if ('all' in c) return c.all.flatMap((x, i) => checkCondition(x, [...path, 'all', i], facts));
  if ('any' in c) return c.any.flatMap((x, i) => checkCondition(x, [...path, 'any', i], facts));
  if ('not' in c) return checkCondition(c.not, [...path, 'not'], facts);
  if (c.fact === undefined) return [];
  const type = facts.types[c.fact];
  if (!type) {
    return [
      {
        path: [...path, 'fact'],
        message: `there is no ${facts.what} fact ${quote(c.fact)}; facts are ${Object.keys(facts.types).join(', ')}${closeTo(c.fact, Object.keys(facts.types))}`,
      },
    ];
  }
  const op = operatorOf(c);
  const operand = c[op];
  const problems: { path: (string | number)[]; message: string }[] = [];
  const at = [...path, op];
  const numeric = ['gt', 'gte', 'lt', 'lte'].includes(op);
  if (numeric && type.kind !== 'number') problems.push({ path: at, message: `"${c.fact}" is not a number` });
  if (op === 'includes' && type.kind !== 'list')
    problems.push({ path: at, message: `"${c.fact}" is not a list` });
  if ((op === 'eq' || op === 'ne') && type.kind === 'list') {
    problems.push({ path: at, message: `"${c.fact}" is a list: use includes` });
  }
  if (type.kind === 'enum' || type.kind === 'list') {
    const values = op === 'in' ? (operand as unknown[]) : op === 'exists' ? [] : [operand];
    for (const v of values) {
      if (!type.values.includes(v as string)) {
        problems.push({
          path: at,
          message: `${quote(v)} is not a value of "${c.fact}" (${listed(type.values)})`,
        });
      }
    }
  }
  if (type.kind === 'number' && (op === 'eq' || op === 'ne') && typeof operand !== 'number') {
    problems.push({ path: at, message: `"${c.fact}" is a number` });
  }
  if (type.kind === 'boolean' && op !== 'exists') {
    const values = op === 'in' ? (operand as unknown[]) : [operand];
    if (values.some((v) => typeof v !== 'boolean'))
      problems.push({
        path: at,
        message: `"${c.fact}" is true or false, not ${quote(values.find((v) => typeof v !== 'boolean'))}`,
      });
  }
  return problems;
}

/** " (did you mean …?)" when a name is a slip away from one of `known`. */
function closeTo(word: string, known: string[]): string {
  const near = closest(word, known);
  return near ? ` (did you mean ${quote(near)}?)` : '';
}

/** A one-line rendering of a condition for people, e.g. "participants ≥ 50 or dead ≥ 3". */
export function describeCondition(c: Condition): string {
  if ('all' in c) return c.all.map((x) => wrap(x)).join(' 且 and ');
  if ('any' in c) return c.any.map((x) => wrap(x)).join(' 或 or ');
  if ('not' in c) return `not (${describeCondition(c.not)})`;
  const subject = c.fact ?? `data.${c.data}`;
  const op = operatorOf(c);
  const sym: Record<Operator, string> = {
    eq: '=',
    ne: '≠',
    gt: '>',
    gte: '≥',
    lt: '<',
    lte: '≤',
    in: 'in',
    includes: 'includes',
    exists: 'exists',
  };
  const v = c[op];
  return `${subject} ${sym[op]} ${Array.isArray(v) ? `[${v.join(', ')}]` : String(v)}`;
}

function wrap(c: Condition): string {
  return 'all' in c || 'any' in c ? `(${describeCondition(c)})` : describeCondition(c);
}
