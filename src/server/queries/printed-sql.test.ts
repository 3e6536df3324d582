import { globSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  firstDifference,
  formatSql,
  loadQueries,
  PRINTED_DIR,
  printAll,
  printedOnDisk,
  printedPath,
  queriesFiles,
  ROOT,
  stale,
  statementsOf,
  unprinted,
} from './printer.ts';

/** Route files that still build SQL themselves: drop one from here when its queries move out. */
const ROUTES_WITH_INLINE_SQL: string[] = [];

describe('printed SQL (src/server/queries/*.sql)', () => {
  it('finds the queries files of every feature', () => {
    const files = queriesFiles();
    for (const f of [
      'src/server/incident/incident.queries.ts',
      'src/server/incident/reply-channel.queries.ts',
      'src/server/plans/plan.queries.ts',
      'src/server/audit/audit.queries.ts',
      'src/server/auth/auth.queries.ts',
      'src/server/health/health.queries.ts',
    ])
      expect(files).toContain(f);
    expect(printedPath('src/server/incident/reply-channel.queries.ts')).toBe(
      `${PRINTED_DIR}/reply-channel.sql`,
    );
  });

  it('every printed file is what the queries print now', async () => {
    const now = await printAll();
    const onDisk = printedOnDisk();
    const changed = stale(now, onDisk);
    const where = changed.map((p) => firstDifference(p, now.get(p), onDisk.get(p))).join('; ');
    expect(
      changed,
      `${where}. The printed SQL is not what the queries print now: run \`npm run sql\`, review the difference and commit it`,
    ).toEqual([]);
  });

  it('every query function a queries file exports is in its list `printed`, and nothing else is', async () => {
    for (const file of queriesFiles()) {
      const { exports, printed } = await loadQueries(file);
      const { missing, unknown } = unprinted(exports, printed);
      expect(missing, `${file}: add these to its list \`printed\`, then run \`npm run sql\``).toEqual([]);
      expect(unknown, `${file}: its list \`printed\` names functions it does not export`).toEqual([]);
    }
  });

  it('tells a function left out of the list, and a print of nothing exported', () => {
    const exports = { a: () => 1, b: () => 2, printed: [], LIMIT: 3 };
    const printed = [
      { name: 'a', run: async () => undefined },
      { name: 'gone', run: async () => undefined },
    ];
    expect(unprinted(exports, printed)).toEqual({ missing: ['b'], unknown: ['gone'] });
  });

  it('no route builds SQL itself: its queries are in a queries file, printed for review', () => {
    const inline =
      /\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto|selectNoFrom)\(|\bsql(\.raw\(|`)/;
    const offenders = globSync('src/server/**/*.routes.ts', { cwd: ROOT })
      .map((f) => f.split('\\').join('/'))
      .filter((f) => !ROUTES_WITH_INLINE_SQL.includes(f))
      .filter((f) => inline.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(offenders, 'move these queries to the feature’s <feature>.queries.ts').toEqual([]);
  });

  it('prints on either engine without a database, and says when a print cannot go on', async () => {
    const entry = {
      name: 'byId',
      run: async (db: Parameters<Parameters<typeof statementsOf>[0]['run']>[0]) =>
        db.selectFrom('incidents').select('title').where('case_id', '=', 'c').executeTakeFirstOrThrow(),
    };
    await expect(statementsOf(entry, 'sqlite')).rejects.toThrow(/printing byId on sqlite failed/);
    const [sqlite] = await statementsOf({ ...entry, rows: [{ title: 't' }] }, 'sqlite');
    const [postgres] = await statementsOf({ ...entry, rows: [{ title: 't' }] }, 'postgres');
    expect(sqlite?.sql).toBe('select "title" from "incidents" where "case_id" = ?');
    expect(postgres?.sql).toBe('select "title" from "incidents" where "case_id" = $1');
    await expect(statementsOf({ name: 'nothing', run: async () => undefined }, 'postgres')).rejects.toThrow(
      /ran no statement/,
    );
  });

  it('lays SQL out a clause a line, leaving what is in parentheses whole', () => {
    expect(
      formatSql(
        `select "a", "b" from "t" as "x" inner join "u" on "u"."id" = "x"."id" where "a" in ($1, $2) and "b" != 'x, y' order by "a" desc, "b" limit $3`,
      ),
    ).toBe(
      [
        'select',
        '  "a",',
        '  "b"',
        'from',
        '  "t" as "x"',
        '  inner join "u" on "u"."id" = "x"."id"',
        'where',
        '  "a" in ($1, $2)',
        `  and "b" != 'x, y'`,
        'order by',
        '  "a" desc,',
        '  "b"',
        'limit',
        '  $3',
      ].join('\n'),
    );
    expect(formatSql('SELECT status FROM incidents WHERE case_id = $1 FOR SHARE')).toBe(
      'SELECT\n  status\nFROM\n  incidents\nWHERE\n  case_id = $1\nFOR SHARE',
    );
  });
});
