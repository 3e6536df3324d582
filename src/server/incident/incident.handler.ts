import type { Clock } from '../../core/clock.ts';
import {
  ConcurrencyError,
  HuajieError,
  IdempotencyError,
  NotFoundError,
  ValidationError,
} from '../../core/errors.ts';
import type { StoredEvent } from '../../core/events/event.ts';
import {
  type Command,
  type Draft,
  decide,
  fold,
  type LoggedEvent,
  tick,
} from '../../core/incident/incident.decider.ts';
import type { Plan } from '../../core/plan/plan.schema.ts';
import type { PlanRegistry } from '../plans/plan.registry.ts';
import { type CheckText, loadStoredPlans } from '../plans/plan.versions.ts';
import { type Projection, projectAll } from '../projections/projection.ts';
import type { AppendResult, EventStore } from '../store/event-store.ts';

/**
 * The one write path for incidents: load the case, decide, append with the expected seq and
 * the read models in one transaction. A conflict with another writer is retried on the new
 * state — unless the client itself named the seq it expected, when it gets the 409.
 */
export interface IncidentDeps {
  store: EventStore;
  plans: PlanRegistry;
  clock: Clock;
  projections: Projection[];
  /** told after every append that wrote something (live streams, notifications) */
  notify?: () => void;
  /** the recently used cases, so a command reads only what is new in its case */
  cases?: CaseCache;
  /** how a stored plan version this server meets for the first time is checked (the plan workers) */
  checkPlan?: CheckText;
}

/**
 * The events of recently used cases. The log only grows, so a case's cached events stay true;
 * a command reads the events after the newest one it holds (other servers' appends included)
 * rather than the whole case again.
 */
export class CaseCache {
  private readonly cases = new Map<string, LoggedEvent[]>();
  constructor(private readonly limit = 500) {}

  async read(store: EventStore, caseId: string): Promise<LoggedEvent[]> {
    const held = this.cases.get(caseId) ?? [];
    const tail = (await store.readCase(caseId, held.length + 1)).map(toLogged);
    // a tail that does not follow on (it never should) is read again from the start
    const events =
      tail.length === 0 || tail[0]?.seq === held.length + 1
        ? held.concat(tail)
        : (await store.readCase(caseId)).map(toLogged);
    this.cases.delete(caseId); // most recently used last
    if (events.length > 0) this.cases.set(caseId, events);
    if (this.cases.size > this.limit) {
      const oldest = this.cases.keys().next().value;
      if (oldest !== undefined) this.cases.delete(oldest);
    }
    return events;
  }
}

/** Each round of a race has one winner; a busy incident has many officers writing at once. */
const MAX_ATTEMPTS = 25;
const backoff = (attempt: number) =>
  new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 * attempt)));

export function toLogged(e: StoredEvent): LoggedEvent {
  return {
    id: e.id,
    type: e.type as LoggedEvent['type'],
    data: e.data,
    actor: { id: e.actorId, role: e.actorRole },
    occurredAt: e.occurredAt,
    seq: e.seq,
  };
}

/**
 * A case pinned a plan version this server does not hold (another server took its upload) and
 * could not load just now: the request may be sent again shortly.
 */
class PlanNotLoaded extends HuajieError {
  readonly status = 503;
  readonly code = 'plan_not_loaded';
  override readonly retryAfterSeconds = 5;
  constructor(caseId: string, pinned: { id: string; version: number }) {
    super(
      `incident ${caseId} runs under plan ${pinned.id} v${pinned.version}, which this server has not loaded yet; try again shortly`,
    );
  }
}

function planOf(deps: IncidentDeps, pinned: { id: string; version: number } | null, caseId: string): Plan {
  if (!pinned) throw new NotFoundError(`no incident ${caseId}`);
  const plan = deps.plans.get(pinned.id, pinned.version);
  if (!plan) throw new PlanNotLoaded(caseId, pinned);
  return plan;
}

async function run(
  deps: IncidentDeps,
  caseId: string,
  expectedSeq: number | undefined,
  decideOn: (events: LoggedEvent[], now: string) => Draft[],
  /** the command's own event id: a retry of it is answered even when the seq moved on */
  retryId?: string,
): Promise<AppendResult | null> {
  const project = projectAll(deps.projections);
  for (let attempt = 1; ; attempt++) {
    const events = deps.cases
      ? await deps.cases.read(deps.store, caseId)
      : (await deps.store.readCase(caseId)).map(toLogged);
    const seq = events.length;
    if (expectedSeq !== undefined && expectedSeq !== seq) {
      // the case moved on since — by this very command, when this is its retry
      if (retryId !== undefined && events.some((e) => e.id === retryId)) return null;
      throw new ConcurrencyError(caseId, expectedSeq, seq);
    }
    let drafts: Draft[];
    try {
      drafts = decideOn(events, deps.clock.now().toISOString());
    } catch (e) {
      if (!(e instanceof PlanNotLoaded) || attempt > 1) throw e;
      await loadStoredPlans(deps.store.db, deps.plans, undefined, deps.checkPlan);
      drafts = decideOn(events, deps.clock.now().toISOString());
    }
    if (drafts.length === 0) return null;
    try {
      const r = await deps.store.append(caseId, seq, drafts, { project });
      if (!r.duplicate) deps.notify?.();
      return r;
    } catch (e) {
      if (!(e instanceof ConcurrencyError) || expectedSeq !== undefined || attempt >= MAX_ATTEMPTS) throw e;
      await backoff(attempt);
    }
  }
}

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
  const r = await run(deps, caseId, undefined, (events, now) =>
    decide(fold(events), cmd, plan, now, deps.store.derivedId),
  );
  return r ?? retryResult(deps, caseId, cmd);
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
    (events, now) => {
      const state = fold(events);
      if (!state.exists) throw new NotFoundError(`no incident ${caseId}`);
      return decide(state, cmd, planOf(deps, state.plan, caseId), now, deps.store.derivedId);
    },
    cmd.id,
  );
  return r ?? retryResult(deps, caseId, cmd);
}

/** Let time act on a case: record the duties that fell due. Null when nothing did. */
export async function tickIncident(deps: IncidentDeps, caseId: string): Promise<AppendResult | null> {
  return run(deps, caseId, undefined, (events, now) => {
    const state = fold(events);
    if (!state.exists) return [];
    return tick(state, planOf(deps, state.plan, caseId), now, caseId, deps.store.derivedId);
  });
}

/**
 * The command's event was already recorded: answer the retry with what was stored — if it is
 * this command's event (same actor, same type); an id of someone else's event, or of one Huajie
 * derived, is an id used for another event.
 */
async function retryResult(deps: IncidentDeps, caseId: string, cmd: Command): Promise<AppendResult> {
  const events = await deps.store.readCase(caseId);
  const i = events.findIndex((e) => e.id === cmd.id);
  const own = events[i];
  if (!own) throw new Error(`event ${cmd.id} vanished from ${caseId}`);
  if (own.type !== cmd.type || own.actorId !== cmd.actor.id || own.actorRole !== cmd.actor.role)
    throw new IdempotencyError(cmd.id, 'for a different event');
  // the command's own event and what was derived with it, up to the next command
  const rest = events.slice(i + 1);
  const end = rest.findIndex((e) => e.actorRole !== 'system');
  return {
    caseId,
    duplicate: true,
    events: [own, ...(end < 0 ? rest : rest.slice(0, end))],
  };
}
