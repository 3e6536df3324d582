import { may } from '../accounts/permissions.ts';
import { chinaDay, type DayCount, deadline, warningBefore } from '../calendar/workdays.ts';
import { ForbiddenError, NotFoundError, RuleError, StateError, ValidationError } from '../errors.ts';
import { derivedId, type IdDeriver } from '../events/derived-id.ts';
import { refuseDueBeforeMade } from '../events/promise.ts';
import type { Actor, Command } from '../incident/incident.decider.ts';
import { type Condition, evaluate } from '../plan/condition.ts';
import type { DisputeDuty, Plan } from '../plan/plan.schema.ts';
import {
  DISPUTE_DERIVED_TYPES,
  type DisputeEvent,
  type DisputeEventType,
  isDisputeEventType,
  parseDisputeEvent,
} from './dispute.events.ts';
import { type DisputeFacts, daysBetween, RISKS, type Risk } from './dispute.facts.ts';
import { ACCEPTANCE, AFTER_SETTLED, BEFORE_OUTCOME, NEEDS, NEEDS_ACCEPTANCE } from './recordable.ts';

/**
 * The dispute decider: commands in, events out. A dispute (矛盾纠纷) lives for months: it is
 * registered on the ledger, accepted or not, assigned (包案), assessed, mediated or answered in
 * writing, perhaps extended, rechecked and reviewed, visited afterwards, resolved or ended —
 * and settled (销号) only once nothing it promised is still owed. Each rule below is the law's
 * or the seeds' (dispute.events.ts names the articles); `evolve` folds one event at a time.
 */

export type { Actor, Command };

/** An event to append, its data typed by its type. */
export type DisputeDraft = { id: string; actor: Actor; occurredAt: string } & DisputeEvent;
export type LoggedDisputeEvent = DisputeDraft & { seq: number };

/** What the plan says of disputes that the decider needs: the version pinned, the risk rules, the clocks. */
export interface DisputeRules {
  plan?: { id: string; version: number };
  /**
   * Rules over the dispute's facts (dispute.facts.ts), highest risk first: the first whose
   * rule holds gives the risk; none: low.
   */
  risk: { risk: Exclude<Risk, 'low'>; rule: Condition }[];
  /** the plan's dispute duties (plan.schema.ts, `disputes.duties`) */
  duties?: DisputeDuty[];
  /** every commitment a duty due on its own date, escalated here when missed */
  commitments?: { escalateTo: string; warnBefore?: { days: number; count: DayCount } };
}

export const NO_RULES: DisputeRules = { risk: [] };

/** The dispute rules of a plan: its version (pinned at registration), its risk rules, its clocks. */
export function disputeRules(plan: Plan): DisputeRules {
  return {
    plan: { id: plan.id, version: plan.version },
    risk: plan.disputes?.risk ?? [],
    duties: plan.disputes?.duties ?? [],
    ...(plan.disputes?.commitments ? { commitments: plan.disputes.commitments } : {}),
  };
}

/** The duty that tracks a commitment. */
export const commitmentDuty = (commitmentId: string) => `commitment:${commitmentId}`;

export interface DisputeDutyState {
  startedAt: string;
  dueAt: string;
  warnAt?: string;
  owner: string;
  status: 'open' | 'met' | 'missed';
  warned: boolean;
}

type CommitmentState = 'open' | 'fulfilled' | 'discharged';
interface Review {
  requestedAt?: string;
  decidedAt?: string;
}

export interface DisputeState {
  exists: boolean;
  plan: { id: string; version: number } | null;
  registeredAt: string | null;
  /** the facts as last registered or assessed */
  facts: DisputeFacts;
  acceptance: 'pending' | 'accepted' | 'not_accepted';
  assigned: boolean;
  risk: Risk | null;
  sessions: Set<string>;
  /** a party refused mediation, or it failed: no further session (人民调解法 Art. 17, 26) */
  mediationEnded: boolean;
  agreements: Map<string, { at: string; confirmationApplied: boolean }>;
  commitments: Map<string, CommitmentState>;
  answers: Set<string>;
  lastAnswerAt: string | null;
  extensionDays: number;
  recheck: Review;
  review: Review;
  outcome: 'resolved' | 'ended' | null;
  settled: boolean;
  incidents: Set<string>;
  /** the clocks derived so far (duty.* events), by duty id */
  duties: Map<string, DisputeDutyState>;
  eventIds: Set<string>;
}

