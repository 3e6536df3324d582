import { may } from '../accounts/permissions.ts';
import { ForbiddenError, NotFoundError, RuleError, StateError, ValidationError } from '../errors.ts';
import { derivedId, type IdDeriver } from '../events/derived-id.ts';
import { refuseDueBeforeMade } from '../events/promise.ts';
import { type CaseView, engineAdvance, engineClone, engineView } from '../plan/engine.ts';
import type { Plan } from '../plan/plan.schema.ts';
import {
  DERIVED_TYPES,
  type EventType,
  type IncidentEvent,
  isEventType,
  MAX_REPRESENTATIVES,
  parseEvent,
} from './incident.events.ts';
import { AFTER_CLOSE, AFTER_SETTLED } from './recordable.ts';
import { emptyTimeline, type Timeline, timelineEngine, timelineInsert, timelineWith } from './timeline.ts';

/**
 * The incident decider: commands in, events out, nothing else. `decide` checks a command
 * against the case and the plan and returns the events to append — the command's own event
 * and those core derives from it (level set by the rules, plan activated, duties started,
 * met, missed). `tick` derives the misses that time alone causes. `evolve` folds events.
 *
 * Folding and deciding cost the same at the tenth event as at the ten-thousandth: the state
 * holds the plan engine folded over the case's events (timeline.ts), and a command's derived
 * events come from comparing the engine before and after it, not from replaying the case.
 */

export interface Actor {
  id: string;
  role: string;
}

export interface Command {
  /** the client's UUIDv7: the id of the event it records (its idempotency key) */
  id: string;
  type: string;
  data: unknown;
  actor: Actor;
  /** when it happened in the field; default: now */
  occurredAt?: string;
}

/** An event to append (the store's NewEvent), its data typed by its type. */
export type Draft = { id: string; actor: Actor; occurredAt: string } & IncidentEvent;

/** What the decider needs of an appended event. */
/** An event as the log holds it: `recordedAt` is when the store took it (a drill: its simulated time). */
export type LoggedEvent = Draft & { seq: number; recordedAt?: string };

export const SYSTEM: Actor = { id: 'huajie', role: 'system' };

export interface IncidentState {
  exists: boolean;
  /** the plan the case runs under (pinned by its report) */
  plan: { id: string; version: number } | null;
  /** when the report says it happened (its occurredAt) */
  reportedAt: string | null;
  closed: boolean;
  /** 已销号: closed and nothing owed; only corrections and the review after it */
  settled: boolean;
  /** the events people recorded (not derived) in the order they happened, and the plan engine over them */
  timeline: Timeline;
  eventIds: Set<string>;
  /** `carried`: the dispute that owns it now (obligations.carried) */
  demands: Map<string, { answered: boolean; carried?: string }>;
  /** what was promised, by whom, by when: a clock of its own (`commitment:<id>`) that outlives closure */
  commitments: Map<string, { fulfilled: boolean; owner: string; dueAt: string; carried?: string }>;
  measures: Map<string, { ended: boolean }>;
  /** where its review (总结) stands: none, a draft, in review at the level above, reviewed */
  review: 'none' | 'draft' | 'in_review' | 'reviewed';
  /** the situation reports sent, by event id, and whether the addressed office has acknowledged each */
  sitreps: Map<string, { acknowledged: boolean }>;
  statements: Set<string>;
  tasks: Set<string>;
  /** derived duty events already in the log */
  duties: Map<string, { started: boolean; warned: boolean; met: boolean; missed: boolean }>;
  levelsLogged: number;
  override: boolean;
  /**
   * the plans of the levels above whose scope covers this case (pinned by its report), each
   * with its own timeline and engine: their duties run beside the case's own
   */
  upper: UpperRun[];
}

/** A plan of a level above, as a case runs it. */
export interface UpperRun {
  id: string;
  version: number;
  /** the jurisdiction whose plan it is: its misses are resolved from there */
  jurisdiction: string;
  timeline: Timeline;
  /** how many of its derived level changes the log holds */
  levelsLogged: number;
}

/** A plan of a level above, handed to `decide` and `tick` with the jurisdiction it is the plan of. */
export interface UpperPlan {
  plan: Plan;
  jurisdiction: string;
}

/** A duty of a plan above, named by its plan: `town-mass-incident:report-town`. */
export const upperDutyId = (planId: string, dutyId: string) => `${planId}:${dutyId}`;

