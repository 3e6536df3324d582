import { type Kysely, sql } from 'kysely';
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

/**
 * Duties of real incidents, of disputes and of screening registers in scope, due in the period,
 * counted by plan, duty, owner and how they stand at `now` (met on time or late, missed — by the
 * clock or past due — or open): a city's month is a few hundred rows, not its every clock. A
 * commitment's clock and a screening round's count as one duty each, whatever their ids.
 */
export async function dutiesDue(db: Kysely<DB>, scope: readonly string[], p: Period, now: string) {
  const grouped = <T extends 'incidents' | 'disputes' | 'screening_registers'>(table: T) =>
    db
      .selectFrom('duties as d')
      .innerJoin(`${table} as c` as 'disputes as c', 'c.case_id', 'd.case_id')
      .select((eb) => [
        'c.plan_id',
        'c.plan_version',
        sql<string>`CASE WHEN d.duty_id LIKE 'commitment:%' THEN 'commitment:' WHEN d.duty_id LIKE 'screening:%' THEN 'screening:' ELSE d.duty_id END`.as(
          'duty',
        ),
        'd.owner',
        sql<string>`CASE WHEN d.status = 'met' AND d.late_seconds > 0 THEN 'late' WHEN d.status = 'met' THEN 'on_time' WHEN d.status = 'missed' OR d.due_at <= ${now} THEN 'missed' ELSE 'open' END`.as(
          'outcome',
        ),
        eb.fn.countAll<number | string>().as('n'),
      ])
      .where('d.due_at', '>=', p.from)
      .where('d.due_at', '<', p.to)
      .where('c.jurisdiction', 'in', scope)
      .groupBy(['c.plan_id', 'c.plan_version', 'duty', 'd.owner', 'outcome']);
  const [incidents, disputes, screening] = await Promise.all([
    grouped('incidents').where(sql.ref('c.exercise'), '=', 0).execute(),
    grouped('disputes').where(sql.ref('c.exercise'), '=', 0).execute(),
    grouped('screening_registers').execute(),
  ]);
  const rows = (kind: DutyFigureRow['caseKind'], list: typeof incidents): DutyFigureRow[] =>
    list.map((r) => ({
      caseKind: kind,
      planId: r.plan_id,
      planVersion: r.plan_version,
      dutyId: r.duty,
      owner: r.owner,
      outcome: r.outcome as DutyFigureRow['outcome'],
      n: Number(r.n),
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

/**
 * Disputes registered in the period, counted by source, with how many of them were accepted, not
 * accepted, resolved (the read model keeps when each first happened: 销号 replaces the status, not
 * what became of the dispute).
 */
export function disputesRegistered(db: Kysely<DB>, scope: readonly string[], p: Period) {
  return db
    .selectFrom('disputes')
    .select((eb) => [
      'source',
      eb.fn.countAll<number | string>().as('n'),
      eb.fn.count<number | string>('accepted_at').as('accepted'),
      eb.fn.count<number | string>('not_accepted_at').as('not_accepted'),
      eb.fn.count<number | string>('resolved_at').as('resolved'),
    ])
    .where('jurisdiction', 'in', scope)
    .where('exercise', '=', 0)
    .where('registered_at', '>=', p.from)
    .where('registered_at', '<', p.to)
    .groupBy('source')
    .execute();
}

/** The most a month's 台账 lists (the report says so when there are more). */
export const LEDGER_LIMIT = 5000;

/** The disputes registered in the period, oldest first, whole (the month's 台账), at most LEDGER_LIMIT. */
export function ledgerOfPeriod(db: Kysely<DB>, scope: readonly string[], p: Period) {
  return db
    .selectFrom('disputes')
    .selectAll()
    .where('jurisdiction', 'in', scope)
    .where('exercise', '=', 0)
    .where('registered_at', '>=', p.from)
    .where('registered_at', '<', p.to)
    .orderBy('registered_at')
    .orderBy('case_id')
    .limit(LEDGER_LIMIT)
    .execute();
}

/** Return visits (回访) and 复查/复核 requests on the disputes in scope, recorded in the period (read by case and type). */
export function disputeEvents(db: Kysely<DB>, scope: readonly string[], p: Period) {
  return db
    .selectFrom('disputes as d')
    .innerJoin('events as e', (j) =>
      j.onRef('e.case_id', '=', 'd.case_id').on('e.type', 'in', ['visit.made', 'review.requested']),
    )
    .select(['e.type', 'e.data'])
    .where('d.jurisdiction', 'in', scope)
    .where('d.exercise', '=', 0)
    .where('e.occurred_at', '>=', p.from)
    .where('e.occurred_at', '<', p.to)
    .execute();
}

/** Findings of real cases in scope arisen in the period, counted by kind and disposition. */
export function findingsArisen(db: Kysely<DB>, scope: readonly string[], p: Period) {
  return db
    .selectFrom('findings')
    .select((eb) => ['kind', 'disposition', eb.fn.countAll<number | string>().as('n')])
    .where('exercise', '=', 0)
    .where('jurisdiction', 'in', scope)
    .where('arose_at', '>=', p.from)
    .where('arose_at', '<', p.to)
    .groupBy(['kind', 'disposition'])
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
  { name: 'dutiesDue', run: (db) => dutiesDue(db, [...x.scope], period, x.at) },
  { name: 'incidentsReported', run: (db) => incidentsReported(db, [...x.scope], period) },
  { name: 'disputesRegistered', run: (db) => disputesRegistered(db, [...x.scope], period) },
  { name: 'disputeEvents', run: (db) => disputeEvents(db, [...x.scope], period) },
  { name: 'ledgerOfPeriod', run: (db) => ledgerOfPeriod(db, [...x.scope], period) },
  { name: 'findingsArisen', run: (db) => findingsArisen(db, [...x.scope], period) },
  { name: 'jurisdictionAndAbove', run: (db) => jurisdictionAndAbove(db, x.jurisdiction) },
];
