import type { Kysely } from 'kysely';
import { statusBeforeKeeping } from '../incident/reply-channel.queries.ts';
import { type PrintedQuery, example as x } from '../queries/printed.ts';
import type { Engine } from '../store/dialect.ts';
import type { DB, RepresentativeContactReadsTable } from '../store/schema.ts';

/**
 * The reads and writes of the contacts of a dispute's representatives (contact.routes.ts): how
 * to reach a side, kept outside the log, and the log of every read of one. Whether the caller
 * sees the dispute at all is asked first, of dispute.queries.ts `visibleDispute`. The purge a
 * set time after 销号 is cases/contact-purge.queries.ts.
 */

/** The sides of a dispute as its registration describes them, in their order (a side is its position). */
export async function disputeSides(db: Kysely<DB>, caseId: string): Promise<string[]> {
  const row = await db
    .selectFrom('events')
    .select('data')
    .where('case_id', '=', caseId)
    .where('seq', '=', 1)
    .where('type', '=', 'dispute.registered')
    .executeTakeFirst();
  if (!row) return [];
  const data = (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as {
    sides?: { description?: unknown }[];
  };
  return (data.sides ?? []).map((s) => String(s.description ?? ''));
}

/**
 * The dispute's status, inside a transaction that then keeps a contact. A settling append
 * updates this row before it stamps the dispute's contacts: on PostgreSQL the read waits on it
 * (FOR SHARE), so 销号 either went first (and is seen here) or stamps the contact kept before it.
 */
export function disputeStatusBeforeKeeping(
  tx: Kysely<DB>,
  engine: Engine,
  caseId: string,
): Promise<string | undefined> {
  return statusBeforeKeeping(tx, engine, caseId, 'disputes');
}

/** Keep (or replace) how to reach one side's representatives. */
export async function keepContact(
  tx: Kysely<DB>,
  c: { caseId: string; side: number; contact: string; keptBy: string; keptAt: string },
): Promise<void> {
  await tx
    .insertInto('representative_contacts')
    .values({
      case_id: c.caseId,
      side: c.side,
      contact: c.contact,
      kept_by: c.keptBy,
      kept_at: c.keptAt,
      settled_at: null,
    })
    .onConflict((oc) =>
      oc
        .columns(['case_id', 'side'])
        .doUpdateSet({ contact: c.contact, kept_by: c.keptBy, kept_at: c.keptAt }),
    )
    .execute();
}

/** Forget one side's contact (the representatives withdrew it). */
export async function removeContact(tx: Kysely<DB>, caseId: string, side: number): Promise<void> {
  await tx
    .deleteFrom('representative_contacts')
    .where('case_id', '=', caseId)
    .where('side', '=', side)
    .execute();
}

/** One side's contact, if one is kept. */
export function contactOf(tx: Kysely<DB>, caseId: string, side: number) {
  return tx
    .selectFrom('representative_contacts')
    .select(['contact', 'settled_at'])
    .where('case_id', '=', caseId)
    .where('side', '=', side)
    .executeTakeFirst();
}

/** Which sides of a dispute have a contact kept, and since when — never the contact itself. */
export function contactsKept(db: Kysely<DB>, caseId: string) {
  return db
    .selectFrom('representative_contacts')
    .select(['side', 'kept_at', 'settled_at'])
    .where('case_id', '=', caseId)
    .orderBy('side')
    .execute();
}

/** Record a read of a contact (the access log: never changed, never removed). */
export async function recordContactRead(
  tx: Kysely<DB>,
  read: RepresentativeContactReadsTable,
): Promise<void> {
  await tx.insertInto('representative_contact_reads').values(read).execute();
}

/** Who read which side's contact of a dispute, when and why, in the order read. */
export function contactReads(db: Kysely<DB>, caseId: string) {
  return db
    .selectFrom('representative_contact_reads')
    .select(['id', 'side', 'user_id', 'username', 'role', 'reason', 'at'])
    .where('case_id', '=', caseId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/** Every query above, printed for review (src/server/queries/contact.sql, `npm run sql`). */
export const printed: PrintedQuery[] = [
  {
    name: 'disputeSides',
    run: (db) => disputeSides(db, x.caseId),
    rows: [{ data: '{"sides":[{"kind":"group","description":"三组村民"}]}' }],
  },
  {
    name: 'disputeStatusBeforeKeeping',
    run: (db, engine) => disputeStatusBeforeKeeping(db, engine, x.caseId),
  },
  {
    name: 'keepContact',
    run: (db) =>
      keepContact(db, {
        caseId: x.caseId,
        side: 0,
        contact: 'a phone number',
        keptBy: x.userId,
        keptAt: x.at,
      }),
  },
  { name: 'removeContact', run: (db) => removeContact(db, x.caseId, 0) },
  { name: 'contactOf', run: (db) => contactOf(db, x.caseId, 0) },
  { name: 'contactsKept', run: (db) => contactsKept(db, x.caseId) },
  {
    name: 'recordContactRead',
    run: (db) =>
      recordContactRead(db, {
        id: x.eventId,
        case_id: x.caseId,
        side: 0,
        user_id: x.userId,
        username: x.username,
        role: 'officer',
        reason: 'to tell them the date of the mediation',
        at: x.at,
      }),
  },
  { name: 'contactReads', run: (db) => contactReads(db, x.caseId) },
];
