/**
 * Check 6: 100 writers on 100 cases — POST /api/incidents/:caseId/events/log.entry from 100
 * concurrent connections, each on its own incident — against a Fastify route that makes the
 * same request durable in the plainest way: one group-committed INSERT of its body.
 *   - SQLite: better-sqlite3, WAL, synchronous=FULL; the requests that arrive within one turn
 *     of the event loop are inserted in one transaction (flushed on setImmediate), each
 *     answered after its commit;
 *   - PostgreSQL: a pg pool of 10 (Huajie's), the requests waiting at a flush sent as one
 *     multi-row INSERT (one transaction), at most one flush per pooled connection at once.
 * The bare Fastify route (no database) is measured too, for the record.
 */
import Database from 'better-sqlite3';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { bareFastify, CONNECTIONS, type CommandRun, loadFastify, measure, progress } from './commands.ts';
import { type Child, fmtInt, fmtMs, say } from './common.ts';
import { type Db, type EngineEnv, reportIncidents, withOfficerServer } from './huajie.ts';

/** Huajie's own PostgreSQL pool size (createPool's default) */
const PG_POOL = 10;

export interface SpreadResult {
  engine: string;
  durable: CommandRun;
  durableAfter: CommandRun;
  /** mean of the two durable-insert runs, what the ratio is against */
  durableRps: number;
  /** rows per INSERT transaction of the durable route, on average */
  durableBatch: number;
  bare: CommandRun;
  huajie: CommandRun;
  /** Huajie / durable insert route */
  ratioPct: number;
  /** Huajie / bare route */
  bareRatioPct: number;
}

type Row = [id: string, caseId: string, type: string, data: string, recordedAt: string];

/** A durable insert of rows, grouped: `add` resolves once its row is committed. */
interface GroupInsert {
  add(row: Row): Promise<void>;
  /** rows and transactions so far */
  rows: number;
  flushes: number;
  close(): Promise<void>;
}

const TABLE = `CREATE TABLE entries (
  id text PRIMARY KEY,
  case_id text NOT NULL,
  type text NOT NULL,
  data text NOT NULL,
  recorded_at text NOT NULL
)`;

interface Waiting {
  row: Row;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/** better-sqlite3, WAL, synchronous=FULL: what arrived in one turn goes in one transaction. */
function sqliteGroupInsert(path: string): GroupInsert {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(TABLE);
  const insert = db.prepare<Row>(
    'INSERT INTO entries (id, case_id, type, data, recorded_at) VALUES (?, ?, ?, ?, ?)',
  );
  let queue: Waiting[] = [];
  let scheduled = false;
  const g: GroupInsert = {
    rows: 0,
    flushes: 0,
    add: (row) =>
      new Promise<void>((resolve, reject) => {
        queue.push({ row, resolve, reject });
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      }),
    close: async () => {
      db.close();
    },
  };
  const flush = (): void => {
    scheduled = false;
    const batch = queue;
    queue = [];
    try {
      db.exec('BEGIN IMMEDIATE');
      for (const w of batch) insert.run(...w.row);
      db.exec('COMMIT');
    } catch (e) {
      if (db.inTransaction) db.exec('ROLLBACK');
      for (const w of batch) w.reject(e);
      return;
    }
    g.rows += batch.length;
    g.flushes += 1;
    for (const w of batch) w.resolve();
  };
  return g;
}

/** pg: the rows waiting at a flush in one multi-row INSERT, one flush per pooled connection. */
async function pgGroupInsert(url: string): Promise<GroupInsert> {
  const pool = new pg.Pool({ connectionString: url, max: PG_POOL });
  // a connection cut by DROP DATABASE … WITH (FORCE) on Ctrl-C must not end the process
  pool.on('error', () => undefined);
  await pool.query(TABLE);
  let queue: Waiting[] = [];
  let scheduled = false;
  let inFlight = 0;
  const schedule = (): void => {
    if (scheduled || queue.length === 0 || inFlight >= PG_POOL) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      void flush();
    });
  };
  const g: GroupInsert = {
    rows: 0,
    flushes: 0,
    add: (row) =>
      new Promise<void>((resolve, reject) => {
        queue.push({ row, resolve, reject });
        schedule();
      }),
    close: () => pool.end(),
  };
  const flush = async (): Promise<void> => {
    if (inFlight >= PG_POOL || queue.length === 0) return;
    const batch = queue;
    queue = [];
    inFlight += 1;
    try {
      const values = batch.map(
        (_, i) => `($${5 * i + 1}, $${5 * i + 2}, $${5 * i + 3}, $${5 * i + 4}, $${5 * i + 5})`,
      );
      await pool.query(
        `INSERT INTO entries (id, case_id, type, data, recorded_at) VALUES ${values.join(', ')}`,
        batch.flatMap((w) => w.row),
      );
      g.rows += batch.length;
      g.flushes += 1;
      for (const w of batch) w.resolve();
    } catch (e) {
      for (const w of batch) w.reject(e);
    } finally {
      inFlight -= 1;
      schedule();
    }
  };
  return g;
}

