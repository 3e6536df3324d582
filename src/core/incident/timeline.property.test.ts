import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shippedPlansWithDrillEvents } from '../../../test/support/plans.ts';
import { type CaseEvent, deriveCase, engineAdvance, engineClone, engineView } from '../plan/engine.ts';
import { CHECKPOINT_EVERY, emptyTimeline, timelineEngine, timelineInsert, timelineWith } from './timeline.ts';

/**
 * Folding a case event by event — late entries (补录) included, with the engine read at any
 * point in between — gives what folding the whole log at once gives, for every shipped plan.
 * The events are those of the plan's own drills, at random times and in random order.
 */
const plans = shippedPlansWithDrillEvents();

const T0 = Date.parse('2026-05-11T01:00:00Z');
const time = (s: number) => new Date(T0 + s * 1000).toISOString();

/** In the order they happened; ties in the order recorded. */
const byTime = (events: CaseEvent[]) =>
  events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => Date.parse(a.e.occurredAt) - Date.parse(b.e.occurredAt) || a.i - b.i)
    .map((x) => x.e);

describe('the plan engine, folded one event at a time', () => {
  for (const { plan, pool } of plans) {
    const reported = pool.find((e) => e.type === 'incident.reported');
    const others = pool.filter((e) => e.type !== 'incident.reported');
    it(`equals the fold of the whole log: ${plan.id}`, () => {
      const entry = fc.record({
        pick: fc.nat(others.length - 1),
        // mostly forward in time, sometimes well back (a late entry)
        second: fc.oneof(
          { weight: 4, arbitrary: fc.integer({ min: 0, max: 60 }) },
          { weight: 1, arbitrary: fc.integer({ min: -3600, max: 0 }) },
        ),
        look: fc.boolean(),
      });
      fc.assert(
        fc.property(
          fc.array(entry, { minLength: 1, maxLength: CHECKPOINT_EVERY * 3, size: 'max' }),
          (entries) => {
            const log: CaseEvent[] = [
              { id: 'e0', type: 'incident.reported', data: reported?.data ?? {}, occurredAt: time(0) },
            ];
            let t = 0;
            entries.forEach((x, i) => {
              t = Math.max(0, t + x.second);
              const e = others[x.pick];
              if (e)
                log.push({
                  id: `e${i + 1}`,
                  type: e.type,
                  data: e.data,
                  occurredAt: time(t + (x.second < 0 ? 0 : 1)),
                });
              if (x.second >= 0) t += 1;
            });
            const last = log[log.length - 1] as CaseEvent;
            const tl = emptyTimeline();
            log.slice(0, -1).forEach((e, i) => {
              timelineInsert(tl, e);
              if (entries[i]?.look) timelineEngine(tl, plan); // reading in between changes nothing
            });
            const end = T0 + (t + 3600) * 1000;
            // one more, not yet folded
            const withLast = timelineWith(tl, plan, last);
            engineAdvance(withLast, end);
            expect(engineView(withLast)).toEqual(deriveCase(plan, byTime(log), new Date(end).toISOString()));
            // then folded
            timelineInsert(tl, last);
            const folded = engineClone(timelineEngine(tl, plan));
            engineAdvance(folded, end);
            expect(engineView(folded)).toEqual(deriveCase(plan, byTime(log), new Date(end).toISOString()));
            expect(tl.events).toEqual(byTime(log));
          },
        ),
        { numRuns: 25 },
      );
    });
  }
});
