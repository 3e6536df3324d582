import { evaluate } from './condition.ts';
import { durationMs } from './duration.ts';
import { type EngineDuty, meetTriggersOf, planDuties, type StartTrigger, type Trigger } from './duties.ts';
import { type Facts, mergeFacts } from './facts.ts';
import type { Duty, Plan } from './plan.schema.ts';

/**
 * The plan engine: given a plan, a case's events and `now`, derive the level, the duties
 * (started, due, met — on time or late — missed and escalated) and the tasks. Pure: same
 * inputs, same outputs; time is passed in, never read.
 *
 * Incremental: `engineStep` folds one more event (in the order they happened) into an
 * `EngineState`, `engineAdvance` moves its clock on, `engineView` reads it. A step costs the
 * same at the tenth event as at the ten-thousandth. `deriveCase` is all three over a list.
 */

/** What the engine needs of an event. */
export interface CaseEvent {
  id: string;
  type: string;
  data: Record<string, unknown>;
  /** ISO-8601 instant: when it happened in the field */
  occurredAt: string;
  /** ISO-8601 instant: when it was recorded (absent: at its field time, as in a drill) */
  recordedAt?: string;
}

export type DutyStatus = 'open' | 'met' | 'missed';

export interface DutyState {
  id: string;
  title: string;
  owner: string;
  escalateTo: string;
  startedAt: string;
  dueAt: string;
  warnAt?: string;
  status: DutyStatus;
  /** met: seconds after dueAt it was met (0 = on time) */
  lateSeconds: number;
  metAt?: string;
  metByEventId?: string;
  /** when the miss was escalated (at dueAt) */
  escalatedAt?: string;
  /** allOf: which of the events that meet it have come (bit i: the i-th) */
  matched?: number;
  /** a repeated duty: the round (1, 2 …) and the time to the next one (ms) */
  round?: number;
  every?: number;
  /** the duty this is a round or a task clock of (its plan id) */
  of?: string;
}

export interface TaskState {
  id: string;
  title: string;
  group?: string;
  level: string;
  createdAt: string;
  dueAt?: string;
  status: 'open' | 'acknowledged' | 'done';
}

export interface LevelState {
  id: string;
  name: string;
  basis: 'rule' | 'commander';
  since: string;
  reason?: string;
}

export interface Escalation {
  dutyId: string;
  to: string;
  at: string;
}

export interface Finding {
  kind: 'duty_missed' | 'duty_late';
  dutyId?: string;
  text: string;
}

export interface CaseView {
  facts: Facts;
  level: LevelState | null;
  /** every level change, derived ones included */
  levelHistory: LevelState[];
  duties: DutyState[];
  tasks: TaskState[];
  escalations: Escalation[];
  findings: Finding[];
}

const iso = (ms: number) => new Date(ms).toISOString();
const ms = (t: string) => new Date(t).getTime();

/**
 * The highest level whose rule holds for these facts; a level with no rule always holds, unless
 * it is set by a commander only (format 2: `setBy: commander`).
 */
export function classify(plan: Plan, facts: Facts): string | null {
  let found: string | null = null;
  for (const l of plan.levels) {
    if (l.setBy === 'commander') continue;
    if (!l.rule || evaluate(l.rule, { facts })) found = l.id;
  }
  return found;
}

function rank(plan: Plan, id: string | null | undefined): number {
  return id ? plan.levels.findIndex((l) => l.id === id) : -1;
}

/** When a duty's clock starts: at the event, or at the (earlier) instant its `from` names in the data. */
function clockStart(start: StartTrigger | undefined, e: CaseEvent): string {
  if (!start?.from) return e.occurredAt;
  let v: unknown = e.data;
  for (const part of start.from.slice('data.'.length).split('.')) {
    v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  }
  const t = typeof v === 'string' ? Date.parse(v) : Number.NaN;
  // never later than the event itself: an incident did not start after it was reported (a clock
  // a few seconds ahead would otherwise start the duty after what meets it)
  return Number.isNaN(t) || t > ms(e.occurredAt) ? e.occurredAt : new Date(t).toISOString();
}

/**
 * Which time meets a duty: a report or a statement counts when it is recorded — sent through
 * Huajie — unless the plan says otherwise; everything else counts when it happened in the field.
 */
export const JUDGED_BY_RECORDING = new Set([
  'sitrep.submitted',
  'statement.published',
  'escalation.requested',
]);

