import { parse } from 'tinyduration';
import { z } from 'zod';
import { LIMITS, quote } from './limits.ts';

/**
 * The shape of the durations plans use, anchored and linear: weeks, days, then after T hours,
 * minutes, seconds, each a number with an optional fraction. tinyduration reads the numbers; this
 * refuses what it would not read to the end (trailing text, a unit twice, a sign) before it runs.
 */
const SHAPE =
  /^P(?!$)(\d+(?:[.,]\d+)?Y)?(\d+(?:[.,]\d+)?M)?(\d+(?:[.,]\d+)?W)?(\d+(?:[.,]\d+)?D)?(T(?!$)(\d+(?:[.,]\d+)?H)?(\d+(?:[.,]\d+)?M)?(\d+(?:[.,]\d+)?S)?)?$/;

const DAY_MS = 86_400_000;

/**
 * An ISO-8601 duration such as PT20M, PT1H30M or P1D, in milliseconds. Years and months are
 * refused: their length depends on the calendar, and no plan's time limit needs them. At most
 * LIMITS.durationChars characters, so reading one costs next to nothing whatever is sent.
 */
export function durationMs(text: string): number {
  if (text.length > LIMITS.durationChars) {
    throw new RangeError(
      `${quote(text, 20)} is ${text.length} characters long; a duration is at most ${LIMITS.durationChars} (e.g. PT20M, P1DT12H)`,
    );
  }
  let d: ReturnType<typeof parse>;
  try {
    if (!SHAPE.test(text)) throw new RangeError('shape');
    d = parse(text);
  } catch {
    throw new RangeError(`${quote(text)} is not an ISO-8601 duration (e.g. PT20M, PT1H30M, P1D)`);
  }
  if (d.negative) throw new RangeError(`${quote(text)} is negative`);
  if (d.years || d.months)
    throw new RangeError(`${quote(text)} uses years or months; give days, hours or minutes`);
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

/**
 * A duration field of a plan or a scenario: ISO-8601, at most LIMITS.durationDays long. The
 * length limit aborts before anything else reads the text.
 */
export function durationSchema(what = 'not an ISO-8601 duration (e.g. PT20M, PT1H, P1D)') {
  return z
    .string()
    .max(LIMITS.durationChars, {
      message: `a duration is at most ${LIMITS.durationChars} characters (e.g. PT20M, P1DT12H)`,
      abort: true,
    })
    .refine(isDuration, { message: what, abort: true })
    .refine((t) => durationMs(t) <= LIMITS.durationDays * DAY_MS, {
      message: `at most P${LIMITS.durationDays}D`,
    });
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
