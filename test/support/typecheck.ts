import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Type-check fixture files with the project's settings and the dictionary's typing, in one run of
 * the compiler: what it printed, and the lines of each fixture it reports an error on. The files
 * go into a directory under dist/ (ignored by git), so that they find the project's node_modules
 * and tsconfig; `drop` removes it.
 */
export function typeCheck<F extends Record<string, readonly string[]>>(prefix: string, fixtures: F) {
  mkdirSync(join(root, 'dist'), { recursive: true });
  const dir = mkdtempSync(join(root, 'dist', `${prefix}-`));
  for (const [name, lines] of Object.entries(fixtures))
    writeFileSync(join(dir, `${name}.ts`), lines.join('\n'));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: '../../tsconfig.json',
      compilerOptions: { noEmit: true },
      files: [...Object.keys(fixtures).map((n) => `${n}.ts`), '../../src/web/app/i18next.d.ts'],
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
    errorLines: (name: keyof F & string) => [
      ...new Set(
        [...output.matchAll(new RegExp(`${name}\\.ts\\((\\d+),\\d+\\): error`, 'g'))].map((m) =>
          Number(m[1]),
        ),
      ),
    ],
    drop: () => rmSync(dir, { recursive: true, force: true }),
  };
}
