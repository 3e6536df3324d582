import type { IncomingMessage, ServerResponse } from 'node:http';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import helmet from 'helmet';
import { HuajieError, ValidationError } from '../core/errors.ts';
import { unfitJson } from '../core/events/event.ts';
import { accountRoutes } from './accounts/accounts.routes.ts';
import { jurisdictionRoutes } from './accounts/jurisdictions.routes.ts';
import { auditRoutes } from './audit/audit.routes.ts';
import { authPlugin } from './auth/auth.plugin.ts';
import { authRoutes } from './auth/auth.routes.ts';
import { loginLockRoutes } from './auth/login-locks.routes.ts';
import { boardRoutes } from './board/board.routes.ts';
import { overdueRoutes } from './cases/overdue.routes.ts';
import type { AppDeps, RouteDeps } from './deps.ts';
import { disputeContactRoutes } from './dispute/contact.routes.ts';
import { disputeRoutes } from './dispute/dispute.routes.ts';
import { ledgerXlsxRoutes } from './dispute/ledger.xlsx.routes.ts';
import { documentRoutes } from './documents/documents.routes.ts';
import { figureRoutes } from './figures/figures.routes.ts';
import { findingRoutes } from './findings/findings.routes.ts';
import { healthRoutes } from './health/health.routes.ts';
import { placeholderRoutes } from './health/placeholder.routes.ts';
import { StorageHealth } from './health/storage.health.ts';
import { incidentRoutes } from './incident/incident.routes.ts';
import { replyChannelRoutes } from './incident/reply-channel.routes.ts';
import { reviewRoutes } from './incident/review.routes.ts';
import { sitrepRoutes } from './incident/sitrep.routes.ts';
import { noticeRoutes } from './notices/notices.routes.ts';
import { deliveryRoutes } from './notifications/deliveries.routes.ts';
import { webhookRoutes } from './notifications/webhooks.routes.ts';
import { OpenApiDocument, openApiOptions } from './openapi.ts';
import { PlanWorkers } from './plans/plan.pool.ts';
import { planRoutes } from './plans/plan.routes.ts';
import { Broadcaster } from './realtime/broadcaster.ts';
import { LocalBus } from './realtime/bus.ts';
import { streamRoutes } from './realtime/stream.routes.ts';
import { rosterRoutes } from './roster/roster.routes.ts';
import { screeningRoutes } from './screening/screening.routes.ts';
import { storageUnavailable } from './store/dialect.ts';
import { hasWebBuild, webRoutes } from './web/web.routes.ts';
import { createWritePath } from './write-path.ts';

/**
 * The Fastify application, without listening. Tests call `app.inject`; server.ts listens.
 * Dependencies are passed in, never module-level singletons.
 */
export type { AppDeps } from './deps.ts';

/**
 * The headers helmet sets for these options. None of them depends on the request, so they are
 * worked out once, by running helmet's middleware against a response that only records.
 */
export function helmetHeaders(options: Parameters<typeof helmet>[0]): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: unknown) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
  });
  return headers;
}

