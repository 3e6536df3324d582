import pg from 'pg';

/**
 * "Something was appended": how servers wake their live streams. In-process for a single
 * server; PostgreSQL LISTEN/NOTIFY when several servers share one database. It carries no
 * data — each server reads the log itself — so a lost or doubled signal loses nothing.
 */
export interface Bus {
  publish(): void;
  subscribe(fn: () => void): void;
  close(): Promise<void>;
}

export class LocalBus implements Bus {
  private readonly subs: (() => void)[] = [];
  publish(): void {
    for (const fn of this.subs) fn();
  }
  subscribe(fn: () => void): void {
    this.subs.push(fn);
  }
  async close(): Promise<void> {}
}

export const CHANNEL = 'huajie_events';
/** how the listening connection shows in pg_stat_activity */
export const LISTENER_NAME = 'huajie-listen';

export interface PgBusOptions {
  /** first wait before connecting again after the listening connection was lost */
  retryMinMs?: number;
  /** the wait doubles up to this */
  retryMaxMs?: number;
  log?: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

/**
 * The PostgreSQL bus. Its listening connection is watched: when it is lost (the database
 * restarted, an administrator ended it, the network dropped), it connects again, waiting
 * 100 ms, then twice as long each failed attempt up to 5 s; once listening again it wakes
 * the subscribers, since what was appended meanwhile was never signalled.
 */
export class PgBus implements Bus {
  private readonly subs: (() => void)[] = [];
  private closed = false;
  private listener: pg.Client | undefined;
  private retry: NodeJS.Timeout | undefined;
  private waitMs: number;
  private readonly retryMinMs: number;
  private readonly retryMaxMs: number;
  private readonly log: NonNullable<PgBusOptions['log']> | undefined;

  private constructor(
    private readonly url: string,
    private readonly notifier: pg.Pool,
    opts: PgBusOptions,
  ) {
    this.retryMinMs = opts.retryMinMs ?? 100;
    this.retryMaxMs = opts.retryMaxMs ?? 5000;
    this.waitMs = this.retryMinMs;
    this.log = opts.log;
  }

  static async start(url: string, opts: PgBusOptions = {}): Promise<PgBus> {
    const notifier = new pg.Pool({ connectionString: url, max: 2 });
    notifier.on('error', () => undefined);
    const bus = new PgBus(url, notifier, opts);
    await bus.listen();
    return bus;
  }

  /** Listening now (tests, health). */
  get listening(): boolean {
    return this.listener !== undefined;
  }

  publish(): void {
    if (this.closed) return;
    // wake this server at once; the others through the database
    this.wake();
    this.notifier.query(`NOTIFY ${CHANNEL}`).catch(() => undefined);
  }

  subscribe(fn: () => void): void {
    this.subs.push(fn);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const l = this.listener;
    this.listener = undefined;
    await l?.end().catch(() => undefined);
    await this.notifier.end().catch(() => undefined);
  }

  private wake(): void {
    for (const fn of this.subs) fn();
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.url,
      application_name: LISTENER_NAME,
      // a connection that silently died (no reset from the other side) is noticed too
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    client.on('notification', () => this.wake());
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (err) {
      client.removeAllListeners('end');
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
      throw err;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.listener = client;
  }

  private lost(client: pg.Client, err?: Error): void {
    if (this.listener !== client || this.closed) return;
    this.listener = undefined;
    client.on('error', () => undefined);
    client.end().catch(() => undefined);
    this.log?.warn({ err }, 'bus: the listening connection to PostgreSQL was lost; connecting again');
    this.again();
  }

  private again(): void {
    if (this.closed || this.retry) return;
    const wait = this.waitMs;
    this.waitMs = Math.min(this.waitMs * 2, this.retryMaxMs);
    this.retry = setTimeout(async () => {
      this.retry = undefined;
      if (this.closed) return;
      try {
        await this.listen();
      } catch (err) {
        this.log?.warn({ err, nextInMs: this.waitMs }, 'bus: listening again failed');
        this.again();
        return;
      }
      this.waitMs = this.retryMinMs;
      this.log?.info({}, 'bus: listening to PostgreSQL again');
      // what was appended while nobody listened was never signalled here
      this.wake();
    }, wait);
    this.retry.unref();
  }
}
