import type { Kysely } from 'kysely';
import type { Clock } from '../../core/clock.ts';
import { ForbiddenError, StateError, ValidationError } from '../../core/errors.ts';
import type { Caller } from '../auth/auth.plugin.ts';
import { uniqueViolation } from '../store/dialect.ts';
import type { EventStore } from '../store/event-store.ts';
import type { DB } from '../store/schema.ts';
import { checkPlanText, type FileProblem } from './plan.load.ts';
import { type PlanRegistry, type PlanVersionInfo, sha256 } from './plan.registry.ts';

/** Plan problems as a 400 whose issues name the line and column of each. */
export function planProblems(problems: FileProblem[], what = 'plan'): ValidationError {
  const issues = problems.map((p) => ({ path: p.path, message: p.message, line: p.line, column: p.column }));
  return new ValidationError(
    `the ${what} does not check (${problems.length} problem${problems.length === 1 ? '' : 's'}): ${problems
      .slice(0, 3)
      .map((p) => `line ${p.line}: ${p.path ? `${p.path}: ` : ''}${p.message}`)
      .join('; ')}${problems.length > 3 ? '; …' : ''}`,
    issues,
  );
}

/** Stored versions that did not check, reported once per registry. */
const refused = new WeakMap<PlanRegistry, Set<string>>();

/**
 * Bring the registry up to the uploaded versions in the database: at start, and whenever a
 * server meets a version it does not hold (another server took the upload). A stored version
 * that no longer checks (the plan format changed under it) is reported and left out.
 */
export async function loadStoredPlans(
  db: Kysely<DB>,
  registry: PlanRegistry,
  onProblem: (message: string) => void = (m) => console.error(m),
): Promise<number> {
  const keys = await db.selectFrom('plan_versions').select(['plan_id', 'version']).execute();
  let added = 0;
  for (const k of keys) {
    if (registry.has(k.plan_id, k.version) || refused.get(registry)?.has(`${k.plan_id}@${k.version}`))
      continue;
    const row = await db
      .selectFrom('plan_versions')
      .selectAll()
      .where('plan_id', '=', k.plan_id)
      .where('version', '=', k.version)
      .executeTakeFirstOrThrow();
    const { plan, problems } = checkPlanText(`${row.plan_id} v${row.version}`, row.yaml);
    if (!plan) {
      refused.set(registry, (refused.get(registry) ?? new Set()).add(`${row.plan_id}@${row.version}`));
      onProblem(
        `stored plan ${row.plan_id} v${row.version} no longer checks: ${problems.map((p) => p.message).join('; ')}`,
      );
      continue;
    }
    if (registry.has(plan.id, plan.version)) continue;
    registry.add(plan, row.yaml, {
      origin: 'uploaded',
      uploadedBy: row.uploaded_by,
      uploadedAt: row.uploaded_at,
      note: row.note,
    });
    added++;
  }
  return added;
}

/**
 * Store a new version of a plan. It must check, be numbered above every version held, and
 * the uploader's scope must cover every jurisdiction that runs the plan. Sending the same
 * text again answers with the stored version (a retry), not a conflict.
 */
export async function uploadPlan(
  store: EventStore,
  registry: PlanRegistry,
  clock: Clock,
  caller: Caller,
  input: { yaml: string; note: string; name?: string },
): Promise<{ info: PlanVersionInfo; created: boolean }> {
  const { plan, problems } = checkPlanText(input.name ?? 'plan.yaml', input.yaml);
  if (!plan) throw planProblems(problems);
  await loadStoredPlans(store.db, registry);

  const runners = await store.db
    .selectFrom('jurisdictions')
    .select(['code', 'name'])
    .where('plan_id', '=', plan.id)
    .execute();
  const outside = runners.filter((j) => !caller.scope.has(j.code));
  if (outside.length) {
    throw new ForbiddenError(
      `plan ${plan.id} is also run by ${outside
        .slice(0, 5)
        .map((j) => `${j.name} (${j.code})`)
        .join(', ')}, outside your jurisdiction; an admin over all of them uploads its versions`,
    );
  }

  const same = registry.source(plan.id, plan.version);
  if (same) {
    if (same.info.sha256 === sha256(input.yaml)) return { info: same.info, created: false };
    throw new StateError(
      'version_exists',
      `${plan.id} v${plan.version} exists already and a version never changes; number this one v${(registry.get(plan.id)?.version ?? plan.version) + 1}`,
    );
  }
  const latest = registry.get(plan.id);
  if (latest && plan.version < latest.version) {
    throw new StateError(
      'version_not_newer',
      `${plan.id} is at v${latest.version}; number the new version v${latest.version + 1}`,
    );
  }

  const row = {
    plan_id: plan.id,
    version: plan.version,
    yaml: input.yaml,
    sha256: sha256(input.yaml),
    uploaded_by: caller.user.username,
    uploaded_at: clock.now().toISOString(),
    note: input.note,
  };
  await store.transaction(async (db) => {
    await db
      .insertInto('plan_versions')
      .values(row)
      .execute()
      .catch((e: unknown) => {
        if (uniqueViolation(e))
          throw new StateError(
            'version_exists',
            `${plan.id} v${plan.version} was stored a moment ago by someone else; reload and number this one higher`,
          );
        throw e;
      });
  });
  registry.add(plan, input.yaml, {
    origin: 'uploaded',
    uploadedBy: row.uploaded_by,
    uploadedAt: row.uploaded_at,
    note: row.note,
  });
  return { info: registry.source(plan.id, plan.version)?.info as PlanVersionInfo, created: true };
}
