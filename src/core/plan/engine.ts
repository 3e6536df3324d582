import { evaluate } from './condition.ts';
import { durationMs } from './duration.ts';
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

/** The highest level whose rule holds for these facts; a level with no rule always holds. */
export function classify(plan: Plan, facts: Facts): string | null {
  let found: string | null = null;
  for (const l of plan.levels) {
    if (!l.rule || evaluate(l.rule, { facts })) found = l.id;
  }
  return found;
}

function rank(plan: Plan, id: string | null | undefined): number {
  return id ? plan.levels.findIndex((l) => l.id === id) : -1;
}

/** When a duty's clock starts: at the event, or at the (earlier) instant its `from` names in the data. */
function clockStart(d: Duty, e: CaseEvent): string {
  if (!d.start.from) return e.occurredAt;
  let v: unknown = e.data;
  for (const part of d.start.from.slice('data.'.length).split('.')) {
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

export function judgedBy(d: Pick<Duty, 'judgedBy' | 'satisfiedBy'>): 'field' | 'recording' {
  return d.judgedBy ?? (JUDGED_BY_RECORDING.has(d.satisfiedBy.on) ? 'recording' : 'field');
}

/** The instant an event meets a duty at: its field time, or its recording when that is later. */
function meetsAt(d: Duty, e: CaseEvent): number {
  const t = ms(e.occurredAt);
  if (judgedBy(d) === 'field' || !e.recordedAt) return t;
  return Math.max(t, ms(e.recordedAt));
}

function triggerMatches(t: Duty['satisfiedBy'], e: CaseEvent, facts: Facts): boolean {
  return e.type === t.on && (!t.when || evaluate(t.when, { facts, data: e.data }));
}

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
  };
}

/**
 * Duties whose due time has passed by `t` and are not met: missed, escalated once, at dueAt.
 * "Within 20 minutes" includes the 20th minute: met at dueAt is on time.
 */
export function engineAdvance(s: EngineState, t: number): void {
  if (t <= s.clock) return;
  s.clock = t;
  for (const d of s.duties.values()) {
    if (d.status === 'open' && ms(d.dueAt) < t) {
      d.status = 'missed';
      d.escalatedAt = d.dueAt;
      s.escalations.push({ dutyId: d.id, to: d.escalateTo, at: d.dueAt });
    }
  }
}

/** Activation at a level creates the tasks of that level and every level below it, once each. */
function activate(plan: Plan, s: EngineState, levelId: string, at: string): void {
  const upTo = plan.levels.slice(0, rank(plan, levelId) + 1);
  for (const item of upTo.flatMap((l) => (plan.checklists[l.id] ?? []).map((i) => ({ ...i, level: l.id })))) {
    if (s.tasks.has(item.id)) continue;
    s.tasks.set(item.id, {
      id: item.id,
      title: item.title,
      group: item.group,
      level: item.level,
      createdAt: at,
      dueAt: item.within ? iso(ms(at) + durationMs(item.within)) : undefined,
      status: 'open',
    });
  }
}

/** What an event does to the duties and tasks. */
function onEvent(plan: Plan, s: EngineState, e: CaseEvent): void {
  const t = ms(e.occurredAt);
  for (const d of plan.duties) {
    const state = s.duties.get(d.id);
    if (!state) {
      if (!triggerMatches(d.start, e, s.facts)) continue;
      if (d.levels && !d.levels.includes(s.level?.id ?? '')) continue;
      const from = clockStart(d, e);
      const due = ms(from) + durationMs(d.within);
      s.duties.set(d.id, {
        id: d.id,
        title: d.title,
        owner: d.owner,
        escalateTo: d.escalateTo,
        startedAt: from,
        dueAt: iso(due),
        warnAt: d.warnBefore ? iso(due - durationMs(d.warnBefore)) : undefined,
        status: 'open',
        lateSeconds: 0,
      });
      // an event can both start and satisfy a duty only if it is a different event later
      continue;
    }
    if (state.status !== 'met' && triggerMatches(d.satisfiedBy, e, s.facts) && t >= ms(state.startedAt)) {
      const metAt = meetsAt(d, e);
      if (state.status === 'open' && metAt > ms(state.dueAt)) {
        // recorded after its due time: the miss stands as the clock would have recorded it
        state.escalatedAt = state.dueAt;
        s.escalations.push({ dutyId: d.id, to: d.escalateTo, at: state.dueAt });
      }
      state.lateSeconds = Math.max(0, Math.round((metAt - ms(state.dueAt)) / 1000));
      state.status = 'met';
      state.metAt = iso(metAt);
      state.metByEventId = e.id;
    }
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
