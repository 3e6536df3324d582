import { type CaseEvent, type EngineState, engineClone, engineStart, engineStep } from '../plan/engine.ts';
import type { Plan } from '../plan/plan.schema.ts';

/**
 * A case's recorded events in the order they happened, with the plan engine folded over them.
 *
 * Events are mostly recorded in the order they happened, and then one more event is one more
 * engine step. A late entry (补录) goes where it happened, and the engine is run again from
 * the last checkpoint before it: the cost is that of the events recorded after it in time,
 * never that of the whole case. Checkpoints are copies of the engine every CHECKPOINT_EVERY
 * events, so they cost memory in proportion to the plan, not to each event.
 */
export const CHECKPOINT_EVERY = 128;

export interface Timeline {
  /** the events people recorded, in the order they happened (ties: in the order recorded) */
  readonly events: CaseEvent[];
  /** the plan the engine below runs (a case's pinned plan) */
  plan: { id: string; version: number } | null;
  /** the engine after events[0, applied) */
  engine: EngineState;
  applied: number;
  /** copies of the engine after events[0, pos), in order of pos */
  checkpoints: { pos: number; engine: EngineState }[];
}

export function emptyTimeline(): Timeline {
  return { events: [], plan: null, engine: engineStart(), applied: 0, checkpoints: [] };
}

const at = (e: CaseEvent) => Date.parse(e.occurredAt);

/** Where an event that happened at `t` goes: after every event at or before `t`. */
function insertionPoint(events: CaseEvent[], t: number): number {
  const last = events[events.length - 1];
  if (!last || at(last) <= t) return events.length;
  let lo = 0;
  let hi = events.length - 1; // events[hi] happened after t
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (at(events[mid] as CaseEvent) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The newest checkpoint at or before position p, or the start. */
function restoreBefore(tl: Timeline, p: number): { pos: number; engine: EngineState } {
  for (let i = tl.checkpoints.length - 1; i >= 0; i--) {
    const cp = tl.checkpoints[i] as { pos: number; engine: EngineState };
    if (cp.pos <= p) return { pos: cp.pos, engine: engineClone(cp.engine) };
  }
  return { pos: 0, engine: engineStart() };
}

/** Record one more event where it happened. */
export function timelineInsert(tl: Timeline, e: CaseEvent): void {
  const p = insertionPoint(tl.events, at(e));
  if (p === tl.events.length) tl.events.push(e);
  else tl.events.splice(p, 0, e);
  if (p < tl.applied) {
    // what the engine folded from p on no longer holds
    while ((tl.checkpoints[tl.checkpoints.length - 1]?.pos ?? 0) > p) tl.checkpoints.pop();
    const from = restoreBefore(tl, p);
    tl.engine = from.engine;
    tl.applied = from.pos;
  }
}

/** The engine after every event, under the case's plan. The caller must not change it. */
export function timelineEngine(tl: Timeline, plan: Plan): EngineState {
  if (tl.plan?.id !== plan.id || tl.plan.version !== plan.version) {
    tl.plan = { id: plan.id, version: plan.version };
    tl.engine = engineStart();
    tl.applied = 0;
    tl.checkpoints = [];
  }
  while (tl.applied < tl.events.length) {
    engineStep(plan, tl.engine, tl.events[tl.applied] as CaseEvent);
    tl.applied += 1;
    if (
      tl.applied % CHECKPOINT_EVERY === 0 &&
      (tl.checkpoints[tl.checkpoints.length - 1]?.pos ?? 0) < tl.applied
    )
      tl.checkpoints.push({ pos: tl.applied, engine: engineClone(tl.engine) });
  }
  return tl.engine;
}

/** The engine as it would be with one more event, the timeline left as it is. */
export function timelineWith(tl: Timeline, plan: Plan, e: CaseEvent): EngineState {
  const engine = timelineEngine(tl, plan);
  const p = insertionPoint(tl.events, at(e));
  if (p === tl.events.length) {
    const fork = engineClone(engine);
    engineStep(plan, fork, e);
    return fork;
  }
  // a late entry: run again from the last checkpoint before where it goes
  const from = restoreBefore(tl, p);
  for (let i = from.pos; i < p; i++) engineStep(plan, from.engine, tl.events[i] as CaseEvent);
  engineStep(plan, from.engine, e);
  for (let i = p; i < tl.events.length; i++) engineStep(plan, from.engine, tl.events[i] as CaseEvent);
  return from.engine;
}
