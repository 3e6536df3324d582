import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../..', import.meta.url));
// in dist/ (ignored by git), so that the fixture finds the project's node_modules and tsconfig
mkdirSync(join(root, 'dist'), { recursive: true });
const dir = mkdtempSync(join(root, 'dist', 'form-types-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEAD = [
  "import { z } from 'zod';",
  "import { schemaFields } from '../../src/web/app/forms/from-schema.ts';",
  'const C = {',
  "  'x.made': z.object({ note: z.string(), unnamed: z.string(), tier: z.enum(['village', 'town']), kind: z.enum(['decision']) }),",
  '};',
  "const of = schemaFields(C, { labels: 'df', options: 'd.tier' });",
];

const FIXTURES = {
  good: [
    ...HEAD,
    "export const a = of('x.made').field('note');",
    "export const b = of('x.made').field('unnamed', { label: 'note' });",
    "export const c = of('x.made').field('tier');",
    "export const d = of('x.made').field('kind', { dict: 'logKinds' });",
  ],
  bad: [
    ...HEAD,
    "export const a = of('x.made').field('unnamed');",
    "export const b = of('x.made').field('note', { label: 'noSuchLabel' });",
    "export const c = of('x.made').field('kind');",
    "export const d = of('x.made').field('tier', { dict: 'logKinds' });",
    "export const e = of('x.made').field('noSuchField');",
  ],
};

/** Type-check the fixtures with the project's settings; the lines of each the compiler reports an error on. */
function check() {
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
    errorLines: (name: keyof typeof FIXTURES) => [
      ...new Set(
        [...output.matchAll(new RegExp(`${name}\\.ts\\((\\d+),\\d+\\): error`, 'g'))].map((m) =>
          Number(m[1]),
        ),
      ),
    ],
  };
}

describe('the typing of a form built from a schema', () => {
  const r = check();

  it('accepts fields whose labels and values the dictionary names', () => {
    expect(r.errorLines('good'), r.output).toEqual([]);
    // the compiler ran and found the fixtures: the others' errors are there
    expect(r.output).toContain('bad.ts');
  });

  it('refuses a field without a label, a label or a value the dictionary lacks, and a field the event has not', () => {
    const at = HEAD.length;
    expect(r.errorLines('bad')).toEqual([at + 1, at + 2, at + 3, at + 4, at + 5]);
  });
});
