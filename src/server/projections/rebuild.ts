import type { EventStore } from '../store/event-store.ts';
import { fromRow } from '../store/event-store.ts';
import { type CaseKindName, kindOpenedBy, type Projection } from './projection.ts';

/**
 * Empty the read models and replay the whole log into them, in one exclusive transaction, each
 * projection given the events of the kind of case it reads (projection.ts). The
 * snapshots of cold cases are dropped too (they are remade from the log as cases are used): a
 * rebuild reads the log and nothing else.
 */
export async function rebuild(
  store: EventStore,
  projections: Projection[],
  pageSize = 5000,
): Promise<{ events: number }> {
  return store.exclusive(async (db) => {
    for (const p of projections) for (const t of p.tables) await db.deleteFrom(t).execute();
    await db.deleteFrom('case_snapshots').execute();
    let from = 0;
    let events = 0;
    // each case's kind, from its first event (which comes before its others in the log)
    const kinds = new Map<string, CaseKindName>();
    for (;;) {
      const rows = await db
        .selectFrom('events')
        .selectAll()
        .where('position', '>', from)
        .orderBy('position')
        .limit(pageSize)
        .execute();
      if (rows.length === 0) break;
      const page = rows.map(fromRow);
      for (const e of page) {
        const k = kindOpenedBy(e.type);
        if (k && e.seq === 1) kinds.set(e.caseId, k);
      }
      for (const p of projections) {
        const mine = p.kind === undefined ? page : page.filter((e) => kinds.get(e.caseId) === p.kind);
        if (mine.length > 0) await p.apply(db, mine);
      }
      events += page.length;
      from = page[page.length - 1]?.position ?? from;
    }
    return { events };
  });
}
