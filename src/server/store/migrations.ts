import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import {
  addCommitOrderColumn,
  createAppendOnlyGuards,
  type Engine,
  keyedTableEnd,
  positionType,
} from './dialect.ts';

/** One migration set for both engines; dialect differences come from dialect.ts. */
export function migrations(engine: Engine): Record<string, Migration> {
  return {
    '0001_event_log': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('events')
          .addColumn('position', positionType(engine), (c) =>
            engine === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
          )
          .addColumn('id', 'text', (c) => c.notNull())
          .addColumn('case_id', 'text', (c) => c.notNull())
          .addColumn('seq', 'integer', (c) => c.notNull().check(sql`seq > 0`))
          .addColumn('type', 'text', (c) => c.notNull())
          .addColumn('data', 'text', (c) => c.notNull())
          .addColumn('actor_id', 'text', (c) => c.notNull())
          .addColumn('actor_role', 'text', (c) => c.notNull())
          .addColumn('occurred_at', 'text', (c) => c.notNull())
          .addColumn('recorded_at', 'text', (c) => c.notNull())
          .addColumn('prev_hash', 'text', (c) => c.notNull())
          .addColumn('hash', 'text', (c) => c.notNull())
          .addUniqueConstraint('events_id_key', ['id'])
          .addUniqueConstraint('events_case_seq_key', ['case_id', 'seq'])
          .execute();
        await addCommitOrderColumn(db, engine);
        await createAppendOnlyGuards(db, engine);

        await db.schema
          .createTable('case_heads')
          .addColumn('case_id', 'text', (c) => c.primaryKey())
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('hash', 'text', (c) => c.notNull())
          .addColumn('mac', 'text', (c) => c.notNull())
          .modifyEnd(keyedTableEnd(engine))
          .execute();

        await db.schema
          .createTable('case_summary')
          .addColumn('case_id', 'text', (c) => c.primaryKey())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('opened_at', 'text', (c) => c.notNull())
          .addColumn('last_occurred_at', 'text', (c) => c.notNull())
          .addColumn('last_recorded_at', 'text', (c) => c.notNull())
          .addColumn('last_type', 'text', (c) => c.notNull())
          .addColumn('event_count', 'integer', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('case_summary_recent')
          .on('case_summary')
          .column('last_recorded_at')
          .execute();
      },
    },
  };
}

export async function migrateToLatest(db: Kysely<unknown>, engine: Engine): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(engine) };
  const migrator = new Migrator({ db, provider, migrationTableName: 'huajie_migrations' });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
}
