import type { ServerResponse } from 'node:http';
import { sql } from 'kysely';
import { type Clock, systemClock } from '../../core/clock.ts';
import type { StoredEvent } from '../../core/events/event.ts';
import { liveSessions } from '../auth/session.ts';
import { eventView } from '../incident/event.view.ts';
import { newestReadablePosition } from '../store/dialect.ts';
import type { EventStore } from '../store/event-store.ts';

/**
 * Server-Sent Events for everyone watching: one reader of the log per server, each new event
 * encoded once, its visibility decided once per scope, and written to every stream of that
 * scope that keeps up. A stream that reconnects with Last-Event-ID is caught up from the log
 * on its own, page by page as its socket drains, and joins the live fan-out at the exact
 * event the fan-out has reached, so nothing falls between the two (delivery is at least
 * once; events carry their ids). No stream ever holds up another, or the fan-out.
 *
 * A stream's state:
 * - `live`: receives the fan-out;
 * - `catching-up`: reads the log itself, from its cursor, until it reaches the fan-out;
 * - `stalled`: its socket holds more than `pauseBytes` unsent; nothing is written to it
 *   until it drains (then it catches up from its cursor), and after `dropAfterMs` it is
 *   dropped (the client reconnects with Last-Event-ID and catches up).
 *
 * Every `recheckMs` the sessions of all open streams are checked in one query: a stream
 * whose session ended (logout; an admin disabled, moved or reset the account, or changed
 * its role — which ends its sessions, on whichever server), expired, or whose account now
 * has another role or jurisdiction is closed. Heartbeats go out only after such a check.
 */

/** The limits of live streams; README "Live streams" states them. */
export interface StreamLimits {
  /** streams open at once per session (browser tabs); a new one closes the oldest */
  perSession: number;
  /** streams open at once per account, over all its sessions; a new one closes the oldest */
  perAccount: number;
  /** unsent bytes a socket may hold before nothing more is written to it */
  pauseBytes: number;
  /** how long a stream may stay stalled before it is dropped */
  dropAfterMs: number;
  /** how many events a reconnecting stream is caught up with at most; beyond: `reload` */
  replayLimit: number;
  /** how often the sessions of open streams are checked and stalled streams looked at */
  recheckMs: number;
  /** how often a comment line keeps idle connections open */
  heartbeatMs: number;
}

export const STREAM_LIMITS: StreamLimits = {
  perSession: 4,
  perAccount: 10,
  pauseBytes: 16 * 1024,
  dropAfterMs: 30_000,
  replayLimit: 10_000,
  recheckMs: 250,
  heartbeatMs: 15_000,
};

/** Where the broadcaster says why it closed a stream (Fastify's logger fits). */
export interface StreamLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface BroadcasterOptions extends Partial<StreamLimits> {
  /** the clock sessions expire by */
  clock?: Clock;
  log?: StreamLog;
}

/** Whose stream it is: the session and the account as they were when it opened. */
export interface StreamOwner {
  sessionId: string;
  userId: string;
  role: string;
  jurisdiction: string;
}

export interface StreamSpec {
  res: ServerResponse;
  owner: StreamOwner;
  /** jurisdictions it may see */
  scope: ReadonlySet<string>;
  /** only this case (a per-incident stream) */
  caseId?: string;
}

type State = 'catching-up' | 'live' | 'stalled' | 'closed';

interface Stream extends StreamSpec {
  state: State;
  /** while not live: the last event of the log it has been given or passed over */
  cursor: number;
  /** events read for it while catching up (bounded by replayLimit) */
  replayed: number;
  stalledAt: number;
  group: Group | undefined;
}

interface Group {
  scope: ReadonlySet<string>;
  streams: Set<Stream>;
}

/** An event of the log as the streams need it: encoded once, its jurisdiction resolved. */
interface Entry {
  position: number;
  caseId: string;
  jurisdiction: string | null;
  /** the SSE frame, encoded to bytes once for every stream that gets it */
  frame: Buffer;
  /** its length in bytes */
  bytes: number;
}

