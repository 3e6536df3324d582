import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Me } from '../../core/api/accounts.ts';
import { errors } from '../../core/api/errors.ts';
import { NoContent } from '../../core/api/responses.ts';
import { TooManyRequestsError } from '../../core/errors.ts';
import { checkLogin } from '../accounts/accounts.repo.ts';
import type { AppDeps } from '../deps.ts';
import { SECURITY } from '../openapi.ts';
import { requireCaller, UnauthorizedError } from './auth.plugin.ts';
import { addressSubject, LoginThrottle } from './login.throttle.ts';

/** Logins from one address a minute, whatever their outcome: far more than an office makes. */
const LOGINS_PER_MINUTE = 300;

import { createSession, endSession, SESSION_COOKIE, SESSION_HOURS } from './session.ts';

const publicUser = (u: {
  id: string;
  username: string;
  display_name: string;
  role: string;
  jurisdiction_code: string;
}) => ({
  id: u.id,
  username: u.username,
  displayName: u.display_name,
  role: u.role,
  jurisdiction: u.jurisdiction_code,
});

export const authRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const throttle = new LoginThrottle(deps.store, deps.clock);
  app.post(
    '/api/auth/login',
    {
      schema: {
        operationId: 'login',
        security: SECURITY.public,
        summary: 'Log in: the session cookie, and the CSRF token every write carries',
        tags: ['auth'],
        body: z
          .object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) })
          .strict(),
        response: { 200: Me, ...errors(400, 401, 429, 503) },
      },
      // guessing passwords is slowed per username and per address (login.throttle.ts); and no
      // address floods the database with the throttle's own writes
      config: {
        public: true,
        rateLimit: {
          max: LOGINS_PER_MINUTE,
          timeWindow: 60_000,
          keyGenerator: (req: { ip: string }) => addressSubject(req.ip),
          errorResponseBuilder: (_req: unknown, ctx: { ttl: number }) => {
            const wait = Math.max(1, Math.ceil(ctx.ttl / 1000));
            return new TooManyRequestsError(
              'rate_limited',
              `at most ${LOGINS_PER_MINUTE} logins a minute from one address; try again in ${wait} s`,
              wait,
            );
          },
        },
      },
    },
    async (req, reply) => {
      const attempt = await throttle.begin(req.body.username, req.ip);
      const user = await checkLogin(deps.store.db, req.body.username, req.body.password);
      if (!user) {
        await attempt.failed();
        throw new UnauthorizedError('the username or the password is wrong');
      }
      await attempt.succeeded();
      const { token, csrfToken } = await createSession(deps.store, deps.clock, user);
      reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: req.protocol === 'https',
        path: '/',
        maxAge: SESSION_HOURS * 3600,
      });
      return { user: publicUser(user), csrfToken };
    },
  );

  const logout = {
    schema: {
      operationId: 'logout',
      security: SECURITY.write,
      summary: 'Log out: the session ends, and its live streams close',
      tags: ['auth'],
      response: { 204: NoContent, ...errors(401, 403, 503) },
    },
  };
  app.post('/api/auth/logout', logout, async (req, reply) => {
    requireCaller(req);
    const token = req.cookies[SESSION_COOKIE];
    if (token) await endSession(deps.store, token);
    // its live streams close now (on other servers within the broadcaster's recheck)
    void app.broadcaster.recheck();
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  const me = {
    schema: {
      operationId: 'getMe',
      security: SECURITY.session,
      summary: 'The account logged in, and its session’s CSRF token',
      tags: ['auth'],
      response: { 200: Me, ...errors(401, 503) },
    },
  };
  app.get('/api/me', me, async (req) => {
    const c = requireCaller(req);
    return { user: publicUser(c.user), csrfToken: c.csrfToken };
  });
};
