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

export class PgBus implements Bus {
  private readonly subs: (() => void)[] = [];
  private closed = false;

  private constructor(
    private readonly listener: pg.Client,
    private readonly notifier: pg.Pool,
  ) {}

  static async start(url: string): Promise<PgBus> {
    const listener = new pg.Client({ connectionString: url });
    const notifier = new pg.Pool({ connectionString: url, max: 2 });
    notifier.on('error', () => undefined);
    await listener.connect();
    const bus = new PgBus(listener, notifier);
    listener.on('notification', () => {
      for (const fn of bus.subs) fn();
    });
    listener.on('error', () => undefined);
    await listener.query(`LISTEN ${CHANNEL}`);
    return bus;
  }

  publish(): void {
    if (this.closed) return;
    // wake this server at once; the others through the database
    for (const fn of this.subs) fn();
    this.notifier.query(`NOTIFY ${CHANNEL}`).catch(() => undefined);
  }

  subscribe(fn: () => void): void {
    this.subs.push(fn);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.listener.end().catch(() => undefined);
    await this.notifier.end().catch(() => undefined);
  }
}