export function initialState(): IncidentState {
  return {
    exists: false,
    plan: null,
    reportedAt: null,
    closed: false,
    settled: false,
    timeline: emptyTimeline(),
    eventIds: new Set(),
    demands: new Map(),
    commitments: new Map(),
    measures: new Map(),
    sitreps: new Map(),
    review: 'none',
    statements: new Set(),
    tasks: new Set(),
    duties: new Map(),
    levelsLogged: 0,
    override: false,
    upper: [],
  };
}

export function evolve(s: IncidentState, e: LoggedEvent): IncidentState {
  s.eventIds.add(e.id);
  const derived = e.actor.role === SYSTEM.role;
  if (e.type === 'incident.reported' && !s.exists)
    s.upper = (e.data.upper ?? []).map((u) => ({ ...u, timeline: emptyTimeline(), levelsLogged: 0 }));
  if (!derived) {
    const ce = { id: e.id, type: e.type, data: e.data, occurredAt: e.occurredAt, recordedAt: e.recordedAt };
    timelineInsert(s.timeline, ce);
    // a commander sets the level of the case's own plan; the plans above keep to their rules
    if (e.type !== 'incident.level.set') for (const u of s.upper) timelineInsert(u.timeline, ce);
  }
  const duty = (id: string) => {
    let x = s.duties.get(id);
    if (!x) {
      x = { started: false, warned: false, met: false, missed: false };
      s.duties.set(id, x);
    }
    return x;
  };
  switch (e.type) {
    case 'incident.reported':
      s.exists = true;
      s.plan = e.data.plan ?? null;
      s.reportedAt = e.occurredAt;
      break;
    case 'incident.closed':
      s.closed = true;
      break;
    case 'incident.settled':
      s.settled = true;
      break;
    case 'incident.level.set':
      if (derived && e.data.plan) {
        const u = s.upper.find((x) => x.id === e.data.plan);
        if (u) u.levelsLogged += 1;
      } else if (derived) s.levelsLogged += 1;
      else s.override = e.data.basis === 'commander';
      break;
    case 'demand.registered':
      s.demands.set(e.data.demandId, { answered: false });
      break;
    case 'demand.answered':
      s.demands.set(e.data.demandId, { answered: true });
      break;
    case 'commitment.made':
      s.commitments.set(e.data.commitmentId, { fulfilled: false, owner: e.data.owner, dueAt: e.data.dueAt });
      break;
    case 'commitment.fulfilled': {
      const c = s.commitments.get(e.data.commitmentId);
      if (c) c.fulfilled = true;
      break;
    }
    case 'obligations.carried':
      for (const id of e.data.demandIds) {
        const d = s.demands.get(id);
        if (d) d.carried = e.data.disputeId;
      }
      for (const id of e.data.commitmentIds) {
        const c = s.commitments.get(id);
        if (c) c.carried = e.data.disputeId;
      }
      break;
    case 'measure.authorized':
      s.measures.set(e.data.measureId, { ended: false });
      break;
    case 'measure.ended':
      s.measures.set(e.data.measureId, { ended: true });
      break;
    case 'statement.published':
      s.statements.add(e.data.statementId);
      break;
    case 'sitrep.submitted':
      s.sitreps.set(e.id, { acknowledged: false });
      break;
    case 'review.drafted':
    case 'review.returned':
      s.review = 'draft';
      break;
    case 'review.submitted':
      s.review = 'in_review';
      break;
    case 'review.approved':
      s.review = 'reviewed';
      break;
    case 'sitrep.acknowledged': {
      const r = s.sitreps.get(e.data.sitrepId);
      if (r) r.acknowledged = true;
      break;
    }
    case 'task.assigned':
      s.tasks.add(e.data.taskId);
      break;
    case 'duty.started':
      duty(e.data.dutyId).started = true;
      break;
    case 'duty.warned':
      duty(e.data.dutyId).warned = true;
      break;
    case 'duty.met':
      duty(e.data.dutyId).met = true;
      break;
    case 'duty.missed':
      duty(e.data.dutyId).missed = true;
      break;
  }
  return s;
}

export function fold(events: LoggedEvent[]): IncidentState {
  return events.reduce(evolve, initialState());
}

/** The duty that tracks a commitment of the incident. */
export const commitmentDuty = (commitmentId: string) => `commitment:${commitmentId}`;

