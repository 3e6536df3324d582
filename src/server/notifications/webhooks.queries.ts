import type { Kysely, Updateable } from 'kysely';
import { type PrintedQuery, example as x } from '../queries/printed.ts';
import type { DB, WebhooksTable } from '../store/schema.ts';

/** The webhooks of the jurisdictions among `codes` (a caller's scope), oldest first. */
export function webhooksIn(db: Kysely<DB>, codes: Iterable<string>): Promise<WebhooksTable[]> {
  return db
    .selectFrom('webhooks')
    .selectAll()
    .where('jurisdiction_code', 'in', [...codes])
    .orderBy('created_at')
    .execute();
}

export function webhookById(db: Kysely<DB>, id: string): Promise<WebhooksTable | undefined> {
  return db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Add a webhook; false (and nothing added) when its jurisdiction does not exist. */
export async function insertWebhook(db: Kysely<DB>, row: WebhooksTable): Promise<boolean> {
  const j = await db
    .selectFrom('jurisdictions')
    .select('code')
    .where('code', '=', row.jurisdiction_code)
    .executeTakeFirst();
  if (!j) return false;
  await db.insertInto('webhooks').values(row).execute();
  return true;
}

/** Change only the columns in `set`, and read the webhook as it now is. */
export async function updateWebhook(
  db: Kysely<DB>,
  id: string,
  set: Updateable<WebhooksTable>,
): Promise<WebhooksTable> {
  if (Object.keys(set).length > 0) await db.updateTable('webhooks').set(set).where('id', '=', id).execute();
  return db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** The message queued to one webhook for a cause, if one was (a disabled webhook gets none). */
export function queuedFor(
  db: Kysely<DB>,
  webhookId: string,
  sourceId: string,
): Promise<{ id: string } | undefined> {
  return db
    .selectFrom('notifications')
    .select('id')
    .where('webhook_id', '=', webhookId)
    .where('source_id', '=', sourceId)
    .executeTakeFirst();
}

/** Every query above, printed for review (src/server/queries/, `npm run sql`). */
export const printed: PrintedQuery[] = [
  { name: 'webhooksIn', run: (db) => webhooksIn(db, x.scope) },
  { name: 'webhookById', run: (db) => webhookById(db, 'webhook-1') },
  {
    name: 'insertWebhook',
    run: (db) =>
      insertWebhook(db, {
        id: 'webhook-1',
        jurisdiction_code: x.jurisdiction,
        name: '镇值班室',
        url: 'https://example.org/hook',
        format: 'json',
        secret: null,
        kinds: '["incident"]',
        enabled: 1,
        created_at: x.at,
        created_by: x.userId,
      }),
    rows: [{ code: '100000' }],
  },
  {
    name: 'updateWebhook',
    run: (db) => updateWebhook(db, 'webhook-1', { enabled: 0 }),
    rows: [{ id: 'webhook-1' }],
  },
  { name: 'queuedFor', run: (db) => queuedFor(db, 'webhook-1', 'event-1') },
];
