import { may } from '../accounts/permissions.ts';
import { type Cadence, currentOrNextPeriod, type Period, periodOf } from '../calendar/periods.ts';
import { type DayCount, warningBefore } from '../calendar/workdays.ts';
import { ForbiddenError, RuleError, StateError, ValidationError } from '../errors.ts';
import { derivedId, type IdDeriver } from '../events/derived-id.ts';
import type { Actor, Command } from '../incident/incident.decider.ts';
import type { Plan } from '../plan/plan.schema.ts';
import {
  isScreeningEventType,
  SCREENING_DERIVED_TYPES,
  type ScreeningEvent,
  ScreeningEventData,
  type ScreeningKind,
} from './screening.events.ts';

/**
 * The screening register's decider: a jurisdiction's rounds of 排查, and the plan's cadences
 * as clocks. Each cadence keeps one open duty, for the period now running: a round of its kind
 * held inside the period meets it and starts the next period's; a period whose day passes with
 * no round is missed — escalated as the plan says — and the next period's starts. A register
 * never closes: screening is never done.
 */

export type ScreeningDraft = { id: string; actor: Actor; occurredAt: string } & ScreeningEvent;
export type LoggedScreeningEvent = ScreeningDraft & { seq: number };

/** A plan's cadence of screening rounds (plan.schema.ts `disputes.screening`). */
export interface ScreeningCadence {
  id: string;
  title: string;
  kind: ScreeningKind;
  every: Cadence;
  by: number;
  owner: string;
  escalateTo: string;
  warnBefore?: { days: number; count: DayCount };
}

export interface ScreeningRules {
  plan?: { id: string; version: number };
  cadences: ScreeningCadence[];
}

export function screeningRules(plan: Plan): ScreeningRules {
  return { plan: { id: plan.id, version: plan.version }, cadences: plan.disputes?.screening ?? [] };
}

/** The duty id of a cadence's period, e.g. screening:monthly:2026-12. */
export const cadenceDuty = (cadenceId: string, period: string) => `screening:${cadenceId}:${period}`;

export interface ScreeningDutyState {
  cadence: string;
  startsAt: string;
  dueAt: string;
  warnAt?: string;
  owner: string;
  status: 'open' | 'met' | 'missed';
  warned: boolean;
}

export interface ScreeningState {
  exists: boolean;
  jurisdiction: string | null;
  plan: { id: string; version: number } | null;
  rounds: Map<string, { kind: ScreeningKind; at: string; zeroReport: boolean }>;
  duties: Map<string, ScreeningDutyState>;
  eventIds: Set<string>;
}

export function initialScreeningState(): ScreeningState {
  return {
    exists: false,
    jurisdiction: null,
    plan: null,
    rounds: new Map(),
    duties: new Map(),
    eventIds: new Set(),
  };
}

/** The cadence a duty id belongs to and its period's start (from the id and the state). */
function cadenceOf(dutyId: string): string {
  return dutyId.split(':')[1] ?? '';
}

export function evolveScreening(s: ScreeningState, e: LoggedScreeningEvent): ScreeningState {
  s.eventIds.add(e.id);
  switch (e.type) {
    case 'screening.opened':
      s.exists = true;
      s.jurisdiction = e.data.jurisdiction;
      s.plan = e.data.plan ?? null;
      break;
    case 'screening.replanned':
      s.plan = e.data.plan;
      break;
    case 'screening.round.recorded':
      s.rounds.set(e.data.roundId, { kind: e.data.kind, at: e.occurredAt, zeroReport: e.data.zeroReport });
      break;
    case 'duty.started':
      s.duties.set(e.data.dutyId, {
        cadence: cadenceOf(e.data.dutyId),
        startsAt: e.occurredAt,
        dueAt: e.data.dueAt,
        ...(e.data.warnAt ? { warnAt: e.data.warnAt } : {}),
        owner: e.data.owner,
        status: 'open',
        warned: false,
      });
      break;
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
    default:
      break;
  }
  return s;
}

export function foldScreening(events: LoggedScreeningEvent[]): ScreeningState {
  return events.reduce(evolveScreening, initialScreeningState());
}

export const SYSTEM: Actor = { id: 'huajie', role: 'system' };
/** A round may be recorded late (补录), up to this many days after it was held. */
export const MAX_BACKDATE_DAYS = 30;
const MAX_SKEW_MS = 2 * 60_000;
const DAY_MS = 86_400_000;