export function judgedBy(
  d: Pick<Duty, 'judgedBy' | 'satisfiedBy'> | Pick<EngineDuty, 'judgedBy' | 'meets'>,
): 'field' | 'recording' {
  if (d.judgedBy) return d.judgedBy;
  const meets = 'meets' in d ? d.meets : meetTriggersOf(d.satisfiedBy);
  return meets.every((t) => JUDGED_BY_RECORDING.has(t.on)) ? 'recording' : 'field';
}

/**
 * The instant an event meets a duty at: its field time, or its recording when that is later —
 * as the duty says, else by the kind of event that meets it (a duty met by a report or by the
 * report of the incident itself judges each by its own kind).
 */
function meetsAt(d: EngineDuty, e: CaseEvent): number {
  const t = ms(e.occurredAt);
  const by = d.judgedBy ?? (JUDGED_BY_RECORDING.has(e.type) ? 'recording' : 'field');
  if (by === 'field' || !e.recordedAt) return t;
  return Math.max(t, ms(e.recordedAt));
}

/** The positions each unit acts for when they are absent (format 2 `actsFor`), by unit id. */
const deputiesCache = new WeakMap<Plan, Map<string, string[]>>();
function deputiesOf(plan: Plan): Map<string, string[]> {
  let m = deputiesCache.get(plan);
  if (!m) {
    const o = plan.organisation;
    m = new Map(
      [o.leadingGroup, o.office, ...o.groups, ...o.positions]
        .filter((u) => u?.actsFor?.length)
        .map((u) => [u?.id as string, u?.actsFor as string[]]),
    );
    deputiesCache.set(plan, m);
  }
  return m;
}

/** Whether an event is what a trigger names; an event naming a deputy counts for those it acts for. */
function triggerMatches(plan: Plan, t: Trigger, e: CaseEvent, facts: Facts): boolean {
  if (e.type !== t.on) return false;
  if (!t.when || evaluate(t.when, { facts, data: e.data })) return true;
  const acting = typeof e.data.position === 'string' ? deputiesOf(plan).get(e.data.position) : undefined;
  return (acting ?? []).some((p) =>
    evaluate(t.when as Trigger['when'] & object, { facts, data: { ...e.data, position: p } }),
  );
}

/** How many rounds a repeated duty runs at most in one case: a clock left running for weeks stops there. */
export const MAX_ROUNDS = 100;

/** The state of the engine after some events: what one more event or a later `now` acts on. */
export interface EngineState {
  facts: Facts;
  override: { level: string; reason?: string } | null;
  level: LevelState | null;
  levelHistory: LevelState[];
  duties: Map<string, DutyState>;
  tasks: Map<string, TaskState>;
  escalations: Escalation[];
  /** the latest instant the engine has looked at (ms) */
  clock: number;
  aftermathStarted: boolean;
  /** repeated duties: the round running now, and whether their cycle has ended */
  repeats: Map<string, { round: number; ended: boolean }>;
  /** fallback starts armed: the duty as it would start, at its startedAt, unless its start comes first */
  armed: Map<string, DutyState>;
  /** the highest level activated so far (its rank), whose conditional tasks wait for their facts */
  activated: number;
}

export function engineStart(): EngineState {
  return {
    facts: {},
    override: null,
    level: null,
    levelHistory: [],
    duties: new Map(),
    tasks: new Map(),
    escalations: [],
    clock: Number.NEGATIVE_INFINITY,
    aftermathStarted: false,
    repeats: new Map(),
    armed: new Map(),
    activated: -1,
  };
}

/**
 * A copy to run on without touching the original. Its cost is that of the plan's duties and
 * tasks and the case's level changes, never that of the case's events.
 */
export function engineClone(s: EngineState): EngineState {
  return {
    facts: s.facts, // replaced, never changed in place
    override: s.override,
    level: s.level,
    levelHistory: [...s.levelHistory],
    duties: new Map([...s.duties].map(([k, d]) => [k, { ...d }])),
    tasks: new Map([...s.tasks].map(([k, t]) => [k, { ...t }])),
    escalations: [...s.escalations],
    clock: s.clock,
    aftermathStarted: s.aftermathStarted,
    repeats: new Map([...s.repeats].map(([k, r]) => [k, { ...r }])),
    armed: new Map([...s.armed].map(([k, d]) => [k, { ...d }])),
    activated: s.activated,
  };
}

/**
 * Duties whose due time has passed by `t` and are not met: missed, escalated once, at dueAt.
 * "Within 20 minutes" includes the 20th minute: met at dueAt is on time.
 */
