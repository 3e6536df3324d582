import type { Kysely } from 'kysely';
import { may } from '../../core/accounts/permissions.ts';
import type { Clock } from '../../core/clock.ts';
import { ForbiddenError, StateError, ValidationError } from '../../core/errors.ts';
import type { Plan } from '../../core/plan/plan.schema.ts';
import { isTopOfTree } from '../accounts/accounts.repo.ts';
import type { Caller } from '../auth/auth.plugin.ts';
import { uniqueViolation } from '../store/dialect.ts';
import type { EventStore } from '../store/event-store.ts';
import type { DB, PlanVersionsTable } from '../store/schema.ts';
import { checkPlanText, type FileProblem, MORE_PROBLEMS } from './plan.load.ts';
import {
  firstUpload,
  insertUploadedVersion,
  jurisdictionsRunning,
  uploadedVersion,
  uploadedVersionKeys,
} from './plan.queries.ts';
import { type PlanRegistry, type PlanVersionInfo, sha256 } from './plan.registry.ts';
import type { PlanCheckResult } from './plan.tasks.ts';

/** How a plan's text is checked: here (files at start) or on a worker (requests). */
export type CheckText = (name: string, yaml: string) => PlanCheckResult | Promise<PlanCheckResult>;

/** Plan problems as a 400 whose issues name the line and column of each. */
export function planProblems(problems: FileProblem[], what = 'plan', truncated = false): ValidationError {
  const issues = problems.map((p) => ({ path: p.path, message: p.message, line: p.line, column: p.column }));
  const count = truncated ? MORE_PROBLEMS : `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
  return new ValidationError(
    `the ${what} does not check (${count}): ${problems
      .slice(0, 3)
      .map((p) => `line ${p.line}: ${p.path ? `${p.path}: ` : ''}${p.message}`)
      .join('; ')}${problems.length > 3 ? '; …' : ''}`,
    issues,
  );
}

/**
 * A version as the caller may see it. Who uploaded it, from where, and the note are shown to
 * admins and auditors whose scope covers the jurisdiction it was uploaded in; everyone else sees
 * the version, its time, origin and hash.
 */
export function visibleVersion(info: PlanVersionInfo, caller: Caller): PlanVersionInfo {
  const mayRead =
    may(caller.user.role, 'plan.provenance') &&
    info.uploadedIn !== undefined &&
    caller.scope.has(info.uploadedIn);
  if (mayRead) return info;
  const { uploadedBy: _by, uploadedIn: _in, note: _note, ...rest } = info;
  return rest;
}

/** Stored versions that did not check, reported once per registry. */
const refused = new WeakMap<PlanRegistry, Set<string>>();

/**
 * Bring the registry up to the uploaded versions in the database: at start, and whenever a
 * server meets a version it does not hold (another server took the upload). A stored version
 * that no longer checks (the plan format changed under it) is reported and left out. A stored
 * version whose text differs from a shipped file of the same number stops the server: incidents
 * pinned to it would otherwise run under another plan than the one they started with.
 */
export async function loadStoredPlans(
  db: Kysely<DB>,
  registry: PlanRegistry,
  onProblem: (message: string) => void = (m) => console.error(m),
  check: CheckText = checkPlanText,
): Promise<number> {
  const keys = await uploadedVersionKeys(db);
  let added = 0;
  for (const k of keys) {
    const held = registry.source(k.plan_id, k.version);
    if (held) {
      if (held.info.sha256 !== k.sha256)
        throw new Error(
          `plan ${k.plan_id} v${k.version} was uploaded with another text than the shipped file of the same version (${held.info.sha256.slice(0, 12)} ≠ ${k.sha256.slice(0, 12)}); number the shipped file above every uploaded version`,
        );
      continue;
    }
    if (refused.get(registry)?.has(`${k.plan_id}@${k.version}`)) continue;
    const row = await uploadedVersion(db, k.plan_id, k.version);
    let checked: PlanCheckResult;
    try {
      checked = await check(`${row.plan_id} v${row.version}`, row.yaml);
    } catch (e) {
      // a busy or slow worker: tried again the next time
      onProblem(
        `stored plan ${row.plan_id} v${row.version} could not be checked now: ${(e as Error).message}`,
      );
      continue;
    }
    const { plan, problems } = checked;
    if (!plan || plan.id !== row.plan_id || plan.version !== row.version) {
      refused.set(registry, (refused.get(registry) ?? new Set()).add(`${row.plan_id}@${row.version}`));
      onProblem(
        `stored plan ${row.plan_id} v${row.version} no longer checks: ${problems.map((p) => p.message).join('; ')}`,
      );
      continue;
    }
    // another request of this server may have added it while this one read
    if (registry.has(plan.id, plan.version)) continue;
    addUploaded(registry, plan, row);
    added++;
  }
  return added;
}

/** Hold an uploaded version in the registry, with who uploaded it, where and why. */
function addUploaded(registry: PlanRegistry, plan: Plan, row: Omit<PlanVersionsTable, 'sha256'>): void {
  registry.add(plan, row.yaml, {
    origin: 'uploaded',
    uploadedBy: row.uploaded_by,
    uploadedIn: row.jurisdiction_code,
    uploadedAt: row.uploaded_at,
    note: row.note,
  });
}

/**
 * Who may upload a version of a plan. A plan someone uploaded belongs to the jurisdiction that
 * first uploaded it: its admins and those above always may, whoever else has since been made to
 * run it; nobody else may. A plan shipped with the system and never uploaded: an admin whose
 * scope covers every jurisdiction that runs it; run nowhere yet, only an admin at the top of the
 * tree.
 */
async function mayUpload(db: Kysely<DB>, caller: Caller, planId: string, shipped: boolean): Promise<void> {
  const first = await firstUpload(db, planId);
  if (first) {
    if (caller.scope.has(first.jurisdiction_code)) return;
    throw new ForbiddenError(
      `plan ${planId} was first uploaded in ${first.jurisdiction_code}, outside your jurisdiction; an admin there or above uploads its versions`,
    );
  }
  const runners = await jurisdictionsRunning(db, planId);
  const outside = runners.filter((j) => !caller.scope.has(j.code));
  if (outside.length) {
    throw new ForbiddenError(
      `plan ${planId} is also run by ${outside
        .slice(0, 5)
        .map((j) => `${j.name} (${j.code})`)
        .join(', ')}, outside your jurisdiction; an admin over all of them uploads its versions`,
    );
  }
  if (shipped && runners.length === 0) {
    if (!(await isTopOfTree(db, caller.user.jurisdiction_code)))
      throw new ForbiddenError(
        `plan ${planId} is shipped with the system and run nowhere yet; an admin at the top of the tree uploads its versions`,
      );
  }
}

/**
 * Store a new version of a plan. It must check and be numbered next after every version held
 * (a new plan may start at any number), and the uploader must be allowed (mayUpload). Sending
 * the same text again answers with the stored version (a retry), not a conflict — wherever the
 * version turns out to exist: before anything is looked at, after the permission and number
 * checks (another request of this server stored it meanwhile), or at the insert (another
 * server did).
 */
export async function uploadPlan(
  deps: {
    store: EventStore;
    registry: PlanRegistry;
    clock: Clock;
    /** how the uploaded text is checked */
    check?: CheckText;
    /** how versions already stored (by another server, meanwhile) are checked */
    checkStored?: CheckText;
  },
  caller: Caller,
  input: { yaml: string; note: string; name?: string },
): Promise<{ info: PlanVersionInfo; created: boolean }> {
  const { store, registry, clock } = deps;
  const check = deps.check ?? checkPlanText;
  const { plan, problems, truncated } = await check(input.name ?? 'plan.yaml', input.yaml);
  if (!plan) throw planProblems(problems, 'plan', truncated);
  const load = () => loadStoredPlans(store.db, registry, undefined, deps.checkStored ?? check);
  await load();
  const hash = sha256(input.yaml);
  /** the version as held: this text again is a retry; another text, a conflict (`taken`) */
  const held = (taken?: () => StateError) => {
    const same = registry.source(plan.id, plan.version);
    if (same?.info.sha256 === hash) return { info: same.info, created: false };
    if (same && taken) throw taken();
    return null;
  };
  const again = held();
  if (again) return again;

  const history = registry.history(plan.id);
  await mayUpload(
    store.db,
    caller,
    plan.id,
    history.some((v) => v.origin === 'bundled'),
  );
  // another request of this server may have stored it while this one was looking
  const meanwhile = held();
  if (meanwhile) return meanwhile;
  const latest = registry.get(plan.id);
  if (latest && plan.version !== latest.version + 1) {
    throw new StateError(
      plan.version <= latest.version ? 'version_exists' : 'version_skipped',
      `${plan.id} is at v${latest.version}${
        plan.version <= latest.version ? ` and a version never changes` : ''
      }; number this one v${latest.version + 1}`,
    );
  }

  const row = {
    plan_id: plan.id,
    version: plan.version,
    yaml: input.yaml,
    sha256: hash,
    uploaded_by: caller.user.username,
    jurisdiction_code: caller.user.jurisdiction_code,
    uploaded_at: clock.now().toISOString(),
    note: input.note,
  };
  try {
    await store.transaction((db) => insertUploadedVersion(db, row));
  } catch (e) {
    if (!uniqueViolation(e)) throw e;
    // someone stored this number a moment ago: the same text is this request's retry
    await load();
    const taken = () =>
      new StateError(
        'version_exists',
        `${plan.id} v${plan.version} was stored a moment ago by someone else; reload it and number yours v${plan.version + 1}`,
      );
    const landed = held(taken);
    if (landed) return landed;
    throw taken();
  }
  if (!registry.has(plan.id, plan.version)) addUploaded(registry, plan, row);
  return { info: registry.source(plan.id, plan.version)?.info as PlanVersionInfo, created: true };
}
