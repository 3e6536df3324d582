import type { Kysely } from 'kysely';
import { escalationTarget } from '../../core/incident/escalation.ts';
import { typed } from '../../core/incident/incident.events.ts';
import { ancestorsOf } from '../accounts/accounts.repo.ts';
import type { Projection } from '../projections/projection.ts';
import type { DB, JurisdictionsTable } from '../store/schema.ts';

/** A jurisdiction and its ancestors, nearest first. */
export async function chainOf(db: Kysely<DB>, code: string): Promise<JurisdictionsTable[]> {
  const self = await db.selectFrom('jurisdictions').selectAll().where('code', '=', code).executeTakeFirst();
  return self ? [self, ...(await ancestorsOf(db, code))] : [];
}

/** The jurisdiction an escalation from `from` reaches (core's rule over its chain). */
export async function resolveEscalation(
  db: Kysely<DB>,
  from: string | null,
  target: string,
  kind: 'missed' | 'requested',
): Promise<string | null> {
  return from ? escalationTarget(await chainOf(db, from), target, kind) : null;
}

/** Where a case is: an incident's, a dispute's or a screening register's jurisdiction. */
export async function caseJurisdiction(db: Kysely<DB>, caseId: string): Promise<string | null> {
  const row = await db
    .selectFrom('incidents')
    .select('jurisdiction')
    .where('case_id', '=', caseId)
    .unionAll((q) => q.selectFrom('disputes').select('jurisdiction').where('case_id', '=', caseId))
    .unionAll((q) => q.selectFrom('screening_registers').select('jurisdiction').where('case_id', '=', caseId))
    .executeTakeFirst();
  return row?.jurisdiction ?? null;
}

/**
 * Escalations, each resolved to the jurisdiction whose board it is on: a missed duty of any
 * kind of case (an incident's, a dispute's, a screening cadence's) and an incident's request.
 */
export const escalationProjection: Projection = {
  name: 'escalations',
  tables: ['escalations'],
  async apply(db, events) {
    for (const e of events) {
      // a duty.missed of every kind has the incident's shape (projections/duty-rows.ts)
      const t = typed(e);
      if (t?.type === 'escalation.acknowledged') {
        // the first to take it in hand; a later one stays on the log
        await db
          .updateTable('escalations')
          .set({
            acknowledged_at: new Date(e.occurredAt).toISOString(),
            acknowledged_by: e.actorId,
            acknowledged_role: e.actorRole,
            acknowledged_note: t.data.note ?? null,
          })
          .where('event_id', '=', t.data.escalationId)
          .where('case_id', '=', e.caseId)
          .where('acknowledged_at', 'is', null)
          .execute();
        continue;
      }
      if (t?.type !== 'duty.missed' && t?.type !== 'escalation.requested') continue;
      const missed = t.type === 'duty.missed';
      // a duty of a plan of a level above is missed towards that plan's own jurisdiction
      const from = (missed ? t.data.jurisdiction : undefined) ?? (await caseJurisdiction(db, e.caseId));
      const target = missed ? t.data.escalateTo : t.data.to;
      await db
        .insertInto('escalations')
        .values({
          event_id: e.id,
          case_id: e.caseId,
          kind: missed ? 'missed' : 'requested',
          duty_id: missed ? t.data.dutyId : null,
          target,
          from_jurisdiction: from,
          to_jurisdiction: await resolveEscalation(db, from, target, missed ? 'missed' : 'requested'),
          at: new Date(missed ? t.data.dueAt : e.occurredAt).toISOString(),
          recorded_at: e.recordedAt,
          reason: missed ? t.data.dutyId : t.data.reason,
        })
        .execute();
    }
  },
};