/** The durable-insert baseline: Fastify parses the JSON body, its row is committed, 201. */
async function durableRoute(
  env: EngineEnv,
  load: Child,
  headers: Record<string, string>,
  when: 'before' | 'after',
): Promise<{ run: CommandRun; batch: number }> {
  const db: Db = await env.newDb(`spread_${when}`);
  try {
    const g = db.engine === 'sqlite' ? sqliteGroupInsert(db.path ?? '') : await pgGroupInsert(db.dbUrl);
    try {
      const app: FastifyInstance = Fastify({ logger: false });
      app.post<{ Params: { caseId: string; type: string }; Body: { id: string; data: unknown } }>(
        '/api/incidents/:caseId/events/:type',
        async (req, reply) => {
          await g.add([
            req.body.id,
            req.params.caseId,
            req.params.type,
            JSON.stringify(req.body.data),
            new Date().toISOString(),
          ]);
          return reply.status(201).send({ ok: true });
        },
      );
      const run = await loadFastify(app, load, headers, `durable INSERT route, group commit (${when})`);
      return { run, batch: g.flushes > 0 ? g.rows / g.flushes : Number.NaN };
    } finally {
      await g.close();
    }
  } finally {
    await db.drop();
  }
}

export function benchSpread(env: EngineEnv, load: Child): Promise<SpreadResult> {
  return withOfficerServer(env, 'spread', async (server, session) => {
    const before = await durableRoute(env, load, session.headers, 'before');
    progress(`${env.label}, durable INSERT route, ${CONNECTIONS} connections`, before.run);
    say(`    (${before.batch.toFixed(1)} rows per transaction)`);

    const cases = await reportIncidents(server.url, session, CONNECTIONS);
    const paths = cases.map((c) => `/api/incidents/${c}/events/log.entry`);
    const h = await measure(server.store.db, load, server.url, paths, session, cases);
    const huajie: CommandRun = { ...h, label: `Huajie log.entry, ${cases.length} cases (1 per connection)` };
    huajie.cases = cases.length;
    progress(`${env.label}, Huajie, ${CONNECTIONS} connections on ${cases.length} cases`, huajie);

    // measured again afterwards: the ratio is against the mean of both (this machine is noisy)
    const after = await durableRoute(env, load, session.headers, 'after');
    progress(`${env.label}, durable INSERT route again`, after.run);
    say(`    (${after.batch.toFixed(1)} rows per transaction)`);
    const bare = await bareFastify(load, session.headers, '');
    progress(`${env.label}, bare Fastify route`, bare);

    const durableRps = (before.run.rps + after.run.rps) / 2;
    const durableBatch = (before.batch + after.batch) / 2;
    const r: SpreadResult = {
      engine: env.label,
      durable: before.run,
      durableAfter: after.run,
      durableRps,
      durableBatch,
      bare,
      huajie,
      ratioPct: (100 * huajie.rps) / durableRps,
      bareRatioPct: (100 * huajie.rps) / bare.rps,
    };
    say(
      `  ${env.label}: Huajie ${fmtInt(huajie.rps)} req/s (p99 ${fmtMs(huajie.latency.p99)} ms) = ` +
        `${r.ratioPct.toFixed(1)}% of the durable route, ${r.bareRatioPct.toFixed(1)}% of the bare one`,
    );
    return r;
  });
}
