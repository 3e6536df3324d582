import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { JURISDICTION_LEVELS, ROLES } from '../../core/accounts/accounts.ts';
import { ForbiddenError, NotFoundError, StateError, ValidationError } from '../../core/errors.ts';
import { addJurisdiction, addUser, updateJurisdiction, updateUser } from '../accounts/accounts.repo.ts';
import { type Caller, requireCaller } from '../auth/auth.plugin.ts';
import type { AppDeps } from '../deps.ts';
import { EgressRefusal, webhookEgress } from '../notifications/egress.ts';
import { WEBHOOK_FORMATS } from '../notifications/formats.ts';
import { enqueue, NOTIFICATION_KINDS } from '../notifications/outbox.ts';
import type { PlanWorkers } from '../plans/plan.pool.ts';
import { loadStoredPlans } from '../plans/plan.versions.ts';
import type { JurisdictionsTable, UsersTable } from '../store/schema.ts';

/**
 * Administration within the admin's own jurisdiction and below: the tree, the accounts, the
 * webhooks and the delivery log of notifications (which auditors may read too).
 */
const jurisdictionView = (j: JurisdictionsTable) => ({
  code: j.code,
  name: j.name,
  level: j.level,
  parent: j.parent_code,
  plan: j.plan_id,
});
const userView = (u: Omit<UsersTable, 'password_hash'>) => ({
  id: u.id,
  username: u.username,
  displayName: u.display_name,
  role: u.role,
  jurisdiction: u.jurisdiction_code,
  disabled: u.disabled === 1,
  createdAt: u.created_at,
});

function inScope(caller: Caller, code: string, what = 'jurisdiction'): void {
  if (!caller.scope.has(code))
    throw new ForbiddenError(`${what} ${code} is outside yours (${caller.user.jurisdiction_code} and below)`);
}

const WebhookUrl = z.url({ protocol: /^https?$/, message: 'url: an http:// or https:// address' }).max(2000);
const Kinds = z
  .array(z.enum(NOTIFICATION_KINDS))
  .min(1, 'kinds: at least one of incident, warning, missed, escalation');

