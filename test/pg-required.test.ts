import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** With no PostgreSQL server: skipped with the reason, or — when required — a failure. */
describe('PostgreSQL availability in the test run', () => {
  const run = (env: Record<string, string>) =>
    spawnSync(
      process.execPath,
      ['node_modules/vitest/vitest.mjs', 'run', 'src/server/projections/rebuild.test.ts'],
      {
        encoding: 'utf8',
        // port 9 on loopback: nothing listens there
        env: { ...process.env, HUAJIE_TEST_PG: 'postgres://postgres@127.0.0.1:9/postgres', ...env },
        timeout: 120_000,
      },
    );

  it('skips the PostgreSQL tests and says why when no server answers', () => {
    const r = run({ HUAJIE_REQUIRE_PG: '' });
    const out = r.stdout + r.stderr;
    expect(out).toContain(
      'PostgreSQL tests SKIPPED: no PostgreSQL answers at postgres://postgres@127.0.0.1:9/postgres',
    );
    expect(out).toMatch(/1 passed, 0 failed, 1 skipped/);
    expect(r.status).toBe(0);
  });

  it('fails the run when HUAJIE_REQUIRE_PG=1', () => {
    const r = run({ HUAJIE_REQUIRE_PG: '1' });
    expect(r.stdout + r.stderr).toContain('HUAJIE_REQUIRE_PG=1 but no PostgreSQL answers');
    expect(r.status).not.toBe(0);
  });
});
