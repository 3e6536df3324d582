import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LOCK_KINDS, LoginLockList } from '../../core/api/accounts.ts';
import { errors } from '../../core/api/errors.ts';
import { NoContent } from '../../core/api/responses.ts';
import { NotFoundError } from '../../core/errors.ts';
import { isTopOfTree } from '../accounts/accounts.repo.ts';
import type { AppDeps } from '../deps.ts';
import { SECURITY } from '../openapi.ts';
import { type Caller, requireCaller } from './auth.plugin.ts';
import { accountJurisdictions } from './auth.queries.ts';
import { LoginThrottle, type ThrottleKind } from './login.throttle.ts';

/**
 * Failed logins and the locks they caused, for admins: a username whose account is in the
 * admin's scope; addresses and usernames of no account only for an admin at the top of the
 * tree (they are nobody's jurisdiction). Lifting a lock forgets the failures too.
 */
export const loginLockRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const throttle = new LoginThrottle(deps.store, deps.clock);
  const db = deps.store.db;

  async function visibility(caller: Caller) {
    const top = await isTopOfTree(db, caller.user.jurisdiction_code);
    return async (kind: ThrottleKind, subjects: string[]) => {
      if (kind === 'address') return new Set(top ? subjects : []);
      if (subjects.length === 0) return new Set<string>();
      const users = await accountJurisdictions(db, subjects);
      const known = new Map(users.map((u) => [u.username, u.jurisdiction_code]));
      return new Set(
        subjects.filter((s) => {
          const j = known.get(s);
          return j === undefined ? top : caller.scope.has(j);
        }),
      );
    };
  }

  app.get(
    '/api/login-locks',
    {
      schema: {
        operationId: 'listLoginLocks',
        security: SECURITY.session,
        tags: ['admin'],
        summary: 'Failed logins per username and per address, and the locks they caused (admins)',
        response: { 200: LoginLockList, ...errors(401, 403, 503) },
      },
    },
    async (req) => {
      const caller = requireCaller(req, 'accounts.manage');
      const rows = await throttle.list();
      const visible = await visibility(caller);
      const users = await visible(
        'username',
        rows.filter((r) => r.kind === 'username').map((r) => r.subject),
      );
      const addresses = await visible(
        'address',
        rows.filter((r) => r.kind === 'address').map((r) => r.subject),
      );
      return {
        locks: rows
          .filter((r) => (r.kind === 'username' ? users : addresses).has(r.subject))
          .map((r) => ({
            kind: r.kind,
            subject: r.subject,
            failures: r.failures,
            locked: r.locked,
            lockedUntil: r.locked ? r.locked_until : null,
            lastFailureAt: r.last_failure_at,
          })),
      };
    },
  );

  app.delete(
    '/api/login-locks/:kind/:subject',
    {
      schema: {
        operationId: 'liftLoginLock',
        security: SECURITY.write,
        tags: ['admin'],
        summary: 'Lift a login lock and forget its failures (admins)',
        params: z.object({ kind: z.enum(LOCK_KINDS), subject: z.string().min(1).max(200) }),
        response: { 204: NoContent, ...errors(400, 401, 403, 404, 503) },
      },
    },
    async (req, reply) => {
      const caller = requireCaller(req, 'accounts.manage');
      const { kind, subject } = req.params;
      const visible = await (await visibility(caller))(kind, [subject]);
      if (!visible.has(subject) || !(await throttle.lift(kind, subject)))
        throw new NotFoundError(`no failed logins recorded for ${kind} ${subject} in your scope`);
      req.log.info({ kind, subject, by: caller.user.username }, 'login lock lifted');
      return reply.status(204).send();
    },
  );
};
