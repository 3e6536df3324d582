import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { may } from '../../core/accounts/permissions.ts';
import { errors } from '../../core/api/errors.ts';
import { Appended } from '../../core/api/incidents.ts';
import { ReceivedSitrepList, SitrepDocument } from '../../core/api/sitreps.ts';
import { ForbiddenError, NotFoundError } from '../../core/errors.ts';
import { requireCaller } from '../auth/auth.plugin.ts';
import { appended } from '../cases/command.http.ts';
import type { RouteDeps } from '../deps.ts';
import { SECURITY } from '../openapi.ts';
import { commandIncident } from './incident.handler.ts';
import { sitrepDocument, sitrepOf, sitrepsReceived } from './sitrep.queries.ts';

/**
 * Situation reports where they arrive: the office a report is addressed to finds it on its board,
 * reads it whole and acknowledges it (已收悉, `sitrep.acknowledged` on the incident's log); the
 * sender sees the acknowledgement on the timeline.
 */
/** A report is seen where it was sent from and where it is addressed (and above both). */
function visible(
  r: { to_jurisdiction: string | null; from_jurisdiction: string | null },
  scope: ReadonlySet<string>,
): boolean {
  return (
    (r.to_jurisdiction !== null && scope.has(r.to_jurisdiction)) ||
    (r.from_jurisdiction !== null && scope.has(r.from_jurisdiction))
  );
}

/** A report whole, as its document is printed, if the scope sees it; else 404. */
export async function loadSitrep(
  deps: Pick<RouteDeps, 'store'>,
  scope: ReadonlySet<string>,
  eventId: string,
): Promise<SitrepDocument> {
  const r = await sitrepDocument(deps.store.db, eventId);
  if (!r || !visible(r, scope)) throw new NotFoundError(`no situation report ${eventId}`);
  return {
    eventId: r.event_id,
    caseId: r.case_id,
    title: r.title,
    level: r.level,
    plan_id: r.plan_id,
    plan_version: r.plan_version,
    kind: r.kind,
    toLevel: r.to_level,
    toOffice: r.to_office,
    to: { jurisdiction: r.to_jurisdiction, name: r.to_name },
    from: { jurisdiction: r.from_jurisdiction, name: r.from_name },
    sentAt: r.sent_at,
    fields: JSON.parse(r.fields) as Record<string, string | number>,
    document: r.document ? (JSON.parse(r.document) as SitrepDocument['document']) : {},
    acknowledged:
      r.acknowledged_at && r.acknowledged_role ? { at: r.acknowledged_at, role: r.acknowledged_role } : null,
  };
}

export const sitrepRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  app.get(
    '/api/sitreps/received',
    {
      schema: {
        operationId: 'listReceivedSitreps',
        security: SECURITY.session,
        tags: ['incidents'],
        summary:
          "Situation reports addressed to the caller's jurisdiction or one below it, newest first; ?open=true: those not acknowledged yet",
        querystring: z
          .object({
            open: z.enum(['true', 'false']).optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100),
          })
          .strict(),
        response: { 200: ReceivedSitrepList, ...errors(400, 401, 503) },
      },
    },
    async (req) => {
      const caller = requireCaller(req);
      const rows = await sitrepsReceived(
        deps.store.db,
        caller.scope,
        req.query.open === 'true',
        req.query.limit,
      );
      const acknowledger = may(caller.user.role, 'sitrep.acknowledge');
      return {
        sitreps: rows.map((r) => ({
          eventId: r.event_id,
          caseId: r.case_id,
          title: r.title,
          level: r.level,
          plan_id: r.plan_id,
          plan_version: r.plan_version,
          exercise: r.exercise === 1,
          kind: r.kind,
          toLevel: r.to_level,
          toOffice: r.to_office,
          toJurisdiction: r.to_jurisdiction,
          from: { jurisdiction: r.from_jurisdiction, name: r.from_name, role: r.sent_role },
          sentAt: r.sent_at,
          fields: JSON.parse(r.fields) as Record<string, string | number>,
          acknowledged:
            r.acknowledged_at && r.acknowledged_role && r.acknowledged_by
              ? { at: r.acknowledged_at, role: r.acknowledged_role, by: r.acknowledged_by }
              : null,
          mayAcknowledge:
            acknowledger && !r.acknowledged_at && r.to_jurisdiction === caller.user.jurisdiction_code,
        })),
      };
    },
  );

  app.get(
    '/api/sitreps/:eventId',
    {
      schema: {
        operationId: 'getSitrep',
        security: SECURITY.session,
        tags: ['incidents'],
        summary:
          'A situation report whole, for its document: sent from or addressed to the caller’s jurisdiction or one below it',
        params: z.object({ eventId: z.string().min(1).max(100) }),
        response: { 200: SitrepDocument, ...errors(401, 404, 503) },
      },
    },
    async (req) => loadSitrep(deps, requireCaller(req).scope, req.params.eventId),
  );

  app.post(
    '/api/sitreps/:eventId/acknowledgement',
    {
      schema: {
        operationId: 'acknowledgeSitrep',
        security: SECURITY.write,
        tags: ['incidents'],
        summary:
          'Acknowledge a situation report addressed to the caller’s own jurisdiction (已收悉): sitrep.acknowledged on the incident’s log',
        params: z.object({ eventId: z.string().min(1).max(100) }),
        body: z
          .object({
            id: z.uuid({
              version: 'v7',
              message: 'id is the client-made UUIDv7 of the event (the retry key)',
            }),
            note: z.string().max(500).optional(),
          })
          .strict(),
        response: { 201: Appended, 200: Appended, ...errors(400, 401, 403, 404, 409, 422, 503) },
      },
    },
    async (req, reply) => {
      const caller = requireCaller(req, 'sitrep.acknowledge');
      const r = await sitrepOf(deps.store.db, req.params.eventId);
      if (!r || !visible(r, caller.scope))
        throw new NotFoundError(`no situation report ${req.params.eventId}`);
      if (r.to_jurisdiction !== caller.user.jurisdiction_code)
        throw new ForbiddenError(
          '已收悉由报送对象签收：这份报告不是报给本级的 (only the office a report is addressed to acknowledges it)',
        );
      const done = await commandIncident(deps.writePath, r.case_id, {
        id: req.body.id,
        type: 'sitrep.acknowledged',
        data: { sitrepId: r.event_id, ...(req.body.note ? { note: req.body.note } : {}) },
        actor: { id: caller.user.id, role: caller.user.role },
      });
      return reply.status(done.duplicate ? 200 : 201).send(appended(done));
    },
  );
};