interface Page {
  entries: Entry[];
  /** events the fan-out had passed when this page was read */
  processedAtRead: number;
  /** about what its frames take in memory */
  bytes: number;
}

interface CachedPage {
  read: Promise<Page>;
  /** once read, if it was full */
  page?: Page;
}

/** Why a stream was closed: the `reason` of the last frame a reading client gets. */
export type CloseReason =
  | 'session_ended'
  | 'account_changed'
  | 'superseded_session'
  | 'superseded_account'
  | 'slow_client'
  | 'server_closing'
  | 'error';

const PAGE = 200;
/** full pages of the log kept encoded for streams catching up from the same place */
const PAGE_CACHE_BYTES = 8 * 1024 * 1024;
/** written to the sockets before they get a turn to send it (they are corked until then) */
const CHUNK_BYTES = 8 * 1024;
/** log reads of streams catching up, at once */
const READS_AT_ONCE = 4;
const AGAIN_MIN_MS = 25;
/** the most a fan-out pass waits after the last one (with 2,500 streams or more) */
const MAX_PASS_GAP_MS = 25;
/** how long a closed stream's connection may take to send its last event */
const END_GRACE_MS = 5000;
/** sessions checked in one query */
const SESSIONS_AT_ONCE = 1000;
/** cases whose jurisdiction is remembered at once */
const MEMO_LIMIT = 50_000;

const noLog: StreamLog = { info: () => undefined, warn: () => undefined };

export class Broadcaster {
  readonly limits: StreamLimits;
  private readonly clock: Clock;
  private readonly log: StreamLog;
  private readonly streams = new Set<Stream>();
  /** whole-scope streams, grouped by the scope they see */
  private readonly groups = new Map<string, Group>();
  /** per-incident streams */
  private readonly byCase = new Map<string, Set<Stream>>();
  /** oldest first */
  private readonly bySession = new Map<string, Stream[]>();
  private readonly byAccount = new Map<string, Stream[]>();
  /** the last event the fan-out has passed (0: none) */
  private last = 0;
  /** how many events the fan-out has passed */
  private processed = 0;
  private chain: Promise<void> = Promise.resolve();
  private pending = false;
  /** when the last fan-out pass that delivered started (ms), and the timer of the next when it waits */
  private lastPass = 0;
  private passTimer: NodeJS.Timeout | undefined;
  private readonly jurisdictionOf = new Map<string, string | null>();
  private readonly pages = new Map<number, CachedPage>();
  private pageBytes = 0;
  private reading = 0;
  private readonly readQueue: (() => void)[] = [];
  private tickTimer: NodeJS.Timeout | undefined;
  private ticking = false;
  private lastBeat = 0;
  private checking: Promise<void> | undefined;
  private checkAgain = false;
  /** the last check of the sessions answered */
  private checked = true;
  /** the highest position sent so far */
  private maxSeen = 0;
  /** PostgreSQL: a look again soon, while committed events are still held back */
  private again: NodeJS.Timeout | undefined;
  private againMs = AGAIN_MIN_MS;
  private sweep: NodeJS.Timeout | undefined;
  private closing = false;

  private constructor(
    private readonly store: EventStore,
    opts: BroadcasterOptions,
  ) {
    const { clock, log, ...limits } = opts;
    this.limits = { ...STREAM_LIMITS, ...limits };
    this.clock = clock ?? systemClock;
    this.log = log ?? noLog;
  }

  static async start(store: EventStore, opts: BroadcasterOptions = {}): Promise<Broadcaster> {
    const b = new Broadcaster(store, opts);
    b.last = await newestReadablePosition(store.db, store.engine);
    b.maxSeen = b.last;
    if (store.engine === 'postgres') {
      // events that committed late are read once every transaction older than them has
      // ended (see readAllSql); a slow sweep picks them up even when nothing else wakes us
      b.sweep = setInterval(() => b.notify(), 1000);
      b.sweep.unref();
      b.notify();
    }
    b.lastBeat = Date.now();
    b.tickTimer = setInterval(() => void b.tick(), b.limits.recheckMs);
    b.tickTimer.unref();
    return b;
  }

