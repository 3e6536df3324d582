import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it, onTestFinished } from 'vitest';
import { apiFixture } from '../../../test/support/api.ts';
import { engines } from '../../../test/support/stores.ts';
import { chinaDay } from '../../core/calendar/workdays.ts';
import { ManualClock } from '../../core/clock.ts';
import { DISPUTE_CATEGORIES, DISPUTE_SOURCES } from '../../core/dispute/dispute.events.ts';
import {
  CATEGORY_NAMES,
  LEDGER_COLUMNS,
  type LedgerRow,
  parseLedger,
  SOURCE_NAMES,
  writeLedger,
  XLSX_TYPE,
} from './ledger.xlsx.ts';

/** 10:00 in Beijing on 31 March: the ledger's days run from 5 to 29 March, within the 30 days the log takes back. */
const NOW = '2026-03-31T02:00:00Z';
const DAY = 86_400_000;
const march = (d: number) => `2026-03-${String(d).padStart(2, '0')}`;
const plusDays = (day: string, n: number) => chinaDay(Date.parse(`${day}T12:00:00+08:00`) + n * DAY);

/** A ledger of `n` rows of every kind: assigned or not, with and without a deadline, progress, resolution. */
function ledger(n: number, tag = ''): LedgerRow[] {
  return Array.from({ length: n }, (_, i) => {
    const category = DISPUTE_CATEGORIES[i % DISPUTE_CATEGORIES.length] as LedgerRow['category'];
    const registeredOn = march(5 + (i % 25));
    const assigned = i % 3 !== 0;
    return {
      registeredOn,
      source: DISPUTE_SOURCES[i % DISPUTE_SOURCES.length] as LedgerRow['source'],
      category,
      summary: `${tag}第${i + 1}件：${CATEGORY_NAMES[category]}纠纷，三组村民${i % 40}人对处理有异议，要求重新核定`,
      people: i % 5 === 0 ? null : i % 40,
      unit: assigned ? (i % 2 ? '镇司法所' : '镇综治中心') : null,
      leadPosition: assigned ? (i % 2 ? '分管副镇长' : '政法委员') : null,
      dueOn: assigned && i % 2 === 0 ? plusDays(registeredOn, 20 + (i % 30)) : null,
      progress: i % 4 === 0 || i % 12 === 7 ? `已组织第${(i % 3) + 1}次调解，双方意见接近` : null,
      resolved: i % 6 === 1,
    };
  });
}

/** The row a ledger row is written on (a title, then the header, then the rows). */
const lineOf = (i: number) => i + 3;

/** What the export says of an imported row: its progress, or its status in words when none was noted. */
const exported = (r: LedgerRow): LedgerRow => ({
  ...r,
  progress: r.progress ?? (r.resolved ? '已化解' : '已受理'),
});

const bySummary = (a: LedgerRow, b: LedgerRow) => a.summary.localeCompare(b.summary);
const rowsOf = (rows: (LedgerRow & { line?: number })[]) =>
  rows.map(({ line: _, ...r }) => r as LedgerRow).sort(bySummary);

async function editCells(file: Buffer, edits: [line: number, column: string, value: ExcelJS.CellValue][]) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file as unknown as ExcelJS.Buffer);
  const ws = wb.worksheets[0] as ExcelJS.Worksheet;
  for (const [line, column, value] of edits)
    ws.getRow(line).getCell(LEDGER_COLUMNS.indexOf(column as (typeof LEDGER_COLUMNS)[number]) + 1).value =
      value;
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

const TREE = {
  tree: [
    ['c1', 'county'],
    ['t1', 'town', 'c1'],
    ['t2', 'town', 'c1'],
  ] as [string, string, string?][],
  users: [
    ['officer-t1', 'officer', 't1'],
    ['officer2-t1', 'officer', 't1'],
    ['leader-t1', 'leader', 't1'],
    ['officer-t2', 'officer', 't2'],
    ['leader-c1', 'leader', 'c1'],
  ] as [string, 'officer' | 'leader', string][],
  logins: ['officer-t1', 'officer2-t1', 'leader-t1', 'officer-t2', 'leader-c1'],
};

function caller(
  app: FastifyInstance,
  session: { auth: { cookies: Record<string, string>; headers: Record<string, string> } },
) {
  return {
    upload: (file: Buffer | string, q = '', contentType = XLSX_TYPE) =>
      app.inject({
        method: 'POST',
        url: `/api/disputes/import${q}`,
        payload: file,
        cookies: session.auth.cookies,
        headers: { ...session.auth.headers, 'content-type': contentType },
      }),
    get: (url: string) => app.inject({ method: 'GET', url, ...session.auth }),
  };
}

