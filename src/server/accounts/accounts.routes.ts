import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { UserInput, UserPatch } from '../../core/accounts/accounts.ts';
import { AccountAnswer, AccountList } from '../../core/api/accounts.ts';
import { errors } from '../../core/api/errors.ts';
import { NotFoundError, StateError } from '../../core/errors.ts';
import { requireCaller } from '../auth/auth.plugin.ts';
import type { RouteDeps } from '../deps.ts';
import { SECURITY } from '../openapi.ts';
import { userPlace, usersIn } from './accounts.queries.ts';
import { addUser, type PublicUser, updateUser } from './accounts.repo.ts';
import { inScope } from './scope.ts';

const userView = (u: PublicUser) => ({
  id: u.id,
  username: u.username,
  displayName: u.display_name,
  role: u.role,
  jurisdiction: u.jurisdiction_code,
  disabled: u.disabled === 1,
  createdAt: u.created_at,
  imId: u.im_id ?? null,
});

/**
 * Staff accounts, managed by admins within their own jurisdiction and below. Disabling an
 * account, moving it, giving it another role or a new password ends its sessions.
 */
export const accountRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  const db = deps.store.db;

  app.get(
    '/api/users',
    {
      schema: {
        operationId: 'listUsers',
        security: SECURITY.session,
        tags: ['admin'],
        summary: 'Accounts in the admin’s scope',
        response: { 200: AccountList, ...errors(401, 403, 503) },
      },
    },
    async (req) => {
      const caller = requireCaller(req, 'accounts.manage');
      const rows = await usersIn(db, caller.scope);
      return { users: rows.map(userView) };
    },
  );

  app.post(
    '/api/users',
    {
      schema: {
        operationId: 'addUser',
        security: SECURITY.write,
        tags: ['admin'],
        summary: 'Add an account in the admin’s scope',
        body: UserInput,
        response: { 201: AccountAnswer, ...errors(400, 401, 403, 404, 409, 503) },
      },
    },
    async (req, reply) => {
      const caller = requireCaller(req, 'accounts.manage');
      inScope(caller, req.body.jurisdiction);
      const u = await addUser(deps.store, deps.clock, req.body);
      return reply.status(201).send({ user: userView(u) });
    },
  );

  app.patch(
    '/api/users/:id',
    {
      schema: {
        operationId: 'updateUser',
        security: SECURITY.write,
        tags: ['admin'],
        summary: 'Change, move, disable or reset the password of an account',
        params: z.object({ id: z.string() }),
        body: UserPatch,
        response: { 200: AccountAnswer, ...errors(400, 401, 403, 404, 409, 503) },
      },
    },
    async (req) => {
      const caller = requireCaller(req, 'accounts.manage');
      const target = await userPlace(db, req.params.id);
      if (!target || !caller.scope.has(target.jurisdiction_code))
        throw new NotFoundError(`no user ${req.params.id}`);
      if (req.body.jurisdiction) inScope(caller, req.body.jurisdiction);
      if (
        target.id === caller.user.id &&
        (req.body.disabled || req.body.role !== undefined || req.body.jurisdiction !== undefined)
      )
        throw new StateError('self', 'you cannot disable yourself or change your own role or jurisdiction');
      const user = userView(await updateUser(deps.store, target.id, req.body));
      void app.broadcaster.recheck(); // streams of ended sessions close now
      return { user };
    },
  );
};
