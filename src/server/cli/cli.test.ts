import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ev } from '../../../test/support/events.ts';
import { storeFixture } from '../../../test/support/stores.ts';

const huajie = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, ['bin/huajie.mjs', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });

describe('huajie CLI', () => {
  it('lists its subcommands in --help', () => {
    const r = huajie(['--help']);
    expect(r.status).toBe(0);
    for (const cmd of ['serve', 'audit', 'rebuild'])
      expect(r.stdout).toMatch(new RegExp(`^\\s+${cmd}\\b`, 'm'));
    expect(huajie(['audit', '--help']).stdout).toMatch(/^\s+verify\b/m);
  });

  it('rejects a bad --db with a message, not a stack trace', () => {
    const r = huajie(['rebuild', '--db', 'mysql://x', '--data', '/tmp/huajie-cli-bad']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--db must be sqlite:PATH or postgres://');
    expect(r.stderr).not.toContain('    at ');
  });

  it('rebuilds the read models from the log', async () => {
    const { db, store, openStore } = await storeFixture('sqlite');
    await store.append('incident-1', 0, [ev('incident.reported'), ev()]);
    await store.close();
    const r = huajie(['rebuild', '--db', db.url, '--data', db.dataDir], { HUAJIE_HEAD_KEY: db.keyHex });
    expect(r.stderr).toBe('');
    // every read model, in the registry's order: the escalations after the projections of every
    // kind, then the findings (which read the plans)
    expect(r.stdout).toMatch(
      /rebuilt case-summary, incidents, case-items, sitreps, disputes, screening, escalations, findings from 2 events/,
    );
    const again = await openStore();
    const rows = await again.db.selectFrom('case_summary').selectAll().execute();
    expect(rows).toMatchObject([{ case_id: 'incident-1', kind: 'incident', event_count: 2 }]);
  });
});
