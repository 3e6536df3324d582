import { globSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import type { Engine } from '../store/dialect.ts';
import type { DB } from '../store/schema.ts';
import type { PrintedQuery } from './printed.ts';

/**
 * The SQL of every queries file, printed for review (`npm run sql`, scripts/print-sql.ts).
 *
 * A queries file (`src/server/<feature>/<feature>.queries.ts`) exports its query functions and
 * one list, `printed` (printed.ts), naming each of them with example arguments. The printer calls each on a
 * database of either engine that is never connected: it compiles every statement the function
 * runs, answers it with the example rows (none, unless the entry gives some), and writes them to
 * `src/server/queries/<feature>.sql`. Those files are committed; printed-sql.test.ts fails when
 * one differs from what the queries print now, or when a query function is missing from its list.
 */

export const ENGINES: readonly Engine[] = ['sqlite', 'postgres'];

/** The repository's root, and where the printed files go. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const PRINTED_DIR = 'src/server/queries';

/**
 * A Kysely of the engine whose driver connects to nothing: it records each compiled statement
 * and answers it with `rows`. The same adapter and compiler as the stores' dialects
 * (sqlite.store.ts, postgres.store.ts: SqliteDialect and PostgresDialect, no plugins).
 */
export function offlineDb(
  engine: Engine,
  rows: Record<string, unknown>[] = [],
): { db: Kysely<DB>; statements: CompiledQuery[] } {
  const statements: CompiledQuery[] = [];
  const connection: DatabaseConnection = {
    async executeQuery<R>(query: CompiledQuery) {
      statements.push(query);
      return { rows: rows.map((r) => ({ ...r })) as R[] };
    },
    // biome-ignore lint/correctness/useYield: nothing to stream from a database that is not there
    async *streamQuery() {
      throw new Error('the printer does not stream');
    },
  };
  const driver: Driver = {
    init: async () => undefined,
    acquireConnection: async () => connection,
    beginTransaction: async () => undefined,
    commitTransaction: async () => undefined,
    rollbackTransaction: async () => undefined,
    releaseConnection: async () => undefined,
    destroy: async () => undefined,
  };
  const dialect: Dialect =
    engine === 'sqlite'
      ? {
          createAdapter: () => new SqliteAdapter(),
          createDriver: () => driver,
          createIntrospector: (db) => new SqliteIntrospector(db),
          createQueryCompiler: () => new SqliteQueryCompiler(),
        }
      : {
          createAdapter: () => new PostgresAdapter(),
          createDriver: () => driver,
          createIntrospector: (db) => new PostgresIntrospector(db),
          createQueryCompiler: () => new PostgresQueryCompiler(),
        };
  return { db: new Kysely<DB>({ dialect }), statements };
}

/** The statements one print runs on an engine, each compiled: its SQL text and parameters. */
export async function statementsOf(entry: PrintedQuery, engine: Engine): Promise<CompiledQuery[]> {
  const { db, statements } = offlineDb(engine, entry.rows);
  try {
    await entry.run(db, engine);
  } catch (e) {
    throw new Error(
      `printing ${entry.name} on ${engine} failed: ${(e as Error).message} (give the entry rows its function can go on with)`,
    );
  }
  if (statements.length === 0) throw new Error(`printing ${entry.name} on ${engine} ran no statement`);
  return statements;
}

/** Clauses that start a line; their body goes on the lines below, indented. */
const CLAUSES = [
  'select distinct',
  'select',
  'from',
  'where',
  'group by',
  'having',
  'order by',
  'limit',
  'offset',
  'insert into',
  'values',
  'on conflict',
  'do update set',
  'update',
  'set',
  'delete from',
  'returning',
  'union all',
  'union',
].map((c) => c.split(' '));
/** Clauses of no body: a line of their own. */
const BARE_CLAUSES = ['do nothing', 'for share', 'for update', 'for no key update', 'for key share'].map(
  (c) => c.split(' '),
);
/** Words that start an indented line of the clause they are in. */
const CONTINUATIONS = ['inner join', 'left join', 'right join', 'full join', 'cross join', 'and', 'or'].map(
  (c) => c.split(' '),
);

const TOKEN = /\s+|"(?:[^"]|"")*"|'(?:[^']|'')*'|[A-Za-z_][A-Za-z0-9_]*|\$\d+|[(),]|[^\s"'(),A-Za-z_]+/g;

/**
 * SQL laid out for reading: each clause of the outer statement on its own line, its body
 * indented below it, one column or condition a line. What is in parentheses stays on one line.
 */
export function formatSql(text: string): string {
  const tokens: { text: string; space: boolean }[] = [];
  let space = false;
  for (const m of text.matchAll(TOKEN)) {
    if (/^\s+$/.test(m[0])) space = true;
    else {
      tokens.push({ text: m[0], space });
      space = false;
    }
  }
  const matchAt = (i: number, words: string[][]) =>
    words.find((w) => w.every((word, k) => tokens[i + k]?.text.toLowerCase() === word));
  let out = '';
  let depth = 0;
  let lineStart = true;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as { text: string; space: boolean };
    if (depth === 0) {
      const clause = matchAt(i, CLAUSES);
      if (clause) {
        const words = tokens.slice(i, i + clause.length).map((w) => w.text);
        out += `${out ? '\n' : ''}${words.join(' ')}\n  `;
        i += clause.length - 1;
        lineStart = true;
        continue;
      }
      const bare = matchAt(i, BARE_CLAUSES);
      if (bare) {
        const words = tokens.slice(i, i + bare.length).map((w) => w.text);
        out = `${out.trimEnd()}\n${words.join(' ')}`;
        i += bare.length - 1;
        lineStart = false;
        continue;
      }
      const more = matchAt(i, CONTINUATIONS);
      if (more && !lineStart) {
        const words = tokens.slice(i, i + more.length).map((w) => w.text);
        out += `\n  ${words.join(' ')}`;
        i += more.length - 1;
        lineStart = false;
        continue;
      }
      if (t.text === ',') {
        out += ',\n  ';
        lineStart = true;
        continue;
      }
    }
    if (t.text === '(') depth++;
    if (t.text === ')') depth--;
    out += (lineStart || !t.space ? '' : ' ') + t.text;
    lineStart = false;
  }
  return out.trimEnd();
}

