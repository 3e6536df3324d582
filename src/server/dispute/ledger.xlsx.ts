import ExcelJS from 'exceljs';
import type { DISPUTE_CATEGORIES, DISPUTE_SOURCES } from '../../core/dispute/dispute.events.ts';

/**
 * The dispute ledger as offices keep it in Excel (矛盾纠纷台账): one sheet, a title row, a header
 * row and one row per dispute, in the columns below. `writeLedger` makes the .xlsx of ledger
 * rows; `parseLedger` reads one back — the file this module writes, or an office's own in the
 * same columns (a title above the header, columns in another order or missing where optional,
 * a few common variants of the names) — and checks every row, answering either the rows or
 * every problem, each with its row as Excel numbers it and its column by its Chinese header.
 */

export const LEDGER_SHEET = '矛盾纠纷台账';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The columns, in the order offices keep them. */
export const LEDGER_COLUMNS = [
  '序号',
  '登记日期',
  '来源',
  '矛盾纠纷类别',
  '简要情况',
  '涉及人数',
  '责任单位',
  '包案领导(职务)',
  '化解时限',
  '化解进展',
  '是否化解',
] as const;
export type LedgerColumn = (typeof LEDGER_COLUMNS)[number];

const REQUIRED: LedgerColumn[] = ['登记日期', '来源', '矛盾纠纷类别', '简要情况'];

/** At most this many rows in one file, and this large a file. */
export const MAX_LEDGER_ROWS = 5000;
export const MAX_LEDGER_BYTES = 5 * 1024 * 1024;
/** What the parts of the .xlsx (a zip) may add up to once unpacked, as the file declares them. */
const MAX_UNPACKED_BYTES = 64 * 1024 * 1024;
/** Where the header row may be: below a title and a few notes, not further. */
const HEADER_SEARCH_ROWS = 20;
/** The limits of the event catalogue's fields (dispute.events.ts), checked here to say so in Chinese. */
const MAX_CHARS = { summary: 4000, unit: 200, leadPosition: 200, progress: 4000 } as const;

export type DisputeSource = (typeof DISPUTE_SOURCES)[number];
export type DisputeCategory = (typeof DISPUTE_CATEGORIES)[number];

/** 来源, as the ledger names them. */
export const SOURCE_NAMES: Record<DisputeSource, string> = {
  screening: '排查',
  visit: '来访',
  letter: '来信',
  phone: '电话',
  online: '网络',
  referral: '转办',
  incident: '事件转入',
};

/** 矛盾纠纷类别, as the ledger names them. */
export const CATEGORY_NAMES: Record<DisputeCategory, string> = {
  family: '婚姻家庭',
  neighbour: '邻里',
  land: '土地山林',
  requisition: '征地拆迁',
  labour: '劳动争议',
  construction: '工程建设',
  environment: '环境污染',
  medical: '医疗',
  property: '物业房屋',
  traffic: '交通事故',
  consumer: '消费',
  enterprise: '企业改制',
  other: '其他',
};

/** Other names offices write for the same 来源 (after spaces and punctuation are dropped). */
const SOURCE_VARIANTS: Record<string, DisputeSource> = {
  排查发现: 'screening',
  摸排: 'screening',
  走访排查: 'screening',
  群众来访: 'visit',
  信访: 'visit',
  群众来信: 'letter',
  来电: 'phone',
  热线: 'phone',
  '12345': 'phone',
  网上: 'online',
  网上信访: 'online',
  交办: 'referral',
  转办交办: 'referral',
  上级交办: 'referral',
  由事件转入: 'incident',
  事件: 'incident',
};

