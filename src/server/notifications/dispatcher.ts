import { performance } from 'node:perf_hooks';
import type { Clock } from '../../core/clock.ts';
import type { EventStore } from '../store/event-store.ts';
import type { NotificationsTable } from '../store/schema.ts';
import { type Failure, failureOf, postPinned } from './delivery.ts';
import { EgressRefusal, type WebhookEgress, webhookEgress } from './egress.ts';
import { accepted, type Outgoing, render, type WebhookFormat } from './formats.ts';
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
  /** where webhooks may post (default: public addresses only, resolved by the system) */
  egress?: WebhookEgress;
  onError?: (e: unknown) => void;
}

/** Wait after the n-th failed attempt: 30 s, 1, 2, 4 … minutes, at most an hour, ±20%. */
export function backoffMs(attempt: number, random = Math.random): number {
  const base = Math.min(30_000 * 2 ** (attempt - 1), 3_600_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** A claimed message is not claimed again for this long, so two servers never send it at once. */
const LEASE_MS = 120_000;
/** WeCom and DingTalk group robots accept 20 messages a minute each. */
const ROBOT_PER_MINUTE = 20;
const ROBOT_WAIT_MS = 5_000;
/** How much of an answer is read: a robot's `{errcode, errmsg}` is far smaller. */
const MAX_ANSWER_BYTES = 16 * 1024;

type Claimed = NotificationsTable & { url: string; format: string; secret: string | null };

/**
 * Delivers the outbox. Each pass claims due messages (PostgreSQL: FOR UPDATE SKIP LOCKED, so
 * several servers share the work; SQLite: the single writer), checks each address against the
 * egress policy again, posts to the very address it checked, and records every attempt with
 * its status code and a classified error, never the answer's body. Delivery is at least once:
 * a server that dies between sending and recording sends again after the lease; receivers get
 * the delivery id to drop repeats.
 */
export class NotificationDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private readonly egress: WebhookEgress;

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly opts: DispatcherOptions = {},
  ) {
    this.egress = opts.egress ?? webhookEgress();
  }

  /** One pass: returns how many messages it tried to deliver. */
  async runOnce(): Promise<number> {
    const now = this.clock.now();
    const claimed = await this.claim(now);
    // one webhook's messages in order, one at a time; different webhooks at once
    const byHook = new Map<string, Claimed[]>();
    for (const n of claimed) byHook.set(n.webhook_id, [...(byHook.get(n.webhook_id) ?? []), n]);
    let tried = 0;
    await Promise.all(
      [...byHook.values()].map(async (list) => {
        const robot = list[0]?.format !== 'json';
        for (const [i, n] of list.entries()) {
          if (robot && !this.mayPostToRobot(n.webhook_id, now.getTime())) {
            // the robots take 20 messages a minute: the rest wait, without using up an attempt
            await this.release(list.slice(i), new Date(now.getTime() + ROBOT_WAIT_MS));
            return;
          }
          tried++;
          await this.deliver(n);
        }
      }),
    );
    return tried;
  }

  /** Sends to each robot in the last minute, by this process. */
  private readonly robotSends = new Map<string, number[]>();

  private mayPostToRobot(webhookId: string, now: number): boolean {
    const recent = (this.robotSends.get(webhookId) ?? []).filter((t) => t > now - 60_000);
    if (recent.length >= ROBOT_PER_MINUTE) {
      this.robotSends.set(webhookId, recent);
      return false;
    }
    recent.push(now);
    this.robotSends.set(webhookId, recent);
    return true;
  }

  private release(list: Claimed[], at: Date): Promise<unknown> {
    return this.store.transaction((db) =>
      db
        .updateTable('notifications')
        .set({ next_attempt_at: at.toISOString() })
        .where(
          'id',
          'in',
          list.map((n) => n.id),
        )
        .where('status', '=', 'pending')
        .where('attempts', '=', 0)
        .execute(),
    );
  }

  private claim(
    now: Date,
  ): Promise<(NotificationsTable & { url: string; format: string; secret: string | null })[]> {
    const iso = now.toISOString();
    return this.store.transaction(async (db) => {
      // a disabled webhook's messages wait; enabling it again sends them
      let q = db
        .selectFrom('notifications as n')
        .select(['n.id'])
        .where('n.status', '=', 'pending')
        .where('n.next_attempt_at', '<=', iso)
        .where(({ exists, selectFrom }) =>
          exists(
            selectFrom('webhooks as w')
              .select('w.id')
              .whereRef('w.id', '=', 'n.webhook_id')
              .where('w.enabled', '=', 1),
          ),
        )
        .orderBy('n.next_attempt_at')
        .limit(this.opts.batch ?? 50);
      if (this.store.engine === 'postgres') q = q.forUpdate('n').skipLocked();
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

  private async deliver(n: Claimed) {
    const attempt = n.attempts + 1;
    const started = performance.now();
    let statusCode: number | null = null;
    let failure: Failure | null = { error: 'invalid_message', detail: null };
    let req: Outgoing | null;
    try {
      req = render(n.format as WebhookFormat, n, Message.parse(JSON.parse(n.payload)), {
        deliveryId: n.id,
        now: this.clock.now(),
        publicUrl: this.opts.publicUrl,
      });
    } catch {
      req = null;
    }
    if (req) {
      try {
        const signal = AbortSignal.timeout(this.opts.timeoutMs ?? 10_000);
        // checked again now, and the connection goes to the very address that was checked
        const target = await this.egress.check(req.url);
        const answer = await postPinned(target, req, { signal, maxAnswerBytes: MAX_ANSWER_BYTES });
        statusCode = answer.status;
        failure = accepted(n.format as WebhookFormat, answer);
      } catch (e) {
        failure = e instanceof EgressRefusal ? { error: e.code, detail: e.reason } : failureOf(e);
      }
    }
    const ms = Math.round(performance.now() - started);
    const at = this.clock.now();
    const max = this.opts.maxAttempts ?? 10;
    await this.store.transaction(async (db) => {
      // only if nobody recorded this attempt meanwhile (an admin's retry, another server
      // after the lease): a late answer never turns a delivered message back into pending
      const mine = await db
        .updateTable('notifications')
        .set(
          failure === null
            ? { status: 'delivered', attempts: attempt, delivered_at: at.toISOString(), last_error: null }
            : {
                status: attempt >= max ? 'failed' : 'pending',
                attempts: attempt,
                last_error: failure.error,
                next_attempt_at: new Date(at.getTime() + backoffMs(attempt)).toISOString(),
              },
        )
        .where('id', '=', n.id)
        .where('attempts', '=', n.attempts)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (Number(mine.numUpdatedRows) === 0) return;
      await db
        .insertInto('notification_attempts')
        .values({
          notification_id: n.id,
          attempt,
          at: at.toISOString(),
          status_code: statusCode,
          error: failure?.error ?? null,
          detail: failure?.detail ?? null,
          ms,
        })
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
