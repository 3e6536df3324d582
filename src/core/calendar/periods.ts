/**
 * The periods a plan's cadences run in (排查 every week, month or quarter), in China's time:
 * which period an instant falls in, and when the period's round is due — by 24:00 of a stated
 * day of the period (a day of the week, of the month, or of the quarter's last month; a day
 * past the month's end is its last day). A due date is fixed by the plan, not a period
 * counted from an event, so it does not move off a day off.
 */

const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** 00:00 in China of a day (YYYY-MM-DD), `days` later, as an ISO instant: where a day's records begin. */
export function chinaMidnight(day: string, days = 0): string {
  return new Date(Date.parse(`${day}T00:00:00+08:00`) + days * DAY_MS).toISOString();
}

export const CADENCES = ['week', 'month', 'quarter'] as const;
export type Cadence = (typeof CADENCES)[number];

export interface Period {
  /** e.g. 2026-W49, 2026-12, 2026-Q4 */
  key: string;
  /** 00:00 (China) of the period's first day */
  startsAt: string;
  /** 24:00 (China) of the stated day: when the period's round is due */
  dueAt: string;
  /** the stated day, YYYY-MM-DD */
  lastDay: string;
  /** 24:00 (China) of the period's last day: when the next period begins */
  endsAt: string;
}

const iso = (ms: number) => new Date(ms).toISOString();
/** 00:00 China of a UTC calendar date given as y, m (0-based), d. */
const china = (y: number, m: number, d: number) => Date.UTC(y, m, d) - OFFSET_MS;
const day = (ms: number) => new Date(ms + OFFSET_MS).toISOString().slice(0, 10);
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m + 1, 0)).getUTCDate();

/** The ISO week (year and number) of a UTC date at midnight. */
function isoWeek(t: number): { year: number; week: number } {
  const d = new Date(t);
  const weekday = d.getUTCDay() || 7;
  const thursday = new Date(t + (4 - weekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return { year, week };
}

/** The period of `every` that `instant` falls in, with the round due by day `by` of it. */
export function periodOf(instant: string | number, every: Cadence, by: number): Period {
  const t = typeof instant === 'number' ? instant : Date.parse(instant);
  const local = new Date(t + OFFSET_MS);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth();
  if (every === 'week') {
    const weekday = local.getUTCDay() || 7;
    const monday = Date.UTC(y, m, local.getUTCDate() - weekday + 1);
    const start = monday - OFFSET_MS;
    const due = start + Math.min(Math.max(by, 1), 7) * DAY_MS;
    const { year, week } = isoWeek(monday);
    return {
      key: `${year}-W${String(week).padStart(2, '0')}`,
      startsAt: iso(start),
      dueAt: iso(due),
      lastDay: day(due - DAY_MS),
      endsAt: iso(start + 7 * DAY_MS),
    };
  }
  if (every === 'month') {
    const last = Math.min(Math.max(by, 1), daysIn(y, m));
    const due = china(y, m, last + 1);
    return {
      key: `${y}-${String(m + 1).padStart(2, '0')}`,
      startsAt: iso(china(y, m, 1)),
      dueAt: iso(due),
      lastDay: day(due - DAY_MS),
      endsAt: iso(china(y, m + 1, 1)),
    };
  }
  const q = Math.floor(m / 3);
  const lastMonth = q * 3 + 2;
  const due = china(y, lastMonth, Math.min(Math.max(by, 1), daysIn(y, lastMonth)) + 1);
  return {
    key: `${y}-Q${q + 1}`,
    startsAt: iso(china(y, q * 3, 1)),
    dueAt: iso(due),
    lastDay: day(due - DAY_MS),
    endsAt: iso(china(y, q * 3 + 3, 1)),
  };
}

/**
 * The first period from `instant` on whose round is not yet past due: the period it falls in,
 * or the next one when that period's day has gone.
 */
export function currentOrNextPeriod(instant: string | number, every: Cadence, by: number): Period {
  const t = typeof instant === 'number' ? instant : Date.parse(instant);
  const p = periodOf(t, every, by);
  return Date.parse(p.dueAt) > t ? p : periodOf(p.endsAt, every, by);
}
