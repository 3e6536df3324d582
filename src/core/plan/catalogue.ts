import type { z } from 'zod';
import { EventData, isEventType } from '../incident/incident.events.ts';
import type { Condition } from './condition.ts';
import { listed, quote } from './limits.ts';

/**
 * What a plan names must exist: the event types its duties wait on, the data paths their
 * conditions read (by that event type's schema), and the values compared with them — against
 * the schema's enums and against the plan's own ids (positions, units, tasks, levels). A name
 * that is not there silently switches a duty off, so each is refused with what it could be
 * ("did you mean …").
 */

type Problem = { path: (string | number)[]; message: string };

/** Edit distance (Levenshtein), stopping early past `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(
        (prev[j] ?? 0) + 1,
        (cur[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      cur.push(v);
      best = Math.min(best, v);
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length] ?? max + 1;
}

/** The one of `known` a name is a slip away from (a few letters), if any. */
export function closest(word: string, known: readonly string[]): string | undefined {
  const max = Math.max(2, Math.floor(word.length / 4));
  let best: string | undefined;
  let bestD = max + 1;
  for (const k of known) {
    const d = distance(word, k, max);
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return best;
}

/** "did you mean …?" for a name close to one of `known`, else the list of what is known. */
export function suggest(word: string, known: readonly string[]): string {
  const best = closest(word, known);
  return best !== undefined ? `did you mean ${quote(best)}?` : `known: ${listed(known)}`;
}

/** What a data path of an event holds, as far as a condition needs to know. */
export type Shape =
  | { kind: 'object'; keys: string[] }
  | { kind: 'enum'; values: string[] }
  | { kind: 'string' | 'number' | 'boolean' | 'array' | 'other' };

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  entries?: Record<string, string>;
  values?: unknown[];
  options?: z.ZodType[];
}
const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The schema under wrappers (optional, default, nullable, pipe …). */
function unwrap(s: z.ZodType): z.ZodType {
  let cur = s;
  for (let i = 0; i < 10; i++) {
    const d = defOf(cur);
    if (d.innerType) cur = d.innerType;
    else if (d.type === 'pipe' && d.in) cur = d.in;
    else break;
  }
  return cur;
}

function shapeOf(s: z.ZodType): Shape {
  const d = defOf(unwrap(s));
  switch (d.type) {
    case 'object':
      return { kind: 'object', keys: Object.keys(d.shape ?? {}) };
    case 'enum':
      return { kind: 'enum', values: Object.values(d.entries ?? {}) };
    case 'literal':
      return { kind: 'enum', values: (d.values ?? []).map(String) };
    case 'string':
    case 'number':
    case 'boolean':
    case 'array':
      return { kind: d.type };
    default:
      return { kind: 'other' };
  }
}

/** An event catalogue: a schema per event type (the incident's, the dispute's). */
export type Catalogue = Record<string, unknown>;
const INCIDENT: Catalogue = EventData;

/** The shape at `path` (a.b.c) of an event type's data, or where the path leaves the schema. */
export function shapeAt(
  type: string,
  path: string,
  catalogue: Catalogue = INCIDENT,
): { ok: true; shape: Shape } | { ok: false; at: string; keys: string[] } {
  if (!Object.hasOwn(catalogue, type)) return { ok: true, shape: { kind: 'other' } };
  let cur: z.ZodType = catalogue[type] as z.ZodType;
  const parts = path.split('.');
  for (let i = 0; i < parts.length; i++) {
    const d = defOf(unwrap(cur));
    const key = parts[i] as string;
    const next = d.type === 'object' ? d.shape?.[key] : undefined;
    if (!next) return { ok: false, at: parts.slice(0, i + 1).join('.'), keys: Object.keys(d.shape ?? {}) };
    cur = next;
  }
  return { ok: true, shape: shapeOf(cur) };
}

