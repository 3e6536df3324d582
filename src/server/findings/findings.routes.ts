import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { may } from '../../core/accounts/permissions.ts';
import { errors } from '../../core/api/errors.ts';
import { DispositionIn, FindingList, FindingQuery, type FindingRow } from '../../core/api/findings.ts';
import { Appended } from '../../core/api/incidents.ts';
import { ForbiddenError, NotFoundError } from '../../core/errors.ts';
import { CaseIdSchema } from '../../core/events/event.ts';
import { accountNames } from '../accounts/accounts.queries.ts';
import { requireCaller } from '../auth/auth.plugin.ts';
import { appended } from '../cases/command.http.ts';
import type { RouteDeps } from '../deps.ts';
import { commandDispute } from '../dispute/dispute.handler.ts';
import { commandIncident } from '../incident/incident.handler.ts';
import { activePlan } from '../incident/incident.queries.ts';
import { SECURITY } from '../openapi.ts';
import { commandScreening } from '../screening/screening.handler.ts';
import type { FindingsTable } from '../store/schema.ts';
import { findingOf, findingsIn } from './findings.queries.ts';

/**
 * 问责: the findings of the cases in the caller's scope, for auditors and leaders, by period,
 * kind and disposition; and their disposition by a leader or auditor of a level above the case
 * (accepted, explained, dismissed — always with a reason), recorded on the case's own log.
 */
export const findingRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const view = (r: FindingsTable, names: Map<string, string>, mayDispose: boolean): FindingRow => ({
    caseId: r.case_id,
    caseKind: r.case_kind as FindingRow['caseKind'],
    caseTitle: r.case_title,
    jurisdiction: r.jurisdiction,
    exercise: r.exercise === 1,
    plan_id: r.plan_id,
    plan_version: r.plan_version,
    id: r.finding_id,
    kind: r.kind as FindingRow['kind'],
    owner: r.owner,
    subject: r.subject,
    arose: r.arose_at,
    text: r.text,
    said: r.said ? (JSON.parse(r.said) as FindingRow['said']) : null,
    evidence: JSON.parse(r.evidence) as FindingRow['evidence'],
    disposition:
      r.disposition && r.disposed_by && r.disposed_at
        ? {
            value: r.disposition as NonNullable<FindingRow['disposition']>['value'],
            reason: r.reason ?? '',
            by: { id: r.disposed_by, role: r.disposed_role ?? '', name: names.get(r.disposed_by) ?? null },
            at: r.disposed_at,
          }
        : null,
    mayDispose,
  });

  app.get(
    '/api/findings',
    {
      schema: {
        operationId: 'listFindings',
        security: SECURITY.session,
        tags: ['findings'],
        summary:
          "The findings (问责意见) of the cases in the caller's jurisdiction and below, newest first: by period, kind, disposition (open: none yet), case; real cases unless exercise=true",
        querystring: FindingQuery,
        response: { 200: FindingList, ...errors(400, 401, 503) },
      },
    },
    async (req) => {
      const caller = requireCaller(req);
      const q = req.query;
      const rows = await findingsIn(
        deps.store.db,
        caller.scope,
        {
          from: q.from ? new Date(q.from).toISOString() : undefined,
          to: q.to ? new Date(q.to).toISOString() : undefined,
          kind: q.kind,
          disposition: q.disposition,
          caseId: q.caseId,
          exercise: q.exercise === 'true',
        },
        q.limit,
      );
      const names = new Map(
        (
          await accountNames(deps.store.db, [
            ...new Set(rows.map((r) => r.disposed_by).filter((x): x is string => x !== null)),
          ])
        ).map((a) => [a.id, a.display_name]),
      );
      const disposer = may(caller.user.role, 'finding.dispose');
      return {
        findings: rows.map((r) =>
          view(r, names, disposer && r.jurisdiction !== caller.user.jurisdiction_code),
        ),
      };
    },
  );

  app.post(
    '/api/findings/:caseId/dispositions',
    {
      schema: {
        operationId: 'disposeFinding',
        security: SECURITY.write,
        tags: ['findings'],
        summary:
          'Dispose of a finding of a case below the caller’s own jurisdiction: accepted, explained or dismissed, with a reason (finding.disposed on the case’s log)',
        params: z.object({ caseId: CaseIdSchema }),
        body: DispositionIn,
        response: { 201: Appended, 200: Appended, ...errors(400, 401, 403, 404, 409, 422, 503) },
      },
    },
    async (req, reply) => {
      const caller = requireCaller(req, 'finding.dispose');
      const f = await findingOf(deps.store.db, req.params.caseId, req.body.findingId);
      if (!f || f.jurisdiction === null || !caller.scope.has(f.jurisdiction))
        throw new NotFoundError(`no finding ${req.body.findingId} of case ${req.params.caseId}`);
      if (f.jurisdiction === caller.user.jurisdiction_code)
        throw new ForbiddenError(
          '问责意见由上一级处理：本级的发现须由上级的领导或审计人员处理 (a finding is disposed of by the level above)',
        );
      const cmd = {
        id: req.body.id,
        type: 'finding.disposed',
        data: { findingId: req.body.findingId, disposition: req.body.disposition, reason: req.body.reason },
        actor: { id: caller.user.id, role: caller.user.role },
      };
      const lane = deps.writePath;
      const r =
        f.case_kind === 'incident'
          ? await commandIncident(lane, f.case_id, cmd)
          : f.case_kind === 'dispute'
            ? await commandDispute(lane.disputes, f.case_id, cmd)
            : await commandScreening(
                lane.screenings,
                f.jurisdiction,
                (await activePlan(deps.store.db, f.jurisdiction)) ?? f.plan_id ?? '',
                cmd,
              );
      return reply.status(r.duplicate ? 200 : 201).send(appended(r));
    },
  );
};
