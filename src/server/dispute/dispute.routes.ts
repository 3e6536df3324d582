import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { DisputeDetail, DisputeList } from '../../core/api/disputes.ts';
import { errors } from '../../core/api/errors.ts';
import { Appended } from '../../core/api/incidents.ts';
import { DISPUTE_CATEGORIES, DISPUTE_SOURCES, TIERS } from '../../core/dispute/dispute.events.ts';
import { RISKS } from '../../core/dispute/dispute.facts.ts';
import { ForbiddenError, IdempotencyError, ValidationError } from '../../core/errors.ts';
import { CaseIdSchema } from '../../core/events/event.ts';
import { scopeOf } from '../accounts/accounts.repo.ts';
import { inScope } from '../accounts/scope.ts';
import { type Caller, requireCaller } from '../auth/auth.plugin.ts';
import { appended, CommandIn, refuseAddressed } from '../cases/command.http.ts';
import type { RouteDeps } from '../deps.ts';
import { authoredViews } from '../incident/event.view.ts';
import { commandIncident } from '../incident/incident.handler.ts';
import { activePlan, storedEvent, visibleIncident } from '../incident/incident.queries.ts';
import { SECURITY } from '../openapi.ts';
import { roundOf } from '../screening/screening.queries.ts';
import type { DB } from '../store/schema.ts';
import { commandDispute, registerDispute } from './dispute.handler.ts';
import {
  disputeCommitments,
  disputeDuties,
  disputesIn,
  linkedIncidents,
  linksOf,
  visibleDispute,
} from './dispute.queries.ts';

const LEDGER_STATUSES = ['registered', 'accepted', 'not_accepted', 'resolved', 'ended', 'settled'] as const;

/** The ledger's filters (GET /api/disputes, and its Excel GET /api/disputes.xlsx). */
export const LedgerQuery = z
  .object({
    status: z.enum(LEDGER_STATUSES).optional(),
    risk: z.enum(RISKS).optional(),
    category: z.enum(DISPUTE_CATEGORIES).optional(),
    tier: z.enum(TIERS).optional(),
    source: z.enum(DISPUTE_SOURCES).optional(),
    unit: z.string().min(1).max(200).optional(),
    lead: z.string().min(1).max(200).optional().describe("the lead leader's position (包案领导)"),
    q: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .describe('words in the title or summary, or the start of the code'),
    jurisdiction: z.string().min(1).max(100).optional().describe('this jurisdiction and below'),
    from: z.iso
      .date({ message: 'from is a date, YYYY-MM-DD' })
      .optional()
      .describe('registered on or after (China)'),
    to: z.iso
      .date({ message: 'to is a date, YYYY-MM-DD' })
      .optional()
      .describe('registered on or before (China)'),
    overdue: z.enum(['true', 'false']).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(500),
  })
  .strict();

/** The jurisdictions a ledger query covers: the caller's scope, or one jurisdiction in it and below. */
export async function ledgerScope(
  db: Kysely<DB>,
  caller: Caller,
  jurisdiction?: string,
): Promise<ReadonlySet<string>> {
  if (!jurisdiction) return caller.scope;
  inScope(caller, jurisdiction);
  return new Set((await scopeOf(db, jurisdiction)).filter((c) => caller.scope.has(c)));
}