/** The plan's own ids a data path of an event names: a position, a unit, a task, a level. */
export interface PlanIds {
  units: readonly string[];
  tasks: readonly string[];
  levels: readonly string[];
}
const NAMED_BY_PLAN: Record<string, Record<string, keyof PlanIds>> = {
  'arrival.recorded': { position: 'units' },
  'sitrep.submitted': { 'to.office': 'units' },
  'task.assigned': { taskId: 'tasks', group: 'units' },
  'task.acknowledged': { taskId: 'tasks' },
  'task.completed': { taskId: 'tasks' },
  'incident.level.set': { level: 'levels' },
  'plan.activated': { level: 'levels' },
};
const WHAT: Record<keyof PlanIds, string> = {
  units: 'unit or position of the organisation',
  tasks: 'task of the checklists or aftermath',
  levels: 'level of the plan',
};

/** An incident event type a duty waits on: one of the catalogue. */
export function checkEventType(type: string, path: (string | number)[]): Problem[] {
  if (isEventType(type)) return [];
  return [
    {
      path,
      message: `${quote(type)} is not an incident event type: ${suggest(type, Object.keys(EventData))}`,
    },
  ];
}

/** The `data:` comparisons of a condition against the event type's schema and the plan's ids. */
export function checkDataCondition(
  c: Condition,
  type: string,
  ids: PlanIds,
  path: (string | number)[],
  catalogue: Catalogue = INCIDENT,
): Problem[] {
  if ('all' in c)
    return c.all.flatMap((x, i) => checkDataCondition(x, type, ids, [...path, 'all', i], catalogue));
  if ('any' in c)
    return c.any.flatMap((x, i) => checkDataCondition(x, type, ids, [...path, 'any', i], catalogue));
  if ('not' in c) return checkDataCondition(c.not, type, ids, [...path, 'not'], catalogue);
  if (c.data === undefined || !Object.hasOwn(catalogue, type)) return [];
  const found = shapeAt(type, c.data, catalogue);
  if (!found.ok)
    return [
      {
        path: [...path, 'data'],
        message: `${type} has no data ${quote(found.at)}: ${suggest(found.at.split('.').pop() ?? '', found.keys)}`,
      },
    ];
  const problems: Problem[] = [];
  const op = (['eq', 'ne', 'in', 'gt', 'gte', 'lt', 'lte', 'includes', 'exists'] as const).find(
    (o) => c[o] !== undefined,
  );
  if (!op || op === 'exists') return [];
  const at = [...path, op];
  const operand = c[op];
  const values = op === 'in' ? (operand as unknown[]) : [operand];
  const shape = found.shape;
  if (['gt', 'gte', 'lt', 'lte'].includes(op) && shape.kind !== 'number' && shape.kind !== 'other')
    problems.push({ path: at, message: `data ${quote(c.data)} of ${type} is not a number` });
  if (shape.kind === 'enum')
    for (const v of values)
      if (!shape.values.includes(String(v)))
        problems.push({
          path: at,
          message: `${quote(v)} is not a value of data ${quote(c.data)} of ${type}: ${suggest(String(v), shape.values)}`,
        });
  if (shape.kind === 'boolean')
    for (const v of values)
      if (typeof v !== 'boolean')
        problems.push({
          path: at,
          message: `data ${quote(c.data)} of ${type} is true or false, not ${quote(v)}`,
        });
  if (shape.kind === 'number' && (op === 'eq' || op === 'ne' || op === 'in'))
    for (const v of values)
      if (typeof v !== 'number')
        problems.push({ path: at, message: `data ${quote(c.data)} of ${type} is a number, not ${quote(v)}` });
  const named = catalogue === INCIDENT ? NAMED_BY_PLAN[type]?.[c.data] : undefined;
  if (named && (op === 'eq' || op === 'ne' || op === 'in'))
    for (const v of values)
      if (!ids[named].includes(String(v)))
        problems.push({
          path: at,
          message: `${quote(v)} is no ${WHAT[named]}: ${suggest(String(v), ids[named])}`,
        });
  return problems;
}
