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
    .superRefine((t, ctx) => {
      try {
        durationMs(t);
      } catch (e) {
        // the reason itself: not a duration at all, or one with years or months, or negative
        const reason = e instanceof RangeError && !/is not an ISO-8601 duration/.test(e.message);
        ctx.addIssue({ code: 'custom', message: reason ? (e as Error).message : what, abort: true });
      }
    })
    .refine((t) => !isDuration(t) || durationMs(t) <= LIMITS.durationDays * DAY_MS, {
      message: `at most P${LIMITS.durationDays}D`,
    });
}

/**
 * A readable Chinese/English rendering of a duration, e.g. "20分钟 (20 min)", "2天3小时 (2 d 3 h)",
 * "1分钟30秒 (1 min 30 s)": every part it has, none dropped.
 */
export function describeDuration(text: string): string {
  const total = Math.round(durationMs(text) / 1000);
  const parts: [number, string, string][] = [
    [Math.floor(total / 86_400), '天', 'd'],
    [Math.floor((total % 86_400) / 3600), '小时', 'h'],
    [Math.floor((total % 3600) / 60), '分钟', 'min'],
    [total % 60, '秒', 's'],
  ];
  const shown = parts.filter(([n]) => n > 0);
  if (shown.length === 0) return '0秒 (0 s)';
  return `${shown.map(([n, zh]) => `${n}${zh}`).join('')} (${shown.map(([n, , en]) => `${n} ${en}`).join(' ')})`;
}
