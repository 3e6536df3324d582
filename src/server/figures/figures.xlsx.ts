import ExcelJS from 'exceljs';
import type { FiguresOut } from '../../core/api/figures.ts';
import { FINDING_KIND_NAMES } from '../../core/documents/case.docs.ts';
import { disputeFigureRows, incidentFigureRows } from '../../core/documents/monthly.doc.ts';
import { CATEGORY_NAMES, LEDGER_COLUMNS, type LedgerRow, SOURCE_NAMES } from '../dispute/ledger.xlsx.ts';

/**
 * The figures as a workbook offices pass on: 概览 (the figures and the targets), 职责 (by duty and
 * by owning unit), 问责 (findings by kind and disposition), and with a monthly report the month's
 * 台账 in the ledger's own columns.
 */
export async function figuresWorkbook(f: FiguresOut, ledger?: readonly LedgerRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Huajie';
  const sheet = (
    name: string,
    title: string,
    head: string[],
    rows: (string | number)[][],
    widths: number[],
  ) => {
    const ws = wb.addWorksheet(name, {
      views: [{ state: 'frozen', ySplit: 2 }],
      pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    });
    ws.mergeCells(1, 1, 1, head.length);
    ws.getCell(1, 1).value = title;
    ws.getCell(1, 1).font = { bold: true, size: 14 };
    ws.addRow(head).font = { bold: true };
    for (const r of rows) ws.addRow(r);
    widths.forEach((w, i) => {
      ws.getColumn(i + 1).width = w;
    });
    return ws;
  };
  const period = `${f.jurisdiction.name} ${f.from} 至 ${f.to}`;
  sheet(
    '概览',
    `统计（${period}，不含演练）`,
    ['指标', '数值'],
    [
      ...incidentFigureRows(f),
      ...disputeFigureRows(f),
      ...f.targets.map((t) => [
        `目标：${t.title}（≥ ${t.atLeast}%）`,
        t.actual === null ? '无数据' : `${t.actual}%（${t.met ? '达到' : '未达到'}）`,
      ]),
    ],
    [44, 28],
  );
  const counts = (x: { on_time: number; late: number; missed: number; open: number }) => [
    x.on_time,
    x.late,
    x.missed,
    x.open,
  ];
  const ws = sheet(
    '职责',
    `预案职责时限执行情况（${period}）`,
    ['职责', '按时', '迟办', '超时未办', '未到期'],
    f.duties.byDuty.map((d) => [d.title, ...counts(d)]),
    [48, 10, 10, 10, 10],
  );
  ws.addRow([]);
  ws.addRow(['责任单位', '按时', '迟办', '超时未办', '未到期']).font = { bold: true };
  for (const o of f.duties.byOwner) ws.addRow([o.owner, ...counts(o)]);
  sheet(
    '问责',
    `问责意见（${period}）`,
    ['类型', '件数', '认定', '说明免责', '不成立', '待审核'],
    f.findings.map((x) => [
      FINDING_KIND_NAMES[x.kind] ?? x.kind,
      x.total,
      x.accepted,
      x.explained,
      x.dismissed,
      x.pending,
    ]),
    [20, 10, 10, 10, 10, 10],
  );
  if (ledger)
    sheet(
      '台账',
      `矛盾纠纷台账（${period} 登记${ledger.length < f.disputes.registered ? `，共 ${f.disputes.registered} 件，列出最早登记的 ${ledger.length} 件` : ''}）`,
      [...LEDGER_COLUMNS],
      ledger.map((r, i) => [
        i + 1,
        r.registeredOn,
        SOURCE_NAMES[r.source] ?? r.source,
        CATEGORY_NAMES[r.category] ?? r.category,
        r.summary,
        r.people ?? '',
        r.unit ?? '',
        r.leadPosition ?? '',
        r.dueOn ?? '',
        r.progress ?? '',
        r.resolved ? '是' : '否',
      ]),
      [6, 12, 8, 12, 40, 8, 16, 16, 12, 30, 8],
    );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