/** Whom a missed commitment is escalated to: the plan's leading group (else its office, else its level). */
function commitmentEscalation(plan: Plan): string {
  return plan.organisation.leadingGroup?.id ?? plan.organisation.office?.id ?? plan.jurisdiction.level;
}
/** How far ahead of the server clock a field time may be (clock skew). */
const MAX_SKEW_MS = 2 * 60_000;
/**
 * How far back a field time may lie: a report up to 30 days before it is recorded, anything
 * else up to 30 days before the incident's report (a late entry, 补录, is recorded with the
 * time it happened, within that).
 */
export const MAX_BACKDATE_DAYS = 30;

function parseData(type: EventType, data: unknown): IncidentEvent {
  const r = parseEvent(type, data);
  if (r.ok) return r.event;
  const issues = r.error.issues.map((i) => ({ path: ['data', ...i.path].join('.'), message: i.message }));
  throw new ValidationError(issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
}

/** The rules a well-formed command must also satisfy. */
function check(s: IncidentState, ev: IncidentEvent, actor: Actor, plan: Plan): void {
  if (ev.type === 'incident.reported') {
    if (s.exists) throw new StateError('already_reported', 'this incident has already been reported');
    return;
  }
  if (!s.exists) throw new NotFoundError('no such incident: report it first (incident.reported)');
  if (s.settled && !AFTER_SETTLED.has(ev.type))
    throw new StateError(
      'settled',
      'the incident is settled (已销号): only corrections (entry.corrected) and the review may be added',
    );
  if (s.closed && !AFTER_CLOSE.has(ev.type)) {
    throw new StateError(
      'closed',
      'the incident is closed: what is still owed (answers, commitments, aftermath tasks), notes, corrections and the review may be added',
    );
  }
  switch (ev.type) {
    case 'incident.settled': {
      if (!s.closed) throw new StateError('not_closed', 'an incident is settled (销号) after it is closed');
      const commitments = [...s.commitments].filter(([, c]) => !c.fulfilled && !c.carried).map(([id]) => id);
      const demands = [...s.demands].filter(([, d]) => !d.answered && !d.carried).map(([id]) => id);
      if (commitments.length > 0 || demands.length > 0)
        throw new RuleError(
          'still_owed',
          `销号 waits until nothing is owed: ${[
            ...(demands.length > 0 ? [`demands not answered: ${demands.join(', ')}`] : []),
            ...(commitments.length > 0 ? [`commitments not kept: ${commitments.join(', ')}`] : []),
          ].join('; ')}`,
        );
      break;
    }
    case 'review.drafted':
    case 'review.submitted':
      if (!s.closed) throw new StateError('not_closed', 'the review is written after the incident is closed');
      if (s.review === 'reviewed')
        throw new StateError('reviewed', 'the review has been signed off (审核通过) already');
      if (s.review === 'in_review')
        throw new StateError(
          'in_review',
          'the review is with the level above: wait for it to be returned or signed off',
        );
      break;
    case 'review.returned':
    case 'review.approved':
      if (!may(actor.role, 'review.approve'))
        throw new ForbiddenError('the review is signed off or returned by a leader of the level above');
      if (s.review !== 'in_review')
        throw new StateError('not_in_review', 'no review has been sent for review (审核)');
      break;
    case 'sitrep.acknowledged': {
      const r = s.sitreps.get(ev.data.sitrepId);
      if (!r)
        throw new RuleError('unknown_sitrep', `no situation report ${ev.data.sitrepId} in this incident`);
      if (r.acknowledged)
        throw new StateError(
          'already_acknowledged',
          'this situation report has been acknowledged (已收悉) already',
        );
      break;
    }
    case 'escalation.acknowledged':
      if (!may(actor.role, 'escalation.acknowledge'))
        throw new ForbiddenError('an escalation is taken in hand (已接收) by the level it reached');
      break;
    case 'finding.disposed':
      if (!may(actor.role, 'finding.dispose'))
        throw new ForbiddenError('only a leader or an auditor of a level above disposes of a finding');
      break;
    case 'incident.closed':
      break;
    case 'incident.level.set': {
      const d = ev.data;
      if (!may(actor.role, 'case.command'))
        throw new ForbiddenError('only a commander may set or lift the level');
      if (!d.reason)
        throw new ValidationError('data.reason: a commander sets or lifts the level with a reason', [
          { path: 'data.reason', message: 'required' },
        ]);
      if (d.basis === 'commander') {
        if (!plan.levels.some((l) => l.id === d.level)) {
          throw new ValidationError(
            `data.level: "${d.level ?? ''}" is no level of plan ${plan.id} (${plan.levels.map((l) => l.id).join(', ')})`,
            [{ path: 'data.level', message: 'unknown level' }],
          );
        }
      } else if (!s.override) {
        throw new StateError(
          'no_override',
          'there is no commander override to lift: the level already follows the rules',
        );
      }
      break;
    }
    case 'measure.authorized': {
      const { measureId } = ev.data;
      if (!may(actor.role, 'case.command')) {
        throw new ForbiddenError('a coercive or control measure is authorised by a commander (慎用强制措施)');
      }
      if (s.measures.has(measureId))
        throw new StateError('duplicate', `measure ${measureId} is already recorded`);
      break;
    }
    case 'measure.ended': {
      const { measureId } = ev.data;
      if (!s.measures.has(measureId)) throw new NotFoundError(`no measure ${measureId} in this incident`);
      if (s.measures.get(measureId)?.ended)
        throw new StateError('already_ended', `measure ${measureId} has already ended`);
      break;
    }
    case 'dialogue.held':
      if (ev.data.representatives > MAX_REPRESENTATIVES) {
        throw new RuleError(
          'too_many_representatives',
          `《信访工作条例》：多人提出同一信访事项的，应当推选代表，代表人数不超过${MAX_REPRESENTATIVES}人 — a dialogue is held with at most ${MAX_REPRESENTATIVES} representatives, not ${ev.data.representatives}`,
        );
      }
      break;
    case 'demand.registered':
      if (s.demands.has(ev.data.demandId))
        throw new StateError('duplicate', `demand ${ev.data.demandId} is already registered`);
      break;
    case 'demand.assessed':
    case 'demand.answered':
      if (!s.demands.has(ev.data.demandId))
        throw new NotFoundError(`no demand ${ev.data.demandId} registered in this incident`);
      break;
    case 'commitment.made': {
      const { commitmentId, demandId } = ev.data;
      if (s.commitments.has(commitmentId))
        throw new StateError('duplicate', `commitment ${commitmentId} is already recorded`);
      if (demandId !== undefined && !s.demands.has(demandId)) {
        throw new NotFoundError(`no demand ${demandId} registered in this incident`);
      }
      break;
    }
    case 'commitment.fulfilled': {
      const { commitmentId } = ev.data;
      const c = s.commitments.get(commitmentId);
      if (!c) throw new NotFoundError(`no commitment ${commitmentId} in this incident`);
      if (c.fulfilled)
        throw new StateError('already_fulfilled', `commitment ${commitmentId} is already fulfilled`);
      if (c.carried)
        throw new StateError(
          'carried',
          `commitment ${commitmentId} was carried forward into dispute ${c.carried}: record it there`,
        );
      break;
    }
    case 'obligations.carried': {
      for (const id of ev.data.demandIds) {
        const d = s.demands.get(id);
        if (!d) throw new NotFoundError(`no demand ${id} registered in this incident`);
        if (d.answered || d.carried)
          throw new StateError(
            'not_open',
            `demand ${id} is ${d.answered ? 'answered' : `carried into dispute ${d.carried}`} already`,
          );
      }
      for (const id of ev.data.commitmentIds) {
        const c = s.commitments.get(id);
        if (!c) throw new NotFoundError(`no commitment ${id} in this incident`);
        if (c.fulfilled || c.carried)
          throw new StateError(
            'not_open',
            `commitment ${id} is ${c.fulfilled ? 'fulfilled' : `carried into dispute ${c.carried}`} already`,
          );
      }
      break;
    }
    case 'statement.published':
      if (s.statements.has(ev.data.statementId))
        throw new StateError('duplicate', `statement ${ev.data.statementId} is already published`);
      break;
    case 'entry.corrected':
      if (!s.eventIds.has(ev.data.eventId))
        throw new NotFoundError(`no event ${ev.data.eventId} in this incident to correct`);
      break;
    case 'task.acknowledged':
    case 'task.completed': {
      const { taskId } = ev.data;
      const known =
        s.tasks.has(taskId) ||
        Object.values(plan.checklists).some((l) => l.some((t) => t.id === taskId)) ||
        plan.aftermath.some((t) => t.id === taskId);
      if (!known) throw new NotFoundError(`no task ${taskId} in this incident or its plan`);
      break;
    }
  }
}

/** The derived duty events a view implies and the log does not hold yet, its duty ids named by `idOf`. */
function deriveDuties(
  s: IncidentState,
  view: CaseView,
  at: string,
  add: (ev: IncidentEvent, occurredAt: string) => void,
  idOf: (dutyId: string) => string = (x) => x,
  jurisdiction?: string,
): void {
  for (const d of view.duties) {
    const dutyId = idOf(d.id);
    const logged = s.duties.get(dutyId);
    if (!logged?.started)
      add(
        {
          type: 'duty.started',
          data: { dutyId, dueAt: d.dueAt, owner: d.owner, ...(d.warnAt ? { warnAt: d.warnAt } : {}) },
        },
        d.startedAt,
      );
    if (d.escalatedAt && !logged?.missed)
      add(
        {
          type: 'duty.missed',
          data: {
            dutyId,
            escalateTo: d.escalateTo,
            dueAt: d.dueAt,
            ...(jurisdiction ? { jurisdiction } : {}),
          },
        },
        d.dueAt,
      );
    if (d.status === 'met' && !logged?.met) {
      add(
        {
          type: 'duty.met',
          data: { dutyId, byEventId: d.metByEventId ?? '', lateSeconds: d.lateSeconds },
        },
        d.metAt ?? at,
      );
    }
  }
}

/** The derived events that the plan engine's view implies and the log does not hold yet. */
function derive(
  s: IncidentState,
  plan: Plan,
  view: CaseView,
  seed: string,
  at: string,
  ids: IdDeriver,
): Draft[] {
  const out: Draft[] = [];
  let n = 0;
  const add = (ev: IncidentEvent, occurredAt: string) =>
    out.push({ id: ids(seed, n++), actor: SYSTEM, occurredAt, ...ev });
  view.levelHistory.slice(s.levelsLogged).forEach((l, i, rest) => {
    add(
      {
        type: 'incident.level.set',
        data: { level: l.id, basis: l.basis, ...(l.reason ? { reason: l.reason } : {}) },
      },
      l.since,
    );
    const prev = i === 0 ? view.levelHistory[s.levelsLogged - 1] : rest[i - 1];
    const rank = (id?: string) => plan.levels.findIndex((x) => x.id === id);
    if (!prev || rank(l.id) > rank(prev.id))
      add({ type: 'plan.activated', data: { planId: plan.id, version: plan.version, level: l.id } }, l.since);
  });
  // the plan's checklists (and, once stabilized, its aftermath) become tasks in the record
  for (const t of view.tasks) {
    if (s.tasks.has(t.id)) continue;
    add(
      {
        type: 'task.assigned',
        data: {
          taskId: t.id,
          title: t.title,
          ...(t.group ? { group: t.group } : {}),
          ...(t.dueAt ? { dueAt: t.dueAt } : {}),
        },
      },
      t.createdAt,
    );
  }
  deriveDuties(s, view, at, add);
  return out;
}

/**
 * What a plan of a level above implies: its level under its own rules (recorded with its plan's
 * id) and its duties, named by its plan and missed towards its own jurisdiction. Its checklists
 * are the upper level's own work and are not assigned to the case.
 */
function deriveUpper(
  s: IncidentState,
  run: UpperRun,
  plan: Plan,
  view: CaseView,
  seed: string,
  at: string,
  ids: IdDeriver,
): Draft[] {
  const out: Draft[] = [];
  let n = 0;
  const add = (ev: IncidentEvent, occurredAt: string) =>
    out.push({ id: ids(`${seed}@${plan.id}`, n++), actor: SYSTEM, occurredAt, ...ev });
  for (const l of view.levelHistory.slice(run.levelsLogged))
    add(
      {
        type: 'incident.level.set',
        data: { level: l.id, basis: l.basis, ...(l.reason ? { reason: l.reason } : {}), plan: plan.id },
      },
      l.since,
    );
  deriveDuties(s, view, at, add, (d) => upperDutyId(plan.id, d), run.jurisdiction);
  return out;
}

/** The plans above a case runs, each with its plan (a run whose plan was not handed in is skipped). */
function upperRuns(runs: UpperRun[], upper: UpperPlan[]): { run: UpperRun; plan: Plan }[] {
  return runs.flatMap((run) => {
    const u = upper.find((x) => x.plan.id === run.id && x.plan.version === run.version);
    return u ? [{ run, plan: u.plan }] : [];
  });
}

/**
 * The events a command records. `ids` makes the ids of the derived events (the server's is
 * keyed by a secret of the installation).
 */
export function decide(
  s: IncidentState,
  cmd: Command,
  plan: Plan,
  now: string,
  ids: IdDeriver = derivedId,
  upper: UpperPlan[] = [],
): Draft[] {
  if (!isEventType(cmd.type))
    throw new ValidationError(`type: "${cmd.type}" is not an incident event type`, [
      { path: 'type', message: 'unknown' },
    ]);
  const type = cmd.type;
  if (DERIVED_TYPES.has(type))
    throw new ValidationError(`type: ${type} is derived by Huajie, not recorded by hand`, [
      { path: 'type', message: 'derived' },
    ]);
  if (s.eventIds.has(cmd.id)) return []; // already recorded: the store answers the retry
  const ev = parseData(type, cmd.data);
  const occurredAt = cmd.occurredAt ?? now;
  if (Date.parse(occurredAt) > Date.parse(now) + MAX_SKEW_MS) {
    throw new ValidationError('occurredAt: is in the future', [
      { path: 'occurredAt', message: 'in the future' },
    ]);
  }
  const from = type === 'incident.reported' || !s.reportedAt ? now : s.reportedAt;
  const earliest = Date.parse(from) - MAX_BACKDATE_DAYS * 86_400_000;
  if (!(Date.parse(occurredAt) >= earliest)) {
    const what = type === 'incident.reported' ? 'before it is recorded' : 'before the incident was reported';
    const message = `is more than ${MAX_BACKDATE_DAYS} days ${what}: give a time from ${new Date(earliest).toISOString()} on`;
    throw new ValidationError(`occurredAt: ${message}`, [{ path: 'occurredAt', message }]);
  }
  check(s, ev, cmd.actor, plan);
  if (ev.type === 'commitment.made') refuseDueBeforeMade(ev.data.dueAt, occurredAt, 'data.dueAt');
  if (ev.type === 'incident.level.set' && ev.data.plan !== undefined)
    throw new ValidationError(
      'data.plan: the level under a plan of a level above follows its rules; a commander sets the level of the case’s own plan',
      [{ path: 'data.plan', message: 'set by the rules of that plan' }],
    );
  // the case pins the plan version it runs under, and those of the levels above that cover it
  if (ev.type === 'incident.reported') {
    ev.data.plan = { id: plan.id, version: plan.version };
    if (upper.length)
      ev.data.upper = upper.map((u) => ({
        id: u.plan.id,
        version: u.plan.version,
        jurisdiction: u.jurisdiction,
      }));
    else delete ev.data.upper;
  }
  const own: Draft = { id: cmd.id, actor: cmd.actor, occurredAt, ...ev };
  // the engine with the command's event where it happened (by instant, not by text: a time
  // sent as 09:15+08:00 is before one sent as 01:25Z), derived as of the command's own time in
  // the field: what fell due between then and now is for the clock (tick) to record, so a
  // record entered late never shows misses that were in fact met in time by the entries that
  // follow it
  const after = timelineWith(s.timeline, plan, {
    id: own.id,
    type,
    data: ev.data,
    occurredAt,
    recordedAt: now,
  });
  engineAdvance(after, Date.parse(occurredAt));
  const derived = derive(s, plan, engineView(after), cmd.id, occurredAt, ids);
  // the plans of the levels above, each over the same events (a report starts them afresh)
  const runs =
    ev.type === 'incident.reported'
      ? (ev.data.upper ?? []).map((u) => ({ ...u, timeline: emptyTimeline(), levelsLogged: 0 }))
      : s.upper;
  if (ev.type !== 'incident.level.set')
    for (const { run, plan: p } of upperRuns(runs, upper)) {
      const above = timelineWith(run.timeline, p, {
        id: own.id,
        type,
        data: ev.data,
        occurredAt,
        recordedAt: now,
      });
      engineAdvance(above, Date.parse(occurredAt));
      derived.push(...deriveUpper(s, run, p, engineView(above), cmd.id, occurredAt, ids));
    }
  // a commitment is a clock of its own, due on its date
  const n = derived.length;
  if (ev.type === 'commitment.made')
    derived.push({
      id: ids(cmd.id, n),
      actor: SYSTEM,
      occurredAt,
      type: 'duty.started',
      data: { dutyId: commitmentDuty(ev.data.commitmentId), dueAt: ev.data.dueAt, owner: ev.data.owner },
    });
  // a commitment kept ends its clock; one carried into a dispute ends the incident's clock of it
  // (the dispute's own clock takes over, due on the same date)
  const kept =
    ev.type === 'commitment.fulfilled'
      ? [ev.data.commitmentId]
      : ev.type === 'obligations.carried'
        ? ev.data.commitmentIds
        : [];
  for (const id of kept) {
    const c = s.commitments.get(id);
    const dutyId = commitmentDuty(id);
    const d = s.duties.get(dutyId);
    if (c && d?.started && !d.met)
      derived.push({
        id: ids(cmd.id, derived.length),
        actor: SYSTEM,
        occurredAt,
        type: 'duty.met',
        data: {
          dutyId,
          byEventId: cmd.id,
          lateSeconds: Math.max(0, Math.floor((Date.parse(occurredAt) - Date.parse(c.dueAt)) / 1000)),
        },
      });
  }
  return [own, ...derived];
}

/** The warnings whose time has come by `t` for duties still open and not yet due, each once. */
function warnings(
  s: IncidentState,
  view: CaseView,
  t: number,
  now: string,
  seed: string,
  ids: IdDeriver,
  idOf: (dutyId: string) => string = (x) => x,
): Draft[] {
  return view.duties
    .filter(
      (d) =>
        d.status === 'open' &&
        d.warnAt !== undefined &&
        Date.parse(d.warnAt) <= t &&
        Date.parse(d.dueAt) > t &&
        !s.duties.get(idOf(d.id))?.warned,
    )
    .map((d, i) => ({
      id: ids(seed, i),
      actor: SYSTEM,
      occurredAt: d.warnAt ?? now,
      type: 'duty.warned',
      data: { dutyId: idOf(d.id), dueAt: d.dueAt, owner: d.owner },
    }));
}

/**
 * What time alone brings: the duties that fell due since the log last looked, and the warnings
 * whose time has come (due − the plan's warnBefore) for duties still open and not yet due, each
 * once, stamped with its warning time — under the case's plan and each plan above it.
 */
export function tick(
  s: IncidentState,
  plan: Plan,
  now: string,
  caseId: string,
  ids: IdDeriver = derivedId,
  upper: UpperPlan[] = [],
): Draft[] {
  // closing ends the response on the scene, not what is owed: the clocks run until 销号
  if (!s.exists || s.settled) return [];
  const later = engineClone(timelineEngine(s.timeline, plan));
  engineAdvance(later, Date.parse(now));
  // seeded by the case and how far its log has come, not by the clock: two servers ticking
  // the same state derive the same ids, and the store sees the second as a retry
  const view = engineView(later);
  const seed = `${caseId}#${s.eventIds.size}`;
  // what time alone starts (a fallback start, a repeated duty's next round after a miss) and misses
  const byTime = (d: Draft) => d.type === 'duty.missed' || d.type === 'duty.started';
  const missed = derive(s, plan, view, seed, now, ids).filter(byTime);
  const t = Date.parse(now);
  const warned = warnings(s, view, t, now, `${seed}:warn`, ids);
  for (const { run, plan: p } of upperRuns(s.upper, upper)) {
    const above = engineClone(timelineEngine(run.timeline, p));
    engineAdvance(above, t);
    const v = engineView(above);
    missed.push(...deriveUpper(s, run, p, v, seed, now, ids).filter(byTime));
    warned.push(...warnings(s, v, t, now, `${seed}:warn@${p.id}`, ids, (d) => upperDutyId(p.id, d)));
  }
  // the commitments not kept by their date
  const broken: Draft[] = [];
  for (const [id, c] of s.commitments) {
    const dutyId = commitmentDuty(id);
    const d = s.duties.get(dutyId);
    if (c.fulfilled || c.carried || !d?.started || d.met || d.missed || Date.parse(c.dueAt) > t) continue;
    broken.push({
      id: ids(`${seed}:commitment`, broken.length),
      actor: SYSTEM,
      occurredAt: c.dueAt,
      type: 'duty.missed',
      data: { dutyId, escalateTo: commitmentEscalation(plan), dueAt: c.dueAt },
    });
  }
  return [...missed, ...warned, ...broken];
}
