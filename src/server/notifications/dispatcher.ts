import { performance } from 'node:perf_hooks';
import type { Clock } from '../../core/clock.ts';
import type { EventStore } from '../store/event-store.ts';
import type { NotificationsTable } from '../store/schema.ts';
import { accepted, render, type WebhookFormat } from './formats.ts';
import { Message } from './outbox.ts';

export interface DispatcherOptions {
  intervalMs?: number;
  /** messages claimed per pass */
  batch?: number;
  /** attempts before a message is marked failed (an admin can send it again) */
  maxAttempts?: number;
  /** how long one request may take */
  timeoutMs?: number;
  /** the base of the links in messages, e.g. https://huajie.example.gov.cn */
  publicUrl?: string;
  fetch?: typeof fetch;
  onError?: (e: unknown) => void;
}

/** Wait after the n-th failed attempt: 30 s, 1, 2, 4 … minutes, at most an hour, ±20%. */
export function backoffMs(attempt: number, random = Math.random): number {
  const base = Math.min(30_000 * 2 ** (attempt - 1), 3_600_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** A claimed message is not claimed again for this long, so two servers never send it at once. */
const LEASE_MS = 120_000;

/**
 * Delivers the outbox. Each pass claims due messages (PostgreSQL: FOR UPDATE SKIP LOCKED, so
 * several servers share the work; SQLite: the single writer), posts them, and records every
 * attempt with its answer. Delivery is at least once: a server that dies between sending and
 * recording sends again after the lease; receivers get the delivery id to drop repeats.
 */
export class NotificationDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly opts: DispatcherOptions = {},
  ) {}

  /** One pass: returns how many messages it tried to deliver. */
  async runOnce(): Promise<number> {
    const now = this.clock.now();
    const claimed = await this.claim(now);
    await Promise.all(claimed.map((n) => this.deliver(n)));
    return claimed.length;
  }

  private claim(
    now: Date,
  ): Promise<(NotificationsTable & { url: string; format: string; secret: string | null })[]> {
    const iso = now.toISOString();
    return this.store.transaction(async (db) => {
      let q = db
        .selectFrom('notifications')
        .select(['id'])
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', iso)
        .orderBy('next_attempt_at')
        .limit(this.opts.batch ?? 50);
      if (this.store.engine === 'postgres') q = q.forUpdate().skipLocked();
      const ids = (await q.execute()).map((r) => r.id);
      if (ids.length === 0) return [];
      await db
        .updateTable('notifications')
        .set({ next_attempt_at: new Date(now.getTime() + LEASE_MS).toISOString() })
        .where('id', 'in', ids)
        .execute();
      return db
        .selectFrom('notifications as n')
        .innerJoin('webhooks as w', 'w.id', 'n.webhook_id')
        .selectAll('n')
        .select(['w.url', 'w.format', 'w.secret'])
        .where('n.id', 'in', ids)
        .execute();
    });
  }

  private async deliver(n: NotificationsTable & { url: string; format: string; secret: string | null }) {
    const attempt = n.attempts + 1;
    const started = performance.now();
    let statusCode: number | null = null;
    let error: string | null;
    try {
      const message = Message.parse(JSON.parse(n.payload));
      const req = render(n.format as WebhookFormat, n, message, {
        deliveryId: n.id,
        now: this.clock.now(),
        publicUrl: this.opts.publicUrl,
      });
      const res = await (this.opts.fetch ?? fetch)(req.url, {
        method: 'POST',
        headers: req.headers,
        body: req.body,
        redirect: 'error',
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
      });
      statusCode = res.status;
      error = accepted(n.format as WebhookFormat, res.status, await res.text());
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message;
      const what = (e as Error).name === 'TimeoutError' ? 'timed out' : (e as Error).message;
      error = `${what}${why ? ` (${why})` : ''}`;
    }
    const ms = Math.round(performance.now() - started);
    const at = this.clock.now();
    const max = this.opts.maxAttempts ?? 10;
    await this.store.transaction(async (db) => {
      await db
        .insertInto('notification_attempts')
        .values({ notification_id: n.id, attempt, at: at.toISOString(), status_code: statusCode, error, ms })
        .onConflict((oc) => oc.columns(['notification_id', 'attempt']).doNothing())
        .execute();
      await db
        .updateTable('notifications')
        .set(
          error === null
            ? { status: 'delivered', attempts: attempt, delivered_at: at.toISOString(), last_error: null }
            : {
                status: attempt >= max ? 'failed' : 'pending',
                attempts: attempt,
                last_error: error,
                next_attempt_at: new Date(at.getTime() + backoffMs(attempt)).toISOString(),
              },
        )
        .where('id', '=', n.id)
        .execute();
    });
  }

  start(): void {
    const every = this.opts.intervalMs ?? 1000;
    const loop = () => {
      this.running = this.runOnce()
        .catch((e: unknown) => (this.opts.onError ?? ((x) => console.error('notifications:', x)))(e))
        .finally(() => {
          if (this.timer !== undefined) this.timer = setTimeout(loop, every);
        });
    };
    this.timer = setTimeout(loop, 0);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
