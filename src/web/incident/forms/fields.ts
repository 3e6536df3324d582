import type { EventType } from '../../../core/incident/incident.events.ts';
import { BLOCKING_TARGETS, type Facts, GATHERING_FORMS, VISIT_LEVELS } from '../../../core/plan/facts.ts';
import type { IncidentDetail } from '../../app/api.ts';
import { type Field as AnyField, type CommandForm, num, type Stored } from '../../app/forms/fields.ts';
import { beijing } from '../../app/time.ts';

type Field = AnyField<IncidentDetail>;

/**
 * The forms of what is recorded during an incident, as data (app/forms/fields.ts): CommandForms.tsx
 * renders them, the server's rules answer each one, and a test holds that every event type a
 * plan can wait on and a person may record has one.
 */
export type IncidentForm = CommandForm<IncidentDetail, EventType>;

export type { Field, Stored };

/** The fact fields of the report and of a facts update, flat as a form holds them. */
export const FACT_FIELDS: Field[] = [
  { name: 'participants', kind: 'number' },
  { name: 'onlookers', kind: 'number' },
  { name: 'visitLevel', kind: 'select', options: VISIT_LEVELS, dict: 'visitTo' },
  { name: 'visitPeople', kind: 'number' },
  { name: 'form', kind: 'select', options: GATHERING_FORMS, dict: 'forms' },
  { name: 'blocking', kind: 'multi', options: BLOCKING_TARGETS, dict: 'targets' },
  { name: 'injured', kind: 'number' },
  { name: 'dead', kind: 'number' },
  { name: 'violence', kind: 'bool' },
  { name: 'propertyLoss', kind: 'number' },
];

/** The facts a form's flat values state; what is left empty is not stated (not zero). */
export function factsOf(v: Stored): Facts {
  const f: Facts = {};
  for (const k of ['participants', 'onlookers', 'injured', 'dead', 'propertyLoss'] as const) {
    const n = num(v[k]);
    if (n !== undefined) f[k] = n;
  }
  const blocking = Array.isArray(v.blocking) ? (v.blocking as Facts['blocking']) : undefined;
  if (blocking?.length) f.blocking = blocking;
  if (typeof v.form === 'string') f.form = v.form as Facts['form'];
  if (typeof v.violence === 'boolean') f.violence = v.violence;
  const people = num(v.visitPeople);
  if (typeof v.visitLevel === 'string' && people !== undefined)
    f.visit = { level: v.visitLevel as NonNullable<Facts['visit']>['level'], people };
  return f;
}

/** A form's flat values for known facts. */
export function factValues(f: Facts): Stored {
  const { visit, ...rest } = f;
  return { ...rest, ...(visit ? { visitLevel: visit.level, visitPeople: visit.people } : {}) };
}

/**
 * Counts that are possible but unlikely enough to be a slip of the finger (an extra zero), each
 * a sentence asking to confirm it before it goes out and sets the level.
 */
export function implausibleFacts(f: Facts): string[] {
  const out: string[] = [];
  const big = (n: number | undefined, limit: number, what: string) => {
    if (n !== undefined && n >= limit) out.push(`${what} ${n.toLocaleString('zh-CN')}`);
  };
  big(f.participants, 10_000, '参与人数');
  big(f.onlookers, 10_000, '围观人数');
  big(f.visit?.people, 1_000, '上访人数');
  big(f.injured, 100, '受伤人数');
  big(f.dead, 10, '死亡人数');
  big(f.propertyLoss, 100_000_000, '财产损失（元）');
  if (f.visit && f.participants !== undefined && f.visit.people > f.participants)
    out.push(`上访人数 ${f.visit.people} 多于参与人数 ${f.participants}`);
  return out;
}

/** The situation report, filled in from what the log already says (seed 002 §5(二)). */
export function sitrepDefaults(d: IncidentDetail): Stored {
  const reported = d.report?.data ?? {};
  const facts = d.facts;
  const location = (reported.location ?? {}) as { text?: string };
  const measures = d.measures.map((m) => `${String(m.kind)}（${String(m.legal_basis)}）`);
  return {
    kind: d.sitrepSent ? 'update' : 'initial',
    toLevel: 'town',
    time:
      typeof reported.startedAt === 'string' ? beijing(reported.startedAt, 'YYYY-MM-DD HH:mm') : undefined,
    place: location.text,
    source: reported.source,
    participants: facts.participants,
    onlookers: facts.onlookers,
    casualties:
      facts.injured !== undefined || facts.dead !== undefined
        ? `伤 ${String(facts.injured ?? 0)}，亡 ${String(facts.dead ?? 0)}`
        : undefined,
    scene: reported.summary,
    measures: measures.length ? measures.join('；') : undefined,
  };
}