describe('the ledger in Excel: the file', () => {
  it('reads an office’s own layout: a notes sheet first, a title, another column order, common variants of names and dates', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('填表说明').addRow(['来源填：排查、来访、来信、电话、网络、转办、事件转入']);
    const ws = wb.addWorksheet('2026年3月');
    ws.addRow(['某镇矛盾纠纷排查化解台账']);
    ws.addRow(['填报单位：某镇综治中心']);
    ws.addRow([
      '序号',
      ' 来 源 ',
      '*登记日期',
      '纠纷类别',
      '简要情况',
      '包案领导（职务）',
      '责任单位',
      '是否化解',
      '备注',
    ]);
    ws.addRow([
      1,
      '交办',
      '2026/3/5',
      '邻里纠纷',
      '两户因排水沟发生争执',
      '分管副镇长',
      '镇司法所',
      '',
      '无',
    ]);
    ws.addRow([2, '来访', new Date('2026-03-06T00:00:00Z'), '劳资', '工地欠薪约 12 万元', null, null, '是']);
    ws.addRow([
      3,
      '12345',
      '2026年3月7日',
      '婚姻家庭',
      { richText: [{ text: '离婚后' }, { text: '子女抚养争议' }] },
    ]);
    ws.addRow([]);
    ws.addRow([null, null, null]);
    const parsed = await parseLedger(Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer));
    expect(parsed).toMatchObject({
      ok: true,
      rows: [
        {
          line: 4,
          registeredOn: '2026-03-05',
          source: 'referral',
          category: 'neighbour',
          unit: '镇司法所',
          leadPosition: '分管副镇长',
          resolved: false,
        },
        {
          line: 5,
          registeredOn: '2026-03-06',
          source: 'visit',
          category: 'labour',
          unit: null,
          resolved: true,
        },
        { line: 6, source: 'phone', category: 'family', summary: '离婚后子女抚养争议', people: null },
      ],
    });
  });

  it('names every problem by its row and column, in Chinese', async () => {
    const file = await editCells(await writeLedger(ledger(12)), [
      [3, '来源', '上访'],
      [4, '登记日期', '三月五日'],
      [5, '涉及人数', '约30人'],
      [7, '包案领导(职务)', null],
      [8, '是否化解', '差不多'],
      [9, '矛盾纠纷类别', '宅基地'],
    ]);
    const parsed = await parseLedger(file);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.map((p) => p.message)).toEqual([
      `第 3 行「来源」：不认识“上访”，可填：${Object.values(SOURCE_NAMES).join('、')}`,
      '第 4 行「登记日期」：“三月五日”不是日期，请填写如 2026-03-02',
      '第 5 行「涉及人数」：“约30人”不是人数：填写 0 或正整数，如 12',
      '第 7 行「包案领导(职务)」：填了责任单位，也要填包案领导（职务），如：分管副镇长',
      '第 8 行「是否化解」：“差不多”：只能填“是”或“否”（或留空）',
      `第 9 行「矛盾纠纷类别」：不认识“宅基地”，可填：${Object.values(CATEGORY_NAMES).join('、')}`,
    ]);
  });

  it('refuses what is no ledger: another file, no header, too many rows', async () => {
    const message = async (b: Buffer) => {
      const r = await parseLedger(b);
      return r.ok ? '' : (r.problems[0]?.message ?? '');
    };
    expect(await message(Buffer.from('序号,登记日期\n1,2026-03-05\n'))).toMatch(/不是 Excel 文件/);
    const noHeader = new ExcelJS.Workbook();
    noHeader.addWorksheet('Sheet1').addRow(['姓名', '电话']);
    expect(await message(Buffer.from((await noHeader.xlsx.writeBuffer()) as ArrayBuffer))).toMatch(
      /找不到表头/,
    );
    expect(await message(await writeLedger(ledger(5001)))).toMatch(/一次最多导入 5000 行/);
  });
});

