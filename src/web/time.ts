import dayjs from 'dayjs';
import duration from 'dayjs/plugin/duration.js';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import 'dayjs/locale/zh-cn.js';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(duration);

/** Everything is shown in Beijing time, wherever the browser is. */
export const TZ = 'Asia/Shanghai';

export const beijing = (iso: string, format = 'MM-DD HH:mm') => dayjs(iso).tz(TZ).format(format);

/** 1 h 05 min / 3 min 20 s: a span as a duty officer reads it. */
export function span(ms: number, lang: string): string {
  const s = Math.max(0, Math.round(Math.abs(ms) / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (lang.startsWith('zh')) return h ? `${h}小时${m}分` : m ? `${m}分${sec}秒` : `${sec}秒`;
  return h ? `${h} h ${m} min` : m ? `${m} min ${sec} s` : `${sec} s`;
}

export { dayjs };

/** How far the server's clock is ahead of this browser's, from the server's x-huajie-time. */
let offsetMs = 0;

/** Note the server's time from an answer; the request went out at sentAt and came back at receivedAt. */
export function noteServerTime(iso: string | null, sentAt: number, receivedAt: number): void {
  const server = iso ? Date.parse(iso) : Number.NaN;
  if (Number.isFinite(server)) offsetMs = server - (sentAt + receivedAt) / 2;
}

/** The time now by the server's clock: duty countdowns and elapsed times use this. */
export const serverNow = () => Date.now() + offsetMs;