export function initialDisputeState(): DisputeState {
  return {
    exists: false,
    plan: null,
    registeredAt: null,
    facts: {},
    acceptance: 'pending',
    assigned: false,
    risk: null,
    sessions: new Set(),
    mediationEnded: false,
    agreements: new Map(),
    commitments: new Map(),
    answers: new Set(),
    lastAnswerAt: null,
    extensionDays: 0,
    recheck: {},
    review: {},
    outcome: null,
    settled: false,
    incidents: new Set(),
    duties: new Map(),
    eventIds: new Set(),
  };
}

export function evolveDispute(s: DisputeState, e: LoggedDisputeEvent): DisputeState {
  s.eventIds.add(e.id);
  switch (e.type) {
    case 'dispute.registered':
      s.exists = true;
      s.plan = e.data.plan ?? null;
      s.registeredAt = e.occurredAt;
      s.facts = e.data.facts;
      if (e.data.fromIncident) s.incidents.add(e.data.fromIncident);
      break;
    case 'dispute.accepted':
      s.acceptance = 'accepted';
      break;
    case 'dispute.not_accepted':
      s.acceptance = 'not_accepted';
      break;
    case 'dispute.assigned':
      s.assigned = true;
      break;
    case 'dispute.assessed':
      s.facts = e.data.facts;
      s.risk = e.data.risk;
      break;
    case 'mediation.held':
      s.sessions.add(e.data.sessionId);
      if (e.data.outcome === 'refused' || e.data.outcome === 'failed') s.mediationEnded = true;
      break;
    case 'agreement.reached':
      s.agreements.set(e.data.agreementId, { at: e.occurredAt, confirmationApplied: false });
      for (const c of e.data.clauses) s.commitments.set(c.commitmentId, 'open');
      break;
    case 'confirmation.applied': {
      const a = s.agreements.get(e.data.agreementId);
      if (a) a.confirmationApplied = true;
      break;
    }
    case 'answer.issued':
      s.answers.add(e.data.answerId);
      s.lastAnswerAt = e.occurredAt;
      break;
    case 'extension.approved':
      s.extensionDays += e.data.days;
      break;
    case 'review.requested':
      (e.data.kind === 'recheck' ? s.recheck : s.review).requestedAt = e.occurredAt;
      break;
    case 'review.decided':
      (e.data.kind === 'recheck' ? s.recheck : s.review).decidedAt = e.occurredAt;
      break;
    case 'commitment.made':
      s.commitments.set(e.data.commitmentId, 'open');
      break;
    case 'commitment.fulfilled':
      s.commitments.set(e.data.commitmentId, 'fulfilled');
      break;
    case 'commitment.discharged':
      s.commitments.set(e.data.commitmentId, 'discharged');
      break;
    case 'incident.linked':
      s.incidents.add(e.data.incidentId);
      break;
    case 'dispute.resolved':
      s.outcome = 'resolved';
      break;
    case 'dispute.ended':
      s.outcome = 'ended';
      break;
    case 'dispute.settled':
      s.settled = true;
      break;
    case 'duty.started':
      s.duties.set(e.data.dutyId, {
        startedAt: e.occurredAt,
        dueAt: e.data.dueAt,
        ...(e.data.warnAt ? { warnAt: e.data.warnAt } : {}),
        owner: e.data.owner,
        status: 'open',
        warned: false,
      });
      break;
    case 'duty.extended': {
      const d = s.duties.get(e.data.dutyId);
      if (d) {
        d.dueAt = e.data.dueAt;
        if (e.data.warnAt) {
          d.warnAt = e.data.warnAt;
          d.warned = false;
        }
      }
      break;
    }
    case 'duty.warned': {
      const d = s.duties.get(e.data.dutyId);
      if (d) d.warned = true;
      break;
    }
    case 'duty.met': {
      const d = s.duties.get(e.data.dutyId);
      if (d) d.status = 'met';
      break;
    }
    case 'duty.missed': {
      const d = s.duties.get(e.data.dutyId);
      if (d) d.status = 'missed';
      break;
    }
  }
  return s;
}

