import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { errors } from '../../core/api/errors.ts';
import { ReplyChannelRead, ReplyChannelReads } from '../../core/api/incidents.ts';
import { NoContent } from '../../core/api/responses.ts';
import { NotFoundError, StateError } from '../../core/errors.ts';
import { CaseIdSchema } from '../../core/events/event.ts';
import { type Caller, requireCaller } from '../auth/auth.plugin.ts';
import type { AppDeps } from '../deps.ts';
import { SECURITY } from '../openapi.ts';
import { visibleIncident } from './incident.queries.ts';
import {
  hasDemand,
  keepReplyChannel,
  recordReplyChannelRead,
  removeReplyChannel,
  replyChannel,
  replyChannelReads,
  statusBeforeKeeping,
} from './reply-channel.queries.ts';

/**
 * A demand's reply channel: how to reach the representatives who raised it, if they chose
 * to give one (a phone number, an address for the written answer). It is optional, kept
 * outside the log, and every read is itself recorded — who, when and why — in an access log
 * nobody can edit. It outlives the incident's closing (answers and promises are still owed
 * then) and is purged a set time after the incident is settled (已销号; cases/contact-purge.ts).
 */
const Params = z.object({ caseId: CaseIdSchema, demandId: z.string().min(1).max(100) });
/** those who answer demands; leaders, admins and auditors never read the channel itself */

export const replyChannelRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const db = deps.store.db;

  async function openDemand(caller: Caller, caseId: string, demandId: string) {
    const incident = await visibleIncident(db, caller.scope, caseId);
    if (!(await hasDemand(db, caseId, demandId)))
      throw new NotFoundError(`no demand ${demandId} in incident ${caseId}`);
    return incident;
  }

  app.put(
    '/api/incidents/:caseId/demands/:demandId/reply-channel',
    {
      schema: {
        operationId: 'setReplyChannel',
        security: SECURITY.write,
        tags: ['demands'],
        summary: "Keep how to reach a demand's representatives (optional; purged a set time after 销号)",
        params: Params,
        body: z.object({ channel: z.string().trim().min(1).max(300) }).strict(),
        response: { 204: NoContent, ...errors(400, 401, 403, 404, 409, 503) },
      },
    },
    async (req, reply) => {
      const caller = requireCaller(req, 'case.record');
      const { caseId, demandId } = req.params;
      await openDemand(caller, caseId, demandId);
      await deps.store.transaction(async (tx) => {
        // a settling append updates this row: waiting on it means 销号 either went first (and
        // is seen here) or stamps this channel for the purge after us
        if ((await statusBeforeKeeping(tx, deps.store.engine, caseId)) === 'settled')
          throw new StateError(
            'settled',
            `incident ${caseId} is settled (已销号): reply channels are no longer kept`,
          );
        await keepReplyChannel(tx, {
          caseId,
          demandId,
          channel: req.body.channel,
          setBy: caller.user.id,
          setAt: deps.clock.now().toISOString(),
        });
      });
      return reply.status(204).send();
    },
  );

  app.delete(
    '/api/incidents/:caseId/demands/:demandId/reply-channel',
    {
      schema: {
        operationId: 'removeReplyChannel',
        security: SECURITY.write,
        tags: ['demands'],
        summary: 'Remove a reply channel (the representatives withdrew it)',
        params: Params,
        response: { 204: NoContent, ...errors(400, 401, 403, 404, 503) },
      },
    },
    async (req, reply) => {
      const caller = requireCaller(req, 'case.record');
      const { caseId, demandId } = req.params;
      await openDemand(caller, caseId, demandId);
      await deps.store.transaction((tx) => removeReplyChannel(tx, caseId, demandId));
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/incidents/:caseId/demands/:demandId/reply-channel/read',
    {
      schema: {
        operationId: 'readReplyChannel',
        security: SECURITY.write,
        tags: ['demands'],
        summary: 'Read a reply channel, saying why; the read is recorded (who, when, why)',
        params: Params,
        body: z
          .object({
            reason: z.string().trim().min(4, 'reason: say why you need it (at least 4 characters)').max(500),
          })
          .strict(),
        response: { 200: ReplyChannelRead, ...errors(400, 401, 403, 404, 503) },
      },
    },
    async (req) => {
      const caller = requireCaller(req, 'case.reply-channel.read');
      const { caseId, demandId } = req.params;
      await openDemand(caller, caseId, demandId);
      const at = deps.clock.now().toISOString();
      // the read and its record are one transaction: no read goes unrecorded
      return deps.store.transaction(async (tx) => {
        const row = await replyChannel(tx, caseId, demandId);
        if (!row)
          throw new NotFoundError(
            `demand ${demandId} has no reply channel (none was given, it was withdrawn, or it was purged after the incident was settled)`,
          );
        const id = uuidv7();
        await recordReplyChannelRead(tx, {
          id,
          case_id: caseId,
          demand_id: demandId,
          user_id: caller.user.id,
          username: caller.user.username,
          role: caller.user.role,
          reason: req.body.reason,
          at,
        });
        return { channel: row.channel, read: { id, at } };
      });
    },
  );

  app.get(
    '/api/incidents/:caseId/reply-channel-reads',
    {
      schema: {
        operationId: 'listReplyChannelReads',
        security: SECURITY.session,
        tags: ['demands'],
        summary: 'Who read which reply channel of this incident, when and why',
        params: z.object({ caseId: CaseIdSchema }),
        response: { 200: ReplyChannelReads, ...errors(400, 401, 403, 404, 503) },
      },
    },
    async (req) => {
      const caller = requireCaller(req, 'case.reply-channel.reads');
      await visibleIncident(db, caller.scope, req.params.caseId);
      const reads = await replyChannelReads(db, req.params.caseId);
      return { reads };
    },
  );
};
