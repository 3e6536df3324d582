import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { JurisdictionPatch, SubJurisdictionInput } from '../../core/accounts/accounts.ts';
import { JurisdictionAnswer, JurisdictionList } from '../../core/api/accounts.ts';
import { errors } from '../../core/api/errors.ts';
import { NotFoundError, ValidationError } from '../../core/errors.ts';
import { requireCaller } from '../auth/auth.plugin.ts';
import type { RouteDeps } from '../deps.ts';
import { SECURITY } from '../openapi.ts';
import { loadStoredPlans } from '../plans/plan.versions.ts';
import type { JurisdictionsTable } from '../store/schema.ts';
import { addJurisdiction, updateJurisdiction } from './accounts.repo.ts';
import { jurisdictionsIn } from './jurisdictions.queries.ts';
import { inScope } from './scope.ts';

const jurisdictionView = (j: JurisdictionsTable) => ({
  code: j.code,
  name: j.name,
  level: j.level,
  parent: j.parent_code,
  plan: j.plan_id,
});

/**
 * The jurisdiction tree: everyone sees their own part of it; admins add below their own
 * jurisdiction, rename, and set the plan new incidents there run under.
 */
export const jurisdictionRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  // a plan uploaded through another server is known once its versions are loaded
  const loadPlans = () =>
    loadStoredPlans(deps.store.db, deps.plans, undefined, (name, yaml) =>
      deps.planWorkers.checkStored(name, yaml),
    );

  app.get(
    '/api/jurisdictions',
    {
      schema: {
        operationId: 'listJurisdictions',
        security: SECURITY.session,
        tags: ['admin'],
        summary: "The caller's jurisdiction and everything below it",
        response: { 200: JurisdictionList, ...errors(401, 503) },
      },
    },
    async (req) => {
      const caller = requireCaller(req);
      const rows = await jurisdictionsIn(deps.store.db, caller.scope);
      return { jurisdictions: rows.map(jurisdictionView) };
    },
  );

  app.post(
    '/api/jurisdictions',
    {
      schema: {
        operationId: 'addJurisdiction',
        security: SECURITY.write,
        tags: ['admin'],
        summary: 'Add a jurisdiction under one in the admin’s scope',
        body: SubJurisdictionInput,
        response: { 201: JurisdictionAnswer, ...errors(400, 401, 403, 404, 409, 503) },
      },
    },
    async (req, reply) => {
      const caller = requireCaller(req, 'accounts.manage');
      inScope(caller, req.body.parent, 'parent');
      if (req.body.plan) await loadPlans();
      if (req.body.plan && !deps.plans.get(req.body.plan))
        throw new ValidationError(`plan: no plan "${req.body.plan}" (plans: ${deps.plans.ids().join(', ')})`);
      const row = await addJurisdiction(deps.store, deps.clock, req.body);
      return reply.status(201).send({ jurisdiction: jurisdictionView(row) });
    },
  );

  app.patch(
    '/api/jurisdictions/:code',
    {
      schema: {
        operationId: 'updateJurisdiction',
        security: SECURITY.write,
        tags: ['admin'],
        summary: 'Rename a jurisdiction or set the plan its new incidents run under',
        params: z.object({ code: z.string() }),
        body: JurisdictionPatch,
        response: { 200: JurisdictionAnswer, ...errors(400, 401, 403, 404, 503) },
      },
    },
    async (req) => {
      const caller = requireCaller(req, 'accounts.manage');
      if (!caller.scope.has(req.params.code)) throw new NotFoundError(`no jurisdiction ${req.params.code}`);
      if (req.body.plan) await loadPlans();
      const row = await updateJurisdiction(deps.store, req.params.code, req.body, (id) =>
        Boolean(deps.plans.get(id)),
      );
      return { jurisdiction: jurisdictionView(row) };
    },
  );
};
