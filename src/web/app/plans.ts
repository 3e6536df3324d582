import { useQueries, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { PlanAnswer, PlanList } from '../../core/api/plans.ts';
import { clockTitle } from '../../core/plan/duties.ts';
import type { Plan } from '../../core/plan/plan.schema.ts';
import type { ApiClient } from './api.ts';
import { useApi } from './api-context.tsx';
import { nameOf } from './names.ts';
import { queryKeys } from './query-keys.ts';

/**
 * The duty titles of every plan this page has loaded, by plan id: a duty of a plan of a level
 * above (`town-mass-incident:report-town`) is named by its own plan's title for it.
 */
const knownDuties = new Map<string, Map<string, string>>();
/** The plans this page has loaded, by id (the newest loaded, or the first of a pinned version). */
const knownPlans = new Map<string, Plan>();

/** Keep a plan's duty titles for `dutyTitle`. */
export function rememberDuties(planId: string, duties: { id: string; title: string }[]): void {
  const known = knownDuties.get(planId) ?? new Map<string, string>();
  for (const d of duties) known.set(d.id, d.title);
  knownDuties.set(planId, known);
}

const planQuery = (api: ApiClient, id: string, version?: number) => ({
  queryKey: queryKeys.plan(id, version),
  queryFn: async () => {
    const r = await api.send<PlanAnswer>('GET', `/api/plans/${id}${version ? `?version=${version}` : ''}`);
    rememberDuties(r.plan.id, r.plan.duties);
    if (!version || !knownPlans.has(r.plan.id)) knownPlans.set(r.plan.id, r.plan);
    return r;
  },
  staleTime: Number.POSITIVE_INFINITY,
  select: (r: PlanAnswer) => r.plan,
});

export function usePlan(id: string | null | undefined, version?: number) {
  const api = useApi();
  return useQuery({ ...planQuery(api, id ?? '', version), enabled: Boolean(id) });
}

/** The plans a list of cases runs under, by "id@version" (a case with none is skipped). */
export function usePlans(keys: { plan_id: string | null; plan_version: number | null }[]): Map<string, Plan> {
  const api = useApi();
  const pinned = keys.filter(
    (k): k is { plan_id: string; plan_version: number } => k.plan_id !== null && k.plan_version !== null,
  );
  const unique = [...new Map(pinned.map((k) => [`${k.plan_id}@${k.plan_version}`, k])).values()];
  const results = useQueries({ queries: unique.map((k) => planQuery(api, k.plan_id, k.plan_version)) });
  const out = new Map<string, Plan>();
  unique.forEach((k, i) => {
    const p = results[i]?.data;
    if (p) out.set(`${k.plan_id}@${k.plan_version}`, p);
  });
  return out;
}

export function levelOf(plan: Plan | undefined, id: string | null) {
  return plan?.levels.find((l) => l.id === id);
}

/**
 * A duty's title: an incident duty's, a dispute duty's, a screening cadence's (with its
 * period), a commitment's clock.
 */
export function dutyTitle(plan: Plan | undefined, id: string): string {
  const incident = plan ? clockTitle(plan, id) : undefined;
  if (incident) return incident;
  const dispute = plan?.disputes?.duties.find((d) => d.id === id);
  if (dispute) return dispute.title;
  const [head, cadence, period] = id.split(':');
  if (head === 'screening' && cadence) {
    const c = plan?.disputes?.screening.find((x) => x.id === cadence);
    return `${c?.title ?? cadence}${period ? `（${period}）` : ''}`;
  }
  // a duty of a plan of a level above, named by its plan (a round, a class, a task clock too)
  const colon = id.indexOf(':');
  const upper = colon > 0 ? knownPlans.get(id.slice(0, colon)) : undefined;
  const upperTitle = upper ? clockTitle(upper, id.slice(colon + 1)) : undefined;
  if (upperTitle) return upperTitle;
  const above = head && cadence ? knownDuties.get(head)?.get(cadence) : undefined;
  if (above) return above;
  return id;
}

/**
 * Load the plans of a level above that duty ids name (`town-mass-incident:report-town`), so
 * `dutyTitle` names their duties on a page (the board) that holds no case of its own.
 */
export function useUpperPlans(dutyIds: readonly (string | null | undefined)[]): void {
  const api = useApi();
  const list = useQuery({
    queryKey: queryKeys.plans,
    queryFn: () => api.send<PlanList>('GET', '/api/plans'),
  });
  const known = new Set(list.data?.plans.map((p) => p.id));
  const heads = [
    ...new Set(
      dutyIds.map((id) => id?.split(':')[0]).filter((h): h is string => h !== undefined && known.has(h)),
    ),
  ];
  useQueries({ queries: heads.map((h) => planQuery(api, h)) });
}

/**
 * A name for each of the plan's units (leading group, office, groups, positions); a duty owner
 * that is a jurisdiction level is named by the interface's own words for it.
 */
export function useUnitName(plan: Plan | undefined): (id: string) => string {
  const { t } = useTranslation();
  const o = plan?.organisation;
  const names = new Map(
    [o?.leadingGroup, o?.office, ...(o?.groups ?? []), ...(o?.positions ?? [])]
      .filter((u) => u !== undefined)
      .map((u) => [u.id, u.name]),
  );
  return (id: string) => names.get(id) ?? nameOf(t, 'fields.options', id);
}