export function foldDispute(events: LoggedDisputeEvent[]): DisputeState {
  return events.reduce(evolveDispute, initialDisputeState());
}

/** The risk the rules give these facts, `unresolvedDays` included. */
export function riskByRules(rules: DisputeRules, facts: DisputeFacts, unresolvedDays: number): Risk {
  const ctx = { facts: { ...facts, unresolvedDays } };
  for (const r of rules.risk) if (evaluate(r.rule, ctx)) return r.risk;
  return 'low';
}

/** 信访工作条例 Art. 35–36 and 人民调解法 Art. 33: windows of 30 days (a last day off runs to the next workday). */
export const REVIEW_WINDOW_DAYS = 30;
export const CONFIRMATION_WINDOW_DAYS = 30;
/** 信访工作条例 Art. 34: an extension of at most 30 days in all. */
export const MAX_EXTENSION_DAYS = 30;
const MAX_SKEW_MS = 2 * 60_000;
/** How far back a field time may lie: 30 days before the dispute was registered (or before it is recorded). */
export const MAX_BACKDATE_DAYS = 30;

const DAY_MS = 86_400_000;
/** `at` lies within a period of `days` calendar days from `from`, counted as 《民法典》 Art. 201, 203 count. */
const within = (from: string, at: string, days: number) =>
  Date.parse(at) < Date.parse(deadline(from, days, 'calendar').dueAt);

