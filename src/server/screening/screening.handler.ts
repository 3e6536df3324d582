import { NotFoundError, ValidationError } from '../../core/errors.ts';
import type { StoredEvent } from '../../core/events/event.ts';
import type { Command } from '../../core/incident/incident.decider.ts';
import {
  decideScreening,
  evolveScreening,
  initialScreeningState,
  type LoggedScreeningEvent,
  openScreening,
  replanScreening,
  type ScreeningDraft,
  type ScreeningState,
  screeningRules,
  tickScreening,
} from '../../core/screening/screening.decider.ts';
import { screeningEventOf } from '../../core/screening/screening.events.ts';
import {
  decodeScreeningState,
  encodeScreeningState,
  SCREENING_SNAPSHOT_FORMAT,
} from '../../core/screening/screening.snapshot.ts';
import { answerRetry, type CaseKind, type Lane, loggedFrom, pinnedPlan, run } from '../cases/case-states.ts';
import { loadStoredPlans } from '../plans/plan.versions.ts';
import type { AppendResult } from '../store/event-store.ts';

/**
 * The screening register's commands through the write path every kind shares: one register
 * per jurisdiction, its case id derived from the jurisdiction's code, opened under the
 * jurisdiction's active plan the first time it is used.
 */
export type ScreeningDeps = Lane<ScreeningState, LoggedScreeningEvent>;

const toLogged = (e: StoredEvent) => loggedFrom(e, screeningEventOf) as LoggedScreeningEvent | null;

export const screeningKind: CaseKind<ScreeningState, LoggedScreeningEvent> = {
  name: 'screening register',
  initialState: initialScreeningState,
  evolve: evolveScreening,
  toLogged,
  recorded: (s, id) => s.eventIds.has(id),
  snapshot: {
    format: SCREENING_SNAPSHOT_FORMAT,
    encode: encodeScreeningState,
    decode: decodeScreeningState,
    plan: (s) => (s.plan ? `${s.plan.id}@${s.plan.version}` : null),
  },
};

/** The case id of a jurisdiction's register: the same on every server, for ever. */
export const registerId = (deps: ScreeningDeps, jurisdiction: string) =>
  deps.store.derivedId(`screening-register:${jurisdiction}`, 0);

async function planOf(deps: ScreeningDeps, planId: string) {
  await loadStoredPlans(deps.store.db, deps.plans, undefined, deps.checkPlan);
  const plan = deps.plans.get(planId);
  if (!plan) throw new ValidationError(`planId: no plan "${planId}" (plans: ${deps.plans.ids().join(', ')})`);
  return plan;
}

/**
 * Open a jurisdiction's register under its active plan; one open already moves to the active
 * plan's version if it runs another. Null when there was nothing to record.
 */
export async function openRegister(
  deps: ScreeningDeps,
  jurisdiction: string,
  planId: string,
): Promise<AppendResult | null> {
  const plan = await planOf(deps, planId);
  const caseId = registerId(deps, jurisdiction);
  return run(deps, caseId, undefined, (state, now) =>
    state.exists
      ? replanScreening(state, screeningRules(plan), now, `${caseId}:replan:${now}`, deps.store.derivedId)
      : openScreening(jurisdiction, screeningRules(plan), now, `${caseId}:opened`, deps.store.derivedId),
  );
}

/**
 * Record a round (or a correction) in a jurisdiction's register, opening it first — in the
 * same append — when this is its first use.
 */
export async function commandScreening(
  deps: ScreeningDeps,
  jurisdiction: string,
  planId: string,
  cmd: Command,
): Promise<AppendResult> {
  const active = await planOf(deps, planId);
  const caseId = registerId(deps, jurisdiction);
  const r = await run(
    deps,
    caseId,
    undefined,
    (state, now) => {
      if (state.exists) {
        if (state.eventIds.has(cmd.id)) return []; // a retry: the store answers it
        // a register follows its jurisdiction's active plan: another version is taken on first
        const replan = replanScreening(
          state,
          screeningRules(active),
          now,
          `${caseId}:replan:${cmd.id}`,
          deps.store.derivedId,
        );
        if (replan.length === 0) {
          const plan = pinnedPlan(deps.plans, 'screening register', caseId, state.plan);
          return decideScreening(state, cmd, screeningRules(plan), now, deps.store.derivedId);
        }
        const after = decodeScreeningState(encodeScreeningState(state));
        replan.forEach((e, i) => {
          evolveScreening(after, { ...e, seq: i + 1 });
        });
        return [...replan, ...decideScreening(after, cmd, screeningRules(active), now, deps.store.derivedId)];
      }
      const rules = screeningRules(active);
      const opening = openScreening(jurisdiction, rules, now, `${caseId}:opened`, deps.store.derivedId);
      const s = initialScreeningState();
      opening.forEach((e, i) => {
        evolveScreening(s, { ...e, seq: i + 1 });
      });
      return [...opening, ...decideScreening(s, cmd, rules, now, deps.store.derivedId)] as ScreeningDraft[];
    },
    cmd.id,
  );
  return r ?? answerRetry(deps.store, caseId, cmd);
}

/** Let time act on a register: the cadences whose day passed, the warnings due. */
export async function tickScreeningCase(deps: ScreeningDeps, caseId: string): Promise<AppendResult | null> {
  return run(deps, caseId, undefined, (state, now) => {
    if (!state.exists) throw new NotFoundError(`no screening register ${caseId}`);
    return tickScreening(
      state,
      screeningRules(pinnedPlan(deps.plans, 'screening register', caseId, state.plan)),
      now,
      caseId,
      deps.store.derivedId,
    );
  });
}
