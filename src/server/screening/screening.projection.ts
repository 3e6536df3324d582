import { screeningEventOf } from '../../core/screening/screening.events.ts';
import { writeDutyRow } from '../projections/duty-rows.ts';
import type { Projection } from '../projections/projection.ts';

/**
 * The screening registers (排查台账): one row per jurisdiction's register, the rounds it held
 * with what each found, and the cadence clocks in the `duties` read model the duty clock reads.
 */
export const screeningProjection: Projection = {
  name: 'screening',
  kind: 'screening',
  tables: ['screening_registers', 'screening_rounds'],
  async apply(db, events) {
    for (const e of events) {
      const ev = screeningEventOf(e);
      if (!ev) continue;
      switch (ev.type) {
        case 'screening.opened':
          await db
            .insertInto('screening_registers')
            .values({
              case_id: e.caseId,
              jurisdiction: ev.data.jurisdiction,
              plan_id: ev.data.plan?.id ?? null,
              plan_version: ev.data.plan?.version ?? null,
              opened_at: e.occurredAt,
              last_round_at: null,
            })
            .execute();
          break;
        case 'screening.replanned':
          await db
            .updateTable('screening_registers')
            .set({ plan_id: ev.data.plan.id, plan_version: ev.data.plan.version })
            .where('case_id', '=', e.caseId)
            .execute();
          break;
        case 'screening.round.recorded': {
          const register = await db
            .selectFrom('screening_registers')
            .select(['jurisdiction', 'last_round_at'])
            .where('case_id', '=', e.caseId)
            .executeTakeFirstOrThrow();
          await db
            .insertInto('screening_rounds')
            .values({
              case_id: e.caseId,
              round_id: ev.data.roundId,
              event_id: e.id,
              jurisdiction: register.jurisdiction,
              kind: ev.data.kind,
              scope: ev.data.scope,
              // one spelling whatever the key order of the event given (live or replayed)
              participants: JSON.stringify(
                ev.data.participants.map((x) => ({
                  unit: x.unit,
                  ...(x.position ? { position: x.position } : {}),
                })),
              ),
              zero_report: ev.data.zeroReport ? 1 : 0,
              found: ev.data.found,
              note: ev.data.note ?? null,
              held_at: e.occurredAt,
              recorded_by: e.actorId,
            })
            .execute();
          if (!register.last_round_at || register.last_round_at < e.occurredAt)
            await db
              .updateTable('screening_registers')
              .set({ last_round_at: e.occurredAt })
              .where('case_id', '=', e.caseId)
              .execute();
          break;
        }
        case 'duty.started':
        case 'duty.warned':
        case 'duty.missed':
        case 'duty.met':
          await writeDutyRow(db, e, ev);
          break;
        default:
          break;
      }
    }
  },
};
