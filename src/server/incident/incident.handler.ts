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
  evolve,
  type IncidentState,
  initialState,
  type LoggedEvent,
  tick,
} from '../../core/incident/incident.decider.ts';
import type { Plan } from '../../core/plan/plan.schema.ts';
import type { PlanRegistry } from '../plans/plan.registry.ts';
import { type CheckText, loadStoredPlans } from '../plans/plan.versions.ts';
import { type Projection, projectAll } from '../projections/projection.ts';
import type { AppendResult, EventStore } from '../store/event-store.ts';

/**
 * The one write path for incidents: take the case's folded state, decide, append with the
 * expected seq and the read models in one transaction. Commands to one case are applied one
 * after another in this process (CaseStates.serial), so writers here never race each other;
 * a conflict with another server's append is retried on the new state — unless the client
 * itself named the seq it expected, when it gets the 409.
 *
 * Build it with createWritePath (write-path.ts): the server, the app, the duty clock, the demo,
 * the benchmark and the tests all use that one assembly.
 */
export interface IncidentDeps {
  store: EventStore;
  plans: PlanRegistry;
  clock: Clock;
  /** the read models, then the outbox, in the order they are written in the append's transaction */
  projections: Projection[];
  /** told after every append that wrote something (live streams, notifications) */
  notify?: () => void;
  /** the folded state of recently used cases, and the queue of commands per case */
  cases: CaseStates;
  /** how a stored plan version this server meets for the first time is checked (the plan workers) */
  checkPlan?: CheckText;
}

interface Held {
  seq: number;
  state: IncidentState;
}

/**
 * The folded state of recently used cases. The log only grows, so a held state stays true: a
 * command reads the events after the newest one it holds (other servers' appends included) and
 * folds them in, and what this server appends is folded in as it is stored. A command's cost
 * is that of what is new, not of the case.
 */
export class CaseStates {
  private readonly held = new Map<string, Held>();
  private readonly queues = new Map<string, Promise<void>>();
  constructor(private readonly limit = 500) {}

  /** Run `fn` for the case once every earlier call for the same case has finished. */
  serial<T>(caseId: string, fn: () => Promise<T>): Promise<T> {
    const before = this.queues.get(caseId) ?? Promise.resolve();
    const result = before.then(fn);
    const done = result.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(caseId, done);
    void done.then(() => {
      if (this.queues.get(caseId) === done) this.queues.delete(caseId);
    });
    return result;
  }

  /** The case's state now: what is held, with what was appended since folded in. */
  async read(store: EventStore, caseId: string): Promise<Held> {
    let h = this.held.get(caseId) ?? { seq: 0, state: initialState() };
    let tail = await store.readCase(caseId, h.seq + 1);
    if (tail.length > 0 && tail[0]?.seq !== h.seq + 1) {
      // a tail that does not follow on (it never should): fold the case again from the start
      h = { seq: 0, state: initialState() };
      tail = await store.readCase(caseId);
    }
    // not held while it is folded: should folding throw, the next command starts afresh
    this.held.delete(caseId);
    for (const e of tail) {
      evolve(h.state, toLogged(e));
      h.seq = e.seq;
    }
    if (h.seq > 0) this.keep(caseId, h); // most recently used last
    return h;
  }

  /** What this server appended after `from`: folded in without reading it back. */
  appended(caseId: string, from: number, events: StoredEvent[]): void {
    const h = this.held.get(caseId);
    if (!h || h.seq !== from || events[0]?.seq !== from + 1) {
      this.held.delete(caseId);
      return;
    }
    try {
      for (const e of events) {
        evolve(h.state, toLogged(e));
        h.seq = e.seq;
      }
    } catch {
      this.held.delete(caseId);
    }
  }

  private keep(caseId: string, h: Held): void {
    this.held.set(caseId, h);
    if (this.held.size > this.limit) {
      const oldest = this.held.keys().next().value;
      if (oldest !== undefined) this.held.delete(oldest);
    }
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
  decideOn: (state: IncidentState, now: string) => Draft[],
  /** the command's own event id: a retry of it is answered even when the seq moved on */
  retryId?: string,
): Promise<AppendResult | null> {
  return deps.cases.serial(caseId, async () => {
    const project = projectAll(deps.projections);
    for (let attempt = 1; ; attempt++) {
      const { seq, state } = await deps.cases.read(deps.store, caseId);
      if (expectedSeq !== undefined && expectedSeq !== seq) {
        // the case moved on since — by this very command, when this is its retry
        if (retryId !== undefined && state.eventIds.has(retryId)) return null;
        throw new ConcurrencyError(caseId, expectedSeq, seq);
      }
      let drafts: Draft[];
      try {
        drafts = decideOn(state, deps.clock.now().toISOString());
      } catch (e) {
        if (!(e instanceof PlanNotLoaded) || attempt > 1) throw e;
        await loadStoredPlans(deps.store.db, deps.plans, undefined, deps.checkPlan);
        drafts = decideOn(state, deps.clock.now().toISOString());
      }
      if (drafts.length === 0) return null;
      try {
        const r = await deps.store.append(caseId, seq, drafts, { project });
        if (!r.duplicate) {
          deps.cases.appended(caseId, seq, r.events);
          deps.notify?.();
        }
        return r;
      } catch (e) {
        // another server appended meanwhile: decide again on what it wrote
        if (!(e instanceof ConcurrencyError) || expectedSeq !== undefined || attempt >= MAX_ATTEMPTS) throw e;
        await backoff(attempt);
      }
    }
  });
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
  const r = await run(deps, caseId, undefined, (state, now) =>
    decide(state, cmd, plan, now, deps.store.derivedId),
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
    (state, now) => {
      if (!state.exists) throw new NotFoundError(`no incident ${caseId}`);
      return decide(state, cmd, planOf(deps, state.plan, caseId), now, deps.store.derivedId);
    },
    cmd.id,
  );
  return r ?? retryResult(deps, caseId, cmd);
}

/** Let time act on a case: record the duties that fell due. Null when nothing did. */
export async function tickIncident(deps: IncidentDeps, caseId: string): Promise<AppendResult | null> {
  return run(deps, caseId, undefined, (state, now) => {
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
