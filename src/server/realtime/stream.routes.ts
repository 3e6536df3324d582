import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../core/api/errors.ts';
import { EventStream } from '../../core/api/responses.ts';
import { ValidationError } from '../../core/errors.ts';
import { CaseIdSchema } from '../../core/events/event.ts';
import type { Caller } from '../auth/auth.plugin.ts';
import { requireCaller } from '../auth/auth.plugin.ts';
import type { AppDeps } from '../deps.ts';
import { visibleIncident } from '../incident/incident.queries.ts';
import { SECURITY } from '../openapi.ts';
import type { Broadcaster, StreamOwner } from './broadcaster.ts';

function lastEventId(req: FastifyRequest): number | undefined {
  const h = req.headers['last-event-id'];
  if (h === undefined) return undefined;
  const n = Number(h);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new ValidationError('Last-Event-ID: the id of the last event received, a whole number');
  return n;
}

const owner = (c: Caller): StreamOwner => ({
  sessionId: c.id,
  userId: c.user.id,
  role: c.user.role,
  jurisdiction: c.user.jurisdiction_code,
});

function open(reply: FastifyReply): FastifyReply['raw'] {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'x-content-type-options': 'nosniff',
  });
  res.write(': connected\n\n');
  return res;
}

/**
 * Live events: the caller's jurisdiction and below, or one incident. Resume with
 * Last-Event-ID. The limits (streams per session and account, slow clients, how far back a
 * resume reaches) are the broadcaster's; README "Live streams" describes them.
 */
export const streamRoutes: FastifyPluginAsyncZod<AppDeps & { broadcaster: Broadcaster }> = async (
  app,
  deps,
) => {
  app.get(
    '/api/stream',
    {
      schema: {
        operationId: 'streamEvents',
        security: SECURITY.session,
        tags: ['realtime'],
        summary: "Server-Sent Events of the caller's jurisdiction and below",
        response: { 200: EventStream, ...errors(400, 401, 503) },
      },
    },
    async (req, reply) => {
      const caller = requireCaller(req);
      const last = lastEventId(req);
      deps.broadcaster.attach({ res: open(reply), owner: owner(caller), scope: caller.scope }, last);
    },
  );

  app.get(
    '/api/incidents/:caseId/stream',
    {
      schema: {
        operationId: 'streamIncidentEvents',
        security: SECURITY.session,
        tags: ['realtime'],
        summary: 'Server-Sent Events of one incident',
        params: z.object({ caseId: CaseIdSchema }),
        response: { 200: EventStream, ...errors(400, 401, 404, 503) },
      },
    },
    async (req, reply) => {
      const caller = requireCaller(req);
      const last = lastEventId(req);
      await visibleIncident(deps.store.db, caller.scope, req.params.caseId);
      deps.broadcaster.attach(
        { res: open(reply), owner: owner(caller), scope: caller.scope, caseId: req.params.caseId },
        last,
      );
    },
  );
};
