import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { may } from '../../core/accounts/permissions.ts';
import { errors } from '../../core/api/errors.ts';
import { Appended } from '../../core/api/incidents.ts';
import { IncidentReview, ReviewDecision } from '../../core/api/review.ts';
import { ForbiddenError } from '../../core/errors.ts';
import { CaseIdSchema } from '../../core/events/event.ts';
import { unitNames } from '../../core/plan/units.ts';
import { draftReview, type ReviewEvent, reviewState } from '../../core/review/review.ts';
import { requireCaller } from '../auth/auth.plugin.ts';
import { appended } from '../cases/command.http.ts';
import type { RouteDeps } from '../deps.ts';
import { caseFindings } from '../findings/findings.queries.ts';
import { incidentFacts } from '../notifications/outbox.ts';
import { SECURITY } from '../openapi.ts';
import { commandIncident } from './incident.handler.ts';
import { incidentInScope, reviewClock } from './incident.queries.ts';

/**
 * 总结: an incident's review — drafted from its log for the author to finish, kept as a draft,
 * sent for review (review.drafted, review.submitted through the record route), and signed off or
 * returned by a leader of the level above (here).
 */
/**
 * An incident's review where it stands, with a draft from its log (the findings as the read model
 * keeps them: derived once, as the log grew); 404 outside the scope.
 */
export async function loadReview(
  deps: Pick<RouteDeps, 'store' | 'plans'>,
  scope: ReadonlySet<string>,
  caseId: string,
) {
  await incidentInScope(deps.store.db, scope, caseId);
  const [stored, facts, findings] = await Promise.all([
    deps.store.readCase(caseId),
    incidentFacts(deps.store.db, deps.plans, caseId),
    caseFindings(deps.store.db, caseId),
  ]);
  const events: ReviewEvent[] = stored.map((e) => ({
    id: e.id,
    type: e.type,
    data: e.data as Record<string, unknown>,
    actor: { id: e.actorId, role: e.actorRole },
    occurredAt: e.occurredAt,
    recordedAt: e.recordedAt,
  }));
  const plan = facts?.plan;
  const unit = unitNames(plan);
  const draft = draftReview(events, {
    dutyTitle: (id) => facts?.dutyTitle(id) ?? id,
    unitName: (id) => unit(id) ?? id,
    levelName: (id) => plan?.levels.find((l) => l.id === id)?.name ?? id,
    findings,
  });
  // the plan's clock for sending it up, if the plan sets one: a duty met by review.submitted
  const dutyIds = (plan?.duties ?? [])
    .filter((d) => JSON.stringify(d.satisfiedBy).includes('"review.submitted"'))
    .map((d) => d.id);
  const clock = dutyIds.length ? await reviewClock(deps.store.db, caseId, dutyIds) : undefined;
  return {
    ...reviewState(events),
    draft,
    due: clock
      ? {
          dutyId: clock.duty_id,
          title: facts?.dutyTitle(clock.duty_id) ?? clock.duty_id,
          at: clock.due_at,
          status: clock.status as 'open' | 'met' | 'missed',
          lateSeconds: clock.late_seconds,
        }
      : null,
    title: facts?.incident.title ?? '',
    jurisdiction: facts?.incident.jurisdiction ?? null,
  };
}

export const reviewRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const Params = z.object({ caseId: CaseIdSchema });

  app.get(
    '/api/incidents/:caseId/review',
    {
      schema: {
        operationId: 'getIncidentReview',
        security: SECURITY.session,
        tags: ['incidents'],
        summary: 'The review (总结) of an incident: where it stands, its text, and a draft from its log',
        params: Params,
        response: { 200: IncidentReview, ...errors(401, 404, 503) },
      },
    },
    async (req) => {
      const caller = requireCaller(req);
      const r = await loadReview(deps, caller.scope, req.params.caseId);
      return {
        state: r.state,
        text: r.text ?? null,
        returned: r.returned ?? null,
        document: { number: r.document?.number ?? null, signer: r.document?.signer ?? null },
        at: r.at ?? null,
        draft: r.draft,
        due: r.due,
        mayDecide:
          r.state === 'in_review' &&
          may(caller.user.role, 'review.approve') &&
          r.jurisdiction !== caller.user.jurisdiction_code,
      };
    },
  );

  app.post(
    '/api/incidents/:caseId/review/decision',
    {
      schema: {
        operationId: 'decideIncidentReview',
        security: SECURITY.write,
        tags: ['incidents'],
        summary:
          'Sign off (审核通过) or return the review of an incident below the caller’s own jurisdiction: review.approved or review.returned on its log',
        params: Params,
        body: ReviewDecision,
        response: { 201: Appended, 200: Appended, ...errors(400, 401, 403, 404, 409, 422, 503) },
      },
    },
    async (req, reply) => {
      const caller = requireCaller(req, 'review.approve');
      const caseId = req.params.caseId;
      await incidentInScope(deps.store.db, caller.scope, caseId);
      const facts = await incidentFacts(deps.store.db, deps.plans, caseId);
      if (facts?.incident.jurisdiction === caller.user.jurisdiction_code)
        throw new ForbiddenError('总结由上一级审核 (the review is signed off at the level above)');
      const r = await commandIncident(deps.writePath, caseId, {
        id: req.body.id,
        type: req.body.decision === 'approved' ? 'review.approved' : 'review.returned',
        data:
          req.body.decision === 'approved'
            ? req.body.reason
              ? { note: req.body.reason }
              : {}
            : { reason: req.body.reason ?? '' },
        actor: { id: caller.user.id, role: caller.user.role },
      });
      return reply.status(r.duplicate ? 200 : 201).send(appended(r));
    },
  );
};
