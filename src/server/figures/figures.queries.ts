import type { Kysely } from 'kysely';
import type { DutyFigureRow } from '../../core/figures/figures.ts';
import { type PrintedQuery, example as x } from '../queries/printed.ts';
import type { DB } from '../store/schema.ts';

/**
 * What the figures (core/figures) are computed from, for a scope and a period [from, to): the read
 * models the log builds — duties by the period their limit falls in, incidents reported, disputes
 * registered, return visits and 复查/复核 requests recorded, findings arisen — exercises left out.
 */

export interface Period {
  from: string;
  to: string;
}

/** Duties of real incidents, of disputes and of screening registers in scope, due in the period. */
export async function dutiesDue(db: Kysely<DB>, scope: readonly string[], p: Period) {
  const base = db
    .selectFrom('duties as d')
    .select(['d.duty_id', 'd.owner', 'd.status', 'd.late_seconds', 'd.due_at'])
    .where('d.due_at', '>=', p.from)
    .where('d.due_at', '<', p.to);
  const [incidents, disputes, screening] = await Promise.all([
    base
      .innerJoin('incidents as c', 'c.case_id', 'd.case_id')
      .select(['c.plan_id', 'c.plan_version'])
      .where('c.exercise', '=', 0)
      .where('c.jurisdiction', 'in', scope)
      .execute(),
    base
      .innerJoin('disputes as c', 'c.case_id', 'd.case_id')
      .select(['c.plan_id', 'c.plan_version'])
      .where('c.jurisdiction', 'in', scope)
      .execute(),
    base
      .innerJoin('screening_registers as c', 'c.case_id', 'd.case_id')
      .select(['c.plan_id', 'c.plan_version'])
      .where('c.jurisdiction', 'in', scope)
      .execute(),
  ]);
  type Row = (typeof incidents)[number] | (typeof disputes)[number];
  const rows = (kind: DutyFigureRow['caseKind'], list: readonly Row[]): DutyFigureRow[] =>
    list.map((r) => ({
      caseKind: kind,
      planId: r.plan_id,
      planVersion: r.plan_version,
      dutyId: r.duty_id,
      owner: r.owner,
      status: r.status,
      lateSeconds: r.late_seconds,
      dueAt: r.due_at,
    }));
  return [...rows('incident', incidents), ...rows('dispute', disputes), ...rows('screening', screening)];
}

/** Real incidents reported in the period, with their first situation report and first statement. */
export function incidentsReported(db: Kysely<DB>, scope: readonly string[], p: Period) {
  return db
    .selectFrom('incidents as i')
    .select((eb) => [
      'i.case_id',
      'i.reported_at',
      eb
        .selectFrom('sitreps as s')
        .select((s) => s.fn.min('s.sent_at').as('m'))
        .whereRef('s.case_id', '=', 'i.case_id')
        .as('first_report'),
      eb
        .selectFrom('statements as st')
        .select((s) => s.fn.min('st.published_at').as('m'))
        .whereRef('st.case_id', '=', 'i.case_id')
        .as('first_statement'),
    ])
    .where('i.exercise', '=', 0)
    .where('i.jurisdiction', 'in', scope)
    .where('i.reported_at', '>=', p.from)
    .where('i.reported_at', '<', p.to)
    .execute();
}

/** Disputes registered in the period. */
export function disputesRegistered(db: Kysely<DB>, scope: readonly string[], p: Period) {
  return db
    .selectFrom('disputes')
    .select(['case_id', 'status', 'source', 'plan_id', 'plan_version'])
    .where('jurisdiction', 'in', scope)
    .where('registered_at', '>=', p.from)
    .where('registered_at', '<', p.to)
    .execute();
}

/** The disputes registered in the period, oldest first, whole (the month's 台账). */
export function ledgerOfPeriod(db: Kysely<DB>, scope: readonly string[], p: Period) {
  return db
    .selectFrom('disputes')
    .selectAll()
    .where('jurisdiction', 'in', scope)
    .where('registered_at', '>=', p.from)
    .where('registered_at', '<', p.to)
    .orderBy('registered_at')
    .orderBy('case_id')
    .limit(5000)
    .execute();
}

/** Events of one type on the disputes in scope, recorded in the period (read by case and type). */
export function disputeEvents(db: Kysely<DB>, scope: readonly string[], type: string, p: Period) {
  return db
    .selectFrom('disputes as d')
    .innerJoin('events as e', (j) => j.onRef('e.case_id', '=', 'd.case_id').on('e.type', '=', type))
    .select(['e.data'])
    .where('d.jurisdiction', 'in', scope)
    .where('e.occurred_at', '>=', p.from)
    .where('e.occurred_at', '<', p.to)
    .execute();
}

/** Findings of real cases in scope arisen in the period. */
export function findingsArisen(db: Kysely<DB>, scope: readonly string[], p: Period) {
  return db
    .selectFrom('findings')
    .select(['kind', 'disposition'])
    .where('exercise', '=', 0)
    .where('jurisdiction', 'in', scope)
    .where('arose_at', '>=', p.from)
    .where('arose_at', '<', p.to)
    .execute();
}

/** A jurisdiction and those above it, nearest first, with the plan each runs under. */
export async function jurisdictionAndAbove(db: Kysely<DB>, code: string) {
  const out: { code: string; name: string; level: string; plan_id: string | null }[] = [];
  let next: string | null = code;
  while (next !== null && out.length < 10) {
    const row = await db
      .selectFrom('jurisdictions')
      .select(['code', 'name', 'level', 'plan_id', 'parent_code'])
      .where('code', '=', next)
      .executeTakeFirst();
    if (!row) break;
    out.push({ code: row.code, name: row.name, level: row.level, plan_id: row.plan_id });
    next = row.parent_code;
  }
  return out;
}

const period: Period = { from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' };

/** Every query above, printed for review (src/server/queries/figures.sql, `npm run sql`). */
export const printed: PrintedQuery[] = [
  { name: 'dutiesDue', run: (db) => dutiesDue(db, [...x.scope], period) },
  { name: 'incidentsReported', run: (db) => incidentsReported(db, [...x.scope], period) },
  { name: 'disputesRegistered', run: (db) => disputesRegistered(db, [...x.scope], period) },
  { name: 'disputeEvents', run: (db) => disputeEvents(db, [...x.scope], 'visit.made', period) },
  { name: 'ledgerOfPeriod', run: (db) => ledgerOfPeriod(db, [...x.scope], period) },
  { name: 'findingsArisen', run: (db) => findingsArisen(db, [...x.scope], period) },
  { name: 'jurisdictionAndAbove', run: (db) => jurisdictionAndAbove(db, x.jurisdiction) },
];