/** A statement's parameters, as a comment (the example values; what the placeholders stand for). */
function parametersOf(query: CompiledQuery): string[] {
  if (query.parameters.length === 0) return [];
  return [`-- parameters: ${query.parameters.map((v) => JSON.stringify(v)).join(', ')}`];
}

/** Every queries file, relative to the root, in order. */
export function queriesFiles(root = ROOT): string[] {
  return globSync('src/server/**/*.queries.ts', { cwd: root })
    .map((f) => f.split('\\').join('/'))
    .sort();
}

/** Where a queries file's SQL is printed: src/server/queries/<feature>.sql. */
export function printedPath(queriesFile: string): string {
  return `${PRINTED_DIR}/${basename(queriesFile, '.queries.ts')}.sql`;
}

/** A queries file's module: its exports, and its list of prints. */
export async function loadQueries(
  queriesFile: string,
  root = ROOT,
): Promise<{ exports: Record<string, unknown>; printed: PrintedQuery[] }> {
  const exports = (await import(pathToFileURL(join(root, queriesFile)).href)) as Record<string, unknown>;
  const printed = exports.printed;
  if (!Array.isArray(printed))
    throw new Error(
      `${queriesFile} exports no list \`printed\` of its queries (see src/server/queries/printed.ts)`,
    );
  return { exports, printed: printed as PrintedQuery[] };
}

/** The exported functions of a queries file that its list does not print, and prints of no export. */
export function unprinted(
  exports: Record<string, unknown>,
  printed: PrintedQuery[],
): { missing: string[]; unknown: string[] } {
  const functions = Object.entries(exports)
    .filter(([, v]) => typeof v === 'function')
    .map(([k]) => k);
  const names = new Set(printed.map((p) => p.name));
  return {
    missing: functions.filter((f) => !names.has(f)),
    unknown: [...names].filter((n) => !functions.includes(n)),
  };
}

/** The text of a queries file's printed SQL. */
export async function printQueries(queriesFile: string, root = ROOT): Promise<string> {
  const { printed } = await loadQueries(queriesFile, root);
  const parts = [
    `-- Printed by \`npm run sql\` (scripts/print-sql.ts) from ${queriesFile}; do not edit.`,
    '-- Each query function with example arguments, and every statement it sends to SQLite and to',
    '-- PostgreSQL. A change of a query changes this file: review the difference with the change.',
  ];
  for (const entry of printed) {
    const label = entry.variant ? `${entry.name}, ${entry.variant}` : entry.name;
    parts.push('', '', `-- ${label} (${queriesFile})`);
    for (const engine of ENGINES) {
      parts.push('', `-- on ${engine}:`);
      const statements = await statementsOf(entry, engine);
      statements.forEach((q, i) => {
        if (i > 0) parts.push('');
        parts.push(`${formatSql(q.sql)};`, ...parametersOf(q));
      });
    }
  }
  return `${parts.join('\n')}\n`;
}

/** Every printed file as the queries print it now: path (relative to the root) → text. */
export async function printAll(root = ROOT): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const from = new Map<string, string>();
  for (const q of queriesFiles(root)) {
    const out = printedPath(q);
    const other = from.get(out);
    if (other) throw new Error(`${q} and ${other} would both print to ${out}: name one of them otherwise`);
    from.set(out, q);
    files.set(out, await printQueries(q, root));
  }
  return files;
}

/** The printed files in the repository now (path → text). */
export function printedOnDisk(root = ROOT): Map<string, string> {
  return new Map(
    globSync(`${PRINTED_DIR}/*.sql`, { cwd: root })
      .map((f) => f.split('\\').join('/'))
      .sort()
      .map((f) => [f, readFileSync(join(root, f), 'utf8')]),
  );
}

/** The printed files that differ from what the queries print now: changed, missing or left over. */
export function stale(now: Map<string, string>, onDisk: Map<string, string>): string[] {
  const paths = new Set([...now.keys(), ...onDisk.keys()]);
  return [...paths].filter((p) => now.get(p) !== onDisk.get(p)).sort();
}

/** Where a printed file first differs from what the queries print now, in words. */
export function firstDifference(path: string, now: string | undefined, onDisk: string | undefined): string {
  if (now === undefined) return `${path} is printed by no queries file`;
  if (onDisk === undefined) return `${path} is missing`;
  const a = now.split('\n');
  const b = onDisk.split('\n');
  const i = a.findIndex((line, k) => line !== b[k]);
  const at = i === -1 ? b.length : i;
  return `${path} line ${at + 1}: it says ${JSON.stringify(b[at] ?? '')}, the queries print ${JSON.stringify(a[at] ?? '')}`;
}
