import chineseDays from 'chinese-days';

/**
 * Days as the law counts them, in China's time (UTC+8, no daylight saving), with the public
 * holidays and the adjusted workdays (调休) the State Council publishes each year — from the
 * `chinese-days` package, which is kept up to date with each year's notice.
 *
 * Periods follow 《民法典》 Art. 201 and 203: the day a period starts is not counted; a period
 * ends at 24:00 of its last day; a period in calendar days whose last day is a day off (a
 * public holiday or a weekend not made a workday) ends on the next workday. A period in
 * working days counts only workdays.
 *
 * A year the package does not hold yet (its holidays unpublished, or the package not yet
 * updated) is counted with weekends as the only days off, and every answer that touched it
 * says so (`provisional`): the clock shows it, and `covers` lets the server warn.
 */

const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

const { isWorkday: packageIsWorkday, getDayDetail } = chineseDays as unknown as {
  isWorkday: (day: string) => boolean;
  getDayDetail: (day: string) => { date: string; work: boolean; name: string };
};

export type DayCount = 'calendar' | 'working';

/** The day (YYYY-MM-DD) an instant falls on in China. */
export function chinaDay(instant: string | number): string {
  const t = typeof instant === 'number' ? instant : Date.parse(instant);
  return new Date(t + OFFSET_MS).toISOString().slice(0, 10);
}

/** 00:00 of a day in China, as an instant (ms). */
function startOf(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) - OFFSET_MS;
}

function nextDay(day: string, n = 1): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

const coverage = new Map<number, boolean>();

/** Whether the year's holidays and adjusted workdays are known (its New Year's Day is named). */
export function covers(year: number): boolean {
  let c = coverage.get(year);
  if (c === undefined) {
    c = /元旦/.test(getDayDetail(`${year}-01-01`).name);
    coverage.set(year, c);
  }
  return c;
}

/** Whether a day (YYYY-MM-DD) is a workday: by the year's arrangement, or Monday–Friday for a year not covered. */
export function isWorkday(day: string): boolean {
  if (covers(Number(day.slice(0, 4)))) return packageIsWorkday(day);
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The name of the holiday or adjusted workday a day is part of (e.g. 春节), if any. */
export function holidayName(day: string): string | null {
  if (!covers(Number(day.slice(0, 4)))) return null;
  const name = getDayDetail(day).name;
  const zh = name.split(',')[1];
  return zh && /[\u4e00-\u9fff]/.test(zh) ? zh : null;
}

export interface Deadline {
  /** when the period ends: 24:00 (China) of its last day */
  dueAt: string;
  /** the period's last day */
  lastDay: string;
  /** a day of the period lies in a year whose holidays are not known: counted with weekends only */
  provisional: boolean;
}

/**
 * The end of a period of `days` calendar or working days starting at `from`: the start day is
 * not counted; a calendar period ending on a day off runs to the end of the next workday.
 */
export function deadline(from: string, days: number, count: DayCount): Deadline {
  if (!Number.isInteger(days) || days < 0)
    throw new RangeError(`a period is a whole number of days, not ${days}`);
  const start = chinaDay(from);
  let provisional = false;
  const note = (day: string) => {
    if (!covers(Number(day.slice(0, 4)))) provisional = true;
  };
  let last = start;
  if (count === 'calendar') {
    last = nextDay(start, days);
    note(last);
    while (!isWorkday(last)) {
      last = nextDay(last);
      note(last);
    }
  } else {
    for (let left = days; left > 0; ) {
      last = nextDay(last);
      note(last);
      if (isWorkday(last)) left -= 1;
    }
  }
  return { dueAt: new Date(startOf(nextDay(last))).toISOString(), lastDay: last, provisional };
}

/** Workdays from the day after `from` up to and including the day of `to` (0 when `to` is not later). */
export function workdaysBetween(from: string, to: string): number {
  let n = 0;
  const end = chinaDay(to);
  for (let d = nextDay(chinaDay(from)); d <= end; d = nextDay(d)) if (isWorkday(d)) n += 1;
  return n;
}

/**
 * When a warning `before` a deadline goes out: 00:00 of the day that many calendar days, or
 * workdays, before the deadline's last day.
 */
export function warningBefore(
  due: Pick<Deadline, 'lastDay'>,
  before: { days: number; count: DayCount },
): string {
  let day = due.lastDay;
  if (before.count === 'calendar') day = nextDay(day, -before.days);
  else
    for (let left = before.days; left > 0; ) {
      day = nextDay(day, -1);
      if (isWorkday(day)) left -= 1;
    }
  return new Date(startOf(day)).toISOString();
}
