import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDb, pgInfo, type TestDb } from '../../../test/support/stores.ts';
import { CHANNEL, PgBus } from './bus.ts';

describe.skipIf(!pgInfo().available)('the PostgreSQL bus', () => {
  let db: TestDb;
  let bus: PgBus | undefined;
  let other: pg.Client;

  beforeEach(async () => {
    db = await freshDb('postgres');
    other = new pg.Client({ connectionString: db.url });
    await other.connect();
  });
  afterEach(async () => {
    await bus?.close();
    bus = undefined;
    await other.end();
    await db.drop();
  });

  /** The backends of this database listening on the channel (the last thing they ran). */
  const listeners = async () =>
    (
      await other.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = $1`,
        [`LISTEN ${CHANNEL}`],
      )
    ).rows.map((r) => r.pid);

  it('listens again after its connection is ended, and a NOTIFY from another connection wakes it', async () => {
    bus = await PgBus.start(db.url);
    let woken = 0;
    bus.subscribe(() => {
      woken += 1;
    });
    await other.query(`NOTIFY ${CHANNEL}`);
    await expect.poll(() => woken).toBe(1);

    const [pid] = await listeners();
    expect(pid).toBeDefined();
    await other.query('SELECT pg_terminate_backend($1)', [pid]);
    // a new listening connection, soon (the first retry waits 100 ms)
    await expect
      .poll(async () => (await listeners()).filter((p) => p !== pid), { timeout: 3000 })
      .toHaveLength(1);
    // coming back, it wakes the subscribers once: what was appended meanwhile was never signalled
    await expect.poll(() => woken).toBe(2);
    await other.query(`NOTIFY ${CHANNEL}`);
    await expect.poll(() => woken, { timeout: 1000 }).toBe(3);
  });

  it('keeps trying while the database refuses it, then listens again', async () => {
    const failed: string[] = [];
    bus = await PgBus.start(db.url, {
      retryMinMs: 50,
      retryMaxMs: 200,
      log: { info: () => undefined, warn: (_o, msg) => failed.push(msg) },
    });
    let woken = 0;
    bus.subscribe(() => {
      woken += 1;
    });
    // nobody may connect for a while: every attempt to listen again fails
    const name = new URL(db.url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: pgInfo().url });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      const [pid] = await listeners();
      await other.query('SELECT pg_terminate_backend($1)', [pid]);
      await expect.poll(() => bus?.listening).toBe(false);
      await expect
        .poll(() => failed.filter((m) => m === 'bus: listening again failed').length, { timeout: 3000 })
        .toBeGreaterThanOrEqual(2);
      expect(await listeners()).toHaveLength(0);
    } finally {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    await expect.poll(async () => (await listeners()).length, { timeout: 3000 }).toBe(1);
    const before = woken;
    await other.query(`NOTIFY ${CHANNEL}`);
    await expect.poll(() => woken).toBeGreaterThan(before);
  });
});
