import { type Kysely, type Selectable, sql } from 'kysely';
import { chinaMidnight } from '../../core/calendar/periods.ts';
import { NotFoundError } from '../../core/errors.ts';
import { type PrintedQuery, example as x } from '../queries/printed.ts';
import type { DB, IncidentsTable } from '../store/schema.ts';

/**
 * The reads of the incident routes. The visibility check of a case is here and only here:
 * every route that reads or writes a case asks `visibleIncident` first.
 */

/** The jurisdictions a caller sees: their own and everything below (Caller.scope). */
export type Scope = ReadonlySet<string>;

/**
 * The incident, if it exists and its jurisdiction is in the caller's scope; otherwise 404 with
 * the same words either way, so an incident out of scope is not revealed.
 */
export async function visibleIncident(
  db: Kysely<DB>,
  scope: Scope,
  caseId: string,
): Promise<Selectable<IncidentsTable>> {
  const row = await db.selectFrom('incidents').selectAll().where('case_id', '=', caseId).executeTakeFirst();
  if (!row?.jurisdiction || !scope.has(row.jurisdiction)) throw new NotFoundError(`no incident ${caseId}`);
  return row;
}

/** Incidents whose place is held at most (per database handle); more, and the oldest half goes. */
const PLACES_HELD = 20_000;
const places = new WeakMap<Kysely<DB>, Map<string, string>>();

/**
 * `visibleIncident` for a command, which needs no row: the same check and the same 404, with
 * the incident's jurisdiction — fixed when it is reported — held in memory once read.
 */
export async function incidentInScope(db: Kysely<DB>, scope: Scope, caseId: string): Promise<void> {
  let held = places.get(db);
  if (!held) {
    held = new Map();
    places.set(db, held);
  }
  let place = held.get(caseId);
  if (place === undefined) {
    const row = await db
      .selectFrom('incidents')
      .select('jurisdiction')
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    if (row?.jurisdiction) {
      place = row.jurisdiction;
      if (held.size >= PLACES_HELD) {
        let drop = PLACES_HELD / 2;
        for (const k of held.keys()) {
          if (drop-- <= 0) break;
          held.delete(k);
        }
      }
      held.set(caseId, place);
    }
  }
  if (!place || !scope.has(place)) throw new NotFoundError(`no incident ${caseId}`);
}

/** A stored event by its id, with the jurisdiction of its case (an incident's or a dispute's). */
export function storedEvent(db: Kysely<DB>, eventId: string) {
  return db
    .selectFrom('events as e')
    .leftJoin('incidents as i', 'i.case_id', 'e.case_id')
    .leftJoin('disputes as d', 'd.case_id', 'e.case_id')
    .select(['e.case_id', 'e.type', 'e.actor_id'])
    .select((eb) => eb.fn.coalesce('i.jurisdiction', 'd.jurisdiction').as('jurisdiction'))
    .where('e.id', '=', eventId)
    .executeTakeFirst();
}

/** The plan incidents reported in a jurisdiction run under (none: not set, or no such jurisdiction). */
export async function activePlan(db: Kysely<DB>, jurisdiction: string): Promise<string | null> {
  const row = await db
    .selectFrom('jurisdictions')
    .select(['plan_id'])
    .where('code', '=', jurisdiction)
    .executeTakeFirst();
  return row?.plan_id ?? null;
}

/** The clock of an incident's review (the first of the plan's duties met by review.submitted that has started). */
export function reviewClock(db: Kysely<DB>, caseId: string, dutyIds: readonly string[]) {
  return db
    .selectFrom('duties')
    .select(['duty_id', 'due_at', 'status', 'late_seconds'])
    .where('case_id', '=', caseId)
    .where('duty_id', 'in', [...dutyIds])
    .orderBy('due_at')
    .executeTakeFirst();
}

/** What the incident list may be narrowed to. */
export interface IncidentFilter {
  status?: string;
  level?: string;
  /** words in the title or the place, or the start of the case's code */
  q?: string;
  /** reported on or after / on or before these days (China) */
  from?: string;
  to?: string;
  exercise?: boolean;
  limit?: number;
}

