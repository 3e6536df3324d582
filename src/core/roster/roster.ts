import { z } from 'zod';

/**
 * 值班: who holds each post of a jurisdiction, by shift — its duty desk (值班室) and the plan's
 * own units and positions (维稳办, 主要负责人…). A weekly rota, with exceptions on given dates
 * (a swap, a holiday). Accounts only: the rota holds staff, never anyone a case is about.
 * Times are Beijing time (UTC+8, no daylight saving), as a rota on the wall is written.
 */

/** The jurisdiction's own duty desk: whoever is on duty there takes what no rostered post holds. */
export const DESK = 'desk';

const HHMM = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间写作 HH:MM，如 08:00 (a time is HH:MM, e.g. 08:00)');
const Post = z.string().min(1).max(100);
const Account = z.string().min(1).max(100);

/** A weekly shift: on these days (1 Monday … 7 Sunday), from `start` to `end`; an `end` not after `start` runs past midnight. */
export const RotaSlot = z
  .object({
    post: Post,
    days: z
      .array(z.number().int().min(1, '星期写作 1–7 (days are 1–7)').max(7, '星期写作 1–7 (days are 1–7)'))
      .min(1)
      .max(7),
    start: HHMM,
    end: HHMM,
    account: Account,
  })
  .strict();
export type RotaSlot = z.infer<typeof RotaSlot>;

/** A shift on one date that replaces the weekly rota of its post while it runs. */
export const RotaException = z
  .object({
    post: Post,
    date: z.iso.date('日期写作 YYYY-MM-DD (a date is YYYY-MM-DD)'),
    start: HHMM,
    end: HHMM,
    account: Account,
  })
  .strict();
export type RotaException = z.infer<typeof RotaException>;

export const Rota = z
  .object({ slots: z.array(RotaSlot).max(500), exceptions: z.array(RotaException).max(1000).default([]) })
  .strict();
export type Rota = z.infer<typeof Rota>;

const DAY = 1440;
const WEEK = 7 * DAY;
const BEIJING_MS = 8 * 3600_000;
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
/** a shift's length in minutes: to the end, or past midnight to it */
const length = (start: string, end: string) => {
  const d = minutes(end) - minutes(start);
  return d > 0 ? d : d + DAY;
};

/** The minutes of a weekly slot, each day's run as [from, to) in minutes from Monday 00:00 (to may pass the week's end). */
function weeklyRuns(s: RotaSlot): [number, number][] {
  return s.days.map((d) => {
    const from = (d - 1) * DAY + minutes(s.start);
    return [from, from + length(s.start, s.end)];
  });
}

/** An exception's run in ms since the epoch. */
function exceptionRun(e: RotaException): [number, number] {
  const from = Date.parse(`${e.date}T${e.start}:00+08:00`);
  return [from, from + length(e.start, e.end) * 60_000];
}

/** Where two runs of one post's weekly rota overlap: each problem in words, for the 400. */
export function rotaProblems(rota: Rota): string[] {
  const problems: string[] = [];
  const byPost = new Map<string, { runs: [number, number][]; index: number }[]>();
  rota.slots.forEach((s, index) => {
    byPost.set(s.post, [...(byPost.get(s.post) ?? []), { runs: weeklyRuns(s), index }]);
  });
  for (const [post, slots] of byPost)
    for (let i = 0; i < slots.length; i++)
      for (let j = i + 1; j < slots.length; j++) {
        const a = slots[i];
        const b = slots[j];
        if (!a || !b) continue;
        const clash = a.runs.some(([af, at]) =>
          b.runs.some(([bf, bt]) => [-WEEK, 0, WEEK].some((shift) => af < bt + shift && bf + shift < at)),
        );
        if (clash)
          problems.push(
            `slots.${b.index}: 与第 ${a.index + 1} 个班次在同一岗位（${post}）时间重叠 (overlaps slot ${a.index + 1} of the same post)`,
          );
      }
  const exceptions = rota.exceptions.map((e, index) => ({ e, run: exceptionRun(e), index }));
  for (let i = 0; i < exceptions.length; i++)
    for (let j = i + 1; j < exceptions.length; j++) {
      const a = exceptions[i];
      const b = exceptions[j];
      if (!a || !b || a.e.post !== b.e.post) continue;
      if (a.run[0] < b.run[1] && b.run[0] < a.run[1])
        problems.push(
          `exceptions.${b.index}: 与第 ${a.index + 1} 个调班在同一岗位（${a.e.post}）时间重叠 (overlaps exception ${a.index + 1} of the same post)`,
        );
    }
  return problems;
}

/** Who is on a shift at a time, and until when. */
export interface OnDuty {
  post: string;
  account: string;
  /** the shift's end */
  until: string;
  /** from the weekly rota, or from an exception on the day */
  from: 'weekly' | 'exception';
}

/** Who holds `post` at `at`: an exception running then, else the weekly shift; null when nobody does. */
export function onDutyAt(rota: Rota, post: string, at: Date): OnDuty | null {
  const t = at.getTime();
  for (const e of rota.exceptions) {
    if (e.post !== post) continue;
    const [from, to] = exceptionRun(e);
    if (from <= t && t < to)
      return { post, account: e.account, until: new Date(to).toISOString(), from: 'exception' };
  }
  // minutes since Monday 00:00 Beijing time (1970-01-01 was a Thursday: three days in)
  const local = t + BEIJING_MS;
  const m = Math.floor((((local / 60_000 + 3 * DAY) % WEEK) + WEEK) % WEEK);
  const weekStart = t - m * 60_000 - (t % 60_000);
  for (const s of rota.slots) {
    if (s.post !== post) continue;
    for (const [from, to] of weeklyRuns(s))
      for (const shift of [0, -WEEK])
        if (from + shift <= m && m < to + shift)
          return {
            post,
            account: s.account,
            until: new Date(weekStart + (to + shift) * 60_000).toISOString(),
            from: 'weekly',
          };
  }
  return null;
}

/** The posts a rota names. */
export function postsOf(rota: Rota): Set<string> {
  return new Set([...rota.slots.map((s) => s.post), ...rota.exceptions.map((e) => e.post)]);
}

/**
 * The post that answers for a duty's owner: the owner's own when the rota holds it, else the
 * duty desk — a warning always reaches someone on duty.
 */
export function postFor(rota: Rota, owner: string): string {
  return postsOf(rota).has(owner) ? owner : DESK;
}
