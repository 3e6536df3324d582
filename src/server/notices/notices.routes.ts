import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errors } from '../../core/api/errors.ts';
import { type Notice, NoticeList, NoticesRead, NoticesReadOut } from '../../core/api/notices.ts';
import { requireCaller } from '../auth/auth.plugin.ts';
import type { RouteDeps } from '../deps.ts';
import { SECURITY } from '../openapi.ts';
import type { NoticesTable } from '../store/schema.ts';
import { markRead, noticesOf, unreadCount } from './notices.queries.ts';

const view = (r: NoticesTable): Notice => ({
  id: r.id,
  kind: r.kind as Notice['kind'],
  caseId: r.case_id,
  jurisdiction: r.jurisdiction_code,
  exercise: r.exercise === 1,
  link: r.link,
  at: r.at,
  title: r.title,
  text: r.text,
  said: JSON.parse(r.said) as Notice['said'],
  createdAt: r.created_at,
  readAt: r.read_at,
});

/**
 * 值班提醒: each account's own notices — the warnings and escalations that came to it because it
 * was on duty for them (notices/notices.ts) — and their reading. Nobody reads another's.
 */
export const noticeRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, deps) => {
  app.get(
    '/api/notices',
    {
      schema: {
        operationId: 'listNotices',
        security: SECURITY.session,
        tags: ['roster'],
        summary:
          'The caller’s own notices (值班提醒): warnings and escalations that came to them as the person on duty, newest first, with how many are unread',
        response: { 200: NoticeList, ...errors(401, 503) },
      },
    },
    async (req) => {
      const caller = requireCaller(req);
      const db = deps.store.db;
      const [rows, unread] = await Promise.all([
        noticesOf(db, caller.user.id),
        unreadCount(db, caller.user.id),
      ]);
      return { unread, notices: rows.map(view) };
    },
  );

  app.post(
    '/api/notices/read',
    {
      schema: {
        operationId: 'readNotices',
        security: SECURITY.write,
        tags: ['roster'],
        summary: 'The caller has read some of their notices, or all of them',
        body: NoticesRead,
        response: { 200: NoticesReadOut, ...errors(400, 401, 403, 503) },
      },
    },
    async (req) => {
      const caller = requireCaller(req);
      const at = deps.clock.now().toISOString();
      // a write: on the store's writing connection, as every write is
      const read = await deps.store.transaction((db) => markRead(db, caller.user.id, at, req.body.ids));
      return { read };
    },
  );
};
