import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../core/api/errors.ts';
import { OverdueList } from '../../core/api/overdue.ts';
import { requireCaller } from '../auth/auth.plugin.ts';
import type { RouteDeps } from '../deps.ts';
import { SECURITY } from '../openapi.ts';
import { overdueIn } from './overdue.queries.ts';

/** 逾期: what is overdue across every case in the caller's scope, most overdue first. */
export const overdueRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  app.get(
    '/api/overdue',
    {
      schema: {
        operationId: 'listOverdue',
        security: SECURITY.session,
        tags: ['incidents', 'disputes', 'screening'],
        summary:
          "What is overdue (逾期) in the caller's jurisdiction and below: duties, commitments and screening periods past due and not met, of every case not settled, most overdue first",
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(200) }).strict(),
        response: { 200: OverdueList, ...errors(400, 401, 503) },
      },
    },
    async (req) => {
      const caller = requireCaller(req);
      const rows = await overdueIn(
        deps.store.db,
        caller.scope,
        deps.clock.now().toISOString(),
        req.query.limit,
      );
      return { overdue: rows.map((r) => ({ ...r, exercise: Number(r.exercise) === 1 })) };
    },
  );
};
