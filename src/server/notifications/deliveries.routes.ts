import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../core/api/errors.ts';
import { DeliveryList, Requeued } from '../../core/api/notifications.ts';
import { NotFoundError, StateError } from '../../core/errors.ts';
import { requireCaller } from '../auth/auth.plugin.ts';
import type { RouteDeps } from '../deps.ts';
import { SECURITY } from '../openapi.ts';
import { attemptsOf, deliveriesIn, deliveryPlace, requeueFailed } from './deliveries.queries.ts';

/**
 * The delivery log: every message to the webhooks in the caller's scope with every attempt —
 * its status code and classified error, never the receiver's answer (admins and auditors read
 * it) — and sending a failed one again (admins).
 */
export const deliveryRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const db = deps.store.db;

  app.get(
    '/api/notifications',
    {
      schema: {
        operationId: 'listNotifications',
        security: SECURITY.session,
        tags: ['notifications'],
        summary:
          'Every message to the webhooks in scope, with each delivery attempt: its status code and classified error',
        querystring: z
          .object({
            status: z.enum(['pending', 'delivered', 'failed']).optional(),
            webhook: z.string().optional(),
            caseId: z.string().optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100),
          })
          .strict(),
        response: { 200: DeliveryList, ...errors(400, 401, 403, 503) },
      },
    },
    async (req) => {
      const caller = requireCaller(req, 'deliveries.read');
      const rows = await deliveriesIn(db, caller.scope, req.query);
      const attempts = await attemptsOf(
        db,
        rows.map((r) => r.id),
      );
      return {
        notifications: rows.map((r) => {
          const m = JSON.parse(r.payload) as { title?: string };
          return {
            id: r.id,
            webhook: {
              id: r.webhook_id,
              name: r.webhook_name,
              format: r.format,
              jurisdiction: r.jurisdiction_code,
            },
            kind: r.kind,
            caseId: r.case_id,
            title: m.title ?? '',
            status: r.status,
            attempts: r.attempts,
            nextAttemptAt: r.status === 'pending' ? r.next_attempt_at : null,
            lastError: r.last_error,
            createdAt: r.created_at,
            deliveredAt: r.delivered_at,
            log: attempts
              .filter((a) => a.notification_id === r.id)
              .map((a) => ({
                attempt: a.attempt,
                at: a.at,
                status: a.status_code,
                error: a.error,
                detail: a.detail,
                ms: a.ms,
              })),
          };
        }),
      };
    },
  );

  app.post(
    '/api/notifications/:id/retry',
    {
      schema: {
        operationId: 'retryNotification',
        security: SECURITY.write,
        tags: ['notifications'],
        summary: 'Send a message that failed (or is waiting to be retried) again now',
        params: z.object({ id: z.string() }),
        response: { 202: Requeued, ...errors(401, 403, 404, 409, 503) },
      },
    },
    async (req, reply) => {
      const caller = requireCaller(req, 'webhooks.manage');
      const row = await deliveryPlace(db, req.params.id);
      if (!row || !caller.scope.has(row.jurisdiction_code))
        throw new NotFoundError(`no notification ${req.params.id}`);
      if (row.status !== 'failed')
        throw new StateError(
          row.status,
          row.status === 'delivered'
            ? `notification ${row.id} was delivered`
            : `notification ${row.id} is still being tried; it can be sent again once it has failed`,
        );
      await deps.store.transaction((tx) => requeueFailed(tx, row.id, deps.clock.now().toISOString()));
      return reply.status(202).send({ id: row.id, status: 'pending' });
    },
  );
};
