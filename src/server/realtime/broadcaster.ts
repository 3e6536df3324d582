import type { ServerResponse } from 'node:http';
import { sql } from 'kysely';
import type { StoredEvent } from '../../core/events/event.ts';
import { eventView } from '../incident/event.view.ts';
import { newestReadablePosition } from '../store/dialect.ts';
import type { EventStore } from '../store/event-store.ts';

/**
 * Server-Sent Events for everyone watching: one reader of the log per server, each new event
 * encoded once and written to every client allowed to see it. A client that reconnects with
 * Last-Event-ID is caught up from the log and joins the live stream in the same step, so
 * nothing falls between the two (delivery is at least once; events carry their ids).
 */
interface Client {
  res: ServerResponse;
  /** jurisdictions it may see */
  scope: Set<string>;
  /** only this case (a per-incident stream) */
  caseId?: string;
}

const PAGE = 500;
const AGAIN_MIN_MS = 25;
/** cases whose jurisdiction is remembered at once */
const MEMO_LIMIT = 50_000;

export class Broadcaster {
  private readonly clients = new Set<Client>();
  private last = 0;
  private chain: Promise<void> = Promise.resolve();
  private pending = false;
  private readonly jurisdictionOf = new Map<string, string | null>();
  private heartbeat: NodeJS.Timeout | undefined;
  /** the highest position sent so far */
  private maxSeen = 0;
  /** PostgreSQL: a look again soon, while committed events are still held back */
  private again: NodeJS.Timeout | undefined;
  private againMs = AGAIN_MIN_MS;
  private sweep: NodeJS.Timeout | undefined;

  private constructor(private readonly store: EventStore) {}

  static async start(store: EventStore, heartbeatMs = 15_000): Promise<Broadcaster> {
    const b = new Broadcaster(store);
    b.last = await newestReadablePosition(store.db, store.engine);
    b.maxSeen = b.last;
    if (store.engine === 'postgres') {
      // events that committed late are read once every transaction older than them has
      // ended (see readAllSql); a slow sweep picks them up even when nothing else wakes us
      b.sweep = setInterval(() => b.notify(), 1000);
      b.sweep.unref();
      b.notify();
    }
    b.heartbeat = setInterval(() => {
      for (const c of b.clients) c.res.write(': keep-alive\n\n');
    }, heartbeatMs);
    b.heartbeat.unref();
    return b;
  }

  get size(): number {
    return this.clients.size;
  }

  /** Something was appended: fan it out (coalesced; one pass at a time). */
  notify(): void {
    if (this.pending) return;
    this.pending = true;
    this.serial(async () => {
      this.pending = false;
      await this.fanOut();
    });
  }

  /** Attach a client, first sending what it missed after `lastEventId` (a position). */
  attach(client: Client, lastEventId?: number): Promise<void> {
    return this.serial(async () => {
      if (lastEventId !== undefined && lastEventId < this.last) {
        let from = lastEventId;
        for (;;) {
          const page = await this.store.readAll(from, PAGE);
          if (page.length === 0) break;
          let reached = false;
          for (const e of page) {
            if (await this.visible(client, e)) client.res.write(encode(e));
            from = e.position;
            if (e.position === this.last) {
              reached = true;
              break;
            }
          }
          if (reached) break;
        }
      }
      this.clients.add(client);
      client.res.on('close', () => this.clients.delete(client));
    });
  }

  async close(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.sweep) clearInterval(this.sweep);
    if (this.again) clearTimeout(this.again);
    this.sweep = undefined;
    await this.chain;
    for (const c of this.clients) c.res.end();
    this.clients.clear();
  }

  private serial(fn: () => Promise<void>): Promise<void> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async fanOut(): Promise<void> {
    for (;;) {
      const page = await this.store.readAll(this.last, PAGE);
      if (page.length === 0) break;
      for (const e of page) {
        const frame = encode(e); // once, whoever receives it
        for (const c of this.clients) if (await this.visible(c, e)) c.res.write(frame);
        this.last = e.position;
        if (e.position > this.maxSeen) this.maxSeen = e.position;
      }
    }
    if (this.store.engine === 'postgres') await this.lookAgainIfHeldBack();
  }

  /**
   * PostgreSQL: committed events newer than any sent are held back while an older
   * transaction runs — anywhere on the server, other databases included. Look again shortly
   * (25 ms, doubling to 1 s) rather than wait for the next append to wake us.
   */
  private async lookAgainIfHeldBack(): Promise<void> {
    const { rows } = await sql<{ p: string | number | null }>`SELECT max(position) AS p FROM events`.execute(
      this.store.db,
    );
    if (Number(rows[0]?.p ?? 0) <= this.maxSeen) {
      this.againMs = AGAIN_MIN_MS;
      return;
    }
    if (this.again || this.sweep === undefined) return;
    this.again = setTimeout(() => {
      this.again = undefined;
      this.notify();
    }, this.againMs);
    this.againMs = Math.min(this.againMs * 2, 1000);
  }

  private async visible(c: Client, e: StoredEvent): Promise<boolean> {
    if (c.caseId !== undefined && c.caseId !== e.caseId) return false;
    const j = await this.jurisdiction(e);
    return j !== null && c.scope.has(j);
  }

  private async jurisdiction(e: StoredEvent): Promise<string | null> {
    if (e.type === 'incident.reported' && typeof e.data.jurisdiction === 'string') {
      this.jurisdictionOf.set(e.caseId, e.data.jurisdiction);
    }
    if (!this.jurisdictionOf.has(e.caseId)) {
      // a case's jurisdiction never changes; the memo only has to stay bounded
      if (this.jurisdictionOf.size >= MEMO_LIMIT) this.jurisdictionOf.clear();
      const row = await this.store.db
        .selectFrom('incidents')
        .select('jurisdiction')
        .where('case_id', '=', e.caseId)
        .executeTakeFirst();
      this.jurisdictionOf.set(e.caseId, row?.jurisdiction ?? null);
    }
    return this.jurisdictionOf.get(e.caseId) ?? null;
  }
}

export function encode(e: StoredEvent): string {
  return `id: ${e.position}\nevent: ${e.type}\ndata: ${JSON.stringify(eventView(e))}\n\n`;
}
