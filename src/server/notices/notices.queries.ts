import type { Insertable, Kysely } from 'kysely';
import { type PrintedQuery, example as x } from '../queries/printed.ts';
import type { DB, NoticesTable } from '../store/schema.ts';

/** How many of an account's notices a list shows: the newest. */
export const NOTICES_SHOWN = 50;

/** A notice for an account; a second one of the same source is not kept. */
export function insertNotice(db: Kysely<DB>, row: Insertable<NoticesTable>) {
  return db
    .insertInto('notices')
    .values(row)
    .onConflict((oc) => oc.columns(['account_id', 'source_id']).doNothing())
    .execute();
}

/** An account's newest notices, unread or not. */
export function noticesOf(db: Kysely<DB>, accountId: string, limit = NOTICES_SHOWN) {
  return db
    .selectFrom('notices')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** How many of an account's notices it has not read. */
export async function unreadCount(db: Kysely<DB>, accountId: string): Promise<number> {
  const row = await db
    .selectFrom('notices')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** An account reads some of its notices (all, without ids); answers how many were unread. */
export async function markRead(db: Kysely<DB>, accountId: string, at: string, ids?: readonly string[]) {
  const r = await db
    .updateTable('notices')
    .set({ read_at: at })
    .where('account_id', '=', accountId)
    .where('read_at', 'is', null)
    .$if(ids !== undefined, (q) => q.where('id', 'in', ids as string[]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows ?? 0);
}

/** Every query above, printed for review (src/server/queries/notices.sql, `npm run sql`). */
export const printed: PrintedQuery[] = [
  {
    name: 'insertNotice',
    run: (db) =>
      insertNotice(db, {
        id: 'notice-1',
        account_id: x.userId,
        source_id: `warn:${x.caseId}:report-town`,
        kind: 'warning',
        case_id: x.caseId,
        jurisdiction_code: x.jurisdiction,
        exercise: 0,
        link: `/incidents/${x.caseId}`,
        at: x.at,
        title: '【即将超时】事发地单位 20 分钟内报告',
        text: '责任方 村（社区），须在 01/01 08:20 前完成',
        said: '{"title":{"key":"notice.headline"},"lines":[]}',
        created_at: x.at,
      }),
  },
  { name: 'noticesOf', run: (db) => noticesOf(db, x.userId) },
  { name: 'unreadCount', run: (db) => unreadCount(db, x.userId) },
  { name: 'markRead', variant: 'all', run: (db) => markRead(db, x.userId, x.at) },
  { name: 'markRead', variant: 'some', run: (db) => markRead(db, x.userId, x.at, ['notice-1', 'notice-2']) },
];
