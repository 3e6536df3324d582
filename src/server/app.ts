import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Clock } from '../core/clock.ts';
import { HuajieError } from '../core/errors.ts';
import { healthRoutes } from './health/health.routes.ts';
import { placeholderRoutes } from './health/placeholder.routes.ts';
import type { EventStore } from './store/event-store.ts';

export interface AppDeps {
  store: EventStore;
  clock: Clock;
  version: string;
}

/**
 * The Fastify application, without listening. Tests call `app.inject`; server.ts listens.
 * Dependencies are passed in, never module-level singletons.
 */
export async function buildApp(deps: AppDeps, opts: FastifyServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, ...opts });

  app.setErrorHandler((err, req, reply) => {
    if (err instanceof HuajieError) {
      return reply.status(err.status).send({ error: err.code, message: err.message });
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

  await app.register(healthRoutes, deps);
  await app.register(placeholderRoutes, deps);
  return app;
}