/** Other names offices write for the same 类别 (after spaces, punctuation and a trailing 纠纷/类 are dropped). */
const CATEGORY_VARIANTS: Record<string, DisputeCategory> = {
  婚姻: 'family',
  家庭: 'family',
  婚姻家庭邻里: 'family',
  邻里关系: 'neighbour',
  土地: 'land',
  山林: 'land',
  土地山林承包经营: 'land',
  承包经营: 'land',
  征地: 'requisition',
  拆迁: 'requisition',
  劳动: 'labour',
  劳资: 'labour',
  欠薪: 'labour',
  劳动争议欠薪: 'labour',
  工程: 'construction',
  环境: 'environment',
  环保: 'environment',
  医患: 'medical',
  物业: 'property',
  房屋: 'property',
  交通: 'traffic',
  消费者: 'consumer',
  企业: 'enterprise',
  企业经营: 'enterprise',
  企业改制经营: 'enterprise',
};

const lookup = <K extends string>(names: Record<K, string>, variants: Record<string, K>) => {
  const byName = new Map<string, K>();
  for (const [k, name] of Object.entries(names) as [K, string][]) byName.set(name, k);
  for (const [name, k] of Object.entries(variants)) byName.set(name, k);
  return byName;
};
const SOURCES = lookup(SOURCE_NAMES, SOURCE_VARIANTS);
const CATEGORIES = lookup(CATEGORY_NAMES, CATEGORY_VARIANTS);

/** The status of a dispute in words, for 化解进展 when nothing was noted. */
export const STATUS_NAMES: Record<string, string> = {
  registered: '已登记',
  accepted: '已受理',
  not_accepted: '不予受理',
  resolved: '已化解',
  ended: '已终止',
  settled: '已销号',
};

/** One row of the ledger. Days are YYYY-MM-DD, Beijing time. */
export interface LedgerRow {
  /** 登记日期 */
  registeredOn: string;
  /** 来源 */
  source: DisputeSource;
  /** 矛盾纠纷类别 */
  category: DisputeCategory;
  /** 简要情况 */
  summary: string;
  /** 涉及人数 */
  people: number | null;
  /** 责任单位 */
  unit: string | null;
  /** 包案领导(职务) */
  leadPosition: string | null;
  /** 化解时限 */
  dueOn: string | null;
  /** 化解进展 */
  progress: string | null;
  /** 是否化解 */
  resolved: boolean;
}

/** A row read from a file, with its row number as Excel shows it. */
export type ParsedRow = LedgerRow & { line: number };

/** A problem of a file: its row and column (none for the file as a whole) and what is wrong, in Chinese. */
export interface LedgerProblem {
  line: number | null;
  column: LedgerColumn | null;
  /** the column's letter-less number in the sheet (1 = A), when known */
  columnIndex: number | null;
  /** the whole problem, e.g. 第 7 行「来源」：不认识“上访”，可填：排查、来访、… */
  message: string;
}

export type ParsedLedger =
  | {
      ok: true;
      rows: ParsedRow[];
      /** where each column is in the sheet (1 = A) */
      columns: Map<LedgerColumn, number>;
    }
  | { ok: false; problems: LedgerProblem[] };

const fileProblem = (message: string): ParsedLedger => ({
  ok: false,
  problems: [{ line: null, column: null, columnIndex: null, message }],
});

/** A header as written, in the form headers are compared: no spaces, ASCII brackets, no required-marks. */
const headerKey = (text: string) =>
  text
    .replace(/[\s\u3000*＊]/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')');

const HEADER_ALIASES: Record<string, LedgerColumn> = {
  ...Object.fromEntries(LEDGER_COLUMNS.map((c) => [headerKey(c), c])),
  编号: '序号',
  登记时间: '登记日期',
  受理日期: '登记日期',
  纠纷来源: '来源',
  类别: '矛盾纠纷类别',
  纠纷类别: '矛盾纠纷类别',
  矛盾类别: '矛盾纠纷类别',
  矛盾纠纷类型: '矛盾纠纷类别',
  基本情况: '简要情况',
  简要案情: '简要情况',
  人数: '涉及人数',
  包案领导: '包案领导(职务)',
  包案领导及职务: '包案领导(职务)',
  '包案领导(姓名职务)': '包案领导(职务)',
  化解期限: '化解时限',
  办结时限: '化解时限',
  进展情况: '化解进展',
  化解情况: '化解进展',
};

