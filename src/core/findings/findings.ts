import { SITREP_FIELDS } from '../incident/incident.events.ts';
import { LEVELS, type Level } from '../words/notices.words.ts';
import { type Param, type Said, said, type Word } from '../words/words.ts';
import type { Disposition } from './disposition.ts';

/**
 * 问责意见: what the record of a case shows someone must answer for, derived from its log alone —
 * an incident's, a dispute's or a screening register's. Each finding names its owner: a unit or
 * position of the plan, a jurisdiction level, a department that promised, the role that recorded
 * an entry — the authorities, never a participant — and carries its evidence (the events, with
 * their times). A reviewer at the level above disposes of it (`finding.disposed`): accepted,
 * explained or dismissed, always with a reason.
 *
 * The grounds are the seeds' (000 第五篇 八(二): 迟报、漏报、瞒报, 处置不力, not carrying out the
 * plan; 002 八(三)): a duty missed or met late, a commitment not kept by its day, an entry
 * recorded long after what it records (补录), a situation report without what 002 五(二) says it
 * must hold, a coercive or control measure with no recorded end, a dispute past its handling
 * limit, a screening round not held.
 */

export const FINDING_KINDS = [
  'duty_missed',
  'duty_late',
  'commitment_overdue',
  'late_entry',
  'sitrep_incomplete',
  'measure_open',
  'dispute_overdue',
  'screening_missed',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** An event of a case's log, as findings read it. */
export interface FindingEvent {
  id: string;
  type: string;
  data: Record<string, unknown>;
  actor: { id: string; role: string };
  occurredAt: string;
  recordedAt: string;
}

export interface Evidence {
  eventId: string;
  type: string;
  /** the event's field time */
  at: string;
}

export interface Finding {
  /** unique within the case, stable as the log grows: `<kind>:<what it is about>` */
  id: string;
  kind: FindingKind;
  /** when it arose: the due time missed, the late entry's recording, the report's sending */
  arose: string;
  /** who answers for it: a unit or position id of the plan, a level, a department, `role:<role>` */
  owner: string;
  /** the duty, event, commitment or measure it is about */
  subject: string;
  /** what it says, before it is put into a language (core/words): the page shows it in the reader's */
  said: Said;
  /** what it says, in Chinese: as documents and the ledger print it */
  text: string;
  evidence: Evidence[];
  /** the latest disposition, if any */
  disposition?: {
    value: Disposition;
    reason: string;
    by: { id: string; role: string };
    at: string;
    eventId: string;
  };
}

/**
 * What a situation report must hold (002 五(二)): a first report what can be known at once; an
 * update and a final report, as they are later, more. `other` is never required.
 */
export const SITREP_REQUIRED: Record<
  'initial' | 'update' | 'final',
  readonly (typeof SITREP_FIELDS)[number][]
> = {
  initial: ['time', 'place', 'source', 'scene', 'participants'],
  update: ['time', 'place', 'source', 'scene', 'course', 'participants', 'casualties', 'trend', 'measures'],
  final: SITREP_FIELDS.filter((f) => f !== 'other'),
};

/** Types Huajie derives: never a late entry. */
const DERIVED = new Set([
  'duty.started',
  'duty.warned',
  'duty.met',
  'duty.missed',
  'duty.extended',
  'plan.activated',
]);

export interface FindingOptions {
  /** the kind of case the log is of */
  kind: 'incident' | 'dispute' | 'screening';
  /** how far a field time may lie before its recording before an entry is 补录 (ms) */
  lateEntryAfterMs: number;
  /** a clock's title by its id, for the text (the plan's); the id itself when it has none */
  title?: (dutyId: string) => string | undefined;
  /** a unit's, position's or level's name by its id, for the text (the plan's) */
  unitName?: (id: string) => string | undefined;
}

const ev = (e: FindingEvent): Evidence => ({ eventId: e.id, type: e.type, at: e.occurredAt });
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** A finding's words, and the same in Chinese. */
function words(key: Word, params: Record<string, Param>): Pick<Finding, 'said' | 'text'> {
  const m: Said = { key, params };
  return { said: m, text: said(m) };
}
const minutes = (ms: number) => Math.round(ms / 60_000);

/** A finding's disposition, as a `finding.disposed` event gives it. */
function dispositionOf(e: FindingEvent): NonNullable<Finding['disposition']> {
  return {
    value: e.data.disposition as Disposition,
    reason: String(e.data.reason ?? ''),
    by: e.actor,
    at: e.recordedAt,
    eventId: e.id,
  };
}

/**
 * The 补录 finding an entry makes on its own: recorded by people more than the tolerance after
 * the time it gives (what Huajie derives, and dispositions, never are). It depends on that entry
 * alone, so it can be found as the entry is appended.
 */
export function lateEntryFinding(e: FindingEvent, toleranceMs: number): Finding | undefined {
  if (DERIVED.has(e.type) || e.actor.role === 'system' || e.type === 'finding.disposed') return undefined;
  const gap = Date.parse(e.recordedAt) - Date.parse(e.occurredAt);
  if (!(gap > toleranceMs)) return undefined;
  return {
    id: `entry:${e.id}`,
    kind: 'late_entry',
    arose: e.recordedAt,
    owner: `role:${e.actor.role}`,
    subject: e.id,
    ...words('findingText.lateEntry', { at: e.occurredAt, recorded: e.recordedAt, gap: minutes(gap) }),
    evidence: [ev(e)],
  };
}

/** Types whose events make or change the findings other than 补录: what `findingsOf` reads beside them. */
export const FINDING_TYPES = [
  'duty.started',
  'duty.missed',
  'duty.met',
  'commitment.made',
  'sitrep.submitted',
  'measure.authorized',
  'measure.ended',
  'incident.closed',
  'finding.disposed',
] as const;

/** The findings of a case, from its log in the order it was appended. */
export function findingsOf(events: readonly FindingEvent[], o: FindingOptions): Finding[] {
  const out = new Map<string, Finding>();
  const started = new Map<string, FindingEvent>();
  const missed = new Map<string, FindingEvent>();
  const commitments = new Map<string, FindingEvent>();
  const measures = new Map<string, { made: FindingEvent; ended: boolean }>();
  const title = (id: string) => o.title?.(id) ?? id;
  let closed: FindingEvent | undefined;
  /** a finding that changes (a miss later met late) keeps the disposition it had */
  const keep = (id: string, f: Finding) => {
    const was = out.get(id)?.disposition;
    out.set(id, was ? { ...f, disposition: was } : f);
  };

  const clockKind = (dutyId: string, late: boolean): FindingKind => {
    if (late) return 'duty_late';
    if (dutyId.startsWith('commitment:')) return 'commitment_overdue';
    if (o.kind === 'screening') return 'screening_missed';
    if (o.kind === 'dispute') return 'dispute_overdue';
    return 'duty_missed';
  };
  /** a unit or position by its plan's name, a level by the words for it */
  const unit = (id: string): Param =>
    o.unitName?.(id) ?? (id in LEVELS ? { key: `levels.${id as Level}` } : id);
  const ownerOf = (dutyId: string): string => {
    if (dutyId.startsWith('commitment:')) {
      const c = commitments.get(dutyId.slice('commitment:'.length));
      const owner = c ? str(c.data.owner) : undefined;
      if (owner) return owner;
    }
    return str(started.get(dutyId)?.data.owner) ?? '';
  };
  const clockText = (dutyId: string): Said => {
    if (dutyId.startsWith('commitment:')) {
      const c = commitments.get(dutyId.slice('commitment:'.length));
      return { key: 'findingText.commitment', params: { text: str(c?.data.text) ?? dutyId } };
    }
    return { key: 'findingText.duty', params: { title: title(dutyId) } };
  };

  for (const e of events) {
    switch (e.type) {
      case 'duty.started':
        started.set(String(e.data.dutyId), e);
        break;
      case 'commitment.made':
        commitments.set(String(e.data.commitmentId), e);
        break;
      case 'duty.missed': {
        const dutyId = String(e.data.dutyId);
        missed.set(dutyId, e);
        const s = started.get(dutyId);
        const kind = clockKind(dutyId, false);
        keep(`clock:${dutyId}`, {
          id: `clock:${dutyId}`,
          kind,
          arose: String(e.data.dueAt ?? e.occurredAt),
          owner: ownerOf(dutyId),
          subject: dutyId,
          ...words('findingText.missed', {
            what: clockText(dutyId),
            due: String(e.data.dueAt ?? e.occurredAt),
            to: unit(String(e.data.escalateTo ?? '')),
          }),
          evidence: [...(s ? [ev(s)] : []), ev(e)],
        });
        break;
      }
      case 'duty.met': {
        const dutyId = String(e.data.dutyId);
        const late = Number(e.data.lateSeconds ?? 0);
        if (late <= 0) break;
        const s = started.get(dutyId);
        const m = missed.get(dutyId);
        keep(`clock:${dutyId}`, {
          id: `clock:${dutyId}`,
          kind: clockKind(dutyId, true),
          arose: m ? String(m.data.dueAt ?? m.occurredAt) : e.occurredAt,
          owner: ownerOf(dutyId),
          subject: dutyId,
          ...words('findingText.late', { what: clockText(dutyId), late: minutes(late * 1000) }),
          evidence: [...(s ? [ev(s)] : []), ...(m ? [ev(m)] : []), ev(e)],
        });
        break;
      }
      case 'duty.extended':
        break;
      case 'sitrep.submitted': {
        const kind = (str(e.data.kind) ?? 'initial') as keyof typeof SITREP_REQUIRED;
        const fields = (e.data.fields ?? {}) as Record<string, unknown>;
        const empty = (SITREP_REQUIRED[kind] ?? []).filter((f) => {
          const v = fields[f];
          return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
        });
        if (empty.length === 0) break;
        out.set(`sitrep:${e.id}`, {
          id: `sitrep:${e.id}`,
          kind: 'sitrep_incomplete',
          arose: e.recordedAt,
          owner: `role:${e.actor.role}`,
          subject: e.id,
          ...words('findingText.sitrep', {
            report: { key: `findingText.sitrepKinds.${kind in SITREP_REQUIRED ? kind : 'other'}` },
            fields: empty.map((f): Said => ({ key: `findingText.sitrepFields.${f}` })),
          }),
          evidence: [ev(e)],
        });
        break;
      }
      case 'measure.authorized':
        measures.set(String(e.data.measureId), { made: e, ended: false });
        break;
      case 'measure.ended': {
        const m = measures.get(String(e.data.measureId));
        if (m) m.ended = true;
        out.delete(`measure:${String(e.data.measureId)}`);
        break;
      }
      case 'incident.closed':
        closed ??= e;
        break;
      case 'finding.disposed': {
        const f = out.get(String(e.data.findingId));
        if (f) f.disposition = dispositionOf(e);
        break;
      }
    }
    // 补录: recorded by people well after the time it gives
    const late = lateEntryFinding(e, o.lateEntryAfterMs);
    if (late) out.set(late.id, late);
  }
  // a measure still in force when the case closed: its outcome was never recorded
  if (closed)
    for (const [id, m] of measures) {
      if (m.ended) continue;
      const f: Finding = {
        id: `measure:${id}`,
        kind: 'measure_open',
        arose: closed.occurredAt,
        owner: str(m.made.data.authorizedBy) ?? `role:${m.made.actor.role}`,
        subject: id,
        ...words('findingText.measureOpen', { measure: str(m.made.data.kind) ?? id }),
        evidence: [ev(m.made), ev(closed)],
      };
      // a disposition recorded after the close still belongs to it
      const d = events.filter((e) => e.type === 'finding.disposed' && e.data.findingId === f.id).at(-1);
      if (d) f.disposition = dispositionOf(d);
      out.set(f.id, f);
    }
  return [...out.values()].sort((a, b) => a.arose.localeCompare(b.arose) || a.id.localeCompare(b.id));
}
