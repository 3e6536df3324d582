import { type Kysely, sql } from 'kysely';
import { type PrintedQuery, example as x } from '../queries/printed.ts';
import type { Engine } from '../store/dialect.ts';
import type { DB, ReplyChannelReadsTable } from '../store/schema.ts';

/**
 * The reads and writes of demands' reply channels (reply-channel.routes.ts). Whether the
 * caller sees the case at all is asked first, of incident.queries.ts `visibleIncident`.
 */

/** Whether the case has this demand. */
export async function hasDemand(db: Kysely<DB>, caseId: string, demandId: string): Promise<boolean> {
  const row = await db
    .selectFrom('demands')
    .select('demand_id')
    .where('case_id', '=', caseId)
    .where('demand_id', '=', demandId)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The incident's status, inside a transaction that then keeps a reply channel. A settling
 * append updates this row before it stamps the incident's channels for the purge: on
 * PostgreSQL the read waits on it (FOR SHARE), so 销号 either went first (and is seen here) or
 * stamps the channel kept before it.
 */
export async function statusBeforeKeeping(
  tx: Kysely<DB>,
  engine: Engine,
  caseId: string,
  /** the case's read model: an incident's (a reply channel), a dispute's (a contact) */
  table: 'incidents' | 'disputes' = 'incidents',
): Promise<string | undefined> {
  const lock = engine === 'postgres' ? sql` FOR SHARE` : sql``;
  const { rows } = await sql<{
    status: string;
  }>`SELECT status FROM ${sql.table(table)} WHERE case_id = ${caseId}${lock}`.execute(tx);
  return rows[0]?.status;
}

/** Keep (or replace) how to reach a demand's representatives. */
export async function keepReplyChannel(
  tx: Kysely<DB>,
  c: { caseId: string; demandId: string; channel: string; setBy: string; setAt: string },
): Promise<void> {
  await tx
    .insertInto('reply_channels')
    .values({
      case_id: c.caseId,
      demand_id: c.demandId,
      channel: c.channel,
      set_by: c.setBy,
      set_at: c.setAt,
    })
    .onConflict((oc) =>
      oc
        .columns(['case_id', 'demand_id'])
        .doUpdateSet({ channel: c.channel, set_by: c.setBy, set_at: c.setAt }),
    )
    .execute();
}

/** Forget a demand's reply channel. */
export async function removeReplyChannel(tx: Kysely<DB>, caseId: string, demandId: string): Promise<void> {
  await tx
    .deleteFrom('reply_channels')
    .where('case_id', '=', caseId)
    .where('demand_id', '=', demandId)
    .execute();
}

/** A demand's reply channel, if one is kept. */
export function replyChannel(tx: Kysely<DB>, caseId: string, demandId: string) {
  return tx
    .selectFrom('reply_channels')
    .select('channel')
    .where('case_id', '=', caseId)
    .where('demand_id', '=', demandId)
    .executeTakeFirst();
}

/** Record a read of a reply channel (the access log: never changed, never removed). */
export async function recordReplyChannelRead(tx: Kysely<DB>, read: ReplyChannelReadsTable): Promise<void> {
  await tx.insertInto('reply_channel_reads').values(read).execute();
}

/** Who read which reply channel of a case, when and why, in the order read. */
export function replyChannelReads(db: Kysely<DB>, caseId: string) {
  return db
    .selectFrom('reply_channel_reads')
    .select(['id', 'demand_id', 'user_id', 'username', 'role', 'reason', 'at'])
    .where('case_id', '=', caseId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/** Every query above, printed for review (src/server/queries/reply-channel.sql, `npm run sql`). */
export const printed: PrintedQuery[] = [
  { name: 'hasDemand', run: (db) => hasDemand(db, x.caseId, x.demandId) },
  { name: 'statusBeforeKeeping', run: (db, engine) => statusBeforeKeeping(db, engine, x.caseId) },
  {
    name: 'keepReplyChannel',
    run: (db) =>
      keepReplyChannel(db, {
        caseId: x.caseId,
        demandId: x.demandId,
        channel: 'a phone number',
        setBy: x.userId,
        setAt: x.at,
      }),
  },
  { name: 'removeReplyChannel', run: (db) => removeReplyChannel(db, x.caseId, x.demandId) },
  { name: 'replyChannel', run: (db) => replyChannel(db, x.caseId, x.demandId) },
  {
    name: 'recordReplyChannelRead',
    run: (db) =>
      recordReplyChannelRead(db, {
        id: x.eventId,
        case_id: x.caseId,
        demand_id: x.demandId,
        user_id: x.userId,
        username: x.username,
        role: 'officer',
        reason: 'to send the written answer',
        at: x.at,
      }),
  },
  { name: 'replyChannelReads', run: (db) => replyChannelReads(db, x.caseId) },
];
