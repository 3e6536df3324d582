import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { errors } from '../../core/api/errors.ts';
import { HtmlPage } from '../../core/api/responses.ts';

/**
 * The built web application (dist/web, made by `npm start` or `npm run build:web`): its
 * files, and index.html for every other GET that is not the API, so the app's own routes
 * (/incidents/…) load on reload and from links in notifications.
 */
export const webRoutes: FastifyPluginAsync<{ dir: string }> = async (app, { dir }) => {
  const index = readFileSync(join(dir, 'index.html'), 'utf8');
  await app.register(fastifyStatic, {
    root: dir,
    wildcard: false,
    index: false,
    // hashed file names: cached for long; index.html never (below)
    maxAge: '365d',
    immutable: true,
  });
  const sendIndex = (reply: FastifyReply) =>
    reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(index);
  // the web application's pages, not the API: left out of the API's document
  const page = { schema: { hide: true, response: { 200: HtmlPage } }, config: { public: true } };
  const anyPage = {
    schema: { hide: true, response: { 200: HtmlPage, ...errors(404) } },
    config: { public: true },
  };
  app.get('/', page, async (_req, reply) => sendIndex(reply));
  app.get('/*', anyPage, async (req, reply) => {
    const path = req.url.split('?')[0] ?? '/';
    if (path.startsWith('/api/') || path.startsWith('/assets/'))
      return reply.status(404).send({ error: 'not_found', message: `no route ${req.method} ${path}` });
    return sendIndex(reply);
  });
};

export function hasWebBuild(dir: string): boolean {
  return existsSync(join(dir, 'index.html'));
}
