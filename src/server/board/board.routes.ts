import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AcknowledgementIn, Board, BoardVisit } from '../../core/api/board.ts';
import { errors } from '../../core/api/errors.ts';
import { Appended } from '../../core/api/incidents.ts';
import { ForbiddenError, NotFoundError, StateError } from '../../core/errors.ts';
import { byUrgency, levelRankOf, urgencyOf } from '../../core/incident/urgency.ts';
import { DESK } from '../../core/roster/roster.ts';
import { requireCaller } from '../auth/auth.plugin.ts';
import { appended } from '../cases/command.http.ts';
import type { RouteDeps } from '../deps.ts';
import { commandDispute } from '../dispute/dispute.handler.ts';
import { commandIncident } from '../incident/incident.handler.ts';
import { activePlan, storedEvent } from '../incident/incident.queries.ts';
import { SECURITY } from '../openapi.ts';
import { type OnDutyPerson, onDutyMany } from '../roster/roster.queries.ts';
import { commandScreening } from '../screening/screening.handler.ts';
import { clocksOf, escalationOf, lastVisit, liveIncidents, recordVisit } from './board.queries.ts';

/**
 * 值班台: the live incidents of the caller's scope in urgency order, each with what a duty
 * officer needs without opening it; an escalation taken in hand (已接收) by the level it
 * reached, recorded on the escalating case's log; and when each account last looked.
 */
export const boardRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  app.get(
    '/api/board',
    {
      schema: {
        operationId: 'board',
        security: SECURITY.session,
        tags: ['incidents'],
        summary:
          "The live incidents of the caller's jurisdiction and below, most urgent first, each with its place, number of people, level, most urgent clock and whether the first report (首报) has gone out",
        response: { 200: Board, ...errors(401, 503) },
      },
    },
    async (req) => {
      const caller = requireCaller(req);
      const now = deps.clock.now();
      const live = await liveIncidents(deps.store.db, caller.scope);
      const clocks = new Map<string, Awaited<ReturnType<typeof clocksOf>>>();
      if (live.length > 0)
        for (const c of await clocksOf(
          deps.store.db,
          live.map((i) => i.case_id),
        ))
          clocks.set(c.case_id, [...(clocks.get(c.case_id) ?? []), c]);
      const rows = live.map((i) => {
        const levels = deps.plans.get(i.plan_id, i.plan_version)?.levels ?? [];
        const u = urgencyOf(clocks.get(i.case_id) ?? [], levelRankOf(levels, i.level), i.reported_at, +now);
        const c = u.clock;
        return {
          u,
          row: {
            ...i,
            exercise: Number(i.exercise) === 1,
            urgency: u.tier,
            level_rank: u.levelRank,
            clock: c && {
              duty_id: c.duty_id,
              owner: c.owner,
              due_at: c.due_at,
              warn_at: c.warn_at,
              status: c.status,
            },
          },
        };
      });
      rows.sort((a, b) => byUrgency(a.u, b.u));
      // who answers for each row's clock now, and who is on the caller's own desk
      const asks = [
        { jurisdiction: caller.user.jurisdiction_code, owner: DESK },
        ...rows.map((r) => ({ jurisdiction: r.row.jurisdiction ?? '', owner: r.row.clock?.owner ?? DESK })),
      ];
      const [desk, ...each] = await onDutyMany(deps.store.db, asks, now);
      const ref = (p: OnDutyPerson | null | undefined) =>
        p ? { post: p.post, name: p.name, until: p.until } : null;
      return {
        at: now.toISOString(),
        desk: ref(desk),
        incidents: rows.map((r, i) => ({
          ...r.row,
          clock: r.row.clock && { ...r.row.clock, on_duty: ref(each[i]) },
        })),
      };
    },
  );

  app.post(
    '/api/board/visits',
    {
      schema: {
        operationId: 'visitBoard',
        security: SECURITY.write,
        tags: ['incidents'],
        summary:
          'The caller looks at the board now: answers when they looked before, so what arrived since is marked new',
        response: { 200: BoardVisit, ...errors(401, 403, 503) },
      },
    },
    async (req) => {
      const caller = requireCaller(req);
      const at = deps.clock.now().toISOString();
      return deps.store.transaction(async (db) => {
        const previous = await lastVisit(db, caller.user.id);
        await recordVisit(db, caller.user.id, at);
        return { previous, at };
      });
    },
  );

  app.post(
    '/api/escalations/:eventId/acknowledgement',
    {
      schema: {
        operationId: 'acknowledgeEscalation',
        security: SECURITY.write,
        tags: ['incidents'],
        summary:
          'Take in hand an escalation that reached the caller’s own jurisdiction (已接收): escalation.acknowledged on the escalating case’s log',
        params: z.object({ eventId: z.string().min(1).max(100) }),
        body: AcknowledgementIn,
        response: { 201: Appended, 200: Appended, ...errors(400, 401, 403, 404, 409, 422, 503) },
      },
    },
    async (req, reply) => {
      const caller = requireCaller(req, 'escalation.acknowledge');
      const db = deps.store.db;
      const e = await escalationOf(db, req.params.eventId);
      if (!e?.to_jurisdiction || !caller.scope.has(e.to_jurisdiction))
        throw new NotFoundError(`没有这条上报 (no escalation ${req.params.eventId})`);
      if (e.to_jurisdiction !== caller.user.jurisdiction_code)
        throw new ForbiddenError(
          '已接收由上报到达的一级签收：这条上报不是报给本级的 (only the level an escalation reached takes it in hand)',
        );
      // taken in hand already, unless this is the same command sent again
      if (e.acknowledged_at && !(await storedEvent(db, req.body.id)))
        throw new StateError(
          'already_acknowledged',
          '这条上报已有人接收 (this escalation has been taken in hand already)',
        );
      const cmd = {
        id: req.body.id,
        type: 'escalation.acknowledged',
        data: { escalationId: e.event_id, ...(req.body.note ? { note: req.body.note } : {}) },
        actor: { id: caller.user.id, role: caller.user.role },
      };
      const lane = deps.writePath;
      const r =
        e.case_kind === 'incident'
          ? await commandIncident(lane, e.case_id, cmd)
          : e.case_kind === 'dispute'
            ? await commandDispute(lane.disputes, e.case_id, cmd)
            : await commandScreening(
                lane.screenings,
                e.register_jurisdiction ?? e.to_jurisdiction,
                (await activePlan(db, e.register_jurisdiction ?? e.to_jurisdiction)) ?? e.register_plan ?? '',
                cmd,
              );
      return reply.status(r.duplicate ? 200 : 201).send(appended(r));
    },
  );
};
