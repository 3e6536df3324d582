import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Clock } from '../../core/clock.ts';
import type { EventStore } from './event-store.ts';
import { HEAD_KEY_FILE, type HeadKey, loadHeadKey } from './head-key.ts';
import { PostgresEventStore } from './postgres.store.ts';
import { SqliteEventStore } from './sqlite.store.ts';

export interface StoreConfig {
  /** `sqlite:PATH` or `postgres://…` */
  dbUrl: string;
  dataDir: string;
}

/** Flags win over the environment; the default is SQLite in the data directory. */
export function resolveConfig(
  flags: { db?: string; data?: string },
  env: NodeJS.ProcessEnv = process.env,
): StoreConfig {
  const dataDir = resolve(flags.data ?? env.HUAJIE_DATA ?? './data');
  const dbUrl = flags.db ?? env.HUAJIE_DB ?? `sqlite:${resolve(dataDir, 'huajie.db')}`;
  return { dbUrl, dataDir };
}

export function describeDb(url: string): string {
  return url.startsWith('sqlite:') ? url : url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

export async function openStoreWithKey(dbUrl: string, key: HeadKey, clock: Clock): Promise<EventStore> {
  if (dbUrl.startsWith('sqlite:')) {
    return SqliteEventStore.open({ path: dbUrl.slice('sqlite:'.length), clock, key });
  }
  if (/^postgres(ql)?:\/\//.test(dbUrl)) return PostgresEventStore.open({ url: dbUrl, clock, key });
  throw new Error(`--db must be sqlite:PATH or postgres://…, not "${dbUrl}"`);
}

/**
 * Open the configured store. A missing head key is created only for a database that has
 * no signed heads yet; for one that has, starting would make every case look tampered.
 */
export async function openStore(
  cfg: StoreConfig,
  opts: { clock: Clock; env?: NodeJS.ProcessEnv },
): Promise<{ store: EventStore; key: HeadKey }> {
  const { key, created } = loadHeadKey({ dataDir: cfg.dataDir, env: opts.env, create: true });
  const store = await openStoreWithKey(cfg.dbUrl, key, opts.clock);
  if (created) {
    const any = await store.db.selectFrom('case_heads').select('case_id').limit(1).executeTakeFirst();
    if (any) {
      await store.close();
      rmSync(resolve(cfg.dataDir, HEAD_KEY_FILE));
      throw new Error(
        `the database ${describeDb(cfg.dbUrl)} has signed cases but its head key is missing: ` +
          `restore ${resolve(cfg.dataDir, HEAD_KEY_FILE)} or set HUAJIE_HEAD_KEY`,
      );
    }
  }
  return { store, key };
}
