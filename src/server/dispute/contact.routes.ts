import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { ContactRead, ContactReads, ContactsKept } from '../../core/api/contacts.ts';
import { errors } from '../../core/api/errors.ts';
import { NoContent } from '../../core/api/responses.ts';
import { NotFoundError, StateError } from '../../core/errors.ts';
import { CaseIdSchema } from '../../core/events/event.ts';
import { type Caller, requireCaller } from '../auth/auth.plugin.ts';
import { DEFAULT_CONTACT_RETENTION_DAYS, purgeDueAt } from '../cases/contact-purge.ts';
import type { AppDeps } from '../deps.ts';
import { SECURITY } from '../openapi.ts';
import {
  contactOf,
  contactReads,
  contactsKept,
  disputeSides,
  disputeStatusBeforeKeeping,
  keepContact,
  recordContactRead,
  removeContact,
} from './contact.queries.ts';
import { visibleDispute } from './dispute.queries.ts';

/**
 * A representative's contact: how to reach one side of a dispute, if its representatives chose
 * to give it (a phone number, where to send a notice). It is optional and kept outside the log —
 * the log describes sides as groups or organisations, never a person — and every read is itself
 * recorded, who, when and why, in an access log nobody can edit. It is purged a set time after
 * the dispute's 销号 (the deployment sets it; cases/contact-purge.ts); the access log stays.
 */
const Params = z.object({
  caseId: CaseIdSchema,
  side: z.coerce
    .number({ error: "side: the side's position in the registration's sides, from 0" })
    .int("side: the side's position in the registration's sides, from 0")
    .min(0, "side: the side's position in the registration's sides, from 0")
    .max(9, 'side: a dispute has at most 10 sides (0–9)'),
});

export const disputeContactRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const db = deps.store.db;
  const retentionDays = deps.contactRetentionDays ?? DEFAULT_CONTACT_RETENTION_DAYS;

  /** The dispute, if the caller sees it, and the side's description, if it has that side. */
  async function sideOf(caller: Caller, caseId: string, side: number) {
    await visibleDispute(db, caller.scope, caseId);
    const sides = await disputeSides(db, caseId);
    const description = sides[side];
    if (description === undefined)
      throw new NotFoundError(
        `dispute ${caseId} has no side ${side}: its sides are ${sides.map((d, i) => `${i} (${d})`).join(', ')}`,
      );
    return description;
  }

  app.put(
    '/api/disputes/:caseId/sides/:side/contact',
    {
      schema: {
        operationId: 'setDisputeContact',
        security: SECURITY.write,
        tags: ['disputes'],
        summary:
          "Keep how to reach a side's representatives (optional; outside the log; purged a set time after 销号)",
        params: Params,
        body: z
          .object({ contact: z.string().trim().min(1, 'contact: say how to reach them').max(200) })
          .strict(),
        response: { 204: NoContent, ...errors(400, 401, 403, 404, 409, 503) },
      },
    },
    async (req, reply) => {
      const caller = requireCaller(req, 'case.record');
      const { caseId, side } = req.params;
      await sideOf(caller, caseId, side);
      await deps.store.transaction(async (tx) => {
        // a settling append updates this row: waiting on it means 销号 either went first (and
        // is seen here) or stamps this contact for the purge after us
        if ((await disputeStatusBeforeKeeping(tx, deps.store.engine, caseId)) === 'settled')
          throw new StateError(
            'settled',
            `dispute ${caseId} is settled (已销号): contacts are no longer kept`,
          );
        await keepContact(tx, {
          caseId,
          side,
          contact: req.body.contact,
          keptBy: caller.user.id,
          keptAt: deps.clock.now().toISOString(),
        });
      });
      return reply.status(204).send();
    },
  );

  app.delete(
    '/api/disputes/:caseId/sides/:side/contact',
    {
      schema: {
        operationId: 'removeDisputeContact',
        security: SECURITY.write,
        tags: ['disputes'],
        summary: "Remove a side's contact (its representatives withdrew it)",
        params: Params,
        response: { 204: NoContent, ...errors(400, 401, 403, 404, 503) },
      },
    },
    async (req, reply) => {
      const caller = requireCaller(req, 'case.record');
      const { caseId, side } = req.params;
      await sideOf(caller, caseId, side);
      await deps.store.transaction((tx) => removeContact(tx, caseId, side));
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/disputes/:caseId/sides/:side/contact/read',
    {
      schema: {
        operationId: 'readDisputeContact',
        security: SECURITY.write,
        tags: ['disputes'],
        summary: "Read a side's contact, saying why; the read is recorded (who, when, why)",
        params: Params,
        body: z
          .object({
            reason: z.string().trim().min(4, 'reason: say why you need it (at least 4 characters)').max(500),
          })
          .strict(),
        response: { 200: ContactRead, ...errors(400, 401, 403, 404, 503) },
      },
    },
    async (req) => {
      const caller = requireCaller(req, 'case.reply-channel.read');
      const { caseId, side } = req.params;
      const description = await sideOf(caller, caseId, side);
      const at = deps.clock.now().toISOString();
      // the read and its record are one transaction: no read goes unrecorded
      return deps.store.transaction(async (tx) => {
        const row = await contactOf(tx, caseId, side);
        if (!row)
          throw new NotFoundError(
            `side ${side} of dispute ${caseId} has no contact (none was given, it was withdrawn, or it was purged ${retentionDays} days after 销号)`,
          );
        const logged = {
          id: uuidv7(),
          user_id: caller.user.id,
          username: caller.user.username,
          role: caller.user.role,
          reason: req.body.reason,
          at,
        };
        await recordContactRead(tx, { ...logged, case_id: caseId, side });
        return {
          contact: row.contact,
          side: { index: side, description },
          logged,
          purgeAfter: row.settled_at ? purgeDueAt(row.settled_at, retentionDays) : null,
        };
      });
    },
  );

  app.get(
    '/api/disputes/:caseId/contacts',
    {
      schema: {
        operationId: 'listDisputeContacts',
        security: SECURITY.session,
        tags: ['disputes'],
        summary: 'Which sides of this dispute have a contact kept, and until when — never the contact itself',
        params: z.object({ caseId: CaseIdSchema }),
        response: { 200: ContactsKept, ...errors(400, 401, 404, 503) },
      },
    },
    async (req) => {
      const caller = requireCaller(req);
      const { caseId } = req.params;
      await visibleDispute(db, caller.scope, caseId);
      const [rows, sides] = await Promise.all([contactsKept(db, caseId), disputeSides(db, caseId)]);
      return {
        contacts: rows.map((r) => ({
          side: r.side,
          description: sides[r.side] ?? '',
          kept_at: r.kept_at,
          purge_after: r.settled_at ? purgeDueAt(r.settled_at, retentionDays) : null,
        })),
        retentionDays,
      };
    },
  );

  app.get(
    '/api/disputes/:caseId/contact-reads',
    {
      schema: {
        operationId: 'listDisputeContactReads',
        security: SECURITY.session,
        tags: ['disputes'],
        summary: "Who read which side's contact of this dispute, when and why",
        params: z.object({ caseId: CaseIdSchema }),
        response: { 200: ContactReads, ...errors(400, 401, 403, 404, 503) },
      },
    },
    async (req) => {
      const caller = requireCaller(req, 'case.reply-channel.reads');
      await visibleDispute(db, caller.scope, req.params.caseId);
      const reads = await contactReads(db, req.params.caseId);
      return { reads };
    },
  );
};
