import { LEVELS, type Level } from '../words/notices.words.ts';
import type { Plan } from './plan.schema.ts';

/** The names of a plan's units, positions and external bodies, by id. */
export function planUnitNames(plan: Plan | undefined): (id: string) => string | undefined {
  const o = plan?.organisation;
  const names = new Map(
    [o?.leadingGroup, o?.office, ...(o?.groups ?? []), ...(o?.positions ?? []), ...(o?.external ?? [])]
      .filter((u) => u !== undefined)
      .map((u) => [u.id, u.name]),
  );
  return (id) => names.get(id);
}

/** The names of a plan's units, positions, external bodies and of the levels, by id (in Chinese). */
export function unitNames(plan: Plan | undefined): (id: string) => string | undefined {
  const named = planUnitNames(plan);
  return (id) => named(id) ?? (id in LEVELS ? LEVELS[id as Level] : undefined);
}
