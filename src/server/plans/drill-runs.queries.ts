import type { Kysely } from 'kysely';
import { type PrintedQuery, example as x } from '../queries/printed.ts';
import type { DB, DrillRunsTable } from '../store/schema.ts';

/** The drill runs kept (plan.routes.ts: POST /api/drills stores each, the plan page lists them). */

/** Keep a drill run. */
export async function insertDrillRun(db: Kysely<DB>, row: DrillRunsTable): Promise<void> {
  await db.insertInto('drill_runs').values(row).execute();
}

/**
 * A plan's drill runs by the accounts of `scope` (the caller's jurisdictions), newest first, at
 * most `limit`; with the runner's name.
 */
export function drillRunsOf(db: Kysely<DB>, planId: string, scope: ReadonlySet<string>, limit: number) {
  return db
    .selectFrom('drill_runs')
    .leftJoin('users', 'users.id', 'drill_runs.run_by')
    .select([
      'drill_runs.id',
      'drill_runs.version',
      'drill_runs.scenario',
      'drill_runs.scenario_title',
      'drill_runs.shipped',
      'drill_runs.run_by_role',
      'drill_runs.jurisdiction_code',
      'drill_runs.run_at',
      'drill_runs.expected',
      'drill_runs.passed',
      'drill_runs.level',
      'drill_runs.met',
      'drill_runs.late',
      'drill_runs.missed',
      'drill_runs.differences',
      'users.username',
      'users.display_name',
    ])
    .where('drill_runs.plan_id', '=', planId)
    .where('drill_runs.jurisdiction_code', 'in', [...scope])
    .orderBy('drill_runs.run_at', 'desc')
    .orderBy('drill_runs.id', 'desc')
    .limit(limit)
    .execute();
}

/** Every query above, printed for review (src/server/queries/drill-runs.sql, `npm run sql`). */
export const printed: PrintedQuery[] = [
  {
    name: 'insertDrillRun',
    run: (db) =>
      insertDrillRun(db, {
        id: 'run-1',
        plan_id: x.planId,
        version: 2,
        scenario: 'village-late',
        scenario_title: '村报告迟到',
        scenario_yaml: 'title: 村报告迟到',
        shipped: 1,
        run_by: x.userId,
        run_by_role: 'officer',
        jurisdiction_code: x.jurisdiction,
        run_at: x.at,
        expected: 1,
        passed: 1,
        level: 'general',
        met: 3,
        late: 1,
        missed: 0,
        differences: '[]',
        review: '{}',
      }),
  },
  { name: 'drillRunsOf', run: (db) => drillRunsOf(db, x.planId, x.scope, 50) },
];