describe.each(engines())('the ledger in Excel: $engine', ({ engine, skip }) => {
  it.skipIf(skip)('refuses a ledger with bad rows, naming each, and imports nothing of it', async () => {
    const fx = await apiFixture(engine, new ManualClock(NOW), TREE);
    const officer = caller(fx.app, fx.session('officer-t1'));
    const rows = ledger(200);
    const file = await editCells(await writeLedger(rows), [
      [lineOf(6), '来源', '上访'],
      [lineOf(41), '化解时限', new Date(`${plusDays(rows[41]?.registeredOn ?? '', -3)}T00:00:00Z`)],
      [lineOf(150), '简要情况', null],
    ]);
    const r = await officer.upload(file);
    expect(r.statusCode, r.body).toBe(422);
    const body = r.json() as {
      error: string;
      message: string;
      issues: { path: string; line: number; message: string }[];
    };
    expect(body.error).toBe('ledger_invalid');
    expect(body.issues.map((i) => [i.line, i.path])).toEqual([
      [lineOf(6), '来源'],
      [lineOf(41), '化解时限'],
      [lineOf(150), '简要情况'],
    ]);
    expect(body.issues[0]?.message).toMatch(/^第 9 行「来源」：不认识“上访”，可填：排查、来访、/);
    expect(body.issues[1]?.message).toMatch(/^第 44 行「化解时限」：.* 早于登记日期 /);
    expect(body.issues[2]?.message).toBe('第 153 行「简要情况」：必填，不能为空');
    expect(body.message).toMatch(/^台账没有导入：3 行有 3 处问题/);
    expect((await officer.get('/api/disputes')).json().disputes).toEqual([]);

    const ahead = await editCells(await writeLedger(ledger(20)), [[lineOf(1), '登记日期', '2026-04-02']]);
    expect((await officer.upload(ahead)).json().issues[0].message).toBe(
      '第 4 行「登记日期」：2026-04-02 晚于今天（2026-03-31）',
    );
    expect((await officer.get('/api/disputes')).json().disputes).toEqual([]);

    // an older ledger's rows come in too: on the clocks from the import, their 登记日期 kept
    const old = await editCells(await writeLedger(ledger(20)), [[lineOf(7), '登记日期', '2026-01-05']]);
    const imported = await officer.upload(old);
    expect(imported.statusCode).toBe(201);
    const listed = (await officer.get('/api/disputes')).json().disputes as {
      case_id: string;
      registered_at: string;
    }[];
    const early = listed.find((d) => d.registered_at === '2026-01-05T01:00:00.000Z');
    expect(early).toBeDefined();
    const first = (await fx.store.readCase(early?.case_id ?? ''))[0];
    expect(first?.occurredAt).toBe(new Date(NOW).toISOString());
    expect(first?.data).toMatchObject({ registeredOn: '2026-01-05', facts: { since: '2026-01-05' } });
  });

  it.skipIf(skip)(
    'imports a ledger, lists it, exports it as it was imported, and a retry writes nothing twice',
    async () => {
      const fx = await apiFixture(engine, new ManualClock(NOW), TREE);
      const officer = caller(fx.app, fx.session('officer-t1'));
      const rows = ledger(200);
      const file = await writeLedger(rows);
      const r = await officer.upload(file);
      expect(r.statusCode, r.body).toBe(201);
      const { imported, disputes, duplicate } = r.json() as {
        imported: number;
        disputes: string[];
        duplicate: boolean;
      };
      expect([imported, duplicate, new Set(disputes).size]).toEqual([200, false, 200]);

      // the ledger: every row a dispute, with its facts, its assignment and its status
      type Row = {
        case_id: string;
        summary: string;
        status: string;
        unit: string | null;
        lead_position: string | null;
        tier: string | null;
        people: number | null;
        due_at: string | null;
        registered_at: string;
        source: string;
        category: string;
        jurisdiction: string;
      };
      const listed = (await officer.get('/api/disputes?limit=500')).json().disputes as Row[];
      expect(listed).toHaveLength(200);
      const bySummaryText = new Map(listed.map((d) => [d.summary, d]));
      rows.forEach((row, i) => {
        const d = bySummaryText.get(row.summary);
        expect(d, row.summary).toBeDefined();
        expect(d).toMatchObject({
          case_id: disputes[i],
          status: row.resolved ? 'resolved' : 'accepted',
          source: row.source,
          category: row.category,
          people: row.people,
          unit: row.unit,
          lead_position: row.leadPosition,
          tier: row.unit ? 'town' : null,
          jurisdiction: 't1',
        });
        expect(chinaDay(d?.registered_at ?? '')).toBe(row.registeredOn);
        expect(d?.due_at ? chinaDay(d.due_at) : null).toBe(row.dueOn);
      });
      // what the log says of one row: registered 09:00 Beijing time on its day, accepted, assigned, noted, resolved
      const i = rows.findIndex((x) => x.resolved && x.progress !== null && x.unit !== null);
      const page = (await officer.get(`/api/disputes/${disputes[i]}`)).json() as {
        events: { type: string; occurredAt: string; data: Record<string, unknown> }[];
      };
      // (and the clocks of the town plan they start and meet, in between)
      expect(page.events.filter((e) => !e.type.startsWith('duty.')).map((e) => e.type)).toEqual([
        'dispute.registered',
        'dispute.accepted',
        'dispute.assigned',
        'progress.noted',
        'dispute.resolved',
      ]);
      expect(page.events[0]?.occurredAt).toBe(
        new Date(`${rows[i]?.registeredOn}T09:00:00+08:00`).toISOString(),
      );
      expect(page.events[0]?.data).toMatchObject({
        facts: { people: rows[i]?.people },
        sides: [{ kind: 'group' }],
      });
      expect(page.events.find((e) => e.type === 'progress.noted')?.data).toEqual({ text: rows[i]?.progress });

      // exported: the same rows, cell for cell (a row without progress shows its status)
      const x = await officer.get('/api/disputes.xlsx');
      expect(x.statusCode, x.body).toBe(200);
      expect(x.headers['content-type']).toBe(XLSX_TYPE);
      expect(x.headers['content-disposition']).toBe(
        `attachment; filename="disputes-2026-03-31.xlsx"; filename*=UTF-8''${encodeURIComponent('矛盾纠纷台账-2026-03-31.xlsx')}`,
      );
      const back = await parseLedger(x.rawPayload);
      expect(back.ok).toBe(true);
      if (!back.ok) return;
      expect(rowsOf(back.rows)).toEqual(rowsOf(rows.map(exported)));
      // numbered from the earliest registered
      expect(back.rows.map((row) => row.registeredOn)).toEqual(rows.map((row) => row.registeredOn).sort());
      // filtered as the list is
      const resolved = await parseLedger(
        (await officer.get('/api/disputes.xlsx?status=resolved')).rawPayload,
      );
      expect(resolved.ok && rowsOf(resolved.rows)).toEqual(
        rowsOf(rows.filter((row) => row.resolved).map(exported)),
      );
      expect((await officer.get('/api/disputes.xlsx?risk=extreme')).statusCode).toBe(400);
      // outside the town, none of it (a ledger of no rows)
      const t2 = caller(fx.app, fx.session('officer-t2'));
      const none = await parseLedger((await t2.get('/api/disputes.xlsx')).rawPayload);
      expect(!none.ok && none.problems[0]?.message).toMatch(/没有台账行/);
      // the export imports again as it is (a status in words is no progress): into the other town
      const picked = rows.filter((row) => row.resolved && row.unit === '镇司法所').map(exported);
      const some = (await officer.get('/api/disputes.xlsx?status=resolved&unit=镇司法所')).rawPayload;
      expect((await t2.upload(some)).statusCode).toBe(201);
      const there = await parseLedger((await t2.get('/api/disputes.xlsx')).rawPayload);
      expect(there.ok && rowsOf(there.rows)).toEqual(rowsOf(picked));

      // the same file again: a retry, nothing written twice
      const heads = async () => Promise.all(disputes.map(async (id) => (await fx.store.head(id))?.seq));
      const before = await heads();
      const again = await officer.upload(file);
      expect(again.statusCode, again.body).toBe(200);
      expect(again.json()).toEqual({ imported: 200, disputes, duplicate: true });
      expect(await heads()).toEqual(before);
      expect((await officer.get('/api/disputes?limit=500')).json().disputes).toHaveLength(200);
      // two imports of one file at once (a double click): one ledger
      const twin = await writeLedger(ledger(30, '同时导入'));
      const both = await Promise.all([officer.upload(twin), officer.upload(twin)]);
      for (const b of both) expect([200, 201], b.body).toContain(b.statusCode);
      expect(both.map((b) => b.statusCode)).toContain(201);
      expect(both[0]?.json().disputes).toEqual(both[1]?.json().disputes);
      expect((await officer.get('/api/disputes?limit=500')).json().disputes).toHaveLength(230);
      // by another account of the town: refused, not imported twice
      const twice = await caller(fx.app, fx.session('officer2-t1')).upload(file);
      expect(twice.statusCode).toBe(409);
      expect(twice.json().message).toMatch(/已由另一个账号导入/);
      expect((await officer.get('/api/disputes?limit=500')).json().disputes).toHaveLength(230);
    },
  );

  it.skipIf(skip)(
    'imports only within the caller’s jurisdiction, for those who record, and only .xlsx',
    async () => {
      const fx = await apiFixture(engine, new ManualClock(NOW), TREE);
      const file = await writeLedger(ledger(3));
      const t2 = caller(fx.app, fx.session('officer-t2'));
      const outside = await t2.upload(file, '?jurisdiction=t1');
      expect(outside.statusCode).toBe(403);
      expect(outside.json().message).toMatch(/不在你的辖区/);
      expect((await caller(fx.app, fx.session('leader-t1')).upload(file)).statusCode).toBe(403);
      expect(
        (await caller(fx.app, fx.session('leader-c1')).upload(file, '?jurisdiction=t1')).statusCode,
      ).toBe(403);
      const t1 = caller(fx.app, fx.session('officer-t1'));
      expect((await t1.get('/api/disputes')).json().disputes).toEqual([]);

      // what is no .xlsx: a 4xx that says so, never a 5xx
      const csv = await t1.upload('序号,登记日期\n1,2026-03-05\n', '', 'text/csv');
      expect(csv.statusCode).toBe(415);
      expect(csv.json().message).toMatch(/请上传 Excel 文件（\.xlsx）/);
      const json = await t1.upload(JSON.stringify({ rows: [] }), '', 'application/json');
      expect(json.statusCode).toBe(400);
      expect(json.json().message).toMatch(/请上传 Excel 文件（\.xlsx）/);
      for (const junk of ['', 'PK\u0003\u0004 not really a zip', Buffer.alloc(4096, 7).toString('latin1')]) {
        const r = await t1.upload(Buffer.from(junk, 'latin1'));
        expect(r.statusCode, junk.slice(0, 10)).toBe(422);
        expect(r.json().message).toMatch(/不是 Excel 文件|读不出这个 Excel 文件/);
      }
      const large = await t1.upload(Buffer.alloc(5 * 1024 * 1024 + 1));
      expect(large.statusCode).toBe(413);
      expect(large.json().message).toMatch(/文件太大：一次最多导入 5 MB/);
      const empty = await writeLedger([]);
      expect((await t1.upload(empty)).json().message).toMatch(/没有台账行/);
      expect((await t1.get('/api/disputes')).json().disputes).toEqual([]);

      // the county's recorders import into a town below them
      const county = await apiFixture(engine, new ManualClock(NOW), {
        tree: TREE.tree,
        users: [['officer-c1', 'officer', 'c1']],
        logins: ['officer-c1'],
      });
      const c1 = caller(county.app, county.session('officer-c1'));
      expect((await c1.upload(file, '?jurisdiction=t2')).statusCode).toBe(201);
      expect(
        (await c1.get('/api/disputes'))
          .json()
          .disputes.map((d: { jurisdiction: string; tier: string | null }) => [d.jurisdiction, d.tier]),
      ).toEqual([
        ['t2', 'town'],
        ['t2', 'town'],
        ['t2', null],
      ]);
    },
  );
});

