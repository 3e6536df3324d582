import type { FastifyPluginAsync } from 'fastify';
import { sql } from 'kysely';
import type { AppDeps } from '../app.ts';

/** GET /api/health: the server is up and its database answers. */
export const healthRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  app.get('/api/health', { config: { public: true } }, async (_req, reply) => {
    const started = performance.now();
    try {
      await sql`SELECT 1`.execute(deps.store.db);
    } catch {
      return reply
        .status(503)
        .send({ status: 'unavailable', engine: deps.store.engine, database: 'not answering' });
    }
    return {
      status: 'ok',
      version: deps.version,
      engine: deps.store.engine,
      databaseMs: Math.round((performance.now() - started) * 100) / 100,
      time: deps.clock.now().toISOString(),
    };
  });
};
