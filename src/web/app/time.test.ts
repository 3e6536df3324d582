import { describe, expect, it } from 'vitest';
import { near, ServerClock, span } from './time.ts';

/** the browser's clock as the test sets it */
let browser = 0;
const realNow = Date.now;
const at = (ms: number) => {
  browser = ms;
  Date.now = () => browser;
};
const iso = (ms: number) => new Date(ms).toISOString();
const T = Date.parse('2026-05-11T01:00:00.000Z');

describe("the browser's estimate of the server's clock", () => {
  it('trusts the quickest answer over slow ones, and follows the server when its clock is set', () => {
    const clock = new ServerClock();
    const noteServerTime = clock.note.bind(clock);
    const serverNow = () => clock.now();
    try {
      // a quick answer: the server is 10 minutes ahead of the browser
      noteServerTime(iso(T + 600_000 + 2), T, T + 4);
      at(T + 4);
      expect(serverNow()).toBe(T + 600_000 + 4);
      // a slow answer agreeing within its round trip does not move the estimate
      noteServerTime(iso(T + 1000 + 600_000 + 300), T + 1000, T + 1600);
      at(T + 1600);
      expect(serverNow()).toBe(T + 600_000 + 1600);
      // the server's clock is moved 31 minutes on; every answer now is slow (a busy machine),
      // but each one contradicts the estimate, so the first of them is taken
      const moved = 600_000 + 31 * 60_000;
      noteServerTime(iso(T + 2000 + moved + 200), T + 2000, T + 2400);
      at(T + 2400);
      expect(Math.abs(serverNow() - (T + 2400 + moved))).toBeLessThanOrEqual(200);
      // and a later quick answer sharpens it again
      noteServerTime(iso(T + 3000 + moved + 1), T + 3000, T + 3002);
      at(T + 3002);
      expect(serverNow()).toBe(T + 3002 + moved);
    } finally {
      Date.now = realNow;
    }
  });
});

describe('a span as a duty officer reads it', () => {
  it('counts seconds, minutes and hours, and days from two days on', () => {
    expect(span(200_000, 'zh')).toBe('3分20秒');
    expect(span(3_900_000, 'zh')).toBe('1小时5分');
    expect(span(47 * 3_600_000, 'en')).toBe('47 h 0 min');
    expect(span(-(18 * 24 + 20) * 3_600_000, 'zh')).toBe('18天20小时');
    expect(span(50 * 3_600_000, 'en')).toBe('2 d 2 h');
  });
});

describe('a time as near as it needs', () => {
  const now = Date.parse('2026-12-07T10:00:00+08:00');
  it('is the hour today, the day this year, the year else — in Beijing time', () => {
    expect(near('2026-12-07T01:30:00Z', now)).toBe('09:30');
    // 5 days on: the day must be said
    expect(near('2026-12-12T04:42:00Z', now)).toBe('12-12 12:42');
    // past midnight in Beijing is another day, whatever the browser's zone
    expect(near('2026-12-07T16:30:00Z', now)).toBe('12-08 00:30');
    expect(near('2020-01-01T15:59:00Z', now)).toBe('2020-01-01 23:59');
  });
});
