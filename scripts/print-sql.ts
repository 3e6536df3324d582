// Writes src/server/queries/<feature>.sql: the SQL of every *.queries.ts, as SQLite and
// PostgreSQL are sent it, for review. printed-sql.test.ts fails when a file is stale.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRINTED_DIR, printAll, printedOnDisk, ROOT, stale } from '../src/server/queries/printer.ts';

const now = await printAll();
const changed = stale(now, printedOnDisk());
mkdirSync(join(ROOT, PRINTED_DIR), { recursive: true });
for (const path of changed) {
  const text = now.get(path);
  if (text === undefined) {
    rmSync(join(ROOT, path));
    console.log(`removed ${path} (no queries file prints it)`);
  } else {
    writeFileSync(join(ROOT, path), text);
    console.log(`wrote ${path}`);
  }
}
console.log(
  changed.length === 0
    ? `${now.size} printed files, all current`
    : `${changed.length} of ${now.size} printed files changed: review them (git diff ${PRINTED_DIR})`,
);
