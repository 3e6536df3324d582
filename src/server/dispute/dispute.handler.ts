import {
  type Command,
  type DisputeState,
  decideDispute,
  disputeRules,
  evolveDispute,
  initialDisputeState,
  type LoggedDisputeEvent,
  tickDispute,
} from '../../core/dispute/dispute.decider.ts';
import { disputeEventOf } from '../../core/dispute/dispute.events.ts';
import {
  DISPUTE_SNAPSHOT_FORMAT,
  decodeDisputeState,
  encodeDisputeState,
} from '../../core/dispute/dispute.snapshot.ts';
import { NotFoundError, ValidationError } from '../../core/errors.ts';
import type { StoredEvent } from '../../core/events/event.ts';
import { answerRetry, type CaseKind, type Lane, loggedFrom, pinnedPlan, run } from '../cases/case-states.ts';
import { loadStoredPlans } from '../plans/plan.versions.ts';
import type { AppendResult } from '../store/event-store.ts';

/**
 * The dispute's commands through the write path every kind shares (cases/case-states.ts):
 * the same queue per case, held state, snapshots, store, hash chain and outbox as incidents,
 * with the dispute's decider and read models.
 */
export type DisputeDeps = Lane<DisputeState, LoggedDisputeEvent>;

const toLogged = (e: StoredEvent) => loggedFrom(e, disputeEventOf) as LoggedDisputeEvent | null;

export const disputeKind: CaseKind<DisputeState, LoggedDisputeEvent> = {
  name: 'dispute',
  initialState: initialDisputeState,
  evolve: evolveDispute,
  toLogged,
  recorded: (s, id) => s.eventIds.has(id),
  snapshot: {
    format: DISPUTE_SNAPSHOT_FORMAT,
    encode: encodeDisputeState,
    decode: decodeDisputeState,
    plan: (s) => (s.plan ? `${s.plan.id}@${s.plan.version}` : null),
  },
};

/** Register a dispute on the ledger under a plan (the registrar's jurisdiction's active plan). */
export async function registerDispute(
  deps: DisputeDeps,
  caseId: string,
  planId: string,
  cmd: Command,
): Promise<AppendResult> {
  await loadStoredPlans(deps.store.db, deps.plans, undefined, deps.checkPlan);
  const plan = deps.plans.get(planId);
  if (!plan) throw new ValidationError(`planId: no plan "${planId}" (plans: ${deps.plans.ids().join(', ')})`);
  if (cmd.type !== 'dispute.registered')
    throw new ValidationError('type: a new dispute starts with dispute.registered');
  const r = await run(deps, caseId, undefined, (state, now) =>
    decideDispute(state, cmd, disputeRules(plan), now, deps.store.derivedId),
  );
  return r ?? answerRetry(deps.store, caseId, cmd);
}

/** Record what happened in a dispute. */
export async function commandDispute(
  deps: DisputeDeps,
  caseId: string,
  cmd: Command,
  expectedSeq?: number,
): Promise<AppendResult> {
  const r = await run(
    deps,
    caseId,
    expectedSeq,
    (state, now) => {
      if (!state.exists) throw new NotFoundError(`no dispute ${caseId}`);
      return decideDispute(
        state,
        cmd,
        disputeRules(pinnedPlan(deps.plans, 'dispute', caseId, state.plan)),
        now,
        deps.store.derivedId,
      );
    },
    cmd.id,
  );
  return r ?? answerRetry(deps.store, caseId, cmd);
}

/** Let time act on a dispute: record the duties that fell due or warn. Null when nothing did. */
export async function tickDisputeCase(deps: DisputeDeps, caseId: string): Promise<AppendResult | null> {
  return run(deps, caseId, undefined, (state, now) => {
    if (!state.exists) return [];
    return tickDispute(
      state,
      disputeRules(pinnedPlan(deps.plans, 'dispute', caseId, state.plan)),
      now,
      caseId,
      deps.store.derivedId,
    );
  });
}
