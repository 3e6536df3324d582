import { sql } from 'kysely';
import type { StoredEvent } from '../../core/events/event.ts';
import type { Projection } from './projection.ts';

/** What a case is, when it opened, and its latest activity. */
export const caseSummaryProjection: Projection = {
  name: 'case-summary',
  tables: ['case_summary'],
  async apply(db, events) {
    // one write per case of the events given (a batch, a page of a rebuild): its first event
    // opens it, its last is its latest activity
    const byCase = new Map<string, { first: StoredEvent; last: StoredEvent; count: number }>();
    for (const e of events) {
      const c = byCase.get(e.caseId);
      if (c) {
        c.last = e;
        c.count += 1;
      } else byCase.set(e.caseId, { first: e, last: e, count: 1 });
    }
    for (const [caseId, { first, last, count }] of byCase) {
      await db
        .insertInto('case_summary')
        .values({
          case_id: caseId,
          kind: first.type.slice(0, first.type.indexOf('.')),
          opened_at: first.occurredAt,
          last_occurred_at: last.occurredAt,
          last_recorded_at: last.recordedAt,
          last_type: last.type,
          event_count: count,
        })
        .onConflict((oc) =>
          oc.column('case_id').doUpdateSet({
            last_occurred_at: last.occurredAt,
            last_recorded_at: last.recordedAt,
            last_type: last.type,
            event_count: sql`case_summary.event_count + ${count}`,
          }),
        )
        .execute();
    }
  },
};