  /** Open streams. */
  get size(): number {
    return this.streams.size;
  }

  /** Each open stream's state and the bytes its socket holds unsent (tests, diagnostics). */
  inspect(): { state: State; buffered: number; caseId?: string; userId: string }[] {
    return [...this.streams].map((s) => ({
      state: s.state,
      buffered: s.res.writableLength,
      userId: s.owner.userId,
      ...(s.caseId ? { caseId: s.caseId } : {}),
    }));
  }

  /**
   * Something was appended: fan it out (coalesced; one pass at a time). A pass costs a write
   * to every stream that sees something, so with many streams passes are spaced: the next
   * starts no sooner than a millisecond per hundred streams (at most 25 ms) after the last,
   * and takes everything appended meanwhile in one write per stream. An event after a quiet
   * spell goes out at once.
   */
  notify(): void {
    if (this.pending || this.closing) return;
    this.pending = true;
    const go = () => {
      this.passTimer = undefined;
      this.serial(async () => {
        this.pending = false;
        const started = performance.now();
        const before = this.processed;
        await this.fanOut();
        // only a pass that wrote something spaces the next (a sweep that found nothing does not)
        if (this.processed !== before) this.lastPass = started;
      });
    };
    const wait = this.lastPass + Math.min(MAX_PASS_GAP_MS, this.streams.size / 100) - performance.now();
    if (wait > 0) this.passTimer = setTimeout(go, wait);
    else go();
  }

  /**
   * Open a stream. Over the caps, the oldest stream of the session (then of the account) is
   * closed with a `superseded` event. With `lastEventId` it is first caught up from the log;
   * without, it gets what the fan-out passes after its current pass.
   */
  attach(spec: StreamSpec, lastEventId?: number): void {
    if (this.closing) {
      spec.res.end();
      return;
    }
    const sessions = this.bySession.get(spec.owner.sessionId) ?? [];
    while (sessions.length >= this.limits.perSession && sessions[0])
      this.end(sessions[0], 'superseded_session');
    const account = this.byAccount.get(spec.owner.userId) ?? [];
    while (account.length >= this.limits.perAccount && account[0]) this.end(account[0], 'superseded_account');

    const s: Stream = {
      ...spec,
      state: 'catching-up',
      cursor: lastEventId ?? this.last,
      replayed: 0,
      stalledAt: 0,
      group: undefined,
    };
    this.streams.add(s);
    push(this.bySession, spec.owner.sessionId, s);
    push(this.byAccount, spec.owner.userId, s);
    if (spec.caseId !== undefined) {
      const set = this.byCase.get(spec.caseId) ?? new Set();
      this.byCase.set(spec.caseId, set);
      set.add(s);
    } else {
      const key = [...spec.scope].sort().join('\n');
      const g = this.groups.get(key) ?? { scope: spec.scope, streams: new Set() };
      this.groups.set(key, g);
      g.streams.add(s);
      s.group = g;
    }
    spec.res.on('close', () => this.remove(s));
    // 'drain' comes when the socket empties after a write it could not take at once; the
    // tick looks at stalled streams too
    spec.res.on('drain', () => this.unstall(s));
    if (lastEventId === undefined) {
      // it starts after what the pass under way (or already asked for) delivers
      void this.serial(async () => {
        s.cursor = this.last;
        this.goLive(s);
      });
    } else void this.catchUp(s);
  }