/** The newest incidents in the scope (at most 500), closed and settled ones included, narrowed by `f`. */
export function incidentsIn(db: Kysely<DB>, scope: Scope, f: IncidentFilter = {}) {
  const like = f.q === undefined ? '' : `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .selectFrom('incidents')
    .selectAll()
    .where('jurisdiction', 'in', [...scope])
    .$if(f.status !== undefined, (q) => q.where('status', '=', f.status as string))
    .$if(f.level !== undefined, (q) =>
      f.level === 'none' ? q.where('level', 'is', null) : q.where('level', '=', f.level as string),
    )
    .$if(f.q !== undefined, (q) =>
      q.where((eb) =>
        eb.or([
          eb('title', 'like', sql<string>`${like} ESCAPE '\\'`),
          eb('place', 'like', sql<string>`${like} ESCAPE '\\'`),
          eb('case_id', 'like', sql<string>`${like.slice(1)} ESCAPE '\\'`),
        ]),
      ),
    )
    .$if(f.from !== undefined, (q) => q.where('reported_at', '>=', chinaMidnight(f.from as string, 0)))
    .$if(f.to !== undefined, (q) => q.where('reported_at', '<', chinaMidnight(f.to as string, 1)))
    .$if(f.exercise !== undefined, (q) => q.where('exercise', '=', f.exercise ? 1 : 0))
    .orderBy('reported_at', 'desc')
    .limit(f.limit ?? 500)
    .execute();
}

/** Duty clocks not met of the incidents in the scope that are not closed, soonest due first. */
export function openDuties(db: Kysely<DB>, scope: Scope) {
  return (
    db
      .selectFrom('duties as d')
      .innerJoin('incidents as i', 'i.case_id', 'd.case_id')
      .select([
        'd.case_id',
        'd.duty_id',
        'd.owner',
        'd.started_at',
        'd.due_at',
        'd.warn_at',
        'd.status',
        'd.escalate_to',
      ])
      .where('i.jurisdiction', 'in', [...scope])
      // what a closed incident still owes keeps its clock until 销号
      .where('i.status', '!=', 'settled')
      .where('d.status', '!=', 'met')
      .orderBy('d.due_at')
      .limit(2000)
      .execute()
  );
}

/**
 * Escalations that reach a jurisdiction in the scope, newest written first, with their case —
 * an incident, a dispute or a screening register (its title: the jurisdiction); `since`: only
 * those written after it.
 */
export function escalationsReaching(db: Kysely<DB>, scope: Scope, page: { since?: string; limit: number }) {
  let q = db
    .selectFrom('escalations as e')
    .innerJoin('case_summary as c', 'c.case_id', 'e.case_id')
    .leftJoin('incidents as i', 'i.case_id', 'e.case_id')
    .leftJoin('disputes as d', 'd.case_id', 'e.case_id')
    .leftJoin('screening_registers as g', 'g.case_id', 'e.case_id')
    .leftJoin('jurisdictions as gj', 'gj.code', 'g.jurisdiction')
    .leftJoin('duties as du', (j) =>
      j.onRef('du.case_id', '=', 'e.case_id').onRef('du.duty_id', '=', 'e.duty_id'),
    )
    .leftJoin('users as au', 'au.id', 'e.acknowledged_by')
    .select((eb) => [
      'e.event_id',
      'e.case_id',
      'c.kind as case_kind',
      'e.kind',
      'e.duty_id',
      'e.target',
      'e.from_jurisdiction',
      'e.to_jurisdiction',
      'e.at',
      'e.recorded_at',
      'e.reason',
      'e.acknowledged_at',
      'e.acknowledged_by',
      'e.acknowledged_role',
      'e.acknowledged_note',
      'au.display_name as acknowledged_by_name',
      'du.status as duty_status',
      eb.fn.coalesce('i.title', 'd.title', 'gj.name', 'g.jurisdiction', sql<string>`''`).as('title'),
      'i.level',
      eb.fn.coalesce('i.status', 'd.status', sql<string>`'open'`).as('status'),
      eb.fn.coalesce('i.exercise', sql<number>`0`).as('exercise'),
      eb.fn.coalesce('i.plan_id', 'd.plan_id', 'g.plan_id').as('plan_id'),
      eb.fn.coalesce('i.plan_version', 'd.plan_version', 'g.plan_version').as('plan_version'),
    ])
    .where('e.to_jurisdiction', 'in', [...scope]);
  // by when it was written, so an escalation of a duty that fell due while the server
  // was down still reaches a board that polls with the time of its last look
  if (page.since) q = q.where('e.recorded_at', '>', page.since);
  return q
    .orderBy('e.recorded_at', 'desc')
    .orderBy('e.at', 'desc')
    .orderBy('e.event_id')
    .limit(page.limit)
    .execute();
}

/** Every correction recorded in a case, in the order recorded. */
export function caseCorrections(db: Kysely<DB>, caseId: string) {
  return db
    .selectFrom('events')
    .select(['id', 'data', 'recorded_at'])
    .where('case_id', '=', caseId)
    .where('type', '=', 'entry.corrected')
    .orderBy('seq')
    .execute();
}

/** The levels derived under the plans above a case (level changes with a `plan`), in the order recorded. */
export function upperLevelEvents(db: Kysely<DB>, caseId: string) {
  return db
    .selectFrom('events')
    .select(['data'])
    .where('case_id', '=', caseId)
    .where('type', '=', 'incident.level.set')
    .where('actor_role', '=', 'system')
    .orderBy('seq')
    .execute();
}

/** The names of jurisdictions, by code. */
export function jurisdictionNames(db: Kysely<DB>, codes: string[]) {
  return db.selectFrom('jurisdictions').select(['code', 'name']).where('code', 'in', codes).execute();
}

/** How many of the newest facts updates an incident's known facts are read from. */
const FACTS_UPDATES_READ = 500;

/**
 * The events that bring an incident's facts (its report and each update), the newest first in
 * the order they happened: the facts known now are these merged from the last.
 */
export function factsEvents(db: Kysely<DB>, caseId: string) {
  return db
    .selectFrom('events')
    .select(['data'])
    .where('case_id', '=', caseId)
    .where('type', 'in', ['incident.reported', 'incident.facts.updated'])
    .orderBy('occurred_at', 'desc')
    .orderBy('seq', 'desc')
    .limit(FACTS_UPDATES_READ)
    .execute();
}

/**
 * What an incident's page shows beside its timeline: its duties, tasks, demands (and which
 * have a reply channel), commitments, statements, measures, escalations, and whether a
 * situation report has gone out.
 */
export async function incidentItems(db: Kysely<DB>, caseId: string) {
  const [duties, tasks, demands, commitments, statements, measures, escalations, replyChannels, sitrep] =
    await Promise.all([
      db.selectFrom('duties').selectAll().where('case_id', '=', caseId).orderBy('due_at').execute(),
      db.selectFrom('tasks').selectAll().where('case_id', '=', caseId).orderBy('assigned_at').execute(),
      db.selectFrom('demands').selectAll().where('case_id', '=', caseId).orderBy('registered_at').execute(),
      db.selectFrom('commitments').selectAll().where('case_id', '=', caseId).orderBy('due_at').execute(),
      db.selectFrom('statements').selectAll().where('case_id', '=', caseId).orderBy('published_at').execute(),
      db.selectFrom('measures').selectAll().where('case_id', '=', caseId).orderBy('authorized_at').execute(),
      db.selectFrom('escalations').selectAll().where('case_id', '=', caseId).orderBy('at').execute(),
      db.selectFrom('reply_channels').select('demand_id').where('case_id', '=', caseId).execute(),
      db
        .selectFrom('events')
        .select('id')
        .where('case_id', '=', caseId)
        .where('type', '=', 'sitrep.submitted')
        .limit(1)
        .executeTakeFirst(),
    ]);
  return {
    duties,
    tasks,
    demands,
    commitments,
    statements,
    measures,
    escalations,
    /** the demands whose representatives left a way to reach them */
    withReplyChannel: new Set(replyChannels.map((c) => c.demand_id)),
    sitrepSent: sitrep !== undefined,
  };
}

/** Every query above, printed for review (src/server/queries/incident.sql, `npm run sql`). */
export const printed: PrintedQuery[] = [
  { name: 'reviewClock', run: (db) => reviewClock(db, x.caseId, ['written-summary']) },
  {
    name: 'visibleIncident',
    run: (db) => visibleIncident(db, x.scope, x.caseId),
    rows: [{ case_id: x.caseId, jurisdiction: x.jurisdiction }],
  },
  {
    name: 'incidentInScope',
    run: (db) => incidentInScope(db, x.scope, x.caseId),
    rows: [{ jurisdiction: x.jurisdiction }],
  },
  { name: 'storedEvent', run: (db) => storedEvent(db, x.eventId) },
  { name: 'activePlan', run: (db) => activePlan(db, x.jurisdiction) },
  { name: 'incidentsIn', run: (db) => incidentsIn(db, x.scope) },
  {
    name: 'incidentsIn',
    variant: 'narrowed by everything',
    run: (db) =>
      incidentsIn(db, x.scope, {
        status: 'closed',
        level: 'major',
        q: '县道',
        from: '2025-01-01',
        to: '2025-01-31',
        exercise: false,
        limit: 50,
      }),
  },
  {
    name: 'incidentsIn',
    variant: 'without a level',
    run: (db) => incidentsIn(db, x.scope, { level: 'none' }),
  },
  { name: 'openDuties', run: (db) => openDuties(db, x.scope) },
  { name: 'escalationsReaching', run: (db) => escalationsReaching(db, x.scope, { limit: 100 }) },
  {
    name: 'escalationsReaching',
    variant: 'since a time',
    run: (db) => escalationsReaching(db, x.scope, { since: x.at, limit: 100 }),
  },
  { name: 'caseCorrections', run: (db) => caseCorrections(db, x.caseId) },
  { name: 'incidentItems', run: (db) => incidentItems(db, x.caseId) },
  { name: 'factsEvents', run: (db) => factsEvents(db, x.caseId) },
  { name: 'upperLevelEvents', run: (db) => upperLevelEvents(db, x.caseId) },
  { name: 'jurisdictionNames', run: (db) => jurisdictionNames(db, [x.jurisdiction]) },
];
