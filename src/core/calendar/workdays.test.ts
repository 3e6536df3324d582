import { describe, expect, it } from 'vitest';
import { chinaDay, covers, deadline, holidayName, isWorkday, workdaysBetween } from './workdays.ts';

/**
 * The 2026 arrangement (国务院办公厅关于2026年部分节假日安排的通知): 春节 15–23 February off,
 * Saturday 14 and Saturday 28 February workdays; 劳动节 1–5 May; 中秋 25–27 September; 国庆
 * 1–7 October off, Sunday 20 September and Saturday 10 October workdays.
 */
describe('days as the law counts them', () => {
  it('knows the 2026 holidays and adjusted workdays', () => {
    expect(isWorkday('2026-02-14')).toBe(true); // Saturday, 调休
    expect(isWorkday('2026-02-16')).toBe(false);
    expect(isWorkday('2026-02-23')).toBe(false); // Monday, 春节
    expect(isWorkday('2026-02-28')).toBe(true); // Saturday, 调休
    expect(isWorkday('2026-09-20')).toBe(true); // Sunday, 调休
    expect(isWorkday('2026-10-07')).toBe(false);
    expect(isWorkday('2026-10-10')).toBe(true); // Saturday, 调休
    expect(isWorkday('2026-03-07')).toBe(false); // an ordinary Saturday
    expect(holidayName('2026-02-18')).toBe('春节');
    expect(holidayName('2026-03-04')).toBeNull();
  });

  it('counts working days across the Spring Festival, the adjusted Saturdays included', () => {
    // from Tuesday 10 February: 11, 12, 13, Sat 14 (4); 15–23 off; 24, 25, 26, 27, Sat 28 (9);
    // 2, 3, 4, 5, 6, 9 March (15)
    expect(deadline('2026-02-10T02:00:00Z', 15, 'working')).toEqual({
      dueAt: '2026-03-09T16:00:00.000Z', // 24:00 of 9 March in China
      lastDay: '2026-03-09',
      provisional: false,
    });
    expect(workdaysBetween('2026-02-10T02:00:00Z', '2026-03-09T09:00:00Z')).toBe(15);
    // one working day from Friday 9 October is Saturday 10 October, a workday
    expect(deadline('2026-10-09T02:00:00Z', 1, 'working').lastDay).toBe('2026-10-10');
  });

  it('ends a calendar period that falls on a day off at the end of the next workday (民法典 Art. 203)', () => {
    // 15 days from 1 February: 16 February, in the Spring Festival → Tuesday 24 February
    expect(deadline('2026-02-01T02:00:00Z', 15, 'calendar').lastDay).toBe('2026-02-24');
    // 60 days from 3 August: 2 October, National Day → Thursday 8 October
    expect(deadline('2026-08-03T02:00:00Z', 60, 'calendar')).toMatchObject({
      lastDay: '2026-10-08',
      dueAt: '2026-10-08T16:00:00.000Z',
    });
    // 30 days from 1 May: 31 May, a Sunday → Monday 1 June
    expect(deadline('2026-05-01T01:00:00Z', 30, 'calendar').lastDay).toBe('2026-06-01');
    // a last day that is an adjusted workday stays
    expect(deadline('2026-10-09T02:00:00Z', 1, 'calendar').lastDay).toBe('2026-10-10');
  });

  it('starts from the day in China, the start day not counted (民法典 Art. 201)', () => {
    // 17:30 UTC on 2 March is 01:30 on 3 March in China
    expect(chinaDay('2026-03-02T17:30:00Z')).toBe('2026-03-03');
    expect(deadline('2026-03-02T17:30:00Z', 1, 'working').lastDay).toBe('2026-03-04');
    expect(deadline('2026-03-02T15:30:00Z', 1, 'working').lastDay).toBe('2026-03-03');
  });

  it('counts a year whose holidays are not known with weekends only, and says so', () => {
    expect(covers(2099)).toBe(false);
    const d = deadline('2099-01-05T02:00:00Z', 5, 'working'); // Monday
    expect(d).toMatchObject({ lastDay: '2099-01-12', provisional: true });
    expect(deadline('2026-03-02T02:00:00Z', 5, 'working').provisional).toBe(false);
  });

  it('holds the holidays of the current year (update chinese-days when this fails)', () => {
    const year = Number(chinaDay(Date.now()).slice(0, 4));
    expect(
      covers(year),
      `the holiday calendar does not know ${year}: update the chinese-days package (npm update chinese-days) once the State Council has published the year's arrangement`,
    ).toBe(true);
  });
});
