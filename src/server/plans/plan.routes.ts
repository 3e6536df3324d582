import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { errors } from '../../core/api/errors.ts';
import {
  DrillAnswer,
  DrillRunList,
  DrillScenarioList,
  PlanAnswer,
  PlanCheck,
  PlanList,
  PlanSource,
  PlanUploaded,
  PlanVersionList,
} from '../../core/api/plans.ts';
import { NotFoundError, ValidationError } from '../../core/errors.ts';
import { LIMITS } from '../../core/plan/limits.ts';
import { requireCaller } from '../auth/auth.plugin.ts';
import { perAccountRate } from '../auth/rate.ts';
import type { AppDeps } from '../deps.ts';
import { SECURITY } from '../openapi.ts';
import { drillRunsOf, insertDrillRun } from './drill-runs.queries.ts';
import { MORE_PROBLEMS } from './plan.load.ts';
import type { PlanRates, PlanWorkers } from './plan.pool.ts';
import { loadStoredPlans, planProblems, uploadPlan, visibleVersion } from './plan.versions.ts';

/** A plan's YAML text, as sent from the plan library's editor. */
const PlanText = z
  .string()
  .min(1, 'yaml: the plan text is empty')
  .max(LIMITS.planChars, `a plan text is at most ${LIMITS.planChars} characters`);

/** How often one account may have plans checked, versions uploaded and drills run. */
export type { PlanRates };
export const PLAN_RATES: PlanRates = { checks: 60, uploads: 10, drills: 30 };

/**
 * The plans the server runs: the library, the report form's level preview, uploads of new
 * versions (checked, with each problem at its line) and drills. Checks and drills run on worker
 * threads with a time limit (plan.pool.ts), at most so many a minute per account.
 */
