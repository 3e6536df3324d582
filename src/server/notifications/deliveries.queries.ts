import type { Kysely } from 'kysely';
import { type PrintedQuery, example as x } from '../queries/printed.ts';
import type { DB, NotificationAttemptsTable } from '../store/schema.ts';

export interface DeliveryFilter {
  status?: 'pending' | 'delivered' | 'failed';
  webhook?: string;
  caseId?: string;
  limit: number;
}

/** Messages to the webhooks of the jurisdictions among `codes` (a caller's scope), newest first. */
export function deliveriesIn(db: Kysely<DB>, codes: Iterable<string>, f: DeliveryFilter) {
  let q = db
    .selectFrom('notifications as n')
    .innerJoin('webhooks as w', 'w.id', 'n.webhook_id')
    .select([
      'n.id',
      'n.webhook_id',
      'w.name as webhook_name',
      'w.format',
      'w.jurisdiction_code',
      'n.kind',
      'n.case_id',
      'n.payload',
      'n.status',
      'n.attempts',
      'n.next_attempt_at',
      'n.last_error',
      'n.created_at',
      'n.delivered_at',
    ])
    .where('w.jurisdiction_code', 'in', [...codes]);
  if (f.status) q = q.where('n.status', '=', f.status);
  if (f.webhook) q = q.where('n.webhook_id', '=', f.webhook);
  if (f.caseId) q = q.where('n.case_id', '=', f.caseId);
  return q.orderBy('n.created_at', 'desc').orderBy('n.id', 'desc').limit(f.limit).execute();
}

/** Every delivery attempt of these messages, in the order they were made. */
export async function attemptsOf(db: Kysely<DB>, ids: string[]): Promise<NotificationAttemptsTable[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('notification_attempts')
    .selectAll()
    .where('notification_id', 'in', ids)
    .orderBy('attempt')
    .execute();
}

/** A message's status and the jurisdiction of its webhook, or undefined when there is none of that id. */
export function deliveryPlace(
  db: Kysely<DB>,
  id: string,
): Promise<{ id: string; status: string; jurisdiction_code: string } | undefined> {
  return db
    .selectFrom('notifications as n')
    .innerJoin('webhooks as w', 'w.id', 'n.webhook_id')
    .select(['n.id', 'n.status', 'w.jurisdiction_code'])
    .where('n.id', '=', id)
    .executeTakeFirst();
}

/** A failed message back in the queue, due at `at` (one that is no longer failed is left as it is). */
export async function requeueFailed(db: Kysely<DB>, id: string, at: string): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ status: 'pending', next_attempt_at: at })
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .execute();
}

/** Every query above, printed for review (src/server/queries/, `npm run sql`). */
export const printed: PrintedQuery[] = [
  { name: 'deliveriesIn', variant: 'no filter', run: (db) => deliveriesIn(db, x.scope, { limit: 100 }) },
  {
    name: 'deliveriesIn',
    variant: 'by status, webhook and case',
    run: (db) =>
      deliveriesIn(db, x.scope, { status: 'failed', webhook: 'webhook-1', caseId: x.caseId, limit: 100 }),
  },
  { name: 'attemptsOf', run: (db) => attemptsOf(db, ['notification-1', 'notification-2']) },
  { name: 'deliveryPlace', run: (db) => deliveryPlace(db, 'notification-1') },
  { name: 'requeueFailed', run: (db) => requeueFailed(db, 'notification-1', x.at) },
];
