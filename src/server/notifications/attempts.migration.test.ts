import Database from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { engines, freshDb, type TestDb } from '../../../test/support/stores.ts';
import { migrateToLatest, migrations } from '../store/migrations.ts';
import type { DB } from '../store/schema.ts';

const MIGRATION = '0009_notification_attempt_errors';

/** What attempts stored before: the answer's first 200 characters in the error. */
const BEFORE: [status: number | null, error: string | null, classified: string | null][] = [
  [503, 'HTTP 503: SECRET busy page of the intranet', 'http_5xx'],
  [404, 'HTTP 404: SECRET not found page', 'http_4xx'],
  [200, 'errcode 93000: SECRET invalid webhook url, from ip 10.0.0.7', 'robot_error'],
  [200, "not the robot's JSON answer: <html>SECRET</html>", 'bad_answer'],
  [null, 'timed out', 'timeout'],
  [null, 'fetch failed (ECONNREFUSED)', 'connect'],
  [null, 'fetch failed (ENOTFOUND)', 'dns'],
  [null, 'fetch failed (CERT_HAS_EXPIRED)', 'tls'],
  [null, 'fetch failed (unexpected redirect)', 'http_3xx'],
  [null, 'fetch failed (other side closed)', 'network'],
  [204, null, null],
];

describe.each(engines())('migration $engine: attempts keep no answer', ({ engine, skip }) => {
  let db: TestDb;
  let k: Kysely<DB>;

  afterEach(async () => {
    if (skip) return;
    await k.destroy();
    await db.drop();
  });

  it(`${MIGRATION} classifies the stored errors and removes every stored answer`, async (ctx) => {
    if (skip) ctx.skip();
    db = await freshDb(engine);
    k = new Kysely<DB>({
      dialect:
        engine === 'sqlite'
          ? new SqliteDialect({ database: new Database(db.url.slice('sqlite:'.length)) })
          : new PostgresDialect({ pool: new pg.Pool({ connectionString: db.url, max: 2 }) }),
    });
    // the database as it was before this migration
    const names = Object.keys(migrations(engine)).sort();
    const previous = names[names.indexOf(MIGRATION) - 1] as string;
    const migrator = new Migrator({
      db: k,
      provider: { getMigrations: async () => migrations(engine) },
      migrationTableName: 'huajie_migrations',
    });
    expect((await migrator.migrateTo(previous)).error).toBeUndefined();

    const at = '2026-05-11T01:00:00.000Z';
    await k
      .insertInto('jurisdictions')
      .values({ code: 't1', name: 't1', level: 'town', parent_code: null, created_at: at } as never)
      .execute();
    await k
      .insertInto('webhooks')
      .values({
        id: 'w1',
        jurisdiction_code: 't1',
        name: 'x',
        url: 'http://10.0.0.7/',
        format: 'json',
        secret: null,
        kinds: '["incident"]',
        enabled: 1,
        created_at: at,
        created_by: 'u1',
      })
      .execute();
    const message = (id: string, lastError: string | null) => ({
      id,
      webhook_id: 'w1',
      kind: 'incident',
      case_id: 'c1',
      source_id: id,
      payload: '{}',
      status: 'pending',
      attempts: BEFORE.length,
      next_attempt_at: at,
      last_error: lastError,
      created_at: at,
      delivered_at: null,
    });
    await k
      .insertInto('notifications')
      .values([message('n1', 'HTTP 503: SECRET busy page of the intranet'), message('n2', null)])
      .execute();
    await k
      .insertInto('notification_attempts')
      .values(
        BEFORE.map(([status, error], i) => ({
          notification_id: 'n1',
          attempt: i + 1,
          at,
          status_code: status,
          error,
          ms: 3,
        })) as never,
      )
      .execute();

    await migrateToLatest(k as Kysely<unknown>, engine);

    const attempts = await k.selectFrom('notification_attempts').selectAll().orderBy('attempt').execute();
    expect(attempts.map((a) => [a.status_code, a.error, a.detail])).toEqual(
      BEFORE.map(([status, , classified]) => [status, classified, null]),
    );
    const notifications = await k.selectFrom('notifications').selectAll().orderBy('id').execute();
    expect(notifications.map((n) => n.last_error)).toEqual(['http_5xx', null]);
    expect(JSON.stringify([attempts, notifications])).not.toContain('SECRET');
    // the attempts are append-only again
    await expect(k.updateTable('notification_attempts').set({ error: 'x' }).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(k.deleteFrom('notification_attempts').execute()).rejects.toThrow(/append-only/);
    expect(await k.selectFrom('notification_attempts').select('attempt').execute()).toHaveLength(
      BEFORE.length,
    );
  });
});
