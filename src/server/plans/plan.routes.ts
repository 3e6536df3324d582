import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError } from '../../core/errors.ts';
import type { AppDeps } from '../app.ts';
import { requireCaller } from '../auth/auth.plugin.ts';

/** The plans the server runs, for the plan library and the report form's level preview. */
export const planRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/api/plans',
    { schema: { tags: ['plans'], summary: 'Every plan, newest version' } },
    async (req) => {
      requireCaller(req);
      return {
        plans: deps.plans.ids().map((id) => {
          const p = deps.plans.get(id);
          return {
            id,
            title: p?.title ?? id,
            version: p?.version ?? 0,
            jurisdiction: p?.jurisdiction,
            effective: p?.effective,
          };
        }),
      };
    },
  );

  app.get(
    '/api/plans/:id',
    {
      schema: {
        tags: ['plans'],
        summary: 'One plan as data (the newest version, or ?version=)',
        params: z.object({ id: z.string() }),
        querystring: z.object({ version: z.coerce.number().int().min(1).optional() }).strict(),
      },
    },
    async (req) => {
      requireCaller(req);
      const plan = deps.plans.get(req.params.id, req.query.version);
      if (!plan)
        throw new NotFoundError(
          `no plan ${req.params.id}${req.query.version ? ` v${req.query.version}` : ''}`,
        );
      return { plan };
    },
  );
};
