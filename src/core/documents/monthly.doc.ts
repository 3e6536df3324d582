import type { FiguresOut } from '../api/figures.ts';
import { FINDING_KIND_NAMES } from './case.docs.ts';
import { chineseDate, type DocBlock, type OfficialDoc, safeFileName } from './official.ts';

/** 5月1日: a China day (YYYY-MM-DD) as a report writes it */
const dayName = (day: string) => `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;

/** A rate as a report writes it: 85.5%, or — when there is nothing to count. */
export const pct = (r: { rate: number | null }) => (r.rate === null ? '—' : `${r.rate}%`);
/** minutes as a report writes them */
export const mins = (m: number | null) => (m === null ? '—' : `${m} 分钟`);

/** The dispute figures as rows of 指标 and 数值, the same in the Word file and the workbook. */
export function disputeFigureRows(f: FiguresOut): [string, string][] {
  const d = f.disputes;
  return [
    ['登记矛盾纠纷（件）', String(d.registered)],
    ['受理（件）', String(d.accepted)],
    ['不予受理（件）', String(d.notAccepted)],
    ['化解（件）', String(d.resolved.n)],
    ['化解率（化解 / 受理）', pct(d.resolved)],
    ['按期受理率', `${pct(d.acceptedOnTime)}（${d.acceptedOnTime.n} / ${d.acceptedOnTime.of}）`],
    ['按期办结率', `${pct(d.handledOnTime)}（${d.handledOnTime.n} / ${d.handledOnTime.of}）`],
    ['排查主动发现率（来源为排查）', pct(d.foundByScreening)],
    ['重复信访（申请复查、复核，件）', String(d.repeatVisits)],
    [
      '回访评价（满意 / 基本满意 / 不满意）',
      `${d.evaluations.satisfied} / ${d.evaluations.basically_satisfied} / ${d.evaluations.dissatisfied}`,
    ],
    ['满意率（满意和基本满意 / 评价）', pct(d.satisfied)],
  ];
}

/** The incident and screening figures as rows of 指标 and 数值. */
export function incidentFigureRows(f: FiguresOut): [string, string][] {
  const i = f.incidents;
  return [
    ['接报群体性事件（起，不含演练）', String(i.reported)],
    ['接报至首报用时（中位数）', mins(i.firstReport.median)],
    ['尚未首报（起）', String(i.firstReport.none)],
    ['接报至首次信息发布用时（中位数）', mins(i.firstStatement.median)],
    ['尚未发布信息（起）', String(i.firstStatement.none)],
    ['应开展排查（次）', String(f.screening.of + f.screening.open)],
    ['按期开展排查（次）', String(f.screening.n)],
    ['排查按期率', pct(f.screening)],
    ['职责时限按时完成率', `${pct(f.duties.onTime)}（${f.duties.onTime.n} / ${f.duties.onTime.of}）`],
  ];
}

export interface LedgerLine {
  registeredOn: string;
  summary: string;
  unit: string | null;
  progress: string | null;
  resolved: boolean;
}

/** The figures of a month and its ledger as the monthly report (月报) the office sends upward. */
export function monthlyDoc(
  f: FiguresOut,
  ledger: readonly LedgerLine[],
  o: { addressee?: string; at: string },
): OfficialDoc {
  const d = f.disputes;
  const [y, m] = f.from.split('-').map(Number);
  const month = `${y}年${m}月`;
  const organ = f.jurisdiction.name;
  const date = chineseDate(o.at);
  const blocks: DocBlock[] = [
    { kind: 'h1', text: '一、总体情况' },
    {
      kind: 'p',
      text: `${month}（${dayName(f.from)}至${dayName(f.to)}），本级及所辖共登记矛盾纠纷 ${d.registered} 件，受理 ${d.accepted} 件，化解 ${d.resolved.n} 件，化解率 ${pct(d.resolved)}；接报群体性事件 ${f.incidents.reported} 起；预案职责时限 ${f.duties.on_time + f.duties.late + f.duties.missed} 项到期，按时完成 ${f.duties.on_time} 项、迟办 ${f.duties.late} 项、超时未办 ${f.duties.missed} 项。以上数据均由系统依全过程记录自动统计，不含演练。`,
    },
    { kind: 'h1', text: '二、矛盾纠纷排查化解情况' },
    { kind: 'table', head: ['指标', '数值'], rows: disputeFigureRows(f), widths: [3, 2] },
    { kind: 'h1', text: '三、群体性事件处置和排查情况' },
    { kind: 'table', head: ['指标', '数值'], rows: incidentFigureRows(f), widths: [3, 2] },
    { kind: 'h1', text: '四、预案职责时限执行情况' },
    f.duties.byDuty.length
      ? {
          kind: 'table',
          head: ['职责', '按时', '迟办', '超时未办', '未到期'],
          rows: f.duties.byDuty.map((x) => [
            x.title,
            String(x.on_time),
            String(x.late),
            String(x.missed),
            String(x.open),
          ]),
          widths: [8, 2, 2, 2, 2],
        }
      : { kind: 'p', text: '本月无到期的职责时限。' },
    { kind: 'h1', text: '五、问责情况' },
    f.findings.length
      ? {
          kind: 'table',
          head: ['类型', '件数', '认定', '说明免责', '不成立', '待审核'],
          rows: f.findings.map((x) => [
            FINDING_KIND_NAMES[x.kind] ?? x.kind,
            String(x.total),
            String(x.accepted),
            String(x.explained),
            String(x.dismissed),
            String(x.pending),
          ]),
          widths: [4, 2, 2, 2, 2, 2],
        }
      : { kind: 'p', text: '本月未产生问责意见。' },
  ];
  if (f.targets.length)
    blocks.push(
      { kind: 'h1', text: '六、目标完成情况' },
      {
        kind: 'table',
        head: ['目标', '要求', '本月', '是否达到'],
        rows: f.targets.map((t) => [
          t.title,
          `≥ ${t.atLeast}%`,
          t.actual === null ? '—' : `${t.actual}%`,
          t.met === null ? '无数据' : t.met ? '达到' : '未达到',
        ]),
        widths: [8, 3, 3, 3],
      },
    );
  blocks.push(
    { kind: 'h1', text: `${f.targets.length ? '七' : '六'}、本月登记的矛盾纠纷` },
    ...(ledger.length < d.registered
      ? [
          {
            kind: 'p' as const,
            text: `本月共登记 ${d.registered} 件，下表列出最早登记的 ${ledger.length} 件；全部台账可在台账页按登记日期导出。`,
          },
        ]
      : []),
    ledger.length
      ? {
          kind: 'table',
          head: ['序号', '登记日期', '简要情况', '责任单位', '化解进展', '是否化解'],
          rows: ledger.map((l, i) => [
            String(i + 1),
            l.registeredOn,
            l.summary,
            l.unit ?? '',
            l.progress ?? '',
            l.resolved ? '是' : '否',
          ]),
          widths: [2, 4, 9, 4, 6, 2],
        }
      : { kind: 'p', text: '本月未登记矛盾纠纷。' },
  );
  return {
    organ,
    title: `关于${month}矛盾纠纷排查化解和群体性事件处置情况的报告`,
    addressee: o.addressee,
    blocks,
    closing: '特此报告。',
    signature: { organ, date },
    record: { printer: organ, printed: date },
    fileName: safeFileName(`${organ}-${month}月报`),
  };
}