/** A day in words: 2026-03-02 */
const EXAMPLE_DAY = '2026-03-02';

type CellValue = string | number | boolean | Date | null | { error: string };

/** A cell's value, plain: rich text as its text, a formula as its result, a link as its text. */
function plain(v: ExcelJS.CellValue): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v.trim() === '' ? null : v;
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return plain(v.richText.map((r) => r.text).join(''));
    if ('error' in v) return { error: String(v.error) };
    if ('result' in v) return plain((v.result ?? null) as ExcelJS.CellValue);
    if ('formula' in v || 'sharedFormula' in v) return null;
    if ('text' in v) return plain((v as { text: ExcelJS.CellValue }).text);
  }
  return String(v);
}

/** A cell's value as text, as it would show it (dates as days). */
function textOf(v: CellValue): string {
  if (v === null) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  if (typeof v === 'object') return v.error;
  return String(v).trim();
}

const isDay = (y: number, m: number, d: number) => {
  const t = new Date(Date.UTC(y, m - 1, d));
  return (
    t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d && y >= 1900 && y <= 2999
  );
};
const dayText = (y: number, m: number, d: number) =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
/** Excel's day 0 (its serial numbers count from 1899-12-30, the 1900 leap-year bug included). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/**
 * A cell as a day (YYYY-MM-DD), or null when it is none. Excel keeps a date as a number of days
 * with no time zone; it is read as the day it shows. Text is taken as 2026-03-02, 2026/3/2,
 * 2026.3.2, 2026年3月2日 or 20260302.
 */
function dayOf(v: CellValue): string | null {
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return null;
    // to the second: a day stored as 45000.99999999 is the next day's midnight, as Excel shows it
    return new Date(Math.round(v.getTime() / 1000) * 1000).toISOString().slice(0, 10);
  }
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= 19000101 && v <= 29991231) {
      const y = Math.floor(v / 10000);
      const m = Math.floor(v / 100) % 100;
      const d = v % 100;
      return isDay(y, m, d) ? dayText(y, m, d) : null;
    }
    // a serial day number in a cell not formatted as a date (this century's: 36526 is 2000-01-01)
    if (v >= 36_526 && v < 73_051)
      return new Date(EXCEL_EPOCH + Math.floor(v) * 86_400_000).toISOString().slice(0, 10);
    return null;
  }
  if (typeof v !== 'string') return null;
  const t = v.trim().replace(/\s+/g, ' ');
  const m =
    /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(t) ??
    /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isDay(y, mo, d) ? dayText(y, mo, d) : null;
}

/** The name as written, in the form names are looked up: no spaces or punctuation. */
const nameKey = (text: string) => text.replace(/[\s\u3000、，,。.;；/／（）()\-—_·]/g, '');

function lookupName<K extends string>(table: Map<string, K>, written: string, trailing?: RegExp): K | null {
  const key = nameKey(written);
  return table.get(key) ?? (trailing ? table.get(key.replace(trailing, '')) : undefined) ?? null;
}

const quote = (s: string) => `“${s.length > 40 ? `${s.slice(0, 40)}…` : s}”`;

/**
 * The .xlsx is a zip: find its table of contents and add up what its parts declare they unpack
 * to, before anything unpacks them. Null when it is no zip at all.
 */