/** The dispute ledger (台账): register, record, list, read. */
export const disputeRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const lane = deps.writePath.disputes;

  app.post(
    '/api/disputes',
    {
      schema: {
        operationId: 'registerDispute',
        security: SECURITY.write,
        tags: ['disputes'],
        summary: 'Register a dispute on the ledger: it runs under the active plan of its jurisdiction',
        body: CommandIn.extend({ jurisdiction: z.string().optional() }).strict(),
        response: { 201: Appended, 200: Appended, ...errors(400, 401, 403, 409, 422, 423, 503) },
      },
    },
    async (req, reply) => {
      const caller = requireCaller(req, 'case.record');
      const where = req.body.jurisdiction ?? caller.user.jurisdiction_code;
      if (!caller.scope.has(where))
        throw new ForbiddenError(
          `jurisdiction ${where} is outside yours (${caller.user.jurisdiction_code} and below)`,
        );
      const planId = await activePlan(deps.store.db, where);
      if (!planId)
        throw new ValidationError(
          `jurisdiction: ${where} has no active plan; set one with huajie jurisdiction add --plan`,
        );
      // a registration whose event id is stored already is a retry: of the caller's own
      // registration in their scope, or an id used for another event
      const known = await storedEvent(deps.store.db, req.body.id);
      if (
        known &&
        !(
          known.type === 'dispute.registered' &&
          known.actor_id === caller.user.id &&
          known.jurisdiction !== null &&
          caller.scope.has(known.jurisdiction)
        )
      )
        throw new IdempotencyError(req.body.id, 'for another event');
      // found by a screening round: one held in this jurisdiction, not a 零报告
      const round = req.body.data.screeningRoundId;
      if (typeof round === 'string') {
        const r = await roundOf(deps.store.db, where, round);
        if (!r)
          throw new ValidationError(
            `data.screeningRoundId: no screening round ${round} in ${where}; record the round first`,
          );
        if (r.zero_report === 1)
          throw new ValidationError(
            `data.screeningRoundId: round ${round} was a 零报告 (it found nothing); record a new round`,
          );
      }
      // registered from an incident: one the caller sees, linked both ways
      const fromIncident = req.body.data.fromIncident;
      if (typeof fromIncident === 'string') await visibleIncident(deps.store.db, caller.scope, fromIncident);
      const actor = { id: caller.user.id, role: caller.user.role };
      const r = await registerDispute(lane, known?.case_id ?? uuidv7(), planId, {
        id: req.body.id,
        type: 'dispute.registered',
        data: { ...req.body.data, jurisdiction: where },
        actor,
        occurredAt: req.body.occurredAt,
      });
      if (typeof fromIncident === 'string')
        // the incident's side of the link, with an id of the registration's (a retry writes it once)
        await commandIncident(deps.writePath, fromIncident, {
          id: deps.store.derivedId(`${req.body.id}:link`, 0),
          type: 'dispute.linked',
          data: { disputeId: r.caseId },
          actor,
        });
      return reply.status(r.duplicate ? 200 : 201).send(appended(r));
    },
  );

  app.post(
    '/api/disputes/:caseId/events/:type',
    {
      schema: {
        operationId: 'recordDisputeEvent',
        security: SECURITY.write,
        tags: ['disputes'],
        summary: 'Record what happened in a dispute: any dispute event type of the contract',
        params: z.object({ caseId: CaseIdSchema, type: z.string() }),
        body: CommandIn.extend({ expectedSeq: z.number().int().min(1).optional() }).strict(),
        response: { 201: Appended, 200: Appended, ...errors(400, 401, 403, 404, 409, 422, 423, 503) },
      },
    },
    async (req, reply) => {
      const caller = requireCaller(req, 'case.record');
      await visibleDispute(deps.store.db, caller.scope, req.params.caseId);
      refuseAddressed(req.params.type);
      const r = await commandDispute(
        lane,
        req.params.caseId,
        {
          id: req.body.id,
          type: req.params.type,
          data: req.body.data,
          actor: { id: caller.user.id, role: caller.user.role },
          occurredAt: req.body.occurredAt,
        },
        req.body.expectedSeq,
      );
      return reply.status(r.duplicate ? 200 : 201).send(appended(r));
    },
  );

  app.get(
    '/api/disputes',
    {
      schema: {
        operationId: 'listDisputes',
        security: SECURITY.session,
        tags: ['disputes'],
        summary: "The ledger (台账) of the caller's jurisdiction and below, newest first",
        querystring: LedgerQuery,
        response: { 200: DisputeList, ...errors(400, 401, 503) },
      },
    },
    async (req) => {
      const caller = requireCaller(req);
      const { overdue, jurisdiction, ...q } = req.query;
      const scope = await ledgerScope(deps.store.db, caller, jurisdiction);
      const disputes = await disputesIn(deps.store.db, scope, {
        ...q,
        ...(overdue === 'true' ? { overdue: { now: deps.clock.now().toISOString() } } : {}),
      });
      return { disputes };
    },
  );

  app.get(
    '/api/disputes/:caseId',
    {
      schema: {
        operationId: 'getDispute',
        security: SECURITY.session,
        tags: ['disputes'],
        summary: 'A dispute: its ledger row, the incidents linked to it, its commitments and its log',
        params: z.object({ caseId: CaseIdSchema }),
        response: { 200: DisputeDetail, ...errors(400, 401, 404, 503) },
      },
    },
    async (req) => {
      const caller = requireCaller(req);
      const dispute = await visibleDispute(deps.store.db, caller.scope, req.params.caseId);
      const [commitments, duties, events, links] = await Promise.all([
        disputeCommitments(deps.store.db, req.params.caseId),
        disputeDuties(deps.store.db, req.params.caseId),
        deps.store.readCase(req.params.caseId),
        linksOf(deps.store.db, req.params.caseId),
      ]);
      const incidents = await linkedIncidents(deps.store.db, caller.scope, links);
      return { dispute, incidents, commitments, duties, events: await authoredViews(deps.store.db, events) };
    },
  );
};
