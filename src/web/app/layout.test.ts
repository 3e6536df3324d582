import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const WEB = 'src/web';
/** The folders the web application is made of: one per feature, and the shell. */
const FEATURES = [
  'app',
  'audit',
  'board',
  'disputes',
  'drills',
  'figures',
  'findings',
  'incident',
  'notices',
  'plans',
  'roster',
  'session',
];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

describe('the web application’s layout', () => {
  it('keeps every file under 300 lines, in a feature’s folder', () => {
    const long = files(WEB)
      .filter((f) => /\.(ts|tsx)$/.test(f))
      .map((f) => [f, readFileSync(f, 'utf8').split('\n').length - 1] as const)
      .filter(([, n]) => n > 300);
    expect(long).toEqual([]);
    const loose = readdirSync(WEB).filter((f) => !statSync(join(WEB, f)).isDirectory() && f !== 'index.html');
    expect(loose).toEqual([]);
    expect(
      readdirSync(WEB)
        .filter((f) => statSync(join(WEB, f)).isDirectory())
        .sort(),
    ).toEqual(FEATURES);
  });
});
