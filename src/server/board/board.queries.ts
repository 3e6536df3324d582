import type { Kysely } from 'kysely';
import type { Scope } from '../incident/incident.queries.ts';
import { type PrintedQuery, example as x } from '../queries/printed.ts';
import type { DB } from '../store/schema.ts';

/** How many live incidents a board holds at most (the 500 reported last). */
const LIVE_HELD = 500;

/** The incidents of the scope still being handled (not closed), with their jurisdiction's name. */
export function liveIncidents(db: Kysely<DB>, scope: Scope) {
  return db
    .selectFrom('incidents as i')
    .leftJoin('jurisdictions as j', 'j.code', 'i.jurisdiction')
    .selectAll('i')
    .select('j.name as jurisdiction_name')
    .where('i.jurisdiction', 'in', [...scope])
    .where('i.status', 'not in', ['closed', 'settled'])
    .orderBy('i.reported_at', 'desc')
    .limit(LIVE_HELD)
    .execute();
}

/** The clocks not met of some incidents. */
export function clocksOf(db: Kysely<DB>, caseIds: string[]) {
  return db
    .selectFrom('duties')
    .select(['case_id', 'duty_id', 'owner', 'started_at', 'due_at', 'warn_at', 'status', 'escalate_to'])
    .where('case_id', 'in', caseIds)
    .where('status', '!=', 'met')
    .execute();
}

/** An escalation by the event that escalated, with its case's kind, and a screening register's place and plan. */
export function escalationOf(db: Kysely<DB>, eventId: string) {
  return db
    .selectFrom('escalations as e')
    .innerJoin('case_summary as c', 'c.case_id', 'e.case_id')
    .leftJoin('screening_registers as g', 'g.case_id', 'e.case_id')
    .select([
      'e.event_id',
      'e.case_id',
      'e.to_jurisdiction',
      'e.acknowledged_at',
      'c.kind as case_kind',
      'g.jurisdiction as register_jurisdiction',
      'g.plan_id as register_plan',
    ])
    .where('e.event_id', '=', eventId)
    .executeTakeFirst();
}

/** When an account last looked at its board. */
export async function lastVisit(db: Kysely<DB>, accountId: string): Promise<string | null> {
  const row = await db
    .selectFrom('board_visits')
    .select('seen_at')
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return row?.seen_at ?? null;
}

/** An account looks at its board now. */
export function recordVisit(db: Kysely<DB>, accountId: string, at: string) {
  return db
    .insertInto('board_visits')
    .values({ account_id: accountId, seen_at: at })
    .onConflict((oc) => oc.column('account_id').doUpdateSet({ seen_at: at }))
    .execute();
}

export const printed: PrintedQuery[] = [
  { name: 'liveIncidents', run: (db) => liveIncidents(db, x.scope) },
  { name: 'clocksOf', run: (db) => clocksOf(db, [x.caseId, 'case-2']) },
  { name: 'escalationOf', run: (db) => escalationOf(db, x.eventId) },
  { name: 'lastVisit', run: (db) => lastVisit(db, x.userId) },
  { name: 'recordVisit', run: (db) => recordVisit(db, x.userId, x.at) },
];
