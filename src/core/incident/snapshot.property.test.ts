import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shippedPlansWithDrillEvents } from '../../../test/support/plans.ts';
import { engineView } from '../plan/engine.ts';
import { evolve, fold, initialState, type LoggedEvent, SYSTEM } from './incident.decider.ts';
import { eventOf } from './incident.events.ts';
import { decodeState, encodeState } from './snapshot.ts';
import { CHECKPOINT_EVERY, timelineEngine } from './timeline.ts';

/**
 * Folding a case's log event by event equals folding it at once — with a snapshot taken and
 * read back anywhere on the way, or none — for random logs of every shipped plan: the events
 * of its drills at random times (late entries included), and derived events among them.
 */
const plans = shippedPlansWithDrillEvents();

const T0 = Date.parse('2026-05-11T01:00:00Z');
const time = (s: number) => new Date(T0 + s * 1000).toISOString();
const officer = { id: 'u1', role: 'officer' };

describe('a case folded through a snapshot', () => {
  for (const { plan, pool } of plans) {
    const reported = pool.find((e) => e.type === 'incident.reported');
    const others = pool.filter((e) => e.type !== 'incident.reported');
    it(`equals the case folded at once: ${plan.id}`, () => {
      const entry = fc.record({
        pick: fc.nat(others.length - 1),
        second: fc.oneof(
          { weight: 4, arbitrary: fc.integer({ min: 0, max: 60 }) },
          { weight: 1, arbitrary: fc.integer({ min: -3600, max: 0 }) },
        ),
        derived: fc.boolean(),
      });
      fc.assert(
        fc.property(
          fc.array(entry, { minLength: 1, maxLength: CHECKPOINT_EVERY * 2, size: 'max' }),
          fc.double({ min: 0, max: 1, noNaN: true }),
          fc.boolean(),
          (entries, where, look) => {
            const log: LoggedEvent[] = [];
            const push = (type: string, data: unknown, at: string, derived = false) => {
              const ev = eventOf({ type, data });
              if (ev)
                log.push({
                  id: `e${log.length + 1}`,
                  actor: derived ? SYSTEM : officer,
                  occurredAt: at,
                  seq: log.length + 1,
                  ...ev,
                });
            };
            push(
              'incident.reported',
              { ...reported?.data, plan: { id: plan.id, version: plan.version } },
              time(0),
            );
            let t = 0;
            entries.forEach((x, i) => {
              t = Math.max(0, t + x.second);
              const e = others[x.pick];
              if (e) push(e.type, e.data, time(t + (x.second < 0 ? 0 : 1)));
              if (x.derived)
                push('duty.started', { dutyId: `d${i}`, dueAt: time(t + 60), owner: 'town' }, time(t), true);
              if (x.second >= 0) t += 1;
            });

            const whole = fold(log);
            timelineEngine(whole.timeline, plan);

            const k = Math.floor(where * log.length);
            const first = fold(log.slice(0, k));
            if (look) timelineEngine(first.timeline, plan); // a snapshot of an engine already run
            const read = decodeState(encodeState(first));
            expect(read).toEqual(first);
            for (const e of log.slice(k)) evolve(read, e);
            timelineEngine(read.timeline, plan);

            expect(read).toEqual(whole);
            expect(engineView(read.timeline.engine)).toEqual(engineView(whole.timeline.engine));
          },
        ),
        { numRuns: 40 },
      );
    });
  }

  it('refuses text that is not a snapshot', () => {
    expect(() => decodeState('{}')).toThrow();
    expect(() => decodeState('[]')).toThrow();
    expect(() => decodeState('not json')).toThrow();
    expect(decodeState(encodeState(initialState()))).toEqual(initialState());
  });
});
