import { describe, expect, it } from 'vitest';
import { byUrgency, levelRankOf, type UrgencyClock, urgencyOf } from './urgency.ts';

const NOW = Date.parse('2026-05-11T02:00:00Z');
const at = (min: number) => new Date(NOW + min * 60_000).toISOString();
const clock = (id: string, dueMin: number, warnMin: number | null, status = 'open'): UrgencyClock => ({
  duty_id: id,
  due_at: at(dueMin),
  warn_at: warnMin === null ? null : at(warnMin),
  status,
});

describe('urgency of a live incident', () => {
  it('is overdue when a duty is past its limit or missed, naming the most overdue', () => {
    const u = urgencyOf(
      [clock('a', 10, 5), clock('b', -3, -8), clock('c', -20, null, 'missed')],
      0,
      at(-60),
      NOW,
    );
    expect(u.tier).toBe('overdue');
    expect(u.clock?.duty_id).toBe('c');
  });

  it('is a warning inside a warning window, else due, naming the soonest', () => {
    expect(urgencyOf([clock('a', 10, 5), clock('b', 4, -1)], 0, at(-5), NOW)).toMatchObject({
      tier: 'warning',
      clock: { duty_id: 'b' },
    });
    expect(urgencyOf([clock('a', 30, 20), clock('b', 12, null)], 0, at(-5), NOW)).toMatchObject({
      tier: 'due',
      clock: { duty_id: 'b' },
    });
  });

  it('leaves met clocks out, and has no clock when none runs', () => {
    expect(urgencyOf([clock('a', -10, null, 'met')], 0, at(-5), NOW)).toMatchObject({
      tier: 'due',
      clock: null,
    });
  });

  it('ranks a level by its place in its plan, the highest of any plan at 1', () => {
    const town = [{ id: 'general' }, { id: 'larger' }, { id: 'major' }];
    const bureau = [{ id: 'group-visit' }, { id: 'emergency' }];
    expect(levelRankOf(town, 'major')).toBe(1);
    expect(levelRankOf(bureau, 'emergency')).toBe(1);
    expect(levelRankOf(town, 'general')).toBeCloseTo(1 / 3);
    expect(levelRankOf(town, null)).toBe(0);
    expect(levelRankOf(town, 'gone')).toBe(0);
  });

  it('orders overdue first, then warning, then level, then the longer wait', () => {
    const rows = {
      newGeneral: urgencyOf([clock('x', 25, 20)], 1 / 3, at(-2), NOW),
      oldGeneral: urgencyOf([clock('x', 25, 20)], 1 / 3, at(-40), NOW),
      major: urgencyOf([clock('x', 25, 20)], 1, at(-1), NOW),
      warning: urgencyOf([clock('x', 3, -2)], 0, at(-1), NOW),
      overdue: urgencyOf([clock('x', -1, -6)], 1 / 3, at(-1), NOW),
    };
    const order = Object.entries(rows)
      .sort(([, a], [, b]) => byUrgency(a, b))
      .map(([k]) => k);
    expect(order).toEqual(['overdue', 'warning', 'major', 'oldGeneral', 'newGeneral']);
  });
});