  /**
   * Check the sessions of open streams now (after a logout or an account change here; other
   * servers notice at their next tick). Never rejects.
   */
  recheck(): Promise<void> {
    if (this.checking) {
      this.checkAgain = true;
      return this.checking;
    }
    this.checking = (async () => {
      try {
        do {
          this.checkAgain = false;
          await this.checkSessions();
        } while (this.checkAgain);
        this.checked = true;
      } catch (err) {
        this.checked = false;
        // the next tick checks again
        this.log.warn({ err }, 'live streams: checking sessions failed');
      } finally {
        this.checking = undefined;
      }
    })();
    return this.checking;
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.tickTimer) clearInterval(this.tickTimer);
    if (this.sweep) clearInterval(this.sweep);
    if (this.again) clearTimeout(this.again);
    if (this.passTimer) clearTimeout(this.passTimer);
    this.sweep = undefined;
    await this.chain;
    for (const s of [...this.streams]) this.end(s, 'server_closing');
  }

  private serial(fn: () => Promise<void>): Promise<void> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => undefined);
    return next;
  }

  // ---- the live fan-out ------------------------------------------------------------------

  private async fanOut(): Promise<void> {
    try {
      for (;;) {
        const page = await this.page(this.last, true);
        for (let i = 0; i < page.entries.length; ) {
          // a chunk of the page: each group of streams is written it in one piece
          const start = i;
          let bytes = 0;
          while (i < page.entries.length && bytes < CHUNK_BYTES) bytes += (page.entries[i++] as Entry).bytes;
          const chunk = page.entries.slice(start, i);
          this.deliver(chunk);
          for (const e of chunk) {
            this.last = e.position;
            if (e.position > this.maxSeen) this.maxSeen = e.position;
          }
          this.processed += chunk.length;
          // let the sockets send what they were given, so a burst stalls only slow clients
          if (bytes >= CHUNK_BYTES) await turn();
        }
        // a short page is all there is now; whatever is appended next notifies again
        if (page.entries.length < PAGE) break;
      }
      if (this.store.engine === 'postgres') await this.lookAgainIfHeldBack();
    } catch (err) {
      // the next append or sweep tries again from the last event passed
      this.log.warn({ err }, 'live streams: reading the log failed');
    }
  }

  /**
   * Consecutive events to every live stream allowed to see them. What a scope sees is decided
   * once per group of streams with that scope, and the group's frames are joined once and
   * written to each of its streams in one write; a stream of one case gets its case's events.
   */
  private deliver(chunk: Entry[]): void {
    const before = this.last;
    for (const g of this.groups.values()) {
      const seen = chunk.filter((e) => e.jurisdiction !== null && g.scope.has(e.jurisdiction));
      if (seen.length === 0) continue;
      const bytes = seen.length === 1 ? (seen[0] as Entry).frame : Buffer.concat(seen.map((e) => e.frame));
      for (const s of g.streams) if (s.state === 'live') this.send(s, bytes, before);
    }
    if (this.byCase.size === 0) return;
    let at = before;
    for (const e of chunk) {
      const watching = e.jurisdiction === null ? undefined : this.byCase.get(e.caseId);
      if (watching)
        for (const s of watching)
          if (s.state === 'live' && s.scope.has(e.jurisdiction as string)) this.send(s, e.frame, at);
      at = e.position;
    }
  }

  /**
   * Write frames, unless the socket already holds more than the mark: then the stream stalls
   * before them (its cursor stays on `before`, the event it got last).
   */
  private send(s: Stream, frames: Buffer, before: number): boolean {
    if (s.res.writableLength > this.limits.pauseBytes) {
      this.stall(s, before);
      return false;
    }
    s.res.write(frames);
    return true;
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

  // ---- catching up -------------------------------------------------------------------------

  /**
   * Give a stream the events after its cursor, page by page, until it reaches the event the
   * fan-out has passed; then it is live. The log is read in the fan-out's order (on
   * PostgreSQL that is not position order), so "reached" means meeting that very event.
   */
  private async catchUp(s: Stream): Promise<void> {
    try {
      while (s.state === 'catching-up') {
        if (s.cursor === this.last) return this.goLive(s);
        if (this.last - s.cursor > this.limits.replayLimit || s.replayed >= this.limits.replayLimit)
          return this.reload(s);
        const page = await this.page(s.cursor, false);
        if (s.state !== 'catching-up') return;
        let reached = false;
        let chunk = 0;
        for (const e of page.entries) {
          if (
            e.jurisdiction !== null &&
            s.scope.has(e.jurisdiction) &&
            (s.caseId === undefined || s.caseId === e.caseId)
          ) {
            // stalled before e: it resumes from its cursor once its socket drains
            if (!this.send(s, e.frame, s.cursor)) return;
            chunk += e.bytes;
          }
          s.cursor = e.position;
          s.replayed += 1;
          if (e.position === this.last) {
            reached = true;
            break;
          }
          if (chunk >= CHUNK_BYTES) {
            chunk = 0;
            await turn();
            if (s.state !== 'catching-up') return;
          }
        }
        // A short page holds every event after the cursor that could be read when it was
        // read. Had the fan-out passed one of them by then, we would have met it; if it has
        // passed nothing since, the stream is where the fan-out is (or, with a Last-Event-ID
        // from ahead of this server, beyond it: it may then get a few events twice).
        if (reached || (page.entries.length < PAGE && this.processed === page.processedAtRead))
          return this.goLive(s);
      }
    } catch (err) {
      this.log.warn({ err, user: s.owner.userId }, 'live stream: catching up failed; closed');
      this.end(s, 'error');
    }
  }

  private goLive(s: Stream): void {
    if (s.state !== 'catching-up') return;
    s.state = 'live';
    s.replayed = 0;
  }

  /** Too far behind to catch up event by event: the client reloads its state instead. */
  private reload(s: Stream): void {
    const frame = `id: ${this.last}\nevent: reload\ndata: ${JSON.stringify({
      reason: 'too_far_behind',
      replayLimit: this.limits.replayLimit,
    })}\n\n`;
    this.log.info(
      { user: s.owner.userId, from: s.cursor, to: this.last },
      'live stream: too far behind to catch up; told to reload',
    );
    s.res.write(frame);
    s.cursor = this.last;
    s.replayed = 0;
    if (s.res.writableLength > this.limits.pauseBytes) this.stall(s, this.last);
    else this.goLive(s);
  }

  // ---- slow clients --------------------------------------------------------------------------

  private stall(s: Stream, cursor: number): void {
    s.state = 'stalled';
    s.cursor = cursor;
    s.stalledAt = Date.now();
    // what this turn wrote is still corked; once the socket has had its go at sending it,
    // a client that keeps up goes on at once, a slow one waits for the tick to see it drain
    setImmediate(() => this.unstallIfDrained(s));
  }

  private unstallIfDrained(s: Stream): void {
    if (s.state === 'stalled' && s.res.writableLength <= this.limits.pauseBytes / 2) this.unstall(s);
  }

  private unstall(s: Stream): void {
    if (s.state !== 'stalled') return;
    s.state = 'catching-up';
    void this.catchUp(s);
  }

  private drop(s: Stream): void {
    this.log.warn(
      {
        user: s.owner.userId,
        reason: 'slow_client',
        buffered: s.res.writableLength,
        stalledMs: Date.now() - s.stalledAt,
        cursor: s.cursor,
      },
      'live stream dropped: the client stopped reading',
    );
    this.end(s, 'slow_client');
  }

  // ---- the tick: stalled streams, sessions, heartbeats -------------------------------------

  private async tick(): Promise<void> {
    if (this.ticking || this.closing) return;
    this.ticking = true;
    try {
      const now = Date.now();
      for (const s of this.streams) {
        if (s.state !== 'stalled') continue;
        if (s.res.writableLength <= this.limits.pauseBytes / 2) this.unstall(s);
        else if (now - s.stalledAt >= this.limits.dropAfterMs) this.drop(s);
      }
      await this.recheck();
      // no heartbeat while sessions cannot be checked: a stream is kept open only on a valid one
      if (this.checked && now - this.lastBeat >= this.limits.heartbeatMs) {
        this.lastBeat = now;
        // only streams whose session has just been found valid are still open here
        for (const s of this.streams)
          if (s.state === 'live' && s.res.writableLength <= this.limits.pauseBytes)
            s.res.write(': keep-alive\n\n');
      }
    } finally {
      this.ticking = false;
    }
  }

  private async checkSessions(): Promise<void> {
    const all = [...this.bySession.keys()];
    for (let i = 0; i < all.length; i += SESSIONS_AT_ONCE) {
      // SQLite answers on this thread: others get a turn between the queries
      if (i > 0) await turn();
      const ids = all.slice(i, i + SESSIONS_AT_ONCE);
      const live = await liveSessions(this.store.db, this.clock, ids);
      // only the sessions asked about: one whose first stream opened meanwhile is checked next time
      for (const id of ids) {
        const now = live.get(id);
        for (const s of [...(this.bySession.get(id) ?? [])]) {
          if (!now) this.end(s, 'session_ended');
          else if (now.role !== s.owner.role || now.jurisdiction !== s.owner.jurisdiction)
            this.end(s, 'account_changed');
        }
      }
    }
  }

  // ---- closing -------------------------------------------------------------------------------

  /**
   * Close a stream. A client that reads gets a last event saying why (`superseded` or
   * `session-ended`); one that does not (stalled, or slow to take the last event) is cut
   * off, so no closed stream keeps a connection or buffers.
   */
  private end(s: Stream, reason: CloseReason): void {
    if (s.state === 'closed') return;
    const stalled = s.state === 'stalled';
    this.remove(s);
    let last = '';
    if (reason === 'superseded_session' || reason === 'superseded_account') {
      const limit = reason === 'superseded_session' ? this.limits.perSession : this.limits.perAccount;
      this.log.info(
        { user: s.owner.userId, reason, limit },
        'live stream closed: over the cap, the oldest goes',
      );
      last = `event: superseded\ndata: ${JSON.stringify({ reason, limit })}\n\n`;
    } else if (reason === 'session_ended' || reason === 'account_changed') {
      this.log.info({ user: s.owner.userId, reason }, 'live stream closed: its session no longer holds');
      last = `event: session-ended\ndata: ${JSON.stringify({ reason })}\n\n`;
    }
    const socket = s.res.socket;
    if (stalled || reason === 'slow_client' || reason === 'error' || !socket) {
      s.res.destroy();
      return;
    }
    s.res.end(last || undefined);
    // the connection goes too once what it holds is sent, and at the latest after a while
    socket.end();
    const cut = setTimeout(() => socket.destroy(), END_GRACE_MS);
    cut.unref();
    socket.once('close', () => clearTimeout(cut));
  }

  private remove(s: Stream): void {
    if (s.state === 'closed') return;
    s.state = 'closed';
    this.streams.delete(s);
    pull(this.bySession, s.owner.sessionId, s);
    pull(this.byAccount, s.owner.userId, s);
    if (s.group) {
      s.group.streams.delete(s);
      if (s.group.streams.size === 0) this.groups.delete([...s.group.scope].sort().join('\n'));
    }
    if (s.caseId !== undefined) {
      const set = this.byCase.get(s.caseId);
      set?.delete(s);
      if (set?.size === 0) this.byCase.delete(s.caseId);
    }
  }

  // ---- reading the log -------------------------------------------------------------------------

  /**
   * The events after `from`, encoded and with their jurisdictions. Full pages are kept for
   * other streams catching up from the same place (a full page never changes: later commits
   * sort after it); reads of the same page at once are one read. Streams catching up read
   * a few at a time; the fan-out never waits for them.
   */
  private page(from: number, fanOut: boolean): Promise<Page> {
    const cached = this.pages.get(from);
    // the fan-out takes a page already read, never one still waiting for a read slot
    if (cached && (cached.page || !fanOut)) {
      this.pages.delete(from);
      this.pages.set(from, cached);
      return cached.page ? Promise.resolve(cached.page) : cached.read;
    }
    const read = (async () => {
      if (!fanOut) await this.readSlot();
      try {
        const processedAtRead = this.processed;
        const events = await this.store.readAll(from, PAGE);
        const entries = await this.entries(events);
        return { entries, processedAtRead, bytes: entries.reduce((n, e) => n + e.bytes, 0) };
      } finally {
        if (!fanOut) this.releaseSlot();
      }
    })();
    if (cached) return read;
    const entry: CachedPage = { read };
    this.pages.set(from, entry);
    read.then(
      (p) => {
        if (this.pages.get(from) !== entry) return;
        if (p.entries.length < PAGE) {
          this.pages.delete(from);
          return;
        }
        entry.page = p;
        this.pageBytes += p.bytes;
        for (const [k, c] of this.pages) {
          if (this.pageBytes <= PAGE_CACHE_BYTES) break;
          if (!c.page) continue;
          this.pages.delete(k);
          this.pageBytes -= c.page.bytes;
        }
      },
      () => {
        if (this.pages.get(from) === entry) this.pages.delete(from);
      },
    );
    return read;
  }

  private readSlot(): Promise<void> {
    if (this.reading < READS_AT_ONCE) {
      this.reading += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.readQueue.push(resolve));
  }

  private releaseSlot(): void {
    const next = this.readQueue.shift();
    if (next) next();
    else this.reading -= 1;
  }

  /** Encode a page and find each case's jurisdiction, an incident's, a dispute's or a register's (one query for the cases not known). */
  private async entries(events: StoredEvent[]): Promise<Entry[]> {
    const found = new Map<string, string | null>();
    const unknown = new Set<string>();
    for (const e of events) {
      if (
        (e.type === 'incident.reported' ||
          e.type === 'dispute.registered' ||
          e.type === 'screening.opened') &&
        typeof e.data.jurisdiction === 'string'
      )
        found.set(e.caseId, e.data.jurisdiction);
      else if (!found.has(e.caseId)) {
        const j = this.jurisdictionOf.get(e.caseId);
        if (j !== undefined) found.set(e.caseId, j);
        else unknown.add(e.caseId);
      }
    }
    for (const id of found.keys()) unknown.delete(id);
    if (unknown.size > 0) {
      // an incident's or a dispute's
      const ids = [...unknown];
      const rows = await this.store.db
        .selectFrom('incidents')
        .select(['case_id', 'jurisdiction'])
        .where('case_id', 'in', ids)
        .unionAll((db) =>
          db.selectFrom('disputes').select(['case_id', 'jurisdiction']).where('case_id', 'in', ids),
        )
        .unionAll((db) =>
          db
            .selectFrom('screening_registers')
            .select(['case_id', 'jurisdiction'])
            .where('case_id', 'in', ids),
        )
        .execute();
      for (const id of unknown) found.set(id, null);
      for (const r of rows) found.set(r.case_id, r.jurisdiction ?? null);
    }
    // a case's jurisdiction never changes; the memo only has to stay bounded
    if (this.jurisdictionOf.size + found.size > MEMO_LIMIT) this.jurisdictionOf.clear();
    for (const [id, j] of found) this.jurisdictionOf.set(id, j);
    return events.map((e) => {
      const frame = Buffer.from(encode(e));
      return {
        position: e.position,
        caseId: e.caseId,
        jurisdiction: found.get(e.caseId) ?? null,
        frame,
        bytes: frame.length,
      };
    });
  }
}

export function encode(e: StoredEvent): string {
  return `id: ${e.position}\nevent: ${e.type}\ndata: ${JSON.stringify(eventView(e))}\n\n`;
}

/** Let other work, and the sockets, have a turn. */
const turn = () => new Promise<void>((r) => setImmediate(r));

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function pull<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (!list) return;
  const i = list.indexOf(v);
  if (i >= 0) list.splice(i, 1);
  if (list.length === 0) m.delete(k);
}