const lateSeconds = (dueAt: string, at: string) =>
  Math.max(0, Math.floor((Date.parse(at) - Date.parse(dueAt)) / 1000));

/** The period a cadence's duty covers (from the duty's due date: it lies inside its period). */
const periodOfDuty = (c: ScreeningCadence, d: ScreeningDutyState): Period =>
  periodOf(Date.parse(d.dueAt) - 1, c.every, c.by);

function startDuty(
  c: ScreeningCadence,
  p: Period,
  at: string,
  add: (ev: ScreeningEvent, at: string) => void,
): void {
  add(
    {
      type: 'duty.started',
      data: {
        dutyId: cadenceDuty(c.id, p.key),
        dueAt: p.dueAt,
        owner: c.owner,
        ...(c.warnBefore ? { warnAt: warningBefore(p, c.warnBefore) } : {}),
      },
    },
    at,
  );
}

/**
 * Open a jurisdiction's register under its plan: the register's first event, and the first
 * period's duty of each cadence (the period running now, or the next when its day has gone).
 */
export function openScreening(
  jurisdiction: string,
  rules: ScreeningRules,
  now: string,
  seed: string,
  ids: IdDeriver = derivedId,
): ScreeningDraft[] {
  const out: ScreeningDraft[] = [];
  let n = 0;
  const add = (ev: ScreeningEvent, at: string) =>
    out.push({ id: ids(seed, n++), actor: SYSTEM, occurredAt: at, ...ev });
  add(
    {
      type: 'screening.opened',
      data: { jurisdiction, ...(rules.plan ? { plan: rules.plan } : {}) },
    },
    now,
  );
  for (const c of rules.cadences) startDuty(c, currentOrNextPeriod(now, c.every, c.by), now, add);
  return out;
}

/**
 * The register moved to another version of its plan (the jurisdiction's active plan changed):
 * the new version pinned, and a period started for each cadence the register has no clock of
 * yet. A cadence the new version dropped keeps its open period to the end (met or missed) and
 * starts no other. Nothing when the register runs that version already.
 */
export function replanScreening(
  s: ScreeningState,
  rules: ScreeningRules,
  now: string,
  seed: string,
  ids: IdDeriver = derivedId,
): ScreeningDraft[] {
  if (!s.exists || !rules.plan) return [];
  if (s.plan && s.plan.id === rules.plan.id && s.plan.version === rules.plan.version) return [];
  const out: ScreeningDraft[] = [];
  let n = 0;
  const add = (ev: ScreeningEvent, at: string) =>
    out.push({ id: ids(seed, n++), actor: SYSTEM, occurredAt: at, ...ev });
  add({ type: 'screening.replanned', data: { plan: rules.plan } }, now);
  const running = new Set([...s.duties.values()].filter((d) => d.status === 'open').map((d) => d.cadence));
  for (const c of rules.cadences)
    if (!running.has(c.id)) startDuty(c, currentOrNextPeriod(now, c.every, c.by), now, add);
  return out;
}

/**
 * The events a command to the register records: a round (and the cadence duties it meets, and
 * the next period's they start), or a correction.
 */
