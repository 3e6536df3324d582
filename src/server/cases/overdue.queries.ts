import { type Kysely, sql } from 'kysely';
import type { Scope } from '../incident/incident.queries.ts';
import { type PrintedQuery, example as x } from '../queries/printed.ts';
import type { DB } from '../store/schema.ts';

/**
 * What is overdue (逾期) across every case in scope — an incident's duties, a dispute's, each
 * commitment's clock, a screening cadence's period — until it is met or its case is settled
 * (销号): missed, or open past its due time.
 */
export function overdueIn(db: Kysely<DB>, scope: Scope, now: string, limit: number) {
  const where = [...scope];
  return (
    db
      .selectFrom('duties as d')
      .innerJoin('case_summary as c', 'c.case_id', 'd.case_id')
      .leftJoin('incidents as i', 'i.case_id', 'd.case_id')
      .leftJoin('disputes as s', 's.case_id', 'd.case_id')
      .leftJoin('screening_registers as g', 'g.case_id', 'd.case_id')
      .leftJoin('jurisdictions as gj', 'gj.code', 'g.jurisdiction')
      .select((eb) => [
        'd.case_id',
        'c.kind as case_kind',
        'd.duty_id',
        'd.owner',
        'd.due_at',
        'd.status',
        'd.escalate_to',
        eb.fn.coalesce('i.title', 's.title', 'gj.name', 'g.jurisdiction', sql<string>`''`).as('title'),
        eb.fn.coalesce('i.jurisdiction', 's.jurisdiction', 'g.jurisdiction').as('jurisdiction'),
        eb.fn.coalesce('i.plan_id', 's.plan_id', 'g.plan_id').as('plan_id'),
        eb.fn.coalesce('i.plan_version', 's.plan_version', 'g.plan_version').as('plan_version'),
        eb.fn.coalesce('i.exercise', 's.exercise', sql<number>`0`).as('exercise'),
      ])
      .where((eb) =>
        eb.or([
          eb('i.jurisdiction', 'in', where),
          eb('s.jurisdiction', 'in', where),
          eb('g.jurisdiction', 'in', where),
        ]),
      )
      .where((eb) =>
        eb.or([
          eb('d.status', '=', 'missed'),
          eb.and([eb('d.status', '=', 'open'), eb('d.due_at', '<', now)]),
        ]),
      )
      // a settled case owes nothing any more
      .where((eb) => eb.or([eb('i.status', 'is', null), eb('i.status', '!=', 'settled')]))
      .where((eb) => eb.or([eb('s.status', 'is', null), eb('s.status', '!=', 'settled')]))
      .orderBy('d.due_at')
      .orderBy('d.case_id')
      .orderBy('d.duty_id')
      .limit(limit)
      .execute()
  );
}

/** Every query above, printed for review (src/server/queries/overdue.sql, `npm run sql`). */
export const printed: PrintedQuery[] = [
  { name: 'overdueIn', run: (db) => overdueIn(db, x.scope, x.at, 200) },
];
