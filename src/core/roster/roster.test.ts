import { describe, expect, it } from 'vitest';
import { DESK, onDutyAt, postFor, type Rota, rotaProblems } from './roster.ts';

// 2026-05-11 is a Monday
const bj = (local: string) => new Date(`${local}+08:00`);

const rota: Rota = {
  slots: [
    { post: DESK, days: [1, 2, 3, 4, 5, 6, 7], start: '08:00', end: '20:00', account: 'day' },
    { post: DESK, days: [1, 2, 3, 4, 5, 6, 7], start: '20:00', end: '08:00', account: 'night' },
    { post: 'stability-office', days: [1, 2, 3, 4, 5], start: '08:30', end: '17:30', account: 'wb' },
  ],
  exceptions: [{ post: DESK, date: '2026-05-13', start: '20:00', end: '08:00', account: 'swap' }],
};

describe('the duty rota', () => {
  it('finds the day and the night shift, the night running past midnight and the week’s end', () => {
    expect(onDutyAt(rota, DESK, bj('2026-05-11T09:00:00'))).toMatchObject({ account: 'day', from: 'weekly' });
    expect(onDutyAt(rota, DESK, bj('2026-05-11T23:30:00'))).toEqual({
      post: DESK,
      account: 'night',
      until: bj('2026-05-12T08:00:00').toISOString(),
      from: 'weekly',
    });
    expect(onDutyAt(rota, DESK, bj('2026-05-12T07:59:00'))?.account).toBe('night');
    expect(onDutyAt(rota, DESK, bj('2026-05-12T08:00:00'))?.account).toBe('day');
    // Sunday night into Monday morning
    expect(onDutyAt(rota, DESK, bj('2026-05-18T02:00:00'))).toMatchObject({
      account: 'night',
      until: bj('2026-05-18T08:00:00').toISOString(),
    });
  });

  it('lets an exception on a date replace the weekly shift while it runs', () => {
    expect(onDutyAt(rota, DESK, bj('2026-05-13T21:00:00'))).toMatchObject({
      account: 'swap',
      from: 'exception',
    });
    expect(onDutyAt(rota, DESK, bj('2026-05-14T03:00:00'))?.account).toBe('swap');
    expect(onDutyAt(rota, DESK, bj('2026-05-14T08:00:00'))?.account).toBe('day');
  });

  it('has nobody on a post outside its shifts; a duty’s owner without a rota falls to the desk', () => {
    expect(onDutyAt(rota, 'stability-office', bj('2026-05-16T10:00:00'))).toBeNull();
    expect(onDutyAt(rota, 'stability-office', bj('2026-05-15T10:00:00'))?.account).toBe('wb');
    expect(postFor(rota, 'stability-office')).toBe('stability-office');
    expect(postFor(rota, 'village')).toBe(DESK);
  });

  it('names the shifts of one post that overlap', () => {
    expect(rotaProblems(rota)).toEqual([]);
    const clash: Rota = {
      slots: [
        ...rota.slots,
        // meets both the night shift and the day shift
        { post: DESK, days: [1], start: '07:00', end: '09:00', account: 'x' },
        // Sunday 23:00 to Monday 01:00 meets Monday 00:00 across the week's end
        { post: 'p', days: [1], start: '00:00', end: '02:00', account: 'y' },
        { post: 'p', days: [7], start: '23:00', end: '01:00', account: 'z' },
      ],
      exceptions: [
        ...rota.exceptions,
        { post: DESK, date: '2026-05-14', start: '07:00', end: '09:00', account: 'z' },
      ],
    };
    const problems = rotaProblems(clash);
    expect(problems.map((p) => p.split(':')[0])).toEqual(['slots.3', 'slots.3', 'slots.5', 'exceptions.1']);
    expect(problems[0]).toContain('时间重叠');
  });
});
