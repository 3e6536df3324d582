import type { Kysely } from 'kysely';
import { type PrintedQuery, example as x } from '../queries/printed.ts';
import type { DB, PlanVersionsTable } from '../store/schema.ts';

/** The reads and writes of uploaded plan versions (plan.versions.ts, for the plan routes). */

/** Every uploaded version: its plan, number and the hash of its text. */
export function uploadedVersionKeys(db: Kysely<DB>) {
  return db.selectFrom('plan_versions').select(['plan_id', 'version', 'sha256']).execute();
}

/** One uploaded version, whole; it must exist (its key was read). */
export function uploadedVersion(db: Kysely<DB>, planId: string, version: number) {
  return db
    .selectFrom('plan_versions')
    .selectAll()
    .where('plan_id', '=', planId)
    .where('version', '=', version)
    .executeTakeFirstOrThrow();
}

/** The first uploaded version of a plan: where it was uploaded (the plan belongs there). */
export function firstUpload(db: Kysely<DB>, planId: string) {
  return db
    .selectFrom('plan_versions')
    .select(['jurisdiction_code', 'version'])
    .where('plan_id', '=', planId)
    .orderBy('version')
    .executeTakeFirst();
}

/** The jurisdictions whose incidents run under this plan. */
export function jurisdictionsRunning(db: Kysely<DB>, planId: string) {
  return db.selectFrom('jurisdictions').select(['code', 'name']).where('plan_id', '=', planId).execute();
}

/** Store an uploaded version (refused by the key if its number is taken). */
export async function insertUploadedVersion(tx: Kysely<DB>, row: PlanVersionsTable): Promise<void> {
  await tx.insertInto('plan_versions').values(row).execute();
}

/** Every query above, printed for review (src/server/queries/plan.sql, `npm run sql`). */
export const printed: PrintedQuery[] = [
  { name: 'uploadedVersionKeys', run: (db) => uploadedVersionKeys(db) },
  {
    name: 'uploadedVersion',
    run: (db) => uploadedVersion(db, x.planId, 2),
    rows: [{ plan_id: x.planId, version: 2 }],
  },
  { name: 'firstUpload', run: (db) => firstUpload(db, x.planId) },
  { name: 'jurisdictionsRunning', run: (db) => jurisdictionsRunning(db, x.planId) },
  {
    name: 'insertUploadedVersion',
    run: (db) =>
      insertUploadedVersion(db, {
        plan_id: x.planId,
        version: 2,
        yaml: 'id: plan-1',
        sha256: '0'.repeat(64),
        uploaded_by: x.username,
        jurisdiction_code: x.jurisdiction,
        uploaded_at: x.at,
        note: 'what changed',
      }),
  },
];
