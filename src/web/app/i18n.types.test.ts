import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
// in dist/ (ignored by git), so that the fixture finds the project's node_modules and tsconfig
mkdirSync(join(root, 'dist'), { recursive: true });
const dir = mkdtempSync(join(root, 'dist', 'i18n-types-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FIXTURES = {
  known: [
    "import i18n from 'i18next';",
    "export const a: string = i18n.t('app.name');",
    "export const b: string = i18n.t('board.dueIn', { d: '5 min' });",
  ],
  missing: [
    "import i18n from 'i18next';",
    "export const a: string = i18n.t('app.name');",
    "export const b: string = i18n.t('no.such.key');",
    "export const c: string = i18n.t('app.nosuchkey', { defaultValue: 'x' });",
  ],
  english: [
    "import { type Dictionary, zh } from '../../src/web/app/strings.ts';",
    "import type { Strings } from '../../src/web/app/strings.types.ts';",
    'export const whole: Strings<Dictionary> = zh;',
    "export const short: Strings<Dictionary> = { ...zh, app: { name: 'Huajie' } };",
  ],
};

/**
 * Type-check the fixtures with the project's settings and the dictionary's typing (one run of
 * the compiler); the lines of each fixture the compiler reports an error on.
 */
function check(): { output: string; errorLines: (name: keyof typeof FIXTURES) => number[] } {
  for (const [name, lines] of Object.entries(FIXTURES))
    writeFileSync(join(dir, `${name}.ts`), lines.join('\n'));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: '../../tsconfig.json',
      compilerOptions: { noEmit: true },
      files: [...Object.keys(FIXTURES).map((n) => `${n}.ts`), '../../src/web/app/i18next.d.ts'],
    }),
  );
  const r = spawnSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')],
    { encoding: 'utf8', cwd: root },
  );
  const output = `${r.stdout}${r.stderr}`;
  return {
    output,
    errorLines: (name) => [
      ...new Set(
        [...output.matchAll(new RegExp(`${name}\\.ts\\((\\d+),\\d+\\): error`, 'g'))].map((m) =>
          Number(m[1]),
        ),
      ),
    ],
  };
}

describe('the typing of the strings', () => {
  const r = check();

  it('accepts the keys the dictionary has', () => {
    expect(r.errorLines('known')).toEqual([]);
    // the compiler ran and found the fixtures: the others' errors are there
    expect(r.output).toContain('missing.ts');
  });

  it('refuses a key the dictionary does not have, even with a default value', () => {
    expect(r.errorLines('missing')).toEqual([3, 4]);
  });

  it('refuses an English dictionary that leaves out a key of the Chinese', () => {
    expect(r.errorLines('english')).toEqual([4]);
  });
});
