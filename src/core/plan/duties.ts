import type { Condition } from './condition.ts';
import type { Duty, Plan } from './plan.schema.ts';
import { ownerText } from './plan.schema.ts';

/**
 * A plan's duties as the engine runs them: every format-2 shorthand spelt out. A duty with
 * `classes` becomes one duty per class (`<id>-<class id>`), met by an event naming one of the
 * class's positions, within the class's own limit.
 */
export interface Trigger {
  on: string;
  when?: Condition;
}
export interface StartTrigger extends Trigger {
  from?: string;
}

export interface EngineDuty {
  id: string;
  title: string;
  /** its owners as one line (甲、乙 or 甲 或 乙) */
  owner: string;
  escalateTo: string;
  within: string;
  warnBefore?: string;
  levels?: string[];
  /** started by any of these */
  starts: StartTrigger[];
  /** started at the first event after which the facts hold this */
  startFacts?: Condition;
  /** started `after` this long from `on` when no start came first */
  fallback?: { on: string; when?: Condition; after: string };
  meets: Trigger[];
  /** met only once every one of `meets` has come (else: any one) */
  meetAll: boolean;
  repeat?: { every: string; until: Trigger };
  judgedBy?: 'field' | 'recording';
}

export function startTriggersOf(start: Duty['start']): StartTrigger[] {
  if ('anyOf' in start) return start.anyOf;
  if ('facts' in start) return [];
  const { fallback: _, ...t } = start;
  return [t];
}

export function meetTriggersOf(m: Duty['satisfiedBy']): Trigger[] {
  if ('anyOf' in m) return m.anyOf;
  if ('allOf' in m) return m.allOf;
  return [m];
}

function engineDuty(d: Duty): EngineDuty {
  return {
    id: d.id,
    title: d.title,
    owner: ownerText(d.owner),
    escalateTo: d.escalateTo,
    within: d.within,
    warnBefore: d.warnBefore,
    levels: d.levels,
    starts: startTriggersOf(d.start),
    startFacts: 'facts' in d.start ? d.start.facts : undefined,
    fallback: 'fallback' in d.start ? d.start.fallback : undefined,
    meets: meetTriggersOf(d.satisfiedBy),
    meetAll: 'allOf' in d.satisfiedBy,
    repeat: d.repeat,
    judgedBy: d.judgedBy,
  };
}

const cache = new WeakMap<Plan, EngineDuty[]>();

/** The plan's duties as the engine runs them (computed once per plan object). */
export function planDuties(plan: Plan): EngineDuty[] {
  let out = cache.get(plan);
  if (out) return out;
  out = plan.duties.flatMap((d) => {
    const base = engineDuty(d);
    if (!d.classes?.length) return [base];
    return d.classes.map((c) => ({
      ...base,
      id: `${d.id}-${c.id}`,
      title: `${d.title}（${c.title}）`,
      within: c.within,
      // a warning longer than the class's own limit would come before the clock starts
      warnBefore: undefined,
      meets: base.meets.map((t) => ({
        on: t.on,
        when: t.when
          ? { all: [t.when, { data: 'position', in: c.positions }] }
          : { data: 'position', in: c.positions },
      })),
    }));
  });
  cache.set(plan, out);
  return out;
}

/** The duty of the plan by the id the engine runs it under (a class's, a repeat's round: its duty). */
export function planDuty(plan: Plan, id: string): EngineDuty | undefined {
  const duties = planDuties(plan);
  return duties.find((d) => d.id === id) ?? duties.find((d) => d.id === roundOf(id)?.duty);
}

/** A repeated duty's round after the first: `<duty>.<n>` (plan ids never hold a dot). */
export function roundOf(id: string): { duty: string; n: number } | undefined {
  const m = /^(.+)\.(\d+)$/.exec(id);
  return m ? { duty: m[1] as string, n: Number(m[2]) } : undefined;
}

/**
 * The title of a clock of an incident under this plan: a duty's (a class's with its class, a
 * repeat's round with its number), a task clock's (`task:<id>`); undefined when it is none.
 */
export function clockTitle(plan: Plan, id: string): string | undefined {
  if (id.startsWith('task:')) {
    const task = id.slice('task:'.length);
    const t = [...Object.values(plan.checklists).flat(), ...plan.aftermath].find((x) => x.id === task);
    return t ? `${t.title}（任务时限）` : undefined;
  }
  const d = planDuty(plan, id);
  if (!d) return undefined;
  const round = d.id === id ? undefined : roundOf(id);
  return round ? `${d.title}（第 ${round.n} 轮）` : d.title;
}
