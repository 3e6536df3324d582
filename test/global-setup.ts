import 'vitest';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { ensureWebBuilt } from '../scripts/build-web.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    pg: { url: string; available: boolean; reason: string };
  }
}

export const DEFAULT_TEST_PG = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * PostgreSQL tests run against HUAJIE_TEST_PG. With no server there they are skipped and
 * the reason printed — unless HUAJIE_REQUIRE_PG=1, when that is a failure.
 */
export default async function setup(project: TestProject) {
  const url = process.env.HUAJIE_TEST_PG ?? DEFAULT_TEST_PG;
  let available = false;
  let reason = '';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    available = true;
  } catch (e) {
    reason = `no PostgreSQL answers at ${url} (${(e as Error).message || String(e)})`;
  } finally {
    await client.end().catch(() => undefined);
  }
  if (!available) {
    if (process.env.HUAJIE_REQUIRE_PG === '1') {
      throw new Error(`HUAJIE_REQUIRE_PG=1 but ${reason}`);
    }
    console.warn(`\n[huajie] PostgreSQL tests SKIPPED: ${reason}. Set HUAJIE_TEST_PG to run them.\n`);
  }
  project.provide('pg', { url, available, reason });
  // the browser tests run against the built web application
  ensureWebBuilt();
}