function parseData(type: DisputeEventType, data: unknown): DisputeEvent {
  const r = parseDisputeEvent(type, data);
  if (r.ok) return r.event;
  const issues = r.error.issues.map((i) => ({ path: ['data', ...i.path].join('.'), message: i.message }));
  throw new ValidationError(issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
}

function requireAccepted(s: DisputeState, what: string): void {
  if (s.acceptance === 'not_accepted')
    throw new StateError('not_accepted', `the dispute was not accepted: ${what} is not recorded for it`);
  if (s.acceptance === 'pending')
    throw new StateError('not_accepted_yet', `accept the dispute first (dispute.accepted): then ${what}`);
}

function requireOpen(s: DisputeState, what: string): void {
  if (s.outcome)
    throw new StateError(
      'outcome_recorded',
      `the dispute is already ${s.outcome === 'resolved' ? 'resolved (化解)' : 'ended (终止)'}: ${what} comes before that`,
    );
}

/** What each kind of work is called when a state rule (recordable.ts) refuses it. */
const WORK: Partial<Record<DisputeEventType, string>> = {
  'dispute.assigned': 'an assignment (包案)',
  'dispute.assessed': 'an assessment',
  'mediation.held': 'mediation',
  'agreement.reached': 'an agreement',
  'answer.issued': 'a written answer',
  'extension.approved': 'an extension',
  'visit.made': 'a follow-up visit',
  'dispute.resolved': 'its resolution',
  'dispute.ended': 'its end',
};

/** Why a role that may record on a case may not record these. */
const FORBIDDEN: Partial<Record<DisputeEventType, string>> = {
  'escalation.acknowledged': 'an escalation is taken in hand (已接收) by the level it reached',
  'finding.disposed': 'only a leader or an auditor of a level above disposes of a finding',
};

/** The rules a well-formed command must also satisfy. */
function check(s: DisputeState, ev: DisputeEvent, at: string): void {
  if (ev.type === 'dispute.registered') {
    if (s.exists) throw new StateError('already_registered', 'this dispute is already registered');
    if (ev.data.registeredOn && ev.data.registeredOn > chinaDay(at))
      throw new ValidationError(
        `data.registeredOn: ${ev.data.registeredOn} is after the registration (${chinaDay(at)})`,
        [{ path: 'data.registeredOn', message: 'after the registration' }],
      );
    return;
  }
  if (!s.exists) throw new NotFoundError('no such dispute: register it first (dispute.registered)');
  if (s.settled && !AFTER_SETTLED.has(ev.type))
    throw new StateError(
      'settled',
      'the dispute is settled (已销号): only corrections (and a linked incident) may be added',
    );
  // the state rules the interface offers forms by (recordable.ts)
  const work = WORK[ev.type] ?? ev.type;
  if (ACCEPTANCE.has(ev.type) && s.acceptance !== 'pending')
    throw new StateError(
      'already_decided',
      `the dispute was already ${s.acceptance === 'accepted' ? 'accepted' : 'not accepted'}`,
    );
  if (NEEDS_ACCEPTANCE.has(ev.type)) requireAccepted(s, work);
  if (BEFORE_OUTCOME.has(ev.type))
    requireOpen(s, ev.type === 'dispute.resolved' || ev.type === 'dispute.ended' ? 'an outcome' : work);
  switch (ev.type) {
    case 'mediation.held': {
      const d = ev.data;
      if (s.mediationEnded)
        throw new RuleError(
          'mediation_ended',
          '《人民调解法》第十七条、第二十六条：a party refused mediation, or it failed — it has ended; record an answer, the outcome or the routes told instead',
        );
      if (s.sessions.has(d.sessionId))
        throw new StateError('duplicate', `mediation session ${d.sessionId} is already recorded`);
      if (d.outcome === 'refused' && (!d.refusedBy || !d.routesTold))
        throw new ValidationError(
          '《人民调解法》第十七条：a party that refuses is not mediated — record which side refused (refusedBy) and the routes they were told (routesTold)',
          [
            ...(d.refusedBy ? [] : [{ path: 'data.refusedBy', message: 'required when a party refuses' }]),
            ...(d.routesTold ? [] : [{ path: 'data.routesTold', message: 'required when a party refuses' }]),
          ],
        );
      if (d.outcome === 'failed' && !d.routesTold)
        throw new ValidationError(
          '《人民调解法》第二十六条：a mediation that failed ends with the parties told their other routes (routesTold)',
          [{ path: 'data.routesTold', message: 'required when mediation fails' }],
        );
      break;
    }
    case 'agreement.reached': {
      const d = ev.data;
      if (s.agreements.has(d.agreementId))
        throw new StateError('duplicate', `agreement ${d.agreementId} is already recorded`);
      const ids = new Set<string>();
      for (const c of d.clauses) {
        if (ids.has(c.commitmentId) || s.commitments.has(c.commitmentId))
          throw new StateError('duplicate', `commitment ${c.commitmentId} is already recorded`);
        ids.add(c.commitmentId);
      }
      for (const [i, c] of d.clauses.entries()) refuseDueBeforeMade(c.dueAt, at, `data.clauses.${i}.dueAt`);
      break;
    }
    case 'confirmation.applied': {
      const a = s.agreements.get(ev.data.agreementId);
      if (!a) throw new NotFoundError(`no agreement ${ev.data.agreementId} in this dispute`);
      if (a.confirmationApplied)
        throw new StateError(
          'duplicate',
          `judicial confirmation of ${ev.data.agreementId} was already applied for`,
        );
      if (!within(a.at, at, CONFIRMATION_WINDOW_DAYS))
        throw new RuleError(
          'confirmation_window',
          `《人民调解法》第三十三条：司法确认 is applied for within ${CONFIRMATION_WINDOW_DAYS} days of the agreement (${a.at})`,
        );
      break;
    }
    case 'answer.issued':
      if (s.answers.has(ev.data.answerId))
        throw new StateError('duplicate', `answer ${ev.data.answerId} is already issued`);
      break;
    case 'extension.approved':
      if (s.extensionDays + ev.data.days > MAX_EXTENSION_DAYS)
        throw new RuleError(
          'extension_limit',
          `《信访工作条例》第三十四条：the time limit is extended by at most ${MAX_EXTENSION_DAYS} days in all (${s.extensionDays} granted already)`,
        );
      if (Date.parse(ev.data.noticeGivenAt) > Date.parse(at) + MAX_SKEW_MS)
        throw new ValidationError('data.noticeGivenAt: the notice is recorded once it was given', [
          { path: 'data.noticeGivenAt', message: 'in the future' },
        ]);
      break;
    case 'review.requested':
      checkReviewRequest(s, ev.data.kind, at);
      break;
    case 'review.decided': {
      const r = ev.data.kind === 'recheck' ? s.recheck : s.review;
      if (!r.requestedAt)
        throw new StateError(
          'not_requested',
          `no ${ev.data.kind === 'recheck' ? '复查' : '复核'} was requested`,
        );
      if (r.decidedAt)
        throw new StateError(
          'already_decided',
          `the ${ev.data.kind === 'recheck' ? '复查' : '复核'} is already decided`,
        );
      break;
    }
    case 'commitment.made':
      if (s.commitments.has(ev.data.commitmentId))
        throw new StateError('duplicate', `commitment ${ev.data.commitmentId} is already recorded`);
      refuseDueBeforeMade(ev.data.dueAt, at, 'data.dueAt');
      break;
    case 'commitment.fulfilled':
    case 'commitment.discharged': {
      const c = s.commitments.get(ev.data.commitmentId);
      if (!c) throw new NotFoundError(`no commitment ${ev.data.commitmentId} in this dispute`);
      if (c !== 'open')
        throw new StateError(`already_${c}`, `commitment ${ev.data.commitmentId} is already ${c}`);
      break;
    }
    case 'incident.linked':
      if (s.incidents.has(ev.data.incidentId))
        throw new StateError('duplicate', `incident ${ev.data.incidentId} is already linked`);
      break;
    case 'dispute.settled': {
      if (!s.outcome && s.acceptance !== 'not_accepted')
        throw new StateError(
          'not_concluded',
          'a dispute is settled (销号) once it is resolved, ended or not accepted',
        );
      const open = [...s.commitments].filter(([, c]) => c === 'open').map(([id]) => id);
      if (open.length > 0)
        throw new RuleError(
          'commitments_open',
          `销号 waits until every commitment is fulfilled or discharged with a reason; open: ${open.join(', ')}`,
        );
      break;
    }
    case 'entry.corrected':
      if (!s.eventIds.has(ev.data.eventId))
        throw new NotFoundError(`no event ${ev.data.eventId} in this dispute to correct`);
      break;
  }
}

/** 复查 within 30 days of the written answer; 复核 within 30 days of the 复查 opinion; nothing after 复核. */
function checkReviewRequest(s: DisputeState, kind: 'recheck' | 'review', at: string): void {
  if (s.review.requestedAt)
    throw new RuleError(
      'after_review',
      '《信访工作条例》第三十六条：after 复核 the same request is not taken again',
    );
  if (kind === 'recheck') {
    if (!s.lastAnswerAt)
      throw new StateError(
        'no_answer',
        '复查 is requested of a written answer (answer.issued): there is none',
      );
    if (s.recheck.requestedAt) throw new StateError('duplicate', '复查 was already requested');
    if (!within(s.lastAnswerAt, at, REVIEW_WINDOW_DAYS))
      throw new RuleError(
        'review_window',
        `《信访工作条例》第三十五条：复查 is requested within ${REVIEW_WINDOW_DAYS} days of the written answer (${s.lastAnswerAt})`,
      );
    return;
  }
  if (!s.recheck.decidedAt)
    throw new StateError(
      'no_recheck',
      '复核 is requested of a 复查 opinion (review.decided, recheck): there is none',
    );
  if (!within(s.recheck.decidedAt, at, REVIEW_WINDOW_DAYS))
    throw new RuleError(
      'review_window',
      `《信访工作条例》第三十六条：复核 is requested within ${REVIEW_WINDOW_DAYS} days of the 复查 opinion (${s.recheck.decidedAt})`,
    );
}

/**
 * The events a dispute command records. `rules` are the plan's dispute rules (the plan version
 * is pinned by the registration); `ids` makes the ids of derived events.
 */
export function decideDispute(
  s: DisputeState,
  cmd: Command,
  rules: DisputeRules,
  now: string,
  ids: IdDeriver = derivedId,
): DisputeDraft[] {
  if (!isDisputeEventType(cmd.type))
    throw new ValidationError(`type: "${cmd.type}" is not a dispute event type`, [
      { path: 'type', message: 'unknown' },
    ]);
  const type = cmd.type;
  if (DISPUTE_DERIVED_TYPES.has(type))
    throw new ValidationError(`type: ${type} is derived by Huajie, not recorded by hand`, [
      { path: 'type', message: 'derived' },
    ]);
  if (s.eventIds.has(cmd.id)) return []; // already recorded: the store answers the retry
  const ev = parseData(type, cmd.data);
  const occurredAt = cmd.occurredAt ?? now;
  if (Date.parse(occurredAt) > Date.parse(now) + MAX_SKEW_MS)
    throw new ValidationError('occurredAt: is in the future', [
      { path: 'occurredAt', message: 'in the future' },
    ]);
  const from = type === 'dispute.registered' || !s.registeredAt ? now : s.registeredAt;
  const earliest = Date.parse(from) - MAX_BACKDATE_DAYS * DAY_MS;
  if (!(Date.parse(occurredAt) >= earliest)) {
    const what =
      type === 'dispute.registered' ? 'before it is recorded' : 'before the dispute was registered';
    const message = `is more than ${MAX_BACKDATE_DAYS} days ${what}: give a time from ${new Date(earliest).toISOString()} on`;
    throw new ValidationError(`occurredAt: ${message}`, [{ path: 'occurredAt', message }]);
  }
  // the action of the permission table beyond recording on a case (recordable.ts)
  const needs = NEEDS[ev.type];
  if (needs && !may(cmd.actor.role, needs)) throw new ForbiddenError(FORBIDDEN[ev.type] ?? needs);
  check(s, ev, occurredAt);
  if (ev.type === 'dispute.registered' && rules.plan) ev.data.plan = rules.plan;
  if (ev.type === 'dispute.assessed') {
    // the risk the plan's rules give the dispute's own facts; an assessor may rate it higher
    // with a basis, never lower
    const days = daysBetween(ev.data.facts.since ?? s.registeredAt ?? occurredAt, occurredAt);
    const byRules = riskByRules(rules, ev.data.facts, days);
    if (RISKS.indexOf(ev.data.risk) > RISKS.indexOf(byRules))
      throw new RuleError(
        'risk_below_rules',
        `the plan's rules rate these facts ${byRules}: an assessment may rate a dispute higher, with its basis, not lower`,
      );
    ev.data.ruleRisk = byRules;
    ev.data.unresolvedDays = days;
  }
  const own: DisputeDraft = { id: cmd.id, actor: cmd.actor, occurredAt, ...ev };
  return [own, ...deriveDuties(s, own, rules, ids)];
}

export const SYSTEM: Actor = { id: 'huajie', role: 'system' };

const lateSeconds = (dueAt: string, at: string) =>
  Math.max(0, Math.floor((Date.parse(at) - Date.parse(dueAt)) / 1000));

/**
 * The clocks a recorded event starts, meets or moves, as the plan's dispute duties say, and
 * each commitment's own: derived from the state before the event and the event itself.
 */
function deriveDuties(
  s: DisputeState,
  own: DisputeDraft,
  rules: DisputeRules,
  ids: IdDeriver,
): DisputeDraft[] {
  const out: DisputeDraft[] = [];
  let n = 0;
  const add = (ev: DisputeEvent, at: string) =>
    out.push({ id: ids(own.id, n++), actor: SYSTEM, occurredAt: at, ...ev });
  const facts =
    own.type === 'dispute.registered' || own.type === 'dispute.assessed' ? own.data.facts : s.facts;
  const ctx = { facts: facts as Record<string, unknown>, data: own.data as Record<string, unknown> };
  const matches = (t: { on: string; when?: Condition }) =>
    t.on === own.type && (!t.when || evaluate(t.when, ctx));
  const meet = (dutyId: string) => {
    const x = s.duties.get(dutyId);
    if (x && x.status !== 'met')
      add(
        {
          type: 'duty.met',
          data: { dutyId, byEventId: own.id, lateSeconds: lateSeconds(x.dueAt, own.occurredAt) },
        },
        own.occurredAt,
      );
  };
  const start = (
    dutyId: string,
    owner: string,
    due: { dueAt: string; lastDay: string },
    warn?: { days: number; count: DayCount },
  ) =>
    add(
      {
        type: 'duty.started',
        data: { dutyId, dueAt: due.dueAt, owner, ...(warn ? { warnAt: warningBefore(due, warn) } : {}) },
      },
      own.occurredAt,
    );
  const duties = rules.duties ?? [];
  // an event may meet one duty and start another
  for (const d of duties) if (d.satisfiedBy.some(matches)) meet(d.id);
  for (const d of duties) {
    if (s.duties.has(d.id) || !matches(d.start)) continue;
    const days = d.within.days + (d.extendable ? s.extensionDays : 0);
    start(d.id, d.owner, deadline(own.occurredAt, days, d.within.count), d.warnBefore);
  }
  if (own.type === 'extension.approved')
    for (const d of duties) {
      const x = s.duties.get(d.id);
      if (!d.extendable || !x || x.status === 'met') continue;
      const due = deadline(x.startedAt, d.within.days + s.extensionDays + own.data.days, d.within.count);
      add(
        {
          type: 'duty.extended',
          data: {
            dutyId: d.id,
            dueAt: due.dueAt,
            ...(d.warnBefore ? { warnAt: warningBefore(due, d.warnBefore) } : {}),
            days: own.data.days,
          },
        },
        own.occurredAt,
      );
    }
  const c = rules.commitments;
  if (c) {
    const promise = (id: string, owner: string, dueAt: string) =>
      start(commitmentDuty(id), owner, { dueAt, lastDay: chinaDay(dueAt) }, c.warnBefore);
    if (own.type === 'agreement.reached')
      for (const x of own.data.clauses) promise(x.commitmentId, x.owner, x.dueAt);
    if (own.type === 'commitment.made') promise(own.data.commitmentId, own.data.owner, own.data.dueAt);
  }
  if (own.type === 'commitment.fulfilled' || own.type === 'commitment.discharged')
    meet(commitmentDuty(own.data.commitmentId));
  return out;
}

/**
 * What time alone brings to a dispute: its duties that fell due unmet (each escalated as the
 * plan says) and the warnings whose time came, each once. Seeded by the case and how far its
 * log has come, so two servers ticking the same state derive the same ids.
 */
export function tickDispute(
  s: DisputeState,
  rules: DisputeRules,
  now: string,
  caseId: string,
  ids: IdDeriver = derivedId,
): DisputeDraft[] {
  if (!s.exists || s.settled) return [];
  const t = Date.parse(now);
  const seed = `${caseId}#${s.eventIds.size}`;
  const out: DisputeDraft[] = [];
  let n = 0;
  for (const [dutyId, d] of s.duties) {
    if (d.status !== 'open') continue;
    if (Date.parse(d.dueAt) <= t) {
      const escalateTo = dutyId.startsWith('commitment:')
        ? rules.commitments?.escalateTo
        : rules.duties?.find((x) => x.id === dutyId)?.escalateTo;
      out.push({
        id: ids(seed, n++),
        actor: SYSTEM,
        occurredAt: d.dueAt,
        type: 'duty.missed',
        data: { dutyId, escalateTo: escalateTo ?? d.owner, dueAt: d.dueAt },
      });
    } else if (d.warnAt && Date.parse(d.warnAt) <= t && !d.warned) {
      out.push({
        id: ids(seed, n++),
        actor: SYSTEM,
        occurredAt: d.warnAt,
        type: 'duty.warned',
        data: { dutyId, dueAt: d.dueAt, owner: d.owner },
      });
    }
  }
  return out;
}
