// How much JavaScript each screen of the built web application loads: the first screen (the
// entry and what it imports), then what each screen adds on top of it. Read from Vite's
// manifest of dist/web; gzip at the default level, as a server or proxy would send it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { ensureWebBuilt } from './build-web.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist/web');
ensureWebBuilt();
const manifestFile = join(dist, '.vite/manifest.json');
if (!existsSync(manifestFile)) throw new Error(`no ${manifestFile}: build with manifest: true`);
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));

/** A chunk's file and every chunk it imports statically, transitively. */
function closure(key, into = new Set()) {
  const c = manifest[key];
  if (!c || into.has(c.file)) return into;
  into.add(c.file);
  for (const i of c.imports ?? []) closure(i, into);
  return into;
}

function weigh(files) {
  let raw = 0;
  let gz = 0;
  for (const f of files) {
    const buf = readFileSync(join(dist, f));
    raw += buf.length;
    gz += gzipSync(buf).length;
  }
  return { files: files.size ?? files.length, raw, gz };
}

const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
const entry = Object.keys(manifest).find((k) => manifest[k].isEntry);
const first = closure(entry);
const rows = [['first screen (login, then the shell)', weigh(first)]];
const screens = Object.keys(manifest)
  .filter((k) => manifest[k].isDynamicEntry)
  .sort();
for (const k of screens) {
  const extra = new Set([...closure(k)].filter((f) => !first.has(f)));
  rows.push([`+ ${k.replace(/^[a-z-]+\//, '').replace(/\.tsx$/, '')}`, weigh(extra)]);
}

const json = process.argv.includes('--json');
if (json) {
  console.log(JSON.stringify(Object.fromEntries(rows), null, 2));
} else {
  console.log('| what loads | files | JS | gzip |\n|---|---|---|---|');
  for (const [name, w] of rows) console.log(`| ${name} | ${w.files} | ${kb(w.raw)} | ${kb(w.gz)} |`);
}
