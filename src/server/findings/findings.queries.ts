import type { Kysely } from 'kysely';
import { type PrintedQuery, example as x } from '../queries/printed.ts';
import type { DB, FindingsTable } from '../store/schema.ts';

/** The reads and writes of findings (findings.projection.ts, findings.routes.ts). */

/**
 * The events of a case of the given types, in the order they were appended: what findings read
 * besides 补录 (index events_case_type: as many rows as there are such events, however long the
 * case).
 */
export function caseEventsOf(db: Kysely<DB>, caseId: string, types: readonly string[]) {
  return db
    .selectFrom('events')
    .select(['id', 'type', 'data', 'actor_id', 'actor_role', 'occurred_at', 'recorded_at'])
    .where('case_id', '=', caseId)
    .where('type', 'in', [...types])
    .orderBy('seq')
    .execute();
}

/** Replace a case's findings other than 补录 with those derived now. */
export async function replaceFindings(db: Kysely<DB>, caseId: string, rows: FindingsTable[]): Promise<void> {
  await db.deleteFrom('findings').where('case_id', '=', caseId).where('kind', '<>', 'late_entry').execute();
  if (rows.length > 0) await db.insertInto('findings').values(rows).execute();
}

/** Keep a 补录 finding, found as its entry was appended. */
export async function insertFinding(db: Kysely<DB>, row: FindingsTable): Promise<void> {
  await db.insertInto('findings').values(row).execute();
}

/** The latest disposition of a finding kept apart from the others (补录). */
export async function setDisposition(
  db: Kysely<DB>,
  caseId: string,
  findingId: string,
  d: { disposition: string; reason: string; disposed_by: string; disposed_role: string; disposed_at: string },
): Promise<void> {
  await db
    .updateTable('findings')
    .set(d)
    .where('case_id', '=', caseId)
    .where('finding_id', '=', findingId)
    .execute();
}

export interface FindingFilter {
  from?: string;
  to?: string;
  kind?: string;
  /** open: not disposed of yet */
  disposition?: 'open' | 'accepted' | 'explained' | 'dismissed';
  caseId?: string;
  exercise: boolean;
}

/**
 * The findings of the cases in `scope` (the caller's jurisdictions), newest first, at most
 * `limit`: arisen in [from, to), of a kind, a disposition (or none yet), one case's (whether it
 * is an exercise or not); else exercises only when asked.
 */
export function findingsIn(db: Kysely<DB>, scope: ReadonlySet<string>, f: FindingFilter, limit: number) {
  let q = db
    .selectFrom('findings')
    .selectAll()
    .where('jurisdiction', 'in', [...scope]);
  // one case's are its own, an exercise's too; a list is of real cases or of exercises
  if (!f.caseId) q = q.where('exercise', '=', f.exercise ? 1 : 0);
  if (f.from) q = q.where('arose_at', '>=', f.from);
  if (f.to) q = q.where('arose_at', '<', f.to);
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.caseId) q = q.where('case_id', '=', f.caseId);
  if (f.disposition === 'open') q = q.where('disposition', 'is', null);
  else if (f.disposition) q = q.where('disposition', '=', f.disposition);
  return q.orderBy('arose_at', 'desc').orderBy('finding_id').limit(limit).execute();
}

/** A case's findings as kept, oldest first (what its review lists). */
export function caseFindings(db: Kysely<DB>, caseId: string) {
  return db
    .selectFrom('findings')
    .select(['finding_id', 'text'])
    .where('case_id', '=', caseId)
    .orderBy('arose_at')
    .orderBy('finding_id')
    .execute();
}

/** One finding of a case, if it has it. */
export function findingOf(db: Kysely<DB>, caseId: string, findingId: string) {
  return db
    .selectFrom('findings')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('finding_id', '=', findingId)
    .executeTakeFirst();
}

/** Every query above, printed for review (src/server/queries/findings.sql, `npm run sql`). */
export const printed: PrintedQuery[] = [
  {
    name: 'caseEventsOf',
    run: (db) => caseEventsOf(db, x.caseId, ['duty.missed', 'duty.met', 'finding.disposed']),
  },
  {
    name: 'replaceFindings',
    run: (db) =>
      replaceFindings(db, x.caseId, [
        {
          case_id: x.caseId,
          finding_id: 'clock:report-town',
          case_kind: 'incident',
          case_title: '60名村民堵塞县道',
          jurisdiction: x.jurisdiction,
          exercise: 0,
          plan_id: x.planId,
          plan_version: 2,
          kind: 'duty_missed',
          owner: 'village',
          subject: 'report-town',
          arose_at: x.at,
          text: '“事发地单位 20 分钟内报告”未在时限前完成',
          said: '{"key":"findingText.missed"}',
          evidence: '[]',
          disposition: null,
          reason: null,
          disposed_by: null,
          disposed_role: null,
          disposed_at: null,
        },
      ]),
  },
  {
    name: 'insertFinding',
    run: (db) =>
      insertFinding(db, {
        case_id: x.caseId,
        finding_id: `entry:${x.eventId}`,
        case_kind: 'incident',
        case_title: '60名村民堵塞县道',
        jurisdiction: x.jurisdiction,
        exercise: 0,
        plan_id: x.planId,
        plan_version: 2,
        kind: 'late_entry',
        owner: 'role:officer',
        subject: x.eventId,
        arose_at: x.at,
        text: '补录',
        said: '{"key":"findingText.lateEntry"}',
        evidence: '[]',
        disposition: null,
        reason: null,
        disposed_by: null,
        disposed_role: null,
        disposed_at: null,
      }),
  },
  {
    name: 'setDisposition',
    run: (db) =>
      setDisposition(db, x.caseId, `entry:${x.eventId}`, {
        disposition: 'explained',
        reason: '通讯中断',
        disposed_by: x.userId,
        disposed_role: 'leader',
        disposed_at: x.at,
      }),
  },
  {
    name: 'findingsIn',
    run: (db) =>
      findingsIn(
        db,
        x.scope,
        { from: x.at, to: x.at, kind: 'duty_missed', disposition: 'open', exercise: false },
        100,
      ),
  },
  { name: 'findingOf', run: (db) => findingOf(db, x.caseId, 'clock:report-town') },
  { name: 'caseFindings', run: (db) => caseFindings(db, x.caseId) },
];