export function engineAdvance(s: EngineState, t: number): void {
  if (t <= s.clock) return;
  s.clock = t;
  // a fallback start whose time has come, its own start not having come first
  for (const [id, d] of s.armed) {
    if (ms(d.startedAt) > t) continue;
    s.armed.delete(id);
    if (!s.duties.has(id)) begin(s, d);
  }
  // (rounds a miss starts are visited too: a Map's iteration reaches what is added during it)
  for (const d of s.duties.values()) {
    if (d.status === 'open' && ms(d.dueAt) < t) {
      d.status = 'missed';
      d.escalatedAt = d.dueAt;
      s.escalations.push({ dutyId: d.id, to: d.escalateTo, at: d.dueAt });
      nextRound(s, d, ms(d.dueAt));
    }
  }
}

/** The next round of a repeated duty, from `from`, unless its cycle has ended. */
function nextRound(s: EngineState, d: DutyState, from: number): void {
  if (d.every === undefined || d.of === undefined) return;
  const r = s.repeats.get(d.of);
  if (!r || r.ended || r.round !== d.round || r.round >= MAX_ROUNDS) return;
  r.round += 1;
  const id = `${d.of}.${r.round}`;
  s.duties.set(id, {
    ...d,
    id,
    startedAt: iso(from),
    dueAt: iso(from + d.every),
    warnAt: d.warnAt ? iso(from + d.every - (ms(d.dueAt) - ms(d.warnAt))) : undefined,
    status: 'open',
    lateSeconds: 0,
    metAt: undefined,
    metByEventId: undefined,
    escalatedAt: undefined,
    matched: 0,
    round: r.round,
  });
}

/** Whom a missed task is escalated to when its item names no one: the leading group, else the office, else the plan's level. */
function taskEscalation(plan: Plan): string {
  return plan.organisation.leadingGroup?.id ?? plan.organisation.office?.id ?? plan.jurisdiction.level;
}

/** A task with a due time, in a format-2 plan: a clock (`task:<id>`), met when the task is completed. */
function taskClock(
  plan: Plan,
  s: EngineState,
  item: { id: string; title: string; group?: string; escalateTo?: string },
  at: number,
  within: string,
): void {
  const id = `task:${item.id}`;
  if (plan.format !== 2 || s.duties.has(id)) return;
  s.duties.set(id, {
    id,
    title: item.title,
    owner: item.group ?? plan.organisation.office?.id ?? plan.jurisdiction.level,
    escalateTo: item.escalateTo ?? taskEscalation(plan),
    startedAt: iso(at),
    dueAt: iso(at + durationMs(within)),
    status: 'open',
    lateSeconds: 0,
    of: item.id,
  });
}

/**
 * Activation at a level creates the tasks of that level and every level below it, once each;
 * a task with a condition (format 2 `when`) only once the facts hold it.
 */
function activate(plan: Plan, s: EngineState, levelId: string, at: string): void {
  s.activated = Math.max(s.activated, rank(plan, levelId));
  createTasks(plan, s, at);
}

/** The tasks of every level activated so far that are not yet created and whose condition holds. */
function createTasks(plan: Plan, s: EngineState, at: string): void {
  const upTo = plan.levels.slice(0, s.activated + 1);
  for (const item of upTo.flatMap((l) => (plan.checklists[l.id] ?? []).map((i) => ({ ...i, level: l.id })))) {
    if (s.tasks.has(item.id)) continue;
    if (item.when && !evaluate(item.when, { facts: s.facts })) continue;
    s.tasks.set(item.id, {
      id: item.id,
      title: item.title,
      group: item.group,
      level: item.level,
      createdAt: at,
      dueAt: item.within ? iso(ms(at) + durationMs(item.within)) : undefined,
      status: 'open',
    });
    if (item.within) taskClock(plan, s, item, ms(at), item.within);
  }
}

/** A duty as it starts at `from`. */
function startDuty(d: EngineDuty, from: string): DutyState {
  const due = ms(from) + durationMs(d.within);
  const state: DutyState = {
    id: d.id,
    title: d.title,
    owner: d.owner,
    escalateTo: d.escalateTo,
    startedAt: from,
    dueAt: iso(due),
    warnAt: d.warnBefore ? iso(due - durationMs(d.warnBefore)) : undefined,
    status: 'open',
    lateSeconds: 0,
    ...(d.meetAll ? { matched: 0 } : {}),
    ...(d.repeat ? { round: 1, every: durationMs(d.repeat.every), of: d.id } : {}),
  };
  return state;
}

