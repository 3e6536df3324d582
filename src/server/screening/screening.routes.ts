import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../core/api/errors.ts';
import { Appended } from '../../core/api/incidents.ts';
import { ScreeningOverview, ScreeningRegister, ScreeningRegisterDetail } from '../../core/api/screening.ts';
import { ForbiddenError, IdempotencyError, ValidationError } from '../../core/errors.ts';
import { CaseIdSchema } from '../../core/events/event.ts';
import type { Caller } from '../auth/auth.plugin.ts';
import { requireCaller } from '../auth/auth.plugin.ts';
import { appended, CommandIn, refuseAddressed } from '../cases/command.http.ts';
import type { RouteDeps } from '../deps.ts';
import { eventView } from '../incident/event.view.ts';
import { activePlan, storedEvent } from '../incident/incident.queries.ts';
import { SECURITY } from '../openapi.ts';
import { commandScreening, openRegister, registerId } from './screening.handler.ts';
import { cadenceClocks, registersIn, roundsIn, visibleRegister } from './screening.queries.ts';

const DAY_MS = 86_400_000;

/** Screening (排查): a jurisdiction's rounds, what each found, and the plan's cadences as clocks. */
export const screeningRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const lane = deps.writePath.screenings;

  /** The jurisdiction a write is for (the caller's by default), in scope, with its active plan. */
  const target = async (caller: Caller, jurisdiction: string | undefined) => {
    const where = jurisdiction ?? caller.user.jurisdiction_code;
    if (!caller.scope.has(where))
      throw new ForbiddenError(
        `jurisdiction ${where} is outside yours (${caller.user.jurisdiction_code} and below)`,
      );
    const planId = await activePlan(deps.store.db, where);
    if (!planId)
      throw new ValidationError(
        `jurisdiction: ${where} has no active plan; set one with huajie jurisdiction add --plan`,
      );
    return { where, planId };
  };

  app.post(
    '/api/screening/rounds',
    {
      schema: {
        operationId: 'recordScreeningRound',
        security: SECURITY.write,
        tags: ['screening'],
        summary:
          "Record a round of screening (排查) and what it found — disputes registered from it, or 零报告 — in the jurisdiction's register (opened on first use)",
        body: CommandIn.extend({ jurisdiction: z.string().min(1).max(100).optional() }).strict(),
        response: { 201: Appended, 200: Appended, ...errors(400, 401, 403, 409, 422, 423, 503) },
      },
    },
    async (req, reply) => {
      const caller = requireCaller(req, 'case.record');
      const { where, planId } = await target(caller, req.body.jurisdiction);
      // an id stored already is a retry of this round, or an id used for another event
      const known = await storedEvent(deps.store.db, req.body.id);
      if (known && known.case_id !== registerId(lane, where))
        throw new IdempotencyError(req.body.id, 'for another event');
      const r = await commandScreening(lane, where, planId, {
        id: req.body.id,
        type: 'screening.round.recorded',
        data: req.body.data,
        actor: { id: caller.user.id, role: caller.user.role },
        occurredAt: req.body.occurredAt,
      });
      return reply.status(r.duplicate ? 200 : 201).send(appended(r));
    },
  );

  app.post(
    '/api/screening/registers',
    {
      schema: {
        operationId: 'openScreeningRegister',
        security: SECURITY.write,
        tags: ['screening'],
        summary:
          "Open a jurisdiction's screening register under its active plan: the plan's cadences start as clocks (200 when it is open already)",
        body: z.object({ jurisdiction: z.string().min(1).max(100).optional() }).strict(),
        response: { 201: ScreeningRegister, 200: ScreeningRegister, ...errors(400, 401, 403, 422, 503) },
      },
    },
    async (req, reply) => {
      const caller = requireCaller(req, 'case.record');
      const { where, planId } = await target(caller, req.body.jurisdiction);
      const r = await openRegister(lane, where, planId);
      const register = await visibleRegister(deps.store.db, caller.scope, registerId(lane, where));
      return reply.status(r && !r.duplicate && r.events.length > 0 ? 201 : 200).send(register);
    },
  );

  app.post(
    '/api/screening/registers/:caseId/events/:type',
    {
      schema: {
        operationId: 'recordScreeningEvent',
        security: SECURITY.write,
        tags: ['screening'],
        summary: 'Record in a register: a round (screening.round.recorded) or a correction (entry.corrected)',
        params: z.object({ caseId: CaseIdSchema, type: z.string() }),
        body: CommandIn,
        response: { 201: Appended, 200: Appended, ...errors(400, 401, 403, 404, 409, 422, 423, 503) },
      },
    },
    async (req, reply) => {
      const caller = requireCaller(req, 'case.record');
      const register = await visibleRegister(deps.store.db, caller.scope, req.params.caseId);
      refuseAddressed(req.params.type);
      // the jurisdiction's active plan: a register follows it to a new version
      const planId = (await activePlan(deps.store.db, register.jurisdiction)) ?? register.plan_id;
      if (!planId) throw new ValidationError(`jurisdiction: ${register.jurisdiction} has no active plan`);
      const r = await commandScreening(lane, register.jurisdiction, planId, {
        id: req.body.id,
        type: req.params.type,
        data: req.body.data,
        actor: { id: caller.user.id, role: caller.user.role },
        occurredAt: req.body.occurredAt,
      });
      return reply.status(r.duplicate ? 200 : 201).send(appended(r));
    },
  );

  app.get(
    '/api/screening',
    {
      schema: {
        operationId: 'screeningOverview',
        security: SECURITY.session,
        tags: ['screening'],
        summary:
          "Screening in the caller's jurisdiction and below: the registers, the newest rounds, and the cadence clocks open or due in the last 90 days",
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }).strict(),
        response: { 200: ScreeningOverview, ...errors(400, 401, 503) },
      },
    },
    async (req) => {
      const caller = requireCaller(req);
      const since = new Date(deps.clock.now().getTime() - 90 * DAY_MS).toISOString();
      const [registers, rounds, clocks] = await Promise.all([
        registersIn(deps.store.db, caller.scope),
        roundsIn(deps.store.db, { scope: caller.scope }, req.query.limit),
        cadenceClocks(deps.store.db, { scope: caller.scope }, since),
      ]);
      return { registers, rounds, clocks };
    },
  );

  app.get(
    '/api/screening/registers/:caseId',
    {
      schema: {
        operationId: 'getScreeningRegister',
        security: SECURITY.session,
        tags: ['screening'],
        summary: 'A screening register: its rounds, its cadence clocks and its log',
        params: z.object({ caseId: CaseIdSchema }),
        response: { 200: ScreeningRegisterDetail, ...errors(400, 401, 404, 503) },
      },
    },
    async (req) => {
      const caller = requireCaller(req);
      const register = await visibleRegister(deps.store.db, caller.scope, req.params.caseId);
      const [rounds, clocks, events] = await Promise.all([
        roundsIn(deps.store.db, { caseId: register.case_id }, 500),
        cadenceClocks(deps.store.db, { caseId: register.case_id }, '0000'),
        deps.store.readCase(register.case_id),
      ]);
      return { register, rounds, clocks, events: events.map(eventView) };
    },
  );
};
