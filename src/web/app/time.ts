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

/** A time as near as it needs: HH:mm today, MM-DD HH:mm this year, YYYY-MM-DD HH:mm else (Beijing). */
export function near(iso: string, now: number): string {
  const at = dayjs(iso).tz(TZ);
  const today = dayjs(now).tz(TZ);
  if (at.format('YYYY-MM-DD') === today.format('YYYY-MM-DD')) return at.format('HH:mm');
  return at.format(at.year() === today.year() ? 'MM-DD HH:mm' : 'YYYY-MM-DD HH:mm');
}

/** 3 d 4 h / 1 h 05 min / 3 min 20 s: a span as a duty officer reads it (days from two days on). */
export function span(ms: number, lang: string): string {
  const s = Math.max(0, Math.round(Math.abs(ms) / 1000));
  const h = Math.floor(s / 3600);
  if (h >= 48) {
    const d = Math.floor(h / 24);
    return lang.startsWith('zh') ? `${d}天${h % 24}小时` : `${d} d ${h % 24} h`;
  }
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (lang.startsWith('zh')) return h ? `${h}小时${m}分` : m ? `${m}分${sec}秒` : `${sec}秒`;
  return h ? `${h} h ${m} min` : m ? `${m} min ${sec} s` : `${sec} s`;
}

export { dayjs };

/**
 * How far the server's clock is ahead of this browser's, from the server's x-huajie-time: one
 * per API client (app/api.ts), which notes every answer's.
 */
export class ServerClock {
  private offsetMs = 0;
  /** the round trip of the sample the offset came from, and when it was taken */
  private best = { rtt: Number.POSITIVE_INFINITY, at: 0 };

  /**
   * Note the server's time from an answer; the request went out at sentAt and came back at
   * receivedAt. The quickest round trip gives the truest offset (a slow upload would skew it),
   * so a sample is kept only if it is about as quick as the best, or the best is old — or if it
   * shows the offset held to be wrong: the server read its clock between sentAt and receivedAt,
   * so the offset lies between server − receivedAt and server − sentAt, however slow the answer
   * was. A server clock that was set (or a browser clock that jumped) is followed at the first
   * answer, even on a busy machine where no answer is quick.
   */
  note(iso: string | null, sentAt: number, receivedAt: number): void {
    const server = iso ? Date.parse(iso) : Number.NaN;
    if (!Number.isFinite(server)) return;
    const rtt = receivedAt - sentAt;
    // the header and Date.now() count whole milliseconds
    const contradicts = this.offsetMs < server - receivedAt - 2 || this.offsetMs > server - sentAt + 2;
    const stale = receivedAt - this.best.at >= 5 * 60_000;
    if (!contradicts && !stale && rtt > this.best.rtt + 50) return;
    this.best = { rtt: contradicts || stale || rtt < this.best.rtt ? rtt : this.best.rtt, at: receivedAt };
    this.offsetMs = server - (sentAt + receivedAt) / 2;
  }

  /** The time now by the server's clock: duty countdowns and elapsed times use this. */
  now(): number {
    return Date.now() + this.offsetMs;
  }
}
