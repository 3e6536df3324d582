import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../core/api/errors.ts';
import { findingsDoc, reviewDoc } from '../../core/documents/case.docs.ts';
import { attachment, OfficialDoc } from '../../core/documents/official.ts';
import { sitrepDoc } from '../../core/documents/sitrep.doc.ts';
import { NotFoundError } from '../../core/errors.ts';
import { CaseIdSchema } from '../../core/events/event.ts';
import { unitNames } from '../../core/plan/units.ts';
import { requireCaller } from '../auth/auth.plugin.ts';
import type { RouteDeps } from '../deps.ts';
import { loadReview } from '../incident/review.routes.ts';
import { loadSitrep } from '../incident/sitrep.routes.ts';
import { incidentFacts } from '../notifications/outbox.ts';
import { SECURITY } from '../openapi.ts';
import { caseFindingRows, officeOf } from './documents.queries.ts';
import { officialDocx } from './docx.ts';

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const Docx = z
  .custom<Buffer>((v) => Buffer.isBuffer(v))
  .meta({ type: 'string', format: 'binary', description: `Word (${DOCX_TYPE})` });

const Format = z
  .object({
    /** json: the document's parts, for the print view; docx: the Word file */
    format: z.enum(['json', 'docx']).default('json'),
  })
  .strict();

const documentResponse = (what: string) => ({
  200: {
    description: `${what}: its parts (?format=json, for the print view) or a Word file in the layout of GB/T 9704-2012 (?format=docx)`,
    content: { 'application/json': { schema: OfficialDoc }, [DOCX_TYPE]: { schema: Docx } },
  },
  ...errors(400, 401, 404, 503),
});

/** The document as asked: its parts as JSON, or the Word file as an attachment. */
export async function sendDocument(reply: FastifyReply, doc: OfficialDoc, format: 'json' | 'docx') {
  if (format === 'json') return reply.header('cache-control', 'private, no-store').send(doc);
  const file = await officialDocx(doc);
  return reply
    .header('content-type', DOCX_TYPE)
    .header('content-disposition', attachment(doc.fileName, '.docx', 'document.docx'))
    .header('cache-control', 'private, no-store')
    .send(file);
}

/**
 * The documents (公文) that travel upward, drafted from the record: a situation report, an
 * incident's review, a case's findings — each as its parts for the browser's print view and as a
 * Word file in the official layout.
 */
export const documentRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const db = deps.store.db;

  app.get(
    '/api/documents/sitreps/:eventId',
    {
      schema: {
        operationId: 'getSitrepDocument',
        security: SECURITY.session,
        tags: ['documents'],
        summary:
          'A situation report (首报、续报、终报) as the document its office sends: sent from or addressed to the caller’s jurisdiction or one below it',
        params: z.object({ eventId: z.string().min(1).max(100) }),
        querystring: Format,
        response: documentResponse('The situation report'),
      },
    },
    async (req, reply) => {
      const caller = requireCaller(req);
      const s = await loadSitrep(deps, caller.scope, req.params.eventId);
      return sendDocument(reply, sitrepDoc(s), req.query.format);
    },
  );

  app.get(
    '/api/documents/reviews/:caseId',
    {
      schema: {
        operationId: 'getReviewDocument',
        security: SECURITY.session,
        tags: ['documents'],
        summary:
          'An incident’s review (总结) as the written report to the level above: the text kept, else the draft from its log (marked 初稿 until sent for sign-off)',
        params: z.object({ caseId: CaseIdSchema }),
        querystring: Format,
        response: documentResponse('The review'),
      },
    },
    async (req, reply) => {
      const caller = requireCaller(req);
      const r = await loadReview(deps, caller.scope, req.params.caseId);
      const office = r.jurisdiction ? await officeOf(db, r.jurisdiction) : undefined;
      const doc = reviewDoc({
        title: r.title,
        organ: office?.name ?? '',
        addressee: office?.parent_name ?? undefined,
        state: r.state,
        text: r.text ?? r.draft,
        at: r.at ?? deps.clock.now().toISOString(),
        number: r.document?.number,
        signer: r.document?.signer,
      });
      return sendDocument(reply, doc, req.query.format);
    },
  );

  app.get(
    '/api/documents/findings/:caseId',
    {
      schema: {
        operationId: 'getFindingsDocument',
        security: SECURITY.session,
        tags: ['documents'],
        summary:
          'A case’s findings (问责意见) as the document the caller’s office writes: each with its kind, owner, what happened, when, and its disposition',
        params: z.object({ caseId: CaseIdSchema }),
        querystring: Format,
        response: documentResponse('The findings'),
      },
    },
    async (req, reply) => {
      const caller = requireCaller(req);
      const caseId = req.params.caseId;
      const facts = await incidentFacts(db, deps.plans, caseId);
      const place = facts?.incident.jurisdiction;
      if (!facts || !place || !caller.scope.has(place)) throw new NotFoundError(`no case ${caseId}`);
      const [rows, mine, theirs] = await Promise.all([
        caseFindingRows(db, caseId),
        officeOf(db, caller.user.jurisdiction_code),
        officeOf(db, place),
      ]);
      const doc = findingsDoc({
        title: facts.incident.title,
        organ: mine?.name ?? '',
        addressee: place === caller.user.jurisdiction_code ? undefined : theirs?.name,
        findings: rows.map((f) => ({
          kind: f.kind,
          owner: f.owner,
          text: f.text,
          arose: f.arose_at,
          disposition: f.disposition,
          reason: f.reason,
        })),
        unitName: unitNames(facts.plan),
        at: deps.clock.now().toISOString(),
      });
      return sendDocument(reply, doc, req.query.format);
    },
  );
};
