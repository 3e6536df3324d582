import type { Condition } from './condition.ts';
import { planDuties, planDuty } from './duties.ts';
import type { Plan } from './plan.schema.ts';

/**
 * How a duty is met, as a form would be filled in: the event type its `satisfiedBy` names and
 * the values its condition asks of that event's data ({ data: to.level, eq: town } → to.level
 * is town; `in:` → its first value; `all:` → each; `any:` → its first branch). What the
 * condition asks of the incident's facts, or rules out (`not:`, `ne:`), is not a value to fill.
 */
export interface HowToMeet {
  type: string;
  /** the event's data, nested by path (to.level → { to: { level } }) */
  data: Record<string, unknown>;
}

function fill(c: Condition, out: Record<string, unknown>): void {
  if ('all' in c) {
    for (const x of c.all) fill(x, out);
    return;
  }
  if ('any' in c) {
    const first = c.any[0];
    if (first) fill(first, out);
    return;
  }
  if ('not' in c || c.data === undefined) return;
  const value = c.eq !== undefined ? c.eq : c.in?.[0];
  if (value === undefined) return;
  const parts = c.data.split('.');
  let at = out;
  for (const p of parts.slice(0, -1)) {
    const next = at[p];
    at[p] = next !== null && typeof next === 'object' ? next : {};
    at = at[p] as Record<string, unknown>;
  }
  at[parts[parts.length - 1] as string] = value;
}

export function howToMeet(trigger: { on: string; when?: Condition }): HowToMeet {
  const data: Record<string, unknown> = {};
  if (trigger.when) fill(trigger.when, data);
  return { type: trigger.on, data };
}

/**
 * The duty of the plan by id (a class's, a round's), and how to meet it — by the first event
 * that meets it; undefined when the plan has no such duty.
 */
export function howToMeetDuty(plan: Plan, dutyId: string): HowToMeet | undefined {
  const d = planDuty(plan, dutyId);
  // the report itself cannot be made again: the first event after it that meets the duty
  const first = d?.meets.find((t) => t.on !== 'incident.reported');
  return first ? howToMeet(first) : undefined;
}

/**
 * The markers a plan's duties wait on in log entries ({ data: marker, eq: order-issued }), each
 * with the title of the first duty that names it: what a log entry's marker is picked from.
 */
export function planMarkers(plan: Plan): { marker: string; duty: string }[] {
  const found = new Map<string, string>();
  const walk = (c: Condition | undefined, title: string) => {
    if (!c) return;
    if ('all' in c) for (const x of c.all) walk(x, title);
    else if ('any' in c) for (const x of c.any) walk(x, title);
    else if ('not' in c) walk(c.not, title);
    else if (c.data === 'marker') {
      for (const v of c.eq !== undefined ? [c.eq] : (c.in ?? []))
        if (typeof v === 'string' && !found.has(v)) found.set(v, title);
    }
  };
  for (const d of planDuties(plan)) {
    for (const t of [...d.meets, ...d.starts]) if (t.on === 'log.entry') walk(t.when, d.title);
  }
  return [...found].map(([marker, duty]) => ({ marker, duty }));
}
