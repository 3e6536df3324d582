import { beforeEach, describe, expect, it } from 'vitest';
import { ev } from '../../../test/support/events.ts';
import { engines, storeFixture } from '../../../test/support/stores.ts';
import type { EventStore } from '../store/event-store.ts';
import { projectAll } from './projection.ts';
import { rebuild } from './rebuild.ts';
import { projections } from './registry.ts';

describe.each(engines())('rebuild: $engine', ({ engine, skip }) => {
  let store: EventStore;
  beforeEach(async (ctx) => {
    if (skip) ctx.skip();
    ({ store } = await storeFixture(engine));
  });

  const snapshot = () => store.db.selectFrom('case_summary').selectAll().orderBy('case_id').execute();

  it('replays the log into exactly the read models the appends wrote', async () => {
    const project = projectAll(projections);
    for (let i = 0; i < 30; i++) {
      const c = `${i % 2 ? 'incident' : 'dispute'}-${i % 5}`;
      const h = await store.head(c);
      await store.append(c, h?.seq ?? 0, [ev(i % 5 === 0 ? 'incident.reported' : 'log.entry')], { project });
    }
    const live = await snapshot();
    expect(live).toHaveLength(10);

    // damage the read model, then rebuild it from the log (small pages, to cross page edges)
    await store.exclusive(async (tx) => {
      await tx.deleteFrom('case_summary').where('case_id', '=', 'dispute-0').execute();
      await tx.updateTable('case_summary').set({ event_count: 999 }).execute();
    });
    expect(await snapshot()).not.toEqual(live);
    const { events } = await rebuild(store, projections, 7);
    expect(events).toBe(30);
    expect(await snapshot()).toEqual(live);
  });
});
