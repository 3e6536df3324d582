import { parse } from 'tinyduration';

/**
 * An ISO-8601 duration such as PT20M, PT1H30M or P1D, in milliseconds. Years and months are
 * refused: their length depends on the calendar, and no plan's time limit needs them.
 */
export function durationMs(text: string): number {
  let d: ReturnType<typeof parse>;
  try {
    d = parse(text);
  } catch {
    throw new RangeError(`"${text}" is not an ISO-8601 duration (e.g. PT20M, PT1H30M, P1D)`);
  }
  if (d.negative) throw new RangeError(`"${text}" is negative`);
  if (d.years || d.months)
    throw new RangeError(`"${text}" uses years or months; give days, hours or minutes`);
  const ms =
    ((((d.weeks ?? 0) * 7 + (d.days ?? 0)) * 24 + (d.hours ?? 0)) * 60 + (d.minutes ?? 0)) * 60_000 +
    (d.seconds ?? 0) * 1000;
  return Math.round(ms);
}

export function isDuration(text: string): boolean {
  try {
    durationMs(text);
    return true;
  } catch {
    return false;
  }
}

/** A readable Chinese/English rendering of a duration, e.g. "20分钟 (20 min)". */
export function describeDuration(text: string): string {
  const ms = durationMs(text);
  const min = Math.round(ms / 60_000);
  if (min < 1) return `${Math.round(ms / 1000)}秒 (${Math.round(ms / 1000)} s)`;
  if (min < 60) return `${min}分钟 (${min} min)`;
  const h = Math.floor(min / 60);
  const m = min % 60;
  if (h < 48) return m ? `${h}小时${m}分钟 (${h} h ${m} min)` : `${h}小时 (${h} h)`;
  const days = Math.round(h / 24);
  return `${days}天 (${days} d)`;
}
