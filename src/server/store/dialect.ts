import { type Kysely, sql } from 'kysely';

/**
 * Everything that differs between SQLite and PostgreSQL lives here, and only here.
 */
export type Engine = 'sqlite' | 'postgres';

/** Column type of the global, auto-incrementing position. */
export function positionType(engine: Engine) {
  return engine === 'sqlite' ? 'integer' : 'bigserial';
}

/** SQLite keeps a table keyed by text in one b-tree instead of two. */
export function keyedTableEnd(engine: Engine) {
  return engine === 'sqlite' ? sql`WITHOUT ROWID` : sql``;
}

/** The database itself refuses to change or remove a stored event. */
export async function createAppendOnlyGuards(db: Kysely<unknown>, engine: Engine): Promise<void> {
  if (engine === 'sqlite') {
    for (const op of ['UPDATE', 'DELETE']) {
      await sql
        .raw(
          `CREATE TRIGGER events_no_${op.toLowerCase()} BEFORE ${op} ON events
           BEGIN SELECT RAISE(ABORT, 'events are append-only: ${op} refused'); END`,
        )
        .execute(db);
    }
    return;
  }
  await sql`
    CREATE FUNCTION huajie_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'events are append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db);
  await sql`CREATE TRIGGER events_no_update_delete BEFORE UPDATE OR DELETE ON events
            FOR EACH ROW EXECUTE FUNCTION huajie_events_append_only()`.execute(db);
  await sql`CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
            FOR EACH STATEMENT EXECUTE FUNCTION huajie_events_append_only()`.execute(db);
}

/**
 * Triggers that add one to `epochTable`'s single row for every row any of these statements
 * changes (per row on both engines: a statement that changes nothing moves nothing).
 */
export async function createEpochTriggers(
  db: Kysely<unknown>,
  engine: Engine,
  epochTable: string,
  on: [table: string, op: 'INSERT' | 'UPDATE' | 'DELETE'][],
): Promise<void> {
  if (engine === 'postgres') {
    await sql
      .raw(`CREATE FUNCTION huajie_bump_${epochTable}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN UPDATE ${epochTable} SET n = n + 1 WHERE id = 1; RETURN NULL; END $$`)
      .execute(db);
  }
  for (const [table, op] of on) {
    const name = `${table}_${op.toLowerCase()}_bumps_${epochTable}`;
    await sql
      .raw(
        engine === 'sqlite'
          ? `CREATE TRIGGER ${name} AFTER ${op} ON ${table}
             BEGIN UPDATE ${epochTable} SET n = n + 1 WHERE id = 1; END`
          : `CREATE TRIGGER ${name} AFTER ${op} ON ${table}
             FOR EACH ROW EXECUTE FUNCTION huajie_bump_${epochTable}()`,
      )
      .execute(db);
  }
}

/** The database refuses to change or remove rows of an append-only side table (access logs). */
export async function createAppendOnlyTableGuards(
  db: Kysely<unknown>,
  engine: Engine,
  table: string,
): Promise<void> {
  if (engine === 'sqlite') {
    for (const op of ['UPDATE', 'DELETE']) {
      await sql
        .raw(
          `CREATE TRIGGER ${table}_no_${op.toLowerCase()} BEFORE ${op} ON ${table}
           BEGIN SELECT RAISE(ABORT, '${table} is append-only: ${op} refused'); END`,
        )
        .execute(db);
    }
    return;
  }
  await sql`
    CREATE OR REPLACE FUNCTION huajie_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db);
  await sql
    .raw(`CREATE TRIGGER ${table}_no_update_delete BEFORE UPDATE OR DELETE ON ${table}
          FOR EACH ROW EXECUTE FUNCTION huajie_append_only()`)
    .execute(db);
  await sql
    .raw(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
          FOR EACH STATEMENT EXECUTE FUNCTION huajie_append_only()`)
    .execute(db);
}

/** Lift the guards of createAppendOnlyTableGuards, for a migration that must rewrite rows. */
export async function dropAppendOnlyTableGuards(
  db: Kysely<unknown>,
  engine: Engine,
  table: string,
): Promise<void> {
  const triggers =
    engine === 'sqlite'
      ? [`${table}_no_update`, `${table}_no_delete`].map((t) => `DROP TRIGGER IF EXISTS ${t}`)
      : [`${table}_no_update_delete`, `${table}_no_truncate`].map(
          (t) => `DROP TRIGGER IF EXISTS ${t} ON ${table}`,
        );
  for (const t of triggers) await sql.raw(t).execute(db);
}

/**
 * PostgreSQL hands out positions before commit, so a reader that only follows positions
 * could pass over an event whose transaction commits late. Each event also records its
 * transaction id; readers take events in (tx_id, position) order and only from
 * transactions older than every one still running (see readAllSql).
 */
export async function addCommitOrderColumn(db: Kysely<unknown>, engine: Engine): Promise<void> {
  if (engine !== 'postgres') return;
  await sql`ALTER TABLE events ADD COLUMN tx_id bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint)`.execute(
    db,
  );
  await sql`CREATE INDEX events_commit_order ON events (tx_id, position)`.execute(db);
}

/** Rows after the event at `fromPosition`, in an order no later commit can slip into. */
export function readAllSql(engine: Engine, fromPosition: number, limit: number) {
  if (engine === 'sqlite') {
    return sql`SELECT * FROM events WHERE position > ${fromPosition} ORDER BY position LIMIT ${limit}`;
  }
  const after =
    fromPosition > 0
      ? sql`AND (e.tx_id, e.position) > (SELECT tx_id, position FROM events WHERE position = ${fromPosition})`
      : sql``;
  return sql`SELECT e.* FROM events e
             WHERE e.tx_id < pg_snapshot_xmin(pg_current_snapshot())::text::bigint ${after}
             ORDER BY e.tx_id, e.position LIMIT ${limit}`;
}

/** Taken by maintenance work (rebuild) so no append interleaves with it. */
export async function lockEventsForMaintenance<T>(db: Kysely<T>, engine: Engine): Promise<void> {
  if (engine === 'postgres') await sql`LOCK TABLE events IN SHARE MODE`.execute(db);
}

/** A uniqueness violation, and which constraint, in either engine's error shape. */
export function uniqueViolation(err: unknown): 'event_id' | 'case_seq' | 'other' | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as { code?: string; constraint?: string; message?: string };
  if (e.code === '23505') {
    if (e.constraint === 'events_id_key') return 'event_id';
    if (e.constraint === 'events_case_seq_key') return 'case_seq';
    return 'other';
  }
  if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    if (e.message?.includes('events.id')) return 'event_id';
    if (e.message?.includes('events.case_id, events.seq')) return 'case_seq';
    return 'other';
  }
  return null;
}

/**
 * Why the database cannot take the request now — the disk is full, it is read-only, it cannot
 * be reached or was shut down — or null for any other error. These are the server's condition,
 * not the request's fault: they answer 503, and the request may be sent again.
 */
export function storageUnavailable(err: unknown): string | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  if (code === 'SQLITE_FULL' || code === '53100') return 'the disk of the database is full';
  if (code.startsWith('SQLITE_READONLY')) return 'the database is read-only';
  if (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_NOTADB')
    return 'the database file cannot be read or written';
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_NOMEM' || code.startsWith('53'))
    return 'the database is out of resources';
  // PostgreSQL: connection exceptions, shut down or not yet accepting, the database gone
  if (code.startsWith('08') || code.startsWith('57P') || code === '3D000')
    return 'the database cannot be reached';
  if (
    /not currently accepting connections|the database system is (starting up|shutting down|in recovery mode)/.test(
      message,
    )
  )
    return 'the database cannot be reached';
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND'].includes(code))
    return 'the database cannot be reached';
  if (
    /Connection terminated|timeout exceeded when trying to connect|not queryable|The database connection is not open|Cannot use a pool after calling end/i.test(
      message,
    )
  )
    return 'the database cannot be reached';
  return null;
}

/**
 * Run `fn` only if no other server is working on this case right now (PostgreSQL: a
 * transaction-scoped advisory lock, which takes no row locks, so `fn`'s own writes on other
 * connections never wait on it). SQLite has one writing process: always claimed.
 */
export async function withCaseClaim<T, S>(
  db: Kysely<S>,
  engine: Engine,
  caseId: string,
  fn: () => Promise<T>,
): Promise<T | null> {
  if (engine === 'sqlite') return fn();
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{
      claimed: boolean;
    }>`SELECT pg_try_advisory_xact_lock(hashtextextended(${caseId}, 0)) AS claimed`.execute(trx);
    return rows[0]?.claimed ? fn() : null;
  });
}

/** The newest event a reader of readAll has in front of it now (0: none): where live streams start. */
export async function newestReadablePosition<S>(db: Kysely<S>, engine: Engine): Promise<number> {
  const q =
    engine === 'sqlite'
      ? sql<{ p: number | null }>`SELECT max(position) AS p FROM events`
      : sql<{ p: number | null }>`SELECT position AS p FROM events
          WHERE tx_id < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
          ORDER BY tx_id DESC, position DESC LIMIT 1`;
  const { rows } = await q.execute(db);
  return Number(rows[0]?.p ?? 0);
}
