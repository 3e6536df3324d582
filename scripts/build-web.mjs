// Build the web application into dist/web when its sources are newer than the build.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'dist/web/index.html');

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Build unless dist/web is newer than src/web, src/core and the build's own config. */
export function ensureWebBuilt({ force = false } = {}) {
  const sources = Math.max(
    newest(join(root, 'src/web')),
    newest(join(root, 'src/core')),
    statSync(join(root, 'vite.web.config.ts')).mtimeMs,
    statSync(join(root, 'package-lock.json')).mtimeMs,
  );
  if (!force && existsSync(out) && statSync(out).mtimeMs >= sources) return false;
  const r = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'vite.web.config.ts',
      '--logLevel',
      'warn',
    ],
    {
      cwd: root,
      stdio: 'inherit',
      // always the production build, even when started by the test runner (NODE_ENV=test)
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
  if (r.status !== 0) throw new Error('the web application did not build (see above)');
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensureWebBuilt({ force: process.argv.includes('--force') });
}
