import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError } from '../../core/api/errors.ts';
import { Health } from '../../core/api/health.ts';
import type { AppDeps } from '../deps.ts';
import { SECURITY } from '../openapi.ts';
import { storageUnavailable } from '../store/dialect.ts';
import { databaseAnswers } from './health.queries.ts';
import type { StorageHealth } from './storage.health.ts';

/**
 * GET /api/health: the server is up, its database answers, and it can write. 503 when it
 * cannot read or cannot write: a server that cannot record a report is not fit for duty.
 */
export const healthRoutes: FastifyPluginAsyncZod<AppDeps & { storage: StorageHealth }> = async (
  app,
  deps,
) => {
  const schema = {
    operationId: 'getHealth',
    security: SECURITY.public,
    tags: ['health'],
    summary: 'Whether the server is fit for duty: its database answers and takes writes',
    response: {
      200: Health.describe('Fit for duty: the database answers and takes writes.'),
      // a database that fails before the check runs (finding the caller's session) answers as any route does
      503: z
        .union([Health, ApiError])
        .describe('Not fit for duty: the database does not answer, or cannot write; `reason` says why.'),
    },
  };
  app.get('/api/health', { schema, config: { public: true } }, async (_req, reply) => {
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
