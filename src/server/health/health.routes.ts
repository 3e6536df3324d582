import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../deps.ts';
import { storageUnavailable } from '../store/dialect.ts';
import { databaseAnswers } from './health.queries.ts';
import type { StorageHealth } from './storage.health.ts';

/**
 * GET /api/health: the server is up, its database answers, and it can write. 503 when it
 * cannot read or cannot write: a server that cannot record a report is not fit for duty.
 */
export const healthRoutes: FastifyPluginAsync<AppDeps & { storage: StorageHealth }> = async (app, deps) => {
  app.get('/api/health', { config: { public: true } }, async (_req, reply) => {
    const started = performance.now();
    try {
      await databaseAnswers(deps.store.db);
    } catch (e) {
      return reply.status(503).send({
        status: 'unavailable',
        engine: deps.store.engine,
        database: 'not answering',
        writable: false,
        reason: storageUnavailable(e) ?? 'the database does not answer',
      });
    }
    const databaseMs = Math.round((performance.now() - started) * 100) / 100;
    const write = await deps.storage.check();
    const body = {
      status: write.writable ? 'ok' : 'unavailable',
      version: deps.version,
      engine: deps.store.engine,
      databaseMs,
      writable: write.writable,
      ...(write.writable ? {} : { reason: write.reason }),
      time: deps.clock.now().toISOString(),
    };
    return reply.status(write.writable ? 200 : 503).send(body);
  });
};
