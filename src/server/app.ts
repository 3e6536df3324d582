import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Clock } from '../core/clock.ts';
import { HuajieError } from '../core/errors.ts';
import { adminRoutes } from './admin/admin.routes.ts';
import { auditRoutes } from './audit/audit.routes.ts';
import { authPlugin } from './auth/auth.plugin.ts';
import { authRoutes } from './auth/auth.routes.ts';
import { healthRoutes } from './health/health.routes.ts';
import { placeholderRoutes } from './health/placeholder.routes.ts';
import { incidentRoutes } from './incident/incident.routes.ts';
import { replyChannelRoutes } from './incident/reply-channel.routes.ts';
import type { PlanRegistry } from './plans/plan.registry.ts';
import { planRoutes } from './plans/plan.routes.ts';
import type { Projection } from './projections/projection.ts';
import { Broadcaster } from './realtime/broadcaster.ts';
import { type Bus, LocalBus } from './realtime/bus.ts';
import { streamRoutes } from './realtime/stream.routes.ts';
import type { EventStore } from './store/event-store.ts';
import type { HeadKey } from './store/head-key.ts';
import { hasWebBuild, webRoutes } from './web/web.routes.ts';

export interface AppDeps {
  store: EventStore;
  clock: Clock;
  version: string;
  plans: PlanRegistry;
  projections: Projection[];
  /** live event fan-out; created by buildApp when not given */
  broadcaster?: Broadcaster;
  /** how appends wake the live streams of every server (default: this process only) */
  bus?: Bus;
  /** the built web application; without one, `/` is a status page */
  webDir?: string;
  /** the key of the signed heads, for verifying them from the browser */
  headKey?: HeadKey;
}

declare module 'fastify' {
  interface FastifyInstance {
    broadcaster: Broadcaster;
    bus: Bus;
  }
}

/**
 * The Fastify application, without listening. Tests call `app.inject`; server.ts listens.
 * Dependencies are passed in, never module-level singletons.
 */
export async function buildApp(deps: AppDeps, opts: FastifyServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, ...opts }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.setErrorHandler((err, req, reply) => {
    if (err instanceof HuajieError) {
      const body: Record<string, unknown> = { error: err.code, message: err.message };
      if ('issues' in err && Array.isArray(err.issues) && err.issues.length) body.issues = err.issues;
      if ('actualSeq' in err) body.currentSeq = err.actualSeq;
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
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send({ error: 'internal', message: 'internal error; it has been logged' });
  });
  app.setNotFoundHandler((req, reply) =>
    reply
      .status(404)
      .send({ error: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` }),
  );

  // an intranet server is often reached over plain http: never rewrite its requests to https
  await app.register(helmet, { contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } });
  await app.register(cookie);
  // after the body is parsed, so a limit can be keyed by the username being tried
  await app.register(rateLimit, { global: false, hook: 'preHandler' });
  await app.register(swagger, {
    openapi: { info: { title: '化解 Huajie API', version: deps.version } },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true }, config: { public: true } }, async () =>
    app.swagger(),
  );

  const broadcaster =
    deps.broadcaster ?? (await Broadcaster.start(deps.store, { clock: deps.clock, log: app.log }));
  const bus = deps.bus ?? new LocalBus();
  bus.subscribe(() => broadcaster.notify());
  app.decorate('broadcaster', broadcaster);
  app.decorate('bus', bus);
  // live streams never end by themselves: end them before the server waits for its connections
  app.addHook('preClose', () => broadcaster.close());
  app.addHook('onClose', () => bus.close());
  // the server's time on every answer: browsers count duty clocks down by it, not by their own
  // (a desk computer's clock is often minutes off)
  app.addHook('onSend', async (_req, reply) => {
    reply.header('x-huajie-time', deps.clock.now().toISOString());
  });
  const withBus = { ...deps, broadcaster, bus };

  await app.register(authPlugin, deps);
  await app.register(healthRoutes, deps);
  if (deps.webDir && hasWebBuild(deps.webDir)) await app.register(webRoutes, { dir: deps.webDir });
  else await app.register(placeholderRoutes, deps);
  await app.register(planRoutes, deps);
  await app.register(authRoutes, deps);
  await app.register(incidentRoutes, withBus);
  await app.register(streamRoutes, withBus);
  await app.register(replyChannelRoutes, deps);
  await app.register(adminRoutes, deps);
  await app.register(auditRoutes, deps);
  return app;
}