/** Start a duty, by its event or its fallback alike: a repeated one begins its first round. */
function begin(s: EngineState, state: DutyState): void {
  s.duties.set(state.id, state);
  if (state.every !== undefined) s.repeats.set(state.id, { round: 1, ended: false });
}

/** Record a duty met by an event at `at` (ms): late if after its due time, the miss standing. */
function meet(s: EngineState, state: DutyState, e: CaseEvent, at: number): void {
  if (state.status === 'open' && at > ms(state.dueAt)) {
    // recorded after its due time: the miss stands as the clock would have recorded it
    state.escalatedAt = state.dueAt;
    s.escalations.push({ dutyId: state.id, to: state.escalateTo, at: state.dueAt });
  }
  state.lateSeconds = Math.max(0, Math.round((at - ms(state.dueAt)) / 1000));
  state.status = 'met';
  state.metAt = iso(at);
  state.metByEventId = e.id;
}

/**
 * The event meets the duty's open round when its `satisfiedBy` holds (all of them, for allOf);
 * `only`: just the triggers on that event type (the report meeting a duty it started).
 */
function tryMeet(
  plan: Plan,
  s: EngineState,
  d: EngineDuty,
  state: DutyState,
  e: CaseEvent,
  only?: string,
): void {
  let met = false;
  d.meets.forEach((x, i) => {
    if ((only !== undefined && x.on !== only) || !triggerMatches(plan, x, e, s.facts)) return;
    if (d.meetAll) state.matched = (state.matched ?? 0) | (1 << i);
    else met = true;
  });
  if (d.meetAll) met = state.matched === (1 << d.meets.length) - 1;
  if (!met) return;
  const at = meetsAt(d, e);
  meet(s, state, e, at);
  nextRound(s, state, at);
}

/** What an event does to the duties and tasks. */
function onEvent(plan: Plan, s: EngineState, e: CaseEvent): void {
  const t = ms(e.occurredAt);
  for (const d of planDuties(plan)) {
    const first = s.duties.get(d.id);
    if (!first) {
      // a fallback: armed by its event, it starts at its time unless the duty's start comes first
      if (d.fallback && !s.armed.has(d.id) && triggerMatches(plan, d.fallback, e, s.facts)) {
        s.armed.set(d.id, startDuty(d, iso(t + durationMs(d.fallback.after))));
      }
      const start = d.starts.find((x) => triggerMatches(plan, x, e, s.facts));
      const byFacts = d.startFacts !== undefined && evaluate(d.startFacts, { facts: s.facts });
      if (!start && !byFacts) continue;
      if (d.levels && !d.levels.includes(s.level?.id ?? '')) continue;
      s.armed.delete(d.id);
      const started = startDuty(d, clockStart(start, e));
      begin(s, started);
      // an event can both start and satisfy a duty only if it is a different event later — but
      // the report, which comes once and first, meets the duties it starts that say it does (a
      // report from the scene's unit is that unit's report to the town)
      if (e.type === 'incident.reported') tryMeet(plan, s, d, started, e, 'incident.reported');
      continue;
    }
    // the round running now (a repeated duty's latest)
    const r = s.repeats.get(d.id);
    const state = r && r.round > 1 ? (s.duties.get(`${d.id}.${r.round}`) ?? first) : first;
    if (r && !r.ended && d.repeat && triggerMatches(plan, d.repeat.until, e, s.facts)) {
      // the cycle ends: the event that ends it meets the round then open
      r.ended = true;
      if (state.status !== 'met' && t >= ms(state.startedAt)) meet(s, state, e, meetsAt(d, e));
      continue;
    }
    if (state.status === 'met' || t < ms(state.startedAt)) continue;
    tryMeet(plan, s, d, state, e);
  }
  // a task's clock is met when the task is completed
  if (e.type === 'task.completed') {
    const clock = s.duties.get(`task:${String(e.data.taskId)}`);
    if (clock && clock.status !== 'met') meet(s, clock, e, t);
  }
  if ((e.type === 'incident.stabilized' || e.type === 'incident.closed') && !s.aftermathStarted) {
    // 善后 begins once the situation is stable (or, failing that, when the case closes)
    s.aftermathStarted = true;
    for (const item of plan.aftermath) {
      s.tasks.set(item.id, {
        id: item.id,
        title: item.title,
        group: item.group,
        level: 'aftermath',
        createdAt: e.occurredAt,
        dueAt: item.within ? iso(t + durationMs(item.within)) : undefined,
        status: 'open',
      });
      if (item.within) taskClock(plan, s, item, t, item.within);
    }
  }
  if (e.type === 'task.acknowledged' || e.type === 'task.completed') {
    const task = s.tasks.get(String(e.data.taskId));
    if (task)
      task.status = e.type === 'task.completed' ? 'done' : task.status === 'done' ? 'done' : 'acknowledged';
  }
}