export async function buildApp(deps: AppDeps, opts: FastifyServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, ...opts }).withTypeProvider<ZodTypeProvider>();
  const storage = new StorageHealth(deps.store, deps.clock, (err) =>
    app.log.error({ err }, 'the health check could not write'),
  );
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.setErrorHandler((err, req, reply) => {
    if (err instanceof HuajieError) {
      const body: Record<string, unknown> = { error: err.code, message: err.message };
      if ('issues' in err && Array.isArray(err.issues) && err.issues.length) body.issues = err.issues;
      if ('actualSeq' in err) body.currentSeq = err.actualSeq;
      if (err.retryAfterSeconds !== undefined) {
        body.retryAfter = err.retryAfterSeconds;
        reply.header('retry-after', String(err.retryAfterSeconds));
      }
      return reply.status(err.status).send(body);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = err.validation.map((v) => ({
        path: `${err.validationContext ?? 'body'}${v.instancePath.replaceAll('/', '.')}`,
        message: v.message ?? 'invalid',
      }));
      return reply
        .status(400)
        .send({ error: 'invalid', message: issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues });
    }
    const e = err as { statusCode?: number; code?: string; message?: string };
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      return reply.status(e.statusCode).send({ error: e.code ?? 'bad_request', message: e.message });
    }
    const down = storageUnavailable(err);
    if (down) {
      storage.failed(down);
      req.log.error({ err }, 'database unavailable');
      return reply
        .status(503)
        .header('retry-after', '30')
        .send({
          error: 'unavailable',
          message: `${down}; try again shortly (a write sent again with the same id is never recorded twice)`,
        });
    }
    req.log.error({ err }, 'unhandled error');

    return reply.status(500).send({ error: 'internal', message: 'internal error; it has been logged' });
  });
  app.setNotFoundHandler((req, reply) =>
    reply
      .status(404)
      .send({ error: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` }),
  );

  // helmet's headers on every answer, worked out once. An intranet server is often
  // reached over plain http: never rewrite its requests to https, and send HSTS only on answers
  // that went out over https (directly, or through a trusted proxy: --trust-proxy), where it
  // means something
  const securityHeaders = helmetHeaders({
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
    strictTransportSecurity: false,
  });
  const securityHeaderList = Object.entries(securityHeaders);
  app.addHook('onRequest', (_req, reply, done) => {
    // on the response itself, so that a hijacked one (a live stream) has them too
    for (const [name, value] of securityHeaderList) reply.raw.setHeader(name, value);
    done();
  });
  app.addHook('onSend', async (req, reply) => {
    if (req.protocol === 'https')
      reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  });
  await app.register(cookie);
  // after the body is parsed, so a limit can be keyed by the username being tried
  await app.register(rateLimit, { global: false, hook: 'preHandler' });
  await app.register(swagger, openApiOptions(deps.version));
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get(
    '/api/openapi.json',
    { schema: { hide: true, response: { 200: OpenApiDocument } }, config: { public: true } },
    async () => app.swagger(),
  );

  // a lone surrogate (\ud800 in JSON) has no canonical encoding, and nothing Huajie takes nests
  // deeply: refuse either, naming the field, before any route validates, hashes or stores it
  app.addHook('preValidation', async (req) => {
    const unfit = unfitJson(req.body);
    if (unfit) {
      const path = ['body', ...unfit.path].join('.');
      throw new ValidationError(`${path}: ${unfit.problem}`, [{ path, message: unfit.problem }]);
    }
  });

  const planWorkers = deps.planWorkers ?? new PlanWorkers(deps.planWork);
  if (!deps.planWorkers) app.addHook('onClose', () => planWorkers.close());
  const broadcaster =
    deps.broadcaster ??
    (await Broadcaster.start(deps.store, { ...deps.streamLimits, clock: deps.clock, log: app.log }));
  const bus = deps.bus ?? new LocalBus();
  bus.subscribe(() => broadcaster.notify());
  // the one write path: given by the server (which shares it with the duty clock), or built here
  const writePath =
    deps.writePath ??
    createWritePath({
      store: deps.store,
      plans: deps.plans,
      clock: deps.clock,
      bus,
      checkPlan: (name, yaml) => planWorkers.checkStored(name, yaml),
    });
  app.decorate('broadcaster', broadcaster);
  app.decorate('bus', bus);
  app.decorate('writePath', writePath);
  // live streams never end by themselves: end them before the server waits for its connections
  app.addHook('preClose', () => broadcaster.close());
  app.addHook('onClose', () => bus.close());
  // the server's time on every answer: browsers count duty clocks down by it, not by their own
  // (a desk computer's clock is often minutes off)
  app.addHook('onSend', async (_req, reply) => {
    reply.header('x-huajie-time', deps.clock.now().toISOString());
  });
  const withBus: RouteDeps = { ...deps, broadcaster, bus, planWorkers, writePath };

  await app.register(authPlugin, deps);
  await app.register(healthRoutes, { ...deps, storage });
  if (deps.webDir && hasWebBuild(deps.webDir)) await app.register(webRoutes, { dir: deps.webDir });
  else await app.register(placeholderRoutes, deps);
  await app.register(planRoutes, { ...deps, planWorkers });
  await app.register(authRoutes, deps);
  await app.register(loginLockRoutes, deps);
  await app.register(incidentRoutes, withBus);
  await app.register(disputeRoutes, withBus);
  await app.register(ledgerXlsxRoutes, withBus);
  await app.register(screeningRoutes, withBus);
  await app.register(findingRoutes, withBus);
  await app.register(sitrepRoutes, withBus);
  await app.register(reviewRoutes, withBus);
  await app.register(documentRoutes, withBus);
  await app.register(figureRoutes, withBus);
  await app.register(overdueRoutes, withBus);
  await app.register(boardRoutes, withBus);
  await app.register(noticeRoutes, withBus);
  await app.register(rosterRoutes, withBus);
  await app.register(disputeContactRoutes, deps);
  await app.register(streamRoutes, withBus);
  await app.register(replyChannelRoutes, deps);
  await app.register(jurisdictionRoutes, withBus);
  await app.register(accountRoutes, withBus);
  await app.register(webhookRoutes, withBus);
  await app.register(deliveryRoutes, withBus);
  await app.register(auditRoutes, deps);
  return app;
}