describe('the ledger in Excel, opened by LibreOffice', () => {
  it('converts the export to CSV with its header and its rows in Chinese', { timeout: 120_000 }, async () => {
    const found = spawnSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' });
    expect(
      found.status,
      'LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui',
    ).toBe(0);
    const fx = await apiFixture('sqlite', new ManualClock(NOW), TREE);
    const officer = caller(fx.app, fx.session('officer-t1'));
    expect((await officer.upload(await writeLedger(ledger(12)))).statusCode).toBe(201);
    const x = await officer.get('/api/disputes.xlsx');
    const dir = mkdtempSync(join(tmpdir(), 'huajie-ledger-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'ledger.xlsx'), x.rawPayload);
    const run = spawnSync(
      'soffice',
      [
        // a profile of its own: runs side by side do not wait on each other's
        `-env:UserInstallation=file://${join(dir, 'profile')}`,
        '--headless',
        '--norestore',
        // CSV in UTF-8 (76), comma-separated (44), quoted (34)
        '--convert-to',
        'csv:Text - txt - csv (StarCalc):44,34,76,1',
        '--outdir',
        join(dir, 'out'),
        join(dir, 'ledger.xlsx'),
      ],
      { encoding: 'utf8', timeout: 110_000 },
    );
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(readdirSync(join(dir, 'out'))).toEqual(['ledger.csv']);
    const csv = readFileSync(join(dir, 'out', 'ledger.csv'), 'utf8');
    const lines = csv.split('\n');
    expect(lines[0]).toMatch(/^"矛盾纠纷台账（2026-03-31 导出）"/);
    expect(lines[1]).toBe(LEDGER_COLUMNS.map((c) => `"${c}"`).join(','));
    // the second row of the ledger (registered 6 March): a visit, neighbours, assigned, resolved
    expect(csv).toContain(
      '2,2026-03-06,"来访","邻里","第2件：邻里纠纷，三组村民1人对处理有异议，要求重新核定",1,"镇司法所","分管副镇长",,"已化解","是"',
    );
  });
});
