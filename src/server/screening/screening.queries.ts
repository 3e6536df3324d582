import { type Kysely, type Selectable, sql } from 'kysely';
import { NotFoundError } from '../../core/errors.ts';
import type { Scope } from '../incident/incident.queries.ts';
import { type PrintedQuery, example as x } from '../queries/printed.ts';
import type { DB, ScreeningRegistersTable } from '../store/schema.ts';

/**
 * The reads of the screening routes. Whether the caller sees a register is asked here
 * (`visibleRegister`); a register is in scope when its jurisdiction is.
 */

/** The register, if it exists and its jurisdiction is in the caller's scope; otherwise 404. */
export async function visibleRegister(
  db: Kysely<DB>,
  scope: Scope,
  caseId: string,
): Promise<Selectable<ScreeningRegistersTable>> {
  const row = await db
    .selectFrom('screening_registers')
    .selectAll()
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  if (!row || !scope.has(row.jurisdiction)) throw new NotFoundError(`no screening register ${caseId}`);
  return row;
}

/** The registers of the caller's jurisdiction and below. */
export function registersIn(db: Kysely<DB>, scope: Scope) {
  return db
    .selectFrom('screening_registers')
    .selectAll()
    .where('jurisdiction', 'in', [...scope])
    .orderBy('jurisdiction')
    .execute();
}

/** Rounds, newest held first, with how many disputes are on the ledger from each. */
export async function roundsIn(db: Kysely<DB>, where: { scope: Scope } | { caseId: string }, limit: number) {
  let q = db
    .selectFrom('screening_rounds as r')
    .selectAll('r')
    .select((eb) =>
      eb
        .selectFrom('disputes as d')
        .select(sql<number>`count(*)`.as('n'))
        .whereRef('d.screening_round_id', '=', 'r.round_id')
        .whereRef('d.jurisdiction', '=', 'r.jurisdiction')
        .as('registered'),
    );
  q =
    'caseId' in where
      ? q.where('r.case_id', '=', where.caseId)
      : q.where('r.jurisdiction', 'in', [...where.scope]);
  const rows = await q.orderBy('r.held_at', 'desc').orderBy('r.round_id').limit(limit).execute();
  return rows.map((r) => ({
    ...r,
    participants: JSON.parse(r.participants) as { unit: string; position?: string }[],
    zero_report: r.zero_report === 1,
    registered: Number(r.registered ?? 0),
  }));
}

/** The cadence clocks of registers: open ones, and those missed or met since `since`. */
export function cadenceClocks(db: Kysely<DB>, where: { scope: Scope } | { caseId: string }, since: string) {
  let q = db
    .selectFrom('duties as d')
    .innerJoin('screening_registers as g', 'g.case_id', 'd.case_id')
    .select([
      'd.case_id',
      'd.duty_id',
      'd.owner',
      'd.started_at',
      'd.due_at',
      'd.warn_at',
      'd.status',
      'd.escalate_to',
      'd.met_at',
    ])
    .where((eb) => eb.or([eb('d.status', '=', 'open'), eb('d.due_at', '>=', since)]));
  q =
    'caseId' in where
      ? q.where('d.case_id', '=', where.caseId)
      : q.where('g.jurisdiction', 'in', [...where.scope]);
  return q.orderBy('d.due_at', 'desc').orderBy('d.duty_id').limit(500).execute();
}

/** The round, if a register of this jurisdiction holds it. */
export function roundOf(db: Kysely<DB>, jurisdiction: string, roundId: string) {
  return db
    .selectFrom('screening_rounds')
    .select(['round_id', 'zero_report', 'found'])
    .where('jurisdiction', '=', jurisdiction)
    .where('round_id', '=', roundId)
    .executeTakeFirst();
}

/** Every query above, printed for review (src/server/queries/screening.sql, `npm run sql`). */
export const printed: PrintedQuery[] = [
  {
    name: 'visibleRegister',
    run: (db) => visibleRegister(db, x.scope, x.caseId),
    rows: [{ case_id: x.caseId, jurisdiction: x.jurisdiction }],
  },
  { name: 'registersIn', run: (db) => registersIn(db, x.scope) },
  { name: 'roundsIn', variant: 'in scope', run: (db) => roundsIn(db, { scope: x.scope }, 50) },
  { name: 'roundsIn', variant: 'of a register', run: (db) => roundsIn(db, { caseId: x.caseId }, 500) },
  { name: 'cadenceClocks', variant: 'in scope', run: (db) => cadenceClocks(db, { scope: x.scope }, x.at) },
  {
    name: 'cadenceClocks',
    variant: 'of a register',
    run: (db) => cadenceClocks(db, { caseId: x.caseId }, x.at),
  },
  { name: 'roundOf', run: (db) => roundOf(db, x.jurisdiction, 'round-1') },
];
