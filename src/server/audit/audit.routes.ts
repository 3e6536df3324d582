import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AuditVerify } from '../../core/api/audit.ts';
import { errors } from '../../core/api/errors.ts';
import { requireCaller } from '../auth/auth.plugin.ts';
import type { AppDeps } from '../deps.ts';
import { SECURITY } from '../openapi.ts';
import { verifyAll } from '../store/verify.ts';
import { incidentsToAudit } from './audit.queries.ts';

/**
 * `huajie audit verify` from the browser: every chain recomputed and checked against its
 * signed head. The caller hears about the incidents in their jurisdiction and below.
 */
export const auditRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.post(
    '/api/audit/verify',
    {
      schema: {
        operationId: 'verifyChains',
        security: SECURITY.write,
        tags: ['audit'],
        summary: "Verify every incident's hash chain and signed head in the caller's jurisdiction and below",
        response: { 200: AuditVerify, ...errors(401, 403, 503) },
      },
    },
    async (req) => {
      const caller = requireCaller(req, 'audit.read');
      const report = await verifyAll(deps.store.db, deps.headKey ?? null);
      const mine = await incidentsToAudit(deps.store.db, caller.scope);
      const titles = new Map(mine.map((i) => [i.case_id, i.title]));
      const broken = report.broken
        .filter((b) => titles.has(b.caseId))
        .map((b) => ({ ...b, title: titles.get(b.caseId) ?? '' }));
      return {
        ok: broken.length === 0,
        checkedAt: deps.clock.now().toISOString(),
        incidents: mine.length,
        signaturesChecked: report.signaturesChecked,
        broken,
      };
    },
  );
};
