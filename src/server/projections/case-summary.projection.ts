import { sql } from 'kysely';
import type { Projection } from './projection.ts';

/** What a case is, when it opened, and its latest activity. */
export const caseSummaryProjection: Projection = {
  name: 'case-summary',
  tables: ['case_summary'],
  async apply(db, events) {
    for (const e of events) {
      await db
        .insertInto('case_summary')
        .values({
          case_id: e.caseId,
          kind: e.type.slice(0, e.type.indexOf('.')),
          opened_at: e.occurredAt,
          last_occurred_at: e.occurredAt,
          last_recorded_at: e.recordedAt,
          last_type: e.type,
          event_count: 1,
        })
        .onConflict((oc) =>
          oc.column('case_id').doUpdateSet({
            last_occurred_at: e.occurredAt,
            last_recorded_at: e.recordedAt,
            last_type: e.type,
            event_count: sql`case_summary.event_count + 1`,
          }),
        )
        .execute();
    }
  },
};
