import { evaluate } from './condition.ts';
import { durationMs } from './duration.ts';
import { type Facts, mergeFacts } from './facts.ts';
import type { Duty, Plan } from './plan.schema.ts';

/**
 * The plan engine: given a plan, a case's events and `now`, derive the level, the duties
 * (started, due, met — on time or late — missed and escalated) and the tasks. Pure: same
 * inputs, same outputs; time is passed in, never read.
 */

/** What the engine needs of an event. */
export interface CaseEvent {
  id: string;
  type: string;
  data: Record<string, unknown>;
  /** ISO-8601 instant: when it happened in the field */
  occurredAt: string;
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

/** When a duty's clock starts: at the event, or at the instant its `from` names in the data. */
function clockStart(d: Duty, e: CaseEvent): string {
  if (!d.start.from) return e.occurredAt;
  let v: unknown = e.data;
  for (const part of d.start.from.slice('data.'.length).split('.')) {
    v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  }
  const t = typeof v === 'string' ? Date.parse(v) : Number.NaN;
  return Number.isNaN(t) ? e.occurredAt : new Date(t).toISOString();
}

function triggerMatches(t: Duty['satisfiedBy'], e: CaseEvent, facts: Facts): boolean {
  return e.type === t.on && (!t.when || evaluate(t.when, { facts, data: e.data }));
}

export function deriveCase(plan: Plan, events: CaseEvent[], now: string): CaseView {
  let facts: Facts = {};
  let override: { level: string; reason?: string } | null = null;
  let level: LevelState | null = null;
  const levelHistory: LevelState[] = [];
  const duties = new Map<string, DutyState>();
  const tasks = new Map<string, TaskState>();
  const escalations: Escalation[] = [];
  let clock = Number.NEGATIVE_INFINITY;
  let aftermathStarted = false;

  /**
   * Duties whose due time has passed by `t` and are not met: missed, escalated once, at
   * dueAt. "Within 20 minutes" includes the 20th minute: met at dueAt is on time.
   */
  const advance = (t: number) => {
    if (t <= clock) return;
    clock = t;
    for (const d of duties.values()) {
      if (d.status === 'open' && ms(d.dueAt) < t) {
        d.status = 'missed';
        d.escalatedAt = d.dueAt;
        escalations.push({ dutyId: d.id, to: d.escalateTo, at: d.dueAt });
      }
    }
  };

  /** Activation at a level creates the tasks of that level and every level below it, once each. */
  const activate = (levelId: string, at: string) => {
    const upTo = plan.levels.slice(0, rank(plan, levelId) + 1);
    for (const item of upTo.flatMap((l) =>
      (plan.checklists[l.id] ?? []).map((i) => ({ ...i, level: l.id })),
    )) {
      if (tasks.has(item.id)) continue;
      tasks.set(item.id, {
        id: item.id,
        title: item.title,
        group: item.group,
        level: item.level,
        createdAt: at,
        dueAt: item.within ? iso(ms(at) + durationMs(item.within)) : undefined,
        status: 'open',
      });
    }
  };

  const onEvent = (e: CaseEvent) => {
    const t = ms(e.occurredAt);
    for (const d of plan.duties) {
      const state = duties.get(d.id);
      if (!state) {
        if (!triggerMatches(d.start, e, facts)) continue;
        if (d.levels && !d.levels.includes(level?.id ?? '')) continue;
        const from = clockStart(d, e);
        const due = ms(from) + durationMs(d.within);
        duties.set(d.id, {
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
      if (state.status !== 'met' && triggerMatches(d.satisfiedBy, e, facts) && t >= ms(state.startedAt)) {
        state.lateSeconds = Math.max(0, Math.round((t - ms(state.dueAt)) / 1000));
        state.status = 'met';
        state.metAt = e.occurredAt;
        state.metByEventId = e.id;
      }
    }
    if ((e.type === 'incident.stabilized' || e.type === 'incident.closed') && !aftermathStarted) {
      // 善后 begins once the situation is stable (or, failing that, when the case closes)
      aftermathStarted = true;
      for (const item of plan.aftermath) {
        tasks.set(item.id, {
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
      const task = tasks.get(String(e.data.taskId));
      if (task)
        task.status = e.type === 'task.completed' ? 'done' : task.status === 'done' ? 'done' : 'acknowledged';
    }
  };

  /** Re-classify; on a change, emit the derived level and activation events. */
  const reclassify = (cause: CaseEvent, reason: string) => {
    const target = override?.level ?? classify(plan, facts);
    if (!target || target === level?.id) return;
    const def = plan.levels.find((l) => l.id === target);
    if (!def) return;
    const rising = rank(plan, target) > rank(plan, level?.id);
    level = {
      id: def.id,
      name: def.name,
      basis: override ? 'commander' : 'rule',
      since: cause.occurredAt,
      reason: override ? override.reason : reason,
    };
    levelHistory.push(level);
    const derived: CaseEvent = {
      id: `${cause.id}:level`,
      type: 'incident.level.set',
      data: { level: def.id, basis: level.basis, reason: level.reason },
      occurredAt: cause.occurredAt,
    };
    onEvent(derived);
    if (rising) {
      activate(def.id, cause.occurredAt);
      onEvent({
        id: `${cause.id}:activated`,
        type: 'plan.activated',
        data: { planId: plan.id, version: plan.version, level: def.id },
        occurredAt: cause.occurredAt,
      });
    }
  };

  for (const e of events) {
    advance(ms(e.occurredAt));
    const bringsFacts = e.type === 'incident.reported' || e.type === 'incident.facts.updated';
    if (bringsFacts) facts = mergeFacts(facts, (e.data.facts ?? {}) as Facts);
    if (e.type === 'incident.level.set' && e.data.basis === 'commander') {
      override = {
        level: String(e.data.level),
        reason: e.data.reason === undefined ? undefined : String(e.data.reason),
      };
      // the level change it causes is emitted once, by reclassify
      reclassify(e, 'commander');
      continue;
    }
    if (e.type === 'incident.level.set' && e.data.basis === 'rule') {
      // the commander lifts an override: the rules decide again
      override = null;
      reclassify(e, 'override lifted');
      continue;
    }
    // the facts an event brings classify the case before its duties are looked at, so a
    // duty limited to some levels sees the level the report itself establishes
    if (bringsFacts) reclassify(e, 'facts');
    onEvent(e);
  }
  advance(ms(now));

  const findings: Finding[] = [];
  for (const d of duties.values()) {
    if (d.status === 'missed') {
      findings.push({
        kind: 'duty_missed',
        dutyId: d.id,
        text: `${d.title}：未在 ${d.dueAt} 前完成，已上报 ${d.escalateTo} (missed; escalated to ${d.escalateTo})`,
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
    facts,
    level,
    levelHistory,
    duties: [...duties.values()],
    tasks: [...tasks.values()],
    escalations,
    findings,
  };
}
