import { NotFoundError, ValidationError } from '../../core/errors.ts';
import type { StoredEvent } from '../../core/events/event.ts';
import {
  type Command,
  decide,
  evolve,
  type IncidentState,
  initialState,
  type LoggedEvent,
  tick,
  type UpperPlan,
} from '../../core/incident/incident.decider.ts';
import { eventOf } from '../../core/incident/incident.events.ts';
import { decodeState, encodeState, SNAPSHOT_FORMAT } from '../../core/incident/snapshot.ts';
import type { Plan } from '../../core/plan/plan.schema.ts';
import {
  answerRetry,
  type CaseKind,
  CaseStates,
  type Lane,
  loggedFrom,
  pinnedPlan,
  run,
  SNAPSHOT_AFTER,
  SNAPSHOT_IDLE_MS,
} from '../cases/case-states.ts';
import { loadStoredPlans } from '../plans/plan.versions.ts';
import type { AppendResult } from '../store/event-store.ts';
import { chainOf } from './escalation.projection.ts';

/**
 * The one write path for incidents (cases/case-states.ts, shared with disputes): take the
 * case's folded state, decide, append with the expected seq and the read models in one
 * transaction. Commands to one case are applied one after another in this process, so writers
 * here never race each other; a conflict with another server's append is decided again on the
 * new state — unless the client itself named the seq it expected, when it gets the 409.
 *
 * Build it with createWritePath (write-path.ts): the server, the app, the duty clock, the demo,
 * the benchmark and the tests all use that one assembly.
 */
export type IncidentDeps = Lane<IncidentState, LoggedEvent>;

export { CaseStates, SNAPSHOT_AFTER, SNAPSHOT_IDLE_MS };

/** A stored event as the decider folds it; null for a type outside the incident catalogue. */
const toLogged = (e: StoredEvent) => loggedFrom(e, eventOf) as LoggedEvent | null;

/** The incident as the shared write path holds it: its fold and its snapshot codec (incident/2). */
export const incidentKind: CaseKind<IncidentState, LoggedEvent> = {
  name: 'incident',
  initialState,
  evolve,
  toLogged,
  recorded: (s, id) => s.eventIds.has(id),
  snapshot: {
    format: SNAPSHOT_FORMAT,
    encode: encodeState,
    decode: decodeState,
    plan: (s) => (s.plan ? `${s.plan.id}@${s.plan.version}` : null),
  },
};

const planOf = (deps: IncidentDeps, pinned: { id: string; version: number } | null, caseId: string): Plan =>
  pinnedPlan(deps.plans, 'incident', caseId, pinned);

/** The plans of the levels above that a case runs, as its report pinned them. */
const upperOf = (deps: IncidentDeps, s: IncidentState, caseId: string): UpperPlan[] =>
  s.upper.map((u) => ({ plan: pinnedPlan(deps.plans, 'incident', caseId, u), jurisdiction: u.jurisdiction }));

/**
 * The active plans of the jurisdictions above `jurisdiction` whose scope covers it (their
 * `covers.levels` names its level), nearest first: a village's incident runs the town's plan
 * too when the town's plan says it covers villages.
 */
export async function coveringPlans(deps: IncidentDeps, jurisdiction: string): Promise<UpperPlan[]> {
  const [self, ...above] = await chainOf(deps.store.db, jurisdiction);
  if (!self) return [];
  // a plan runs once per case: the case's own plan is not run again as a plan above, and a plan
  // two levels above run by both is run as the nearer one's
  const seen = new Set([self.plan_id]);
  return above.flatMap((j) => {
    const plan = j.plan_id ? deps.plans.get(j.plan_id) : undefined;
    if (!plan?.covers?.levels.includes(self.level as never) || seen.has(plan.id)) return [];
    seen.add(plan.id);
    return [{ plan, jurisdiction: j.code }];
  });
}

/** A command waiting for its case. */
/** Record a new incident under a plan (the reporter's jurisdiction's active plan). */
export async function reportIncident(
  deps: IncidentDeps,
  caseId: string,
  planId: string,
  cmd: Command,
): Promise<AppendResult> {
  // another server may have taken a newer version's upload: new incidents run under the newest
  await loadStoredPlans(deps.store.db, deps.plans, undefined, deps.checkPlan);
  const plan = deps.plans.get(planId);
  if (!plan) throw new ValidationError(`planId: no plan "${planId}" (plans: ${deps.plans.ids().join(', ')})`);
  if (cmd.type !== 'incident.reported')
    throw new ValidationError('type: a new incident starts with incident.reported');
  const where = (cmd.data as { jurisdiction?: unknown } | null)?.jurisdiction;
  const upper = typeof where === 'string' ? await coveringPlans(deps, where) : [];
  const r = await run(deps, caseId, undefined, (state, now) =>
    decide(state, cmd, plan, now, deps.store.derivedId, upper),
  );
  return r ?? answerRetry(deps.store, caseId, cmd);
}

/** Record anything else that happens in an incident. */
export async function commandIncident(
  deps: IncidentDeps,
  caseId: string,
  cmd: Command,
  expectedSeq?: number,
): Promise<AppendResult> {
  const r = await run(
    deps,
    caseId,
    expectedSeq,
    (state, now) => {
      if (!state.exists) throw new NotFoundError(`no incident ${caseId}`);
      return decide(
        state,
        cmd,
        planOf(deps, state.plan, caseId),
        now,
        deps.store.derivedId,
        upperOf(deps, state, caseId),
      );
    },
    cmd.id,
  );
  return r ?? answerRetry(deps.store, caseId, cmd);
}

/** Let time act on a case: record the duties that fell due. Null when nothing did. */
export async function tickIncident(deps: IncidentDeps, caseId: string): Promise<AppendResult | null> {
  return run(deps, caseId, undefined, (state, now) => {
    if (!state.exists) return [];
    return tick(
      state,
      planOf(deps, state.plan, caseId),
      now,
      caseId,
      deps.store.derivedId,
      upperOf(deps, state, caseId),
    );
  });
}
