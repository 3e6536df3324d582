import { sql } from 'kysely';
import { typed } from '../../core/incident/incident.events.ts';
import { writeDutyRow } from '../projections/duty-rows.ts';
import type { Projection } from '../projections/projection.ts';
import { BOARD_EVENT_TYPES, writeBoardColumns } from './board.columns.ts';

/**
 * The incident list and the duty clocks, from the log. Duty counts are kept on the incident
 * row so the list needs no aggregate: open = started and neither met nor missed; overdue =
 * missed and not (yet) met late.
 */
/** Event types that write more of the incident's row or its duties than its latest activity. */
const WRITES_ROW = new Set<string>([
  'incident.level.set',
  'incident.stabilized',
  'incident.closed',
  'incident.settled',
  'duty.started',
  'duty.warned',
  'duty.missed',
  'duty.met',
]);

export const incidentProjection: Projection = {
  name: 'incidents',
  kind: 'incident',
  tables: ['incidents', 'duties'],
  async apply(db, events) {
    // the latest activity of a case, written once for a run of events that only touch it (a
    // burst of log entries), before anything else is written about that case, and at the end
    const touched = new Map<string, string>();
    const flush = async (caseId: string) => {
      const at = touched.get(caseId);
      if (at === undefined) return;
      touched.delete(caseId);
      await db.updateTable('incidents').set({ updated_at: at }).where('case_id', '=', caseId).execute();
    };
    for (const e of events) {
      const t = typed(e);
      if (!t) continue;
      if (WRITES_ROW.has(t.type)) await flush(e.caseId);
      switch (t.type) {
        case 'incident.reported': {
          const d = t.data;
          const plan = d.plan;
          if (!plan) break; // not a plan-run incident
          await db
            .insertInto('incidents')
            .values({
              case_id: e.caseId,
              title: d.title,
              jurisdiction: d.jurisdiction ?? null,
              plan_id: plan.id,
              plan_version: plan.version,
              level: null,
              level_basis: null,
              status: 'open',
              exercise: d.exercise ? 1 : 0,
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
          if (t.data.plan !== undefined) break; // the level under a plan above: shown beside it
          await db
            .updateTable('incidents')
            .set({ level: t.data.level ?? null, level_basis: t.data.basis, updated_at: e.recordedAt })
            .where('case_id', '=', e.caseId)
            .execute();
          break;
        case 'incident.stabilized':
        case 'incident.closed':
          await db
            .updateTable('incidents')
            .set({ status: t.type === 'incident.closed' ? 'closed' : 'stabilized', updated_at: e.recordedAt })
            .where('case_id', '=', e.caseId)
            .where('status', 'not in', ['closed', 'settled'])
            .execute();
          break;
        case 'incident.settled':
          await db
            .updateTable('incidents')
            .set({ status: 'settled', updated_at: e.recordedAt })
            .where('case_id', '=', e.caseId)
            .execute();
          break;
        case 'duty.started':
          await writeDutyRow(db, e, t);
          await db
            .updateTable('incidents')
            .set({ open_duties: sql`open_duties + 1`, updated_at: e.recordedAt })
            .where('case_id', '=', e.caseId)
            .execute();
          break;
        case 'duty.warned':
          await writeDutyRow(db, e, t);
          touched.set(e.caseId, e.recordedAt);
          break;
        case 'duty.missed':
          await writeDutyRow(db, e, t);
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
          const before = await writeDutyRow(db, e, t);
          const counts =
            before === 'missed'
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
          touched.set(e.caseId, e.recordedAt);
      }
      if ((BOARD_EVENT_TYPES as readonly string[]).includes(t.type))
        await writeBoardColumns(db, e.caseId, t.type, e.data, e.occurredAt);
    }
    for (const caseId of [...touched.keys()]) await flush(caseId);
  },
};