export function decideScreening(
  s: ScreeningState,
  cmd: Command,
  rules: ScreeningRules,
  now: string,
  ids: IdDeriver = derivedId,
): ScreeningDraft[] {
  if (!isScreeningEventType(cmd.type))
    throw new ValidationError(`type: "${cmd.type}" is not a screening event type`, [
      { path: 'type', message: 'unknown' },
    ]);
  const type = cmd.type;
  if (SCREENING_DERIVED_TYPES.has(type))
    throw new ValidationError(`type: ${type} is derived by Huajie, not recorded by hand`, [
      { path: 'type', message: 'derived' },
    ]);
  if (!s.exists) throw new StateError('not_open', 'the screening register is not open');
  if (s.eventIds.has(cmd.id)) return [];
  const parsed = ScreeningEventData[type].safeParse(cmd.data ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      path: ['data', ...i.path].join('.'),
      message: i.message,
    }));
    throw new ValidationError(issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
  }
  const ev = { type, data: parsed.data } as ScreeningEvent;
  const occurredAt = cmd.occurredAt ?? now;
  if (Date.parse(occurredAt) > Date.parse(now) + MAX_SKEW_MS)
    throw new ValidationError('occurredAt: is in the future', [
      { path: 'occurredAt', message: 'in the future' },
    ]);
  const earliest = Date.parse(now) - MAX_BACKDATE_DAYS * DAY_MS;
  if (!(Date.parse(occurredAt) >= earliest)) {
    const message = `is more than ${MAX_BACKDATE_DAYS} days before it is recorded: give a time from ${new Date(earliest).toISOString()} on`;
    throw new ValidationError(`occurredAt: ${message}`, [{ path: 'occurredAt', message }]);
  }
  if (ev.type === 'escalation.acknowledged' && !may(cmd.actor.role, 'escalation.acknowledge'))
    throw new ForbiddenError('an escalation is taken in hand (已接收) by the level it reached');
  if (ev.type === 'finding.disposed' && !may(cmd.actor.role, 'finding.dispose'))
    throw new ForbiddenError('only a leader or an auditor of a level above disposes of a finding');
  if (ev.type === 'entry.corrected' && !s.eventIds.has(ev.data.eventId))
    throw new RuleError('unknown_event', `no event ${ev.data.eventId} in this register to correct`);
  if (ev.type === 'screening.round.recorded' && s.rounds.has(ev.data.roundId))
    throw new RuleError('duplicate_round', `round ${ev.data.roundId} is recorded already`);
  const own: ScreeningDraft = { id: cmd.id, actor: cmd.actor, occurredAt, ...ev };
  const out: ScreeningDraft[] = [own];
  if (own.type !== 'screening.round.recorded') return out;
  let n = 0;
  const add = (e: ScreeningEvent, at: string) =>
    out.push({ id: ids(own.id, n++), actor: SYSTEM, occurredAt: at, ...e });
  const held = Date.parse(occurredAt);
  for (const c of rules.cadences) {
    if (c.kind !== own.data.kind) continue;
    for (const [dutyId, d] of s.duties) {
      if (d.cadence !== c.id || d.status !== 'open') continue;
      const p = periodOfDuty(c, d);
      // a round held inside the period (up to its last moment, even late) meets its duty
      if (held < Date.parse(p.startsAt) || held >= Date.parse(p.endsAt)) continue;
      add(
        {
          type: 'duty.met',
          data: { dutyId, byEventId: own.id, lateSeconds: lateSeconds(d.dueAt, occurredAt) },
        },
        occurredAt,
      );
      const next = periodOf(p.endsAt, c.every, c.by);
      if (!s.duties.has(cadenceDuty(c.id, next.key))) startDuty(c, next, occurredAt, add);
    }
  }
  return out;
}

/**
 * What time alone brings: each cadence's period whose day passed with no round is missed —
 * escalated as the plan says — and the next period's duty starts; warnings whose time came.
 * Seeded by the register and how far its log has come, so two servers derive the same ids.
 */
export function tickScreening(
  s: ScreeningState,
  rules: ScreeningRules,
  now: string,
  caseId: string,
  ids: IdDeriver = derivedId,
): ScreeningDraft[] {
  if (!s.exists) return [];
  const t = Date.parse(now);
  const seed = `${caseId}#${s.eventIds.size}`;
  const out: ScreeningDraft[] = [];
  let n = 0;
  const add = (ev: ScreeningEvent, at: string) =>
    out.push({ id: ids(seed, n++), actor: SYSTEM, occurredAt: at, ...ev });
  const started = new Set(s.duties.keys());
  for (const [dutyId, d] of s.duties) {
    if (d.status !== 'open') continue;
    const c = rules.cadences.find((x) => x.id === d.cadence);
    if (Date.parse(d.dueAt) <= t) {
      add(
        { type: 'duty.missed', data: { dutyId, escalateTo: c?.escalateTo ?? d.owner, dueAt: d.dueAt } },
        d.dueAt,
      );
      if (!c) continue;
      // the periods after it, each missed in turn if its day has also gone (a server down for
      // months), up to the one now running
      let p = periodOf(periodOfDuty(c, d).endsAt, c.every, c.by);
      while (!started.has(cadenceDuty(c.id, p.key))) {
        started.add(cadenceDuty(c.id, p.key));
        startDuty(c, p, d.dueAt, add);
        if (Date.parse(p.dueAt) > t) break;
        add(
          {
            type: 'duty.missed',
            data: { dutyId: cadenceDuty(c.id, p.key), escalateTo: c.escalateTo, dueAt: p.dueAt },
          },
          p.dueAt,
        );
        p = periodOf(p.endsAt, c.every, c.by);
      }
    } else if (d.warnAt && Date.parse(d.warnAt) <= t && !d.warned) {
      add({ type: 'duty.warned', data: { dutyId, dueAt: d.dueAt, owner: d.owner } }, d.warnAt);
    }
  }
  return out;
}
