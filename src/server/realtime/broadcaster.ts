import type { ServerResponse } from 'node:http';
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
/** cases whose jurisdiction is remembered at once */
const MEMO_LIMIT = 50_000;

export class Broadcaster {
  private readonly clients = new Set<Client>();
  private last = 0;
  private chain: Promise<void> = Promise.resolve();
  private pending = false;
  private readonly jurisdictionOf = new Map<string, string | null>();
  private heartbeat: NodeJS.Timeout | undefined;

  private constructor(private readonly store: EventStore) {}

  static async start(store: EventStore, heartbeatMs = 15_000): Promise<Broadcaster> {
    const b = new Broadcaster(store);
    b.last = await newestReadablePosition(store.db, store.engine);
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
      if (page.length === 0) return;
      for (const e of page) {
        const frame = encode(e); // once, whoever receives it
        for (const c of this.clients) if (await this.visible(c, e)) c.res.write(frame);
        this.last = e.position;
      }
    }
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