export const planRoutes: FastifyPluginAsyncZod<AppDeps & { planWorkers: PlanWorkers }> = async (
  app,
  deps,
) => {
  const work = deps.planWorkers;
  const check = (name: string, yaml: string) => work.check(name, yaml);
  const checkStored = (name: string, yaml: string) => work.checkStored(name, yaml);
  const loadStored = () => loadStoredPlans(deps.store.db, deps.plans, undefined, checkStored);
  const rates = { ...PLAN_RATES, ...deps.planWork?.rates };
  const plan = async (id: string, version?: number) => {
    let p = deps.plans.get(id, version);
    if (!p) {
      await loadStored();
      p = deps.plans.get(id, version);
    }
    if (!p) throw new NotFoundError(`no plan ${id}${version ? ` v${version}` : ''}`);
    return p;
  };
  const IdParams = z.object({ id: z.string() });
  const VersionQuery = z.object({ version: z.coerce.number().int().min(1).optional() }).strict();

  app.get(
    '/api/plans',
    {
      schema: {
        operationId: 'listPlans',
        security: SECURITY.session,
        tags: ['plans'],
        summary: 'Every plan, newest version',
        response: { 200: PlanList, ...errors(401, 503) },
      },
    },
    async (req) => {
      requireCaller(req);
      await loadStored();
      return {
        plans: deps.plans.ids().map((id) => {
          const p = deps.plans.get(id);
          const history = deps.plans.history(id);
          return {
            id,
            title: p?.title ?? id,
            version: p?.version ?? 0,
            jurisdiction: p?.jurisdiction,
            effective: p?.effective,
            versions: history.length,
            origin: history[0]?.origin,
            drills: deps.plans.scenarios(id).length,
          };
        }),
      };
    },
  );

  app.get(
    '/api/plans/:id',
    {
      schema: {
        operationId: 'getPlan',
        security: SECURITY.session,
        tags: ['plans'],
        summary: 'One plan as data (the newest version, or ?version=)',
        params: IdParams,
        querystring: VersionQuery,
        response: { 200: PlanAnswer, ...errors(400, 401, 404, 503) },
      },
    },
    async (req) => {
      requireCaller(req);
      return { plan: await plan(req.params.id, req.query.version) };
    },
  );

  app.get(
    '/api/plans/:id/versions',
    {
      schema: {
        operationId: 'listPlanVersions',
        security: SECURITY.session,
        tags: ['plans'],
        summary:
          'Every version of a plan, newest first: where it came from; who uploaded it and why, for admins and auditors over where it was uploaded',
        params: IdParams,
        response: { 200: PlanVersionList, ...errors(401, 404, 503) },
      },
    },
    async (req) => {
      const caller = requireCaller(req);
      await plan(req.params.id);
      return { versions: deps.plans.history(req.params.id).map((v) => visibleVersion(v, caller)) };
    },
  );

  app.get(
    '/api/plans/:id/source',
    {
      schema: {
        operationId: 'getPlanSource',
        security: SECURITY.session,
        tags: ['plans'],
        summary: 'The YAML text of a version (the newest, or ?version=): the start of a new version',
        params: IdParams,
        querystring: VersionQuery,
        response: { 200: PlanSource, ...errors(400, 401, 404, 503) },
      },
    },
    async (req) => {
      const caller = requireCaller(req);
      const p = await plan(req.params.id, req.query.version);
      const src = deps.plans.source(p.id, p.version);
      if (!src) throw new NotFoundError(`no text of plan ${p.id} v${p.version}`);
      return { yaml: src.yaml, info: visibleVersion(src.info, caller) };
    },
  );

  app.post(
    '/api/plans/check',
    {
      schema: {
        operationId: 'checkPlan',
        security: SECURITY.write,
        tags: ['plans'],
        summary: `Check a plan text as \`huajie plan check\` does; each problem with its line and column (the first ${LIMITS.problems})`,
        body: z.object({ yaml: PlanText, name: z.string().max(200).optional() }).strict(),
        response: { 200: PlanCheck, ...errors(400, 401, 403, 422, 429, 503) },
      },
      config: perAccountRate(rates.checks, 'plan checks'),
    },
    async (req) => {
      requireCaller(req);
      const {
        plan: p,
        problems,
        truncated,
        warnings = [],
      } = await work.check(req.body.name ?? 'plan.yaml', req.body.yaml);
      const current = p ? deps.plans.get(p.id) : undefined;
      return {
        ok: problems.length === 0,
        problems: problems.map((x) => ({ line: x.line, column: x.column, path: x.path, message: x.message })),
        /** more problems than listed */
        truncated,
        ...(truncated ? { note: MORE_PROBLEMS } : {}),
        warnings: warnings.map((x) => ({ line: x.line, column: x.column, path: x.path, message: x.message })),
        plan: p ? { id: p.id, version: p.version, title: p.title } : null,
        current: current ? { version: current.version, title: current.title } : null,
      };
    },
  );

  app.post(
    '/api/plans',
    {
      schema: {
        operationId: 'uploadPlan',
        security: SECURITY.write,
        tags: ['plans'],
        summary:
          'Upload a new version of a plan (admins); new incidents run under it, running ones keep theirs',
        body: z
          .object({
            yaml: PlanText,
            note: z.string().trim().min(1, 'note: say what changed in this version').max(2000),
            name: z.string().max(200).optional(),
          })
          .strict(),
        response: { 201: PlanUploaded, 200: PlanUploaded, ...errors(400, 401, 403, 409, 422, 429, 503) },
      },
      config: perAccountRate(rates.uploads, 'plan uploads'),
    },
    async (req, reply) => {
      const caller = requireCaller(req, 'plan.publish');
      const { info, created } = await uploadPlan(
        { store: deps.store, registry: deps.plans, clock: deps.clock, check, checkStored },
        caller,
        req.body,
      );
      return reply.status(created ? 201 : 200).send({ version: visibleVersion(info, caller), created });
    },
  );

  app.get(
    '/api/plans/:id/drills',
    {
      schema: {
        operationId: 'listDrillScenarios',
        security: SECURITY.session,
        tags: ['drills'],
        summary:
          'The drill scenarios shipped with a plan version (the newest, or ?version=): those beside that version, else beside the nearest before it',
        params: IdParams,
        querystring: VersionQuery,
        response: { 200: DrillScenarioList, ...errors(400, 401, 404, 503) },
      },
    },
    async (req) => {
      requireCaller(req);
      const p = await plan(req.params.id, req.query.version);
      return { scenarios: deps.plans.scenarios(p.id, p.version) };
    },
  );

  app.get(
    '/api/plans/:id/drill-runs',
    {
      schema: {
        operationId: 'listDrillRuns',
        security: SECURITY.session,
        tags: ['drills'],
        summary:
          "The drill runs of a plan by accounts of the caller's jurisdiction and those below it, newest first: who ran which scenario against which version, when, and how it went",
        params: IdParams,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }).strict(),
        response: { 200: DrillRunList, ...errors(400, 401, 404, 503) },
      },
    },
    async (req) => {
      const caller = requireCaller(req);
      await plan(req.params.id);
      const rows = await drillRunsOf(deps.store.db, req.params.id, caller.scope, req.query.limit);
      return {
        runs: rows.map((r) => ({
          id: r.id,
          version: r.version,
          scenario: r.scenario,
          scenarioTitle: r.scenario_title,
          shipped: r.shipped === 1,
          by: {
            role: r.run_by_role,
            username: r.username ?? null,
            name: r.display_name ?? null,
            jurisdiction: r.jurisdiction_code,
          },
          at: r.run_at,
          expected: r.expected === 1,
          passed: r.passed === 1,
          level: r.level,
          duties: { met: r.met, late: r.late, missed: r.missed },
          differences: JSON.parse(r.differences) as string[],
        })),
      };
    },
  );

  app.post(
    '/api/drills',
    {
      schema: {
        operationId: 'runDrill',
        security: SECURITY.write,
        tags: ['drills'],
        summary:
          'Run a drill: a shipped scenario (by name) or a composed one (YAML) against a plan version, on a simulated clock',
        body: z
          .object({
            plan: z.string().min(1),
            version: z.number().int().min(1).optional(),
            scenario: z.string().min(1).optional(),
            yaml: z
              .string()
              .min(1)
              .max(LIMITS.scenarioChars, `a scenario is at most ${LIMITS.scenarioChars} characters`)
              .optional(),
          })
          .strict()
          .refine((b) => (b.scenario === undefined) !== (b.yaml === undefined), {
            message: 'give either scenario (a shipped scenario’s name) or yaml (a composed scenario)',
          }),
        response: { 200: DrillAnswer, ...errors(400, 401, 403, 404, 422, 429, 503) },
      },
      config: perAccountRate(rates.drills, 'drill runs'),
    },
    async (req) => {
      const caller = requireCaller(req);
      const p = await plan(req.body.plan, req.body.version);
      let text = req.body.yaml;
      let name = 'scenario.yaml';
      if (req.body.scenario !== undefined) {
        const shipped = deps.plans.scenarios(p.id, p.version).find((s) => s.name === req.body.scenario);
        if (!shipped)
          throw new ValidationError(
            `scenario: plan ${p.id} has no scenario "${req.body.scenario}" (${
              deps.plans
                .scenarios(p.id, p.version)
                .map((s) => s.name)
                .join(', ') || 'none shipped'
            })`,
          );
        text = shipped.yaml;
        name = `${shipped.name}.yaml`;
      }
      const outcome = await work.drill(p, name, text ?? '');
      if (!outcome.ran) {
        // a composed event whose data the plan's rules cannot read
        if ('error' in outcome)
          throw new ValidationError(`scenario: the drill could not run: ${outcome.error}`);
        throw planProblems(outcome.problems, 'scenario', outcome.truncated);
      }
      const { review, differences } = outcome.result;
      // kept: who ran which scenario against which version, when, and how it went
      const run = { id: uuidv7(), at: deps.clock.now().toISOString() };
      const duties = review.duties;
      const row = {
        id: run.id,
        plan_id: p.id,
        version: p.version,
        scenario: req.body.scenario ?? '',
        scenario_title: review.scenario,
        scenario_yaml: text ?? '',
        shipped: req.body.scenario !== undefined ? 1 : 0,
        run_by: caller.user.id,
        run_by_role: caller.user.role,
        jurisdiction_code: caller.user.jurisdiction_code,
        run_at: run.at,
        expected: outcome.expected ? 1 : 0,
        passed: differences.length === 0 ? 1 : 0,
        level: review.level?.id ?? null,
        met: duties.filter((d) => d.status === 'met' && d.lateSeconds === 0).length,
        late: duties.filter((d) => d.status === 'met' && d.lateSeconds > 0).length,
        missed: duties.filter((d) => d.status === 'missed').length,
        differences: JSON.stringify(differences),
        review: JSON.stringify(review),
      };
      await deps.store.transaction((db) => insertDrillRun(db, row));
      return {
        review,
        differences,
        passed: differences.length === 0,
        expected: outcome.expected,
        start: outcome.start,
        run,
      };
    },
  );
};