function unpackedSize(buf: Buffer): number | null {
  const EOCD = 0x06054b50;
  const CDH = 0x02014b50;
  const from = Math.max(0, buf.length - 22 - 0xffff);
  let end = -1;
  for (let i = buf.length - 22; i >= from; i--)
    if (buf.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  if (end < 0) return null;
  const entries = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== CDH) return null;
    const size = buf.readUInt32LE(at + 24);
    // 0xffffffff: a zip64 size, more than an .xlsx of a ledger ever holds
    if (size === 0xffffffff) return Number.POSITIVE_INFINITY;
    total += size;
    at += 46 + buf.readUInt16LE(at + 28) + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return total;
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/** The header row of a sheet: the first of its first rows with every required column (a title may be above it). */
function headerOf(ws: ExcelJS.Worksheet): { headerLine: number; columns: Map<LedgerColumn, number> } | null {
  let header: { headerLine: number; columns: Map<LedgerColumn, number> } | null = null;
  ws.eachRow((row, n) => {
    if (header || n > HEADER_SEARCH_ROWS) return;
    const columns = new Map<LedgerColumn, number>();
    row.eachCell((cell, col) => {
      const c = HEADER_ALIASES[headerKey(textOf(plain(cell.value)))];
      if (c && !columns.has(c)) columns.set(c, col);
    });
    if (REQUIRED.every((c) => columns.has(c))) header = { headerLine: n, columns };
  });
  return header;
}

/**
 * Read a ledger file and check every row. Either every row, or every problem: an unknown
 * 来源 or 类别, a date that is none, a 化解时限 before its 登记日期, a required cell left empty,
 * a 责任单位 without its 包案领导 (or the other way round), text longer than the ledger takes.
 * Rows with nothing in them are skipped wherever they are.
 */
export async function parseLedger(buffer: Buffer): Promise<ParsedLedger> {
  if (buffer.length > MAX_LEDGER_BYTES)
    return fileProblem(
      `文件太大（${mb(buffer.length)}）：一次最多导入 ${mb(MAX_LEDGER_BYTES)}，请分成几个文件导入`,
    );
  const unpacked = unpackedSize(buffer);
  if (unpacked === null)
    return fileProblem(
      '这不是 Excel 文件（.xlsx）：请用 Excel 或 WPS 另存为“Excel 工作簿（*.xlsx）”后再导入',
    );
  if (unpacked > MAX_UNPACKED_BYTES)
    return fileProblem(
      `文件解压后太大（超过 ${mb(MAX_UNPACKED_BYTES)}）：一次最多导入 ${MAX_LEDGER_ROWS} 行，请分成几个文件导入`,
    );
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  } catch {
    return fileProblem(
      '读不出这个 Excel 文件（.xlsx）：文件可能已损坏，或不是 .xlsx 格式（.xls 请先另存为 .xlsx）',
    );
  }
  // the sheet 矛盾纠纷台账, or else the first sheet shown with a header row
  const sheets = [
    ...new Set([wb.getWorksheet(LEDGER_SHEET), ...wb.worksheets.filter((w) => w.state === 'visible')]),
  ].filter((w) => w !== undefined);
  if (sheets.length === 0) return fileProblem('这个 Excel 文件里没有工作表');
  let found: { ws: ExcelJS.Worksheet; headerLine: number; columns: Map<LedgerColumn, number> } | undefined;
  for (const ws of sheets) {
    const header = headerOf(ws);
    if (header) {
      found = { ws, ...header };
      break;
    }
  }
  if (!found)
    return fileProblem(
      `找不到表头：工作表${sheets.map((w) => `「${w.name}」`).join('')}的前 ${HEADER_SEARCH_ROWS} 行里没有一行同时有 ${REQUIRED.join('、')}（台账的列：${LEDGER_COLUMNS.join('、')}）`,
    );
  const { ws, headerLine, columns } = found;

  const lines: ExcelJS.Row[] = [];
  ws.eachRow((row, n) => {
    if (n <= headerLine) return;
    if ([...columns.values()].some((col) => plain(row.getCell(col).value) !== null)) lines.push(row);
  });
  if (lines.length > MAX_LEDGER_ROWS)
    return fileProblem(`台账有 ${lines.length} 行：一次最多导入 ${MAX_LEDGER_ROWS} 行，请分成几个文件导入`);

  const problems: LedgerProblem[] = [];
  const rows: ParsedRow[] = [];
  for (const row of lines) {
    const line = row.number;
    const before = problems.length;
    const cell = (c: LedgerColumn): CellValue => {
      const col = columns.get(c);
      return col === undefined ? null : plain(row.getCell(col).value);
    };
    const problem = (c: LedgerColumn, what: string) =>
      problems.push({
        line,
        column: c,
        columnIndex: columns.get(c) ?? null,
        message: `第 ${line} 行「${c}」：${what}`,
      });
    const text = (c: LedgerColumn, max?: number): string | null => {
      const v = cell(c);
      if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
        problem(
          c,
          `单元格是错误值 ${v.error}，请改成${c === '登记日期' || c === '化解时限' ? '日期' : '文字'}`,
        );
        return null;
      }
      const t = textOf(v);
      if (max !== undefined && [...t].length > max) {
        problem(c, `太长（${[...t].length} 字）：最多 ${max} 字`);
        return null;
      }
      return t === '' ? null : t;
    };
    const day = (c: LedgerColumn): string | null => {
      const v = cell(c);
      if (v === null) return null;
      const d = dayOf(v);
      if (d === null) problem(c, `${quote(textOf(v))}不是日期，请填写如 ${EXAMPLE_DAY}`);
      return d;
    };
    const required = <T>(c: LedgerColumn, v: T | null): v is T => {
      if (v !== null || cell(c) !== null) return v !== null;
      problem(c, '必填，不能为空');
      return false;
    };

    const registeredOn = day('登记日期');
    required('登记日期', registeredOn);
    const sourceText = text('来源');
    let source: DisputeSource | null = null;
    if (required('来源', sourceText)) {
      source = lookupName(SOURCES, sourceText);
      if (!source)
        problem('来源', `不认识${quote(sourceText)}，可填：${Object.values(SOURCE_NAMES).join('、')}`);
    }
    const categoryText = text('矛盾纠纷类别');
    let category: DisputeCategory | null = null;
    if (required('矛盾纠纷类别', categoryText)) {
      category = lookupName(CATEGORIES, categoryText, /(纠纷|矛盾|类)+$/);
      if (!category)
        problem(
          '矛盾纠纷类别',
          `不认识${quote(categoryText)}，可填：${Object.values(CATEGORY_NAMES).join('、')}`,
        );
    }
    const summary = text('简要情况', MAX_CHARS.summary);
    required('简要情况', summary);

    let people: number | null = null;
    const peopleValue = cell('涉及人数');
    if (peopleValue !== null) {
      const t = textOf(peopleValue).replace(/\s*人$/, '');
      const n = typeof peopleValue === 'number' ? peopleValue : /^\d+$/.test(t) ? Number(t) : Number.NaN;
      if (Number.isSafeInteger(n) && n >= 0) people = n;
      else problem('涉及人数', `${quote(textOf(peopleValue))}不是人数：填写 0 或正整数，如 12`);
    }

    const unit = text('责任单位', MAX_CHARS.unit);
    const leadPosition = text('包案领导(职务)', MAX_CHARS.leadPosition);
    if (unit !== null && leadPosition === null && cell('包案领导(职务)') === null)
      problem('包案领导(职务)', '填了责任单位，也要填包案领导（职务），如：分管副镇长');
    if (leadPosition !== null && unit === null && cell('责任单位') === null)
      problem('责任单位', '填了包案领导，也要填责任单位，如：镇司法所');

    const dueOn = day('化解时限');
    if (dueOn !== null && registeredOn !== null && dueOn < registeredOn)
      problem('化解时限', `${dueOn} 早于登记日期 ${registeredOn}`);
    if (dueOn !== null && unit === null && leadPosition === null && cell('责任单位') === null)
      problem('化解时限', '化解时限随包案填写：请同时填写责任单位和包案领导（职务）');

    const progress = text('化解进展', MAX_CHARS.progress);
    const resolvedValue = cell('是否化解');
    let resolved = false;
    if (resolvedValue !== null) {
      const t =
        typeof resolvedValue === 'boolean' ? (resolvedValue ? '是' : '否') : nameKey(textOf(resolvedValue));
      if (['是', '已化解', 'Y', 'y'].includes(t)) resolved = true;
      else if (!['否', '未化解', 'N', 'n'].includes(t))
        problem('是否化解', `${quote(textOf(resolvedValue))}：只能填“是”或“否”（或留空）`);
    }

    if (problems.length > before) continue;
    rows.push({
      line,
      registeredOn: registeredOn as string,
      source: source as DisputeSource,
      category: category as DisputeCategory,
      summary: summary as string,
      people,
      unit,
      leadPosition,
      dueOn,
      progress,
      resolved,
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  if (rows.length === 0) return fileProblem(`表头（第 ${headerLine} 行）下面没有台账行`);
  return { ok: true, rows, columns };
}

/** A day as Excel keeps it: a date with no time zone, shown as the day. */
const excelDay = (day: string) => new Date(`${day}T00:00:00Z`);

const WIDTHS: Record<LedgerColumn, number> = {
  序号: 6,
  登记日期: 12,
  来源: 10,
  矛盾纠纷类别: 14,
  简要情况: 48,
  涉及人数: 10,
  责任单位: 20,
  '包案领导(职务)': 18,
  化解时限: 12,
  化解进展: 36,
  是否化解: 10,
};
const DAY_COLUMNS = new Set<LedgerColumn>(['登记日期', '化解时限']);
const WRAPPED = new Set<LedgerColumn>(['简要情况', '化解进展', '责任单位', '包案领导(职务)']);

/**
 * The .xlsx of ledger rows, numbered 1, 2, … in the order given: the title on the first row, the
 * header (bold, frozen) on the second, a list to choose from in 来源, 类别 and 是否化解.
 */
export async function writeLedger(rows: LedgerRow[], title = LEDGER_SHEET): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Huajie';
  const ws = wb.addWorksheet(LEDGER_SHEET, {
    views: [{ state: 'frozen', ySplit: 2, xSplit: 0 }],
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 },
  });
  ws.columns = LEDGER_COLUMNS.map((c) => ({
    key: c,
    width: WIDTHS[c],
    style: {
      ...(DAY_COLUMNS.has(c) ? { numFmt: 'yyyy-mm-dd' } : {}),
      alignment: { vertical: 'top', wrapText: WRAPPED.has(c) },
    },
  }));
  const last = String.fromCharCode(64 + LEDGER_COLUMNS.length);
  ws.mergeCells(`A1:${last}1`);
  const head = ws.getCell('A1');
  head.value = title;
  head.font = { bold: true, size: 16 };
  head.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 28;
  const header = ws.getRow(2);
  header.values = [...LEDGER_COLUMNS];
  header.font = { bold: true };
  header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  header.eachCell((c) => {
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    c.border = { bottom: { style: 'thin' } };
  });
  ws.autoFilter = { from: 'A2', to: `${last}2` };
  ws.pageSetup.printTitlesRow = '1:2';
  rows.forEach((r, i) => {
    ws.addRow([
      i + 1,
      excelDay(r.registeredOn),
      SOURCE_NAMES[r.source],
      CATEGORY_NAMES[r.category],
      r.summary,
      r.people,
      r.unit,
      r.leadPosition,
      r.dueOn === null ? null : excelDay(r.dueOn),
      r.progress,
      r.resolved ? '是' : '否',
    ]);
  });
  // a list to choose from, on the rows written and as many again below them (one range each:
  // no cells made for it)
  const to = 2 + Math.max(rows.length * 2, 200);
  // (the worksheet's validations, by cell or range: exceljs has them, its types do not)
  const validations = (
    ws as unknown as { dataValidations: { add(at: string, v: ExcelJS.DataValidation): void } }
  ).dataValidations;
  const list = (col: LedgerColumn, values: string[]) => {
    const letter = String.fromCharCode(65 + LEDGER_COLUMNS.indexOf(col));
    validations.add(`${letter}3:${letter}${to}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`"${values.join(',')}"`],
      showErrorMessage: true,
      errorTitle: col,
      error: `可填：${values.join('、')}`,
    });
  };
  list('来源', Object.values(SOURCE_NAMES));
  list('矛盾纠纷类别', Object.values(CATEGORY_NAMES));
  list('是否化解', ['是', '否']);
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}