const webhookView = (w: {
  id: string;
  jurisdiction_code: string;
  name: string;
  url: string;
  format: string;
  secret: string | null;
  kinds: string;
  enabled: number;
  created_at: string;
}) => ({
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

/** An address with its path and query (where keys and tokens live) hidden. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname === '/' && !u.search ? '/' : '/…'}`;
  } catch {
    return '…';
  }
}

export const adminRoutes: FastifyPluginAsyncZod<AppDeps & { planWorkers: PlanWorkers }> = async (
  app,
  deps,
) => {
  const checkPlan = (name: string, yaml: string) => deps.planWorkers.checkStored(name, yaml);
  const db = deps.store.db;

  // ---- jurisdictions ------------------------------------------------------------------------
  app.get(
    '/api/jurisdictions',
    { schema: { tags: ['admin'], summary: "The caller's jurisdiction and everything below it" } },
    async (req) => {
      const caller = requireCaller(req);
      const rows = await db
        .selectFrom('jurisdictions')
        .selectAll()
        .where('code', 'in', [...caller.scope])
        .orderBy('code')
        .execute();
      return { jurisdictions: rows.map(jurisdictionView) };
    },
  );

  app.post(
    '/api/jurisdictions',
    {
      schema: {
        tags: ['admin'],
        summary: 'Add a jurisdiction under one in the admin’s scope',
        body: z
          .object({
            code: z.string(),
            name: z.string(),
            level: z.enum(JURISDICTION_LEVELS),
            parent: z.string().min(1, 'parent: the jurisdiction it sits under'),
            plan: z.string().optional(),
          })
          .strict(),
      },
    },
    async (req, reply) => {
      const caller = requireCaller(req, 'accounts.manage');
      inScope(caller, req.body.parent, 'parent');
      // a plan uploaded through another server is known once its versions are loaded
      if (req.body.plan) await loadStoredPlans(deps.store.db, deps.plans, undefined, checkPlan);
      if (req.body.plan && !deps.plans.get(req.body.plan))
        throw new ValidationError(`plan: no plan "${req.body.plan}" (plans: ${deps.plans.ids().join(', ')})`);
      const row = await addJurisdiction(deps.store, deps.clock, req.body);
      return reply.status(201).send({ jurisdiction: jurisdictionView(row) });
    },
  );

  app.patch(
    '/api/jurisdictions/:code',
    {
      schema: {
        tags: ['admin'],
        summary: 'Rename a jurisdiction or set the plan its new incidents run under',
        params: z.object({ code: z.string() }),
        body: z.object({ name: z.string().optional(), plan: z.string().nullable().optional() }).strict(),
      },
    },
    async (req) => {
      const caller = requireCaller(req, 'accounts.manage');
      if (!caller.scope.has(req.params.code)) throw new NotFoundError(`no jurisdiction ${req.params.code}`);
      if (req.body.plan) await loadStoredPlans(deps.store.db, deps.plans, undefined, checkPlan);
      const row = await updateJurisdiction(deps.store, req.params.code, req.body, (id) =>
        Boolean(deps.plans.get(id)),
      );
      return { jurisdiction: jurisdictionView(row) };
    },
  );

  // ---- accounts -----------------------------------------------------------------------------
  app.get(
    '/api/users',
    { schema: { tags: ['admin'], summary: 'Accounts in the admin’s scope' } },
    async (req) => {
      const caller = requireCaller(req, 'accounts.manage');
      const rows = await db
        .selectFrom('users')
        .select(['id', 'username', 'display_name', 'role', 'jurisdiction_code', 'disabled', 'created_at'])
        .where('jurisdiction_code', 'in', [...caller.scope])
        .orderBy('username')
        .execute();
      return { users: rows.map(userView) };
    },
  );

  app.post(
    '/api/users',
    {
      schema: {
        tags: ['admin'],
        summary: 'Add an account in the admin’s scope',
        body: z
          .object({
            username: z.string(),
            displayName: z.string(),
            password: z.string(),
            role: z.enum(ROLES),
            jurisdiction: z.string(),
          })
          .strict(),
      },
    },
    async (req, reply) => {
      const caller = requireCaller(req, 'accounts.manage');
      inScope(caller, req.body.jurisdiction);
      const u = await addUser(deps.store, deps.clock, req.body);
      return reply.status(201).send({ user: userView(u) });
    },
  );

  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Change, move, disable or reset the password of an account',
        params: z.object({ id: z.string() }),
        body: z
          .object({
            displayName: z.string().optional(),
            role: z.enum(ROLES).optional(),
            jurisdiction: z.string().optional(),
            disabled: z.boolean().optional(),
            password: z.string().optional(),
          })
          .strict(),
      },
    },
    async (req) => {
      const caller = requireCaller(req, 'accounts.manage');
      const target = await db
        .selectFrom('users')
        .select(['id', 'jurisdiction_code'])
        .where('id', '=', req.params.id)
        .executeTakeFirst();
      if (!target || !caller.scope.has(target.jurisdiction_code))
        throw new NotFoundError(`no user ${req.params.id}`);
      if (req.body.jurisdiction) inScope(caller, req.body.jurisdiction);
      if (
        target.id === caller.user.id &&
        (req.body.disabled || req.body.role !== undefined || req.body.jurisdiction !== undefined)
      )
        throw new StateError('self', 'you cannot disable yourself or change your own role or jurisdiction');
      const user = userView(await updateUser(deps.store, target.id, req.body));
      void app.broadcaster.recheck(); // streams of ended sessions close now
      return { user };
    },
  );

  // ---- webhooks -----------------------------------------------------------------------------
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

  app.get('/api/webhooks', { schema: { tags: ['notifications'] } }, async (req) => {
    const caller = requireCaller(req, 'webhooks.manage');
    const rows = await db
      .selectFrom('webhooks')
      .selectAll()
      .where('jurisdiction_code', 'in', [...caller.scope])
      .orderBy('created_at')
      .execute();
    return { webhooks: rows.map(webhookView) };
  });

  app.post(
    '/api/webhooks',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Send notifications of a jurisdiction to a group robot or any JSON endpoint',
        body: z
          .object({
            jurisdiction: z.string(),
            name: z.string().trim().min(1).max(100),
            url: WebhookUrl,
            format: z.enum(WEBHOOK_FORMATS),
            secret: z.string().min(1).max(200).optional(),
            kinds: Kinds,
          })
          .strict(),
      },
    },
    async (req, reply) => {
      const caller = requireCaller(req, 'webhooks.manage');
      inScope(caller, req.body.jurisdiction);
      await allowedUrl(req.body.url);
      const row = {
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
        if (
          !(await tx
            .selectFrom('jurisdictions')
            .select('code')
            .where('code', '=', row.jurisdiction_code)
            .executeTakeFirst())
        )
          throw new NotFoundError(`no jurisdiction ${row.jurisdiction_code}`);
        await tx.insertInto('webhooks').values(row).execute();
      });
      return reply.status(201).send({ webhook: webhookView(row) });
    },
  );

  async function visibleWebhook(caller: Caller, id: string) {
    const row = await db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || !caller.scope.has(row.jurisdiction_code)) throw new NotFoundError(`no webhook ${id}`);
    return row;
  }

  app.patch(
    '/api/webhooks/:id',
    {
      schema: {
        tags: ['notifications'],
        params: z.object({ id: z.string() }),
        body: z
          .object({
            name: z.string().trim().min(1).max(100).optional(),
            url: WebhookUrl.optional(),
            secret: z.string().min(1).max(200).nullable().optional(),
            kinds: Kinds.optional(),
            enabled: z.boolean().optional(),
          })
          .strict(),
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
      const next = await deps.store.transaction(async (tx) => {
        if (Object.keys(set).length > 0)
          await tx.updateTable('webhooks').set(set).where('id', '=', row.id).execute();
        return tx.selectFrom('webhooks').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
      });
      return { webhook: webhookView(next) };
    },
  );

  app.post(
    '/api/webhooks/:id/test',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Queue a test message to this webhook; see its delivery in /api/notifications',
        params: z.object({ id: z.string() }),
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
      const name =
        (
          await db
            .selectFrom('jurisdictions')
            .select('name')
            .where('code', '=', row.jurisdiction_code)
            .executeTakeFirst()
        )?.name ?? row.jurisdiction_code;
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
            title: `【测试】化解 Huajie → ${row.name}`,
            text: `${name} 的通知已接通 Notifications of ${name} reach this group.`,
            caseId: '-',
            incident: {
              title: '测试',
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
      const n = await db
        .selectFrom('notifications')
        .select('id')
        .where('webhook_id', '=', row.id)
        .where('source_id', '=', sourceId)
        .executeTakeFirst();
      if (!n) throw new StateError('disabled', `webhook ${row.id} is disabled: enable it first`);
      return reply.status(202).send({ notificationId: n.id });
    },
  );

  // ---- delivery log -------------------------------------------------------------------------
  app.get(
    '/api/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary:
          'Every message to the webhooks in scope, with each delivery attempt: its status code and classified error',
        querystring: z
          .object({
            status: z.enum(['pending', 'delivered', 'failed']).optional(),
            webhook: z.string().optional(),
            caseId: z.string().optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100),
          })
          .strict(),
      },
    },
    async (req) => {
      const caller = requireCaller(req, 'deliveries.read');
      let q = db
        .selectFrom('notifications as n')
        .innerJoin('webhooks as w', 'w.id', 'n.webhook_id')
        .select([
          'n.id',
          'n.webhook_id',
          'w.name as webhook_name',
          'w.format',
          'w.jurisdiction_code',
          'n.kind',
          'n.case_id',
          'n.payload',
          'n.status',
          'n.attempts',
          'n.next_attempt_at',
          'n.last_error',
          'n.created_at',
          'n.delivered_at',
        ])
        .where('w.jurisdiction_code', 'in', [...caller.scope]);
      if (req.query.status) q = q.where('n.status', '=', req.query.status);
      if (req.query.webhook) q = q.where('n.webhook_id', '=', req.query.webhook);
      if (req.query.caseId) q = q.where('n.case_id', '=', req.query.caseId);
      const rows = await q
        .orderBy('n.created_at', 'desc')
        .orderBy('n.id', 'desc')
        .limit(req.query.limit)
        .execute();
      const attempts = rows.length
        ? await db
            .selectFrom('notification_attempts')
            .selectAll()
            .where(
              'notification_id',
              'in',
              rows.map((r) => r.id),
            )
            .orderBy('attempt')
            .execute()
        : [];
      return {
        notifications: rows.map((r) => {
          const m = JSON.parse(r.payload) as { title?: string };
          return {
            id: r.id,
            webhook: {
              id: r.webhook_id,
              name: r.webhook_name,
              format: r.format,
              jurisdiction: r.jurisdiction_code,
            },
            kind: r.kind,
            caseId: r.case_id,
            title: m.title ?? '',
            status: r.status,
            attempts: r.attempts,
            nextAttemptAt: r.status === 'pending' ? r.next_attempt_at : null,
            lastError: r.last_error,
            createdAt: r.created_at,
            deliveredAt: r.delivered_at,
            log: attempts
              .filter((a) => a.notification_id === r.id)
              .map((a) => ({
                attempt: a.attempt,
                at: a.at,
                status: a.status_code,
                error: a.error,
                detail: a.detail,
                ms: a.ms,
              })),
          };
        }),
      };
    },
  );

  app.post(
    '/api/notifications/:id/retry',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Send a message that failed (or is waiting to be retried) again now',
        params: z.object({ id: z.string() }),
      },
    },
    async (req, reply) => {
      const caller = requireCaller(req, 'webhooks.manage');
      const row = await db
        .selectFrom('notifications as n')
        .innerJoin('webhooks as w', 'w.id', 'n.webhook_id')
        .select(['n.id', 'n.status', 'w.jurisdiction_code'])
        .where('n.id', '=', req.params.id)
        .executeTakeFirst();
      if (!row || !caller.scope.has(row.jurisdiction_code))
        throw new NotFoundError(`no notification ${req.params.id}`);
      if (row.status !== 'failed')
        throw new StateError(
          row.status,
          row.status === 'delivered'
            ? `notification ${row.id} was delivered`
            : `notification ${row.id} is still being tried; it can be sent again once it has failed`,
        );
      await deps.store.transaction((tx) =>
        tx
          .updateTable('notifications')
          .set({ status: 'pending', next_attempt_at: deps.clock.now().toISOString() })
          .where('id', '=', row.id)
          .where('status', '=', 'failed')
          .execute(),
      );
      return reply.status(202).send({ id: row.id, status: 'pending' });
    },
  );
};
