import type { Kysely } from 'kysely';
import type { StoredEvent } from '../../core/events/event.ts';
import type { DB } from '../store/schema.ts';

/** The duty events of any kind of case, as the `duties` read model keeps them. */
export type DutyEvent =
  | { type: 'duty.started'; data: { dutyId: string; dueAt: string; owner: string; warnAt?: string } }
  | { type: 'duty.extended'; data: { dutyId: string; dueAt: string; warnAt?: string } }
  | { type: 'duty.warned'; data: { dutyId: string } }
  | { type: 'duty.missed'; data: { dutyId: string; escalateTo: string } }
  | { type: 'duty.met'; data: { dutyId: string; lateSeconds: number } };

/**
 * Write one duty event into the `duties` read model, which the duty clock reads to find the
 * cases time acts on — the same for incidents and disputes. Returns the duty's status before
 * (for a projection that counts open and overdue duties).
 */
export async function writeDutyRow(
  db: Kysely<DB>,
  e: StoredEvent,
  ev: DutyEvent,
): Promise<string | undefined> {
  const row = db.updateTable('duties').where('case_id', '=', e.caseId).where('duty_id', '=', ev.data.dutyId);
  switch (ev.type) {
    case 'duty.started':
      await db
        .insertInto('duties')
        .values({
          case_id: e.caseId,
          duty_id: ev.data.dutyId,
          owner: ev.data.owner,
          started_at: e.occurredAt,
          due_at: ev.data.dueAt,
          status: 'open',
          escalate_to: null,
          late_seconds: null,
          met_at: null,
          warn_at: ev.data.warnAt ?? null,
        })
        .execute();
      return undefined;
    case 'duty.extended':
      await row
        .set({
          due_at: ev.data.dueAt,
          ...(ev.data.warnAt ? { warn_at: ev.data.warnAt, warned_at: null } : {}),
        })
        .execute();
      return undefined;
    case 'duty.warned':
      await row.set({ warned_at: e.recordedAt }).execute();
      return undefined;
    case 'duty.missed':
      await row.set({ status: 'missed', escalate_to: ev.data.escalateTo }).execute();
      return undefined;
    case 'duty.met': {
      const before = await db
        .selectFrom('duties')
        .select('status')
        .where('case_id', '=', e.caseId)
        .where('duty_id', '=', ev.data.dutyId)
        .executeTakeFirst();
      await row.set({ status: 'met', late_seconds: ev.data.lateSeconds, met_at: e.occurredAt }).execute();
      return before?.status;
    }
  }
}
