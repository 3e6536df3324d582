import { sql } from 'kysely';
import type { Projection } from '../projections/projection.ts';

/**
 * The incident list and the duty clocks, from the log. Duty counts are kept on the incident
 * row so the list needs no aggregate: open = started and neither met nor missed; overdue =
 * missed and not (yet) met late.
 */
export const incidentProjection: Projection = {
  name: 'incidents',
  tables: ['incidents', 'duties'],
  async apply(db, events) {
    for (const e of events) {
      const d = e.data as Record<string, unknown>;
      const touch = () =>
        db
          .updateTable('incidents')
          .set({ updated_at: e.recordedAt })
          .where('case_id', '=', e.caseId)
          .execute();
      switch (e.type) {
        case 'incident.reported': {
          const plan = d.plan as { id: string; version: number } | undefined;
          if (!plan) break; // not a plan-run incident
          await db
            .insertInto('incidents')
            .values({
              case_id: e.caseId,
              title: String(d.title),
              jurisdiction: typeof d.jurisdiction === 'string' ? d.jurisdiction : null,
              plan_id: plan.id,
              plan_version: plan.version,
              level: null,
              level_basis: null,
              status: 'open',
              exercise: d.exercise === true ? 1 : 0,
              // one form (UTC, Z), so the list sorts by time whatever offset the reporter sent
              reported_at: new Date(e.occurredAt).toISOString(),
              updated_at: e.recordedAt,
              open_duties: 0,
              overdue_duties: 0,
            })
            .execute();
          break;
        }
        case 'incident.level.set':
          if (e.actorRole !== 'system') break; // the effective level is the derived one
          await db
            .updateTable('incidents')
            .set({ level: String(d.level), level_basis: String(d.basis), updated_at: e.recordedAt })
            .where('case_id', '=', e.caseId)
            .execute();
          break;
        case 'incident.stabilized':
        case 'incident.closed':
          await db
            .updateTable('incidents')
            .set({ status: e.type === 'incident.closed' ? 'closed' : 'stabilized', updated_at: e.recordedAt })
            .where('case_id', '=', e.caseId)
            .where('status', '!=', 'closed')
            .execute();
          break;
        case 'duty.started':
          await db
            .insertInto('duties')
            .values({
              case_id: e.caseId,
              duty_id: String(d.dutyId),
              owner: String(d.owner),
              started_at: e.occurredAt,
              due_at: String(d.dueAt),
              status: 'open',
              escalate_to: null,
              late_seconds: null,
              met_at: null,
              warn_at: typeof d.warnAt === 'string' ? d.warnAt : null,
            })
            .execute();
          await db
            .updateTable('incidents')
            .set({ open_duties: sql`open_duties + 1`, updated_at: e.recordedAt })
            .where('case_id', '=', e.caseId)
            .execute();
          break;
        case 'duty.missed':
          await db
            .updateTable('duties')
            .set({ status: 'missed', escalate_to: String(d.escalateTo) })
            .where('case_id', '=', e.caseId)
            .where('duty_id', '=', String(d.dutyId))
            .execute();
          await db
            .updateTable('incidents')
            .set({
              open_duties: sql`open_duties - 1`,
              overdue_duties: sql`overdue_duties + 1`,
              updated_at: e.recordedAt,
            })
            .where('case_id', '=', e.caseId)
            .execute();
          break;
        case 'duty.met': {
          const before = await db
            .selectFrom('duties')
            .select('status')
            .where('case_id', '=', e.caseId)
            .where('duty_id', '=', String(d.dutyId))
            .executeTakeFirst();
          await db
            .updateTable('duties')
            .set({ status: 'met', late_seconds: Number(d.lateSeconds), met_at: e.occurredAt })
            .where('case_id', '=', e.caseId)
            .where('duty_id', '=', String(d.dutyId))
            .execute();
          const counts =
            before?.status === 'missed'
              ? { overdue_duties: sql<number>`overdue_duties - 1` }
              : { open_duties: sql<number>`open_duties - 1` };
          await db
            .updateTable('incidents')
            .set({ ...counts, updated_at: e.recordedAt })
            .where('case_id', '=', e.caseId)
            .execute();
          break;
        }
        default:
          if (e.type.includes('.')) await touch();
      }
    }
  },
};
