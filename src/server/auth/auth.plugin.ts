import '@fastify/cookie';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { type Action, may, rolesFor } from '../../core/accounts/permissions.ts';
import { CsrfError, ForbiddenError, HuajieError } from '../../core/errors.ts';
import type { AppDeps } from '../deps.ts';
import { AuthCache, type Caller } from './auth.cache.ts';
import { SESSION_COOKIE } from './session.ts';

export class UnauthorizedError extends HuajieError {
  readonly status = 401;
  readonly code = 'unauthorized';
}

export type { Caller };

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
  }
  interface FastifyContextConfig {
    /** reachable without a session (login, health, the API document) */
    public?: boolean;
  }
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Who is calling: the session cookie, checked on every request (AuthCache: one small read
 * per request while nothing about sessions, accounts or jurisdictions changed). Writes (any
 * method but GET/HEAD) must also carry the session's CSRF token in `x-csrf-token`.
 */
const plugin: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  app.decorateRequest('caller', null);
  const callers = new AuthCache(deps.store.db, deps.clock);
  app.addHook('onRequest', async (req) => {
    const session = await callers.caller(req.cookies[SESSION_COOKIE]);
    if (!session) {
      // who you are is settled before what you sent: no session, no further look at the request
      // the web application's files hold no data: only the API needs a session
      const open =
        req.routeOptions.config?.public ||
        !req.routeOptions.url ||
        !req.url.startsWith('/api/') ||
        req.url.startsWith('/api/docs');
      if (!open) throw new UnauthorizedError('log in first (POST /api/auth/login)');
      return;
    }
    req.caller = session;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      const given = req.headers['x-csrf-token'];
      if (typeof given !== 'string' || !sameToken(given, session.csrfToken)) {
        throw new CsrfError(
          'missing or wrong x-csrf-token header (sent with the session at login and in /api/me)',
        );
      }
    }
  });
};
export const authPlugin = fp(plugin, { name: 'huajie-auth' });

/** The caller, or 401. With an action: 403 unless the permission table lets the caller's role do it. */
export function requireCaller(req: FastifyRequest, action?: Action): Caller {
  if (!req.caller) throw new UnauthorizedError('log in first (POST /api/auth/login)');
  if (action && !may(req.caller.user.role, action)) {
    throw new ForbiddenError(
      `this needs the role ${rolesFor(action).join(' or ')}; you are ${req.caller.user.role}`,
    );
  }
  return req.caller;
}
