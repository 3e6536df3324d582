import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { errors } from '../../core/api/errors.ts';
import { TestQueued, WebhookAnswer, WebhookList } from '../../core/api/notifications.ts';
import { NotFoundError, StateError, ValidationError } from '../../core/errors.ts';
import { WebhookInput, WebhookPatch } from '../../core/notifications/webhooks.ts';
import { said } from '../../core/words/words.ts';
import { jurisdictionName } from '../accounts/jurisdictions.queries.ts';
import { inScope } from '../accounts/scope.ts';
import { type Caller, requireCaller } from '../auth/auth.plugin.ts';
import type { RouteDeps } from '../deps.ts';
import { SECURITY } from '../openapi.ts';
import type { WebhooksTable } from '../store/schema.ts';
import { EgressRefusal, webhookEgress } from './egress.ts';
import { enqueue } from './outbox.ts';
import { insertWebhook, queuedFor, updateWebhook, webhookById, webhooksIn } from './webhooks.queries.ts';

/** An address with its path and query (where keys and tokens live) hidden. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname === '/' && !u.search ? '/' : '/…'}`;
  } catch {
    return '…';
  }
}

const webhookView = (w: WebhooksTable) => ({
  id: w.id,
  jurisdiction: w.jurisdiction_code,
  name: w.name,
  // the address carries the robot's key or a token: shown only as far as its host
  url: redactUrl(w.url),
  format: w.format,
  hasSecret: w.secret !== null,
  kinds: JSON.parse(w.kinds) as string[],
  enabled: w.enabled === 1,
  createdAt: w.created_at,
});

/**
 * A jurisdiction's webhooks (JSON, 企业微信 or 钉钉 group robots), managed by its admins: added,
 * changed, and sent a test message. Addresses are checked against the egress policy when
 * saved and when tested (docs/notifications.md).
 */