/** Re-classify; on a change, the derived level and activation events act like any other. */
function reclassify(plan: Plan, s: EngineState, cause: CaseEvent, reason: string): void {
  const target = s.override?.level ?? classify(plan, s.facts);
  if (!target || target === s.level?.id) return;
  const def = plan.levels.find((l) => l.id === target);
  if (!def) return;
  const rising = rank(plan, target) > rank(plan, s.level?.id);
  const level: LevelState = {
    id: def.id,
    name: def.name,
    basis: s.override ? 'commander' : 'rule',
    since: cause.occurredAt,
    reason: s.override ? s.override.reason : reason,
  };
  s.level = level;
  s.levelHistory.push(level);
  onEvent(plan, s, {
    id: `${cause.id}:level`,
    type: 'incident.level.set',
    data: { level: def.id, basis: level.basis, reason: level.reason },
    occurredAt: cause.occurredAt,
  });
  if (rising) {
    activate(plan, s, def.id, cause.occurredAt);
    onEvent(plan, s, {
      id: `${cause.id}:activated`,
      type: 'plan.activated',
      data: { planId: plan.id, version: plan.version, level: def.id },
      occurredAt: cause.occurredAt,
    });
  }
}

/**
 * One more event, in the order they happened: its time moves the engine's clock on (duties
 * past due are missed), then it acts. Its cost does not depend on how many came before.
 */
export function engineStep(plan: Plan, s: EngineState, e: CaseEvent): void {
  engineAdvance(s, ms(e.occurredAt));
  const bringsFacts = e.type === 'incident.reported' || e.type === 'incident.facts.updated';
  if (bringsFacts) s.facts = mergeFacts(s.facts, (e.data.facts ?? {}) as Facts);
  if (e.type === 'incident.level.set' && e.data.basis === 'commander') {
    s.override = {
      level: String(e.data.level),
      reason: e.data.reason === undefined ? undefined : String(e.data.reason),
    };
    // the level change it causes is emitted once, by reclassify
    reclassify(plan, s, e, 'commander');
    return;
  }
  if (e.type === 'incident.level.set' && e.data.basis === 'rule') {
    // the commander lifts an override: the rules decide again
    s.override = null;
    reclassify(plan, s, e, 'override lifted');
    return;
  }
  // the facts an event brings classify the case before its duties are looked at, so a duty
  // limited to some levels sees the level the report itself establishes
  if (bringsFacts) reclassify(plan, s, e, 'facts');
  // a conditional task of a level already activated, once the facts hold its condition
  if (bringsFacts && s.activated >= 0) createTasks(plan, s, e.occurredAt);
  onEvent(plan, s, e);
}

/** An instant as Beijing wall time, YYYY-MM-DD HH:mm (findings are read by people in China). */
function beijingTime(instant: string): string {
  return new Date(ms(instant) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** What the state shows: level, duties, tasks, escalations, and the findings they make. */
export function engineView(s: EngineState): CaseView {
  const findings: Finding[] = [];
  for (const d of s.duties.values()) {
    if (d.status === 'missed') {
      findings.push({
        kind: 'duty_missed',
        dutyId: d.id,
        text: `${d.title}：未在 ${beijingTime(d.dueAt)}（北京时间）前完成，已上报 ${d.escalateTo} (missed; escalated to ${d.escalateTo})`,
      });
    } else if (d.status === 'met' && d.lateSeconds > 0) {
      const min = Math.round(d.lateSeconds / 60);
      findings.push({
        kind: 'duty_late',
        dutyId: d.id,
        text: `${d.title}：迟 ${min} 分钟完成 (met ${min} min late)`,
      });
    }
  }
  return {
    facts: s.facts,
    level: s.level,
    levelHistory: [...s.levelHistory],
    duties: [...s.duties.values()].map((d) => ({ ...d })),
    tasks: [...s.tasks.values()].map((t) => ({ ...t })),
    escalations: [...s.escalations],
    findings,
  };
}

/** The case as of `now`, from its events in the order they happened. */
export function deriveCase(plan: Plan, events: CaseEvent[], now: string): CaseView {
  const s = engineStart();
  for (const e of events) engineStep(plan, s, e);
  engineAdvance(s, ms(now));
  return engineView(s);
}