export const webhookRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const db = deps.store.db;
  const egress = deps.webhookEgress ?? webhookEgress();

  /** Why the egress policy refuses an address, in a sentence; null when it may be posted to. */
  async function refused(url: string): Promise<string | null> {
    try {
      await egress.check(url);
      return null;
    } catch (e) {
      if (!(e instanceof EgressRefusal)) throw e;
      return e.code === 'refused_address'
        ? `${e.reason}: webhooks post only to public addresses and to internal networks the server allows`
        : e.reason;
    }
  }
  async function allowedUrl(url: string): Promise<void> {
    const why = await refused(url);
    if (why) throw new ValidationError(`url: ${why}`, [{ path: 'body.url', message: why }]);
  }
  async function visibleWebhook(caller: Caller, id: string): Promise<WebhooksTable> {
    const row = await webhookById(db, id);
    if (!row || !caller.scope.has(row.jurisdiction_code)) throw new NotFoundError(`no webhook ${id}`);
    return row;
  }

  app.get(
    '/api/webhooks',
    {
      schema: {
        operationId: 'listWebhooks',
        security: SECURITY.session,
        summary: 'The webhooks of the jurisdictions in the admin’s scope',
        tags: ['notifications'],
        response: { 200: WebhookList, ...errors(401, 403, 503) },
      },
    },
    async (req) => {
      const caller = requireCaller(req, 'webhooks.manage');
      const rows = await webhooksIn(db, caller.scope);
      return { webhooks: rows.map(webhookView) };
    },
  );

  app.post(
    '/api/webhooks',
    {
      schema: {
        operationId: 'addWebhook',
        security: SECURITY.write,
        tags: ['notifications'],
        summary: 'Send notifications of a jurisdiction to a group robot or any JSON endpoint',
        body: WebhookInput,
        response: { 201: WebhookAnswer, ...errors(400, 401, 403, 404, 503) },
      },
    },
    async (req, reply) => {
      const caller = requireCaller(req, 'webhooks.manage');
      inScope(caller, req.body.jurisdiction);
      await allowedUrl(req.body.url);
      const row: WebhooksTable = {
        id: uuidv7(),
        jurisdiction_code: req.body.jurisdiction,
        name: req.body.name,
        url: req.body.url,
        format: req.body.format,
        secret: req.body.secret ?? null,
        kinds: JSON.stringify([...new Set(req.body.kinds)]),
        enabled: 1,
        created_at: deps.clock.now().toISOString(),
        created_by: caller.user.id,
      };
      await deps.store.transaction(async (tx) => {
        if (!(await insertWebhook(tx, row)))
          throw new NotFoundError(`no jurisdiction ${row.jurisdiction_code}`);
      });
      return reply.status(201).send({ webhook: webhookView(row) });
    },
  );

  app.patch(
    '/api/webhooks/:id',
    {
      schema: {
        operationId: 'updateWebhook',
        security: SECURITY.write,
        summary: 'Rename, readdress, re-key, choose the kinds of, or switch a webhook on or off',
        tags: ['notifications'],
        params: z.object({ id: z.string() }),
        body: WebhookPatch,
        response: { 200: WebhookAnswer, ...errors(400, 401, 403, 404, 503) },
      },
    },
    async (req) => {
      const caller = requireCaller(req, 'webhooks.manage');
      const row = await visibleWebhook(caller, req.params.id);
      const b = req.body;
      if (b.url !== undefined) await allowedUrl(b.url);
      // only what was sent: two admins changing different things never undo each other
      const set = {
        ...(b.name !== undefined ? { name: b.name } : {}),
        ...(b.url !== undefined ? { url: b.url } : {}),
        ...(b.secret !== undefined ? { secret: b.secret } : {}),
        ...(b.kinds !== undefined ? { kinds: JSON.stringify([...new Set(b.kinds)]) } : {}),
        ...(b.enabled !== undefined ? { enabled: b.enabled ? 1 : 0 } : {}),
      };
      const next = await deps.store.transaction((tx) => updateWebhook(tx, row.id, set));
      return { webhook: webhookView(next) };
    },
  );

  app.post(
    '/api/webhooks/:id/test',
    {
      schema: {
        operationId: 'testWebhook',
        security: SECURITY.write,
        tags: ['notifications'],
        summary: 'Queue a test message to this webhook; see its delivery in /api/notifications',
        params: z.object({ id: z.string() }),
        response: { 202: TestQueued, ...errors(401, 403, 404, 409, 503) },
      },
    },
    async (req, reply) => {
      const caller = requireCaller(req, 'webhooks.manage');
      const row = await visibleWebhook(caller, req.params.id);
      // saved before the policy (or the server's list of hosts) changed: say so now
      const why = await refused(row.url);
      if (why) throw new StateError('refused_address', `webhook ${row.id}: ${why}; change its url`);
      const now = deps.clock.now().toISOString();
      const sourceId = `test:${uuidv7()}`;
      const name = (await jurisdictionName(db, row.jurisdiction_code)) ?? row.jurisdiction_code;
      await deps.store.transaction(async (tx) => {
        // only this webhook: queue directly rather than to every hook of the jurisdiction
        await enqueue(tx, {
          kind: 'test',
          caseId: '-',
          sourceId,
          jurisdictions: [row.jurisdiction_code],
          now,
          message: {
            kind: 'test',
            title: said({ key: 'notice.testTitle', params: { name: row.name } }),
            // both languages: whoever set the group up reads that it works
            text: `${said({ key: 'notice.testText', params: { name } })} ${said({ key: 'notice.testText', params: { name } }, 'en')}.`,
            caseId: '-',
            incident: {
              title: said({ key: 'notice.tags.test' }),
              jurisdiction: row.jurisdiction_code,
              jurisdictionName: name,
              level: null,
              exercise: true,
            },
            at: now,
            link: '/',
          },
          only: row.id,
        });
      });
      const n = await queuedFor(db, row.id, sourceId);
      if (!n) throw new StateError('disabled', `webhook ${row.id} is disabled: enable it first`);
      return reply.status(202).send({ notificationId: n.id });
    },
  );
};
