import type { SitrepDocument } from '../api/sitreps.ts';
import { chineseDate, NUMERALS, type OfficialDoc, safeFileName } from './official.ts';

/** The report's fields in the order 002 五(二) gives them, under the headings a report uses. */
export const SITREP_SECTIONS: readonly { heading: string; fields: readonly string[] }[] = [
  { heading: '基本情况', fields: ['time', 'place', 'source', 'scene'] },
  { heading: '事件经过', fields: ['course', 'participants', 'onlookers', 'casualties', 'propertyLoss'] },
  { heading: '事件原因', fields: ['cause'] },
  { heading: '发展趋势', fields: ['trend'] },
  { heading: '已采取的措施及下一步工作', fields: ['measures', 'nextSteps'] },
  { heading: '其他事项', fields: ['other'] },
];

/** Each field's name as a report writes it. */
export const SITREP_FIELD_LABELS: Readonly<Record<string, string>> = {
  time: '时间',
  place: '地点',
  source: '信息来源',
  scene: '现场情况',
  course: '事件经过',
  participants: '参与人数',
  onlookers: '围观人数',
  casualties: '伤亡情况',
  propertyLoss: '财产损失',
  cause: '起因',
  trend: '发展趋势',
  measures: '已采取的措施',
  nextSteps: '下一步工作',
  other: '其他',
};

export const SITREP_KIND_NAMES: Readonly<Record<string, string>> = {
  initial: '首报',
  update: '续报',
  final: '终报',
};
export const URGENCY_NAMES: Readonly<Record<string, string>> = { urgent: '加急', extra_urgent: '特急' };

/**
 * A situation report (初报、续报、终报) as the document its office sends upward: every field of
 * 002 五(二) under its heading, the issuing office's mark, 发文字号, 签发人, 紧急程度, the addressee,
 * and the 版记 with the office and the date it went out.
 */
export function sitrepDoc(s: SitrepDocument): OfficialDoc {
  const issuer = s.document.issuer ?? s.from.name ?? '';
  const addressee = s.toOffice ?? s.to.name ?? '';
  const line = (f: string): string | undefined => {
    const v = s.fields[f];
    if (v === undefined || String(v).trim() === '') return undefined;
    const label = SITREP_FIELD_LABELS[f] ?? f;
    return f === 'participants' || f === 'onlookers' ? `${label}约 ${v} 人。` : `${label}：${String(v)}`;
  };
  const sections = SITREP_SECTIONS.map((x) => ({
    heading: x.heading,
    lines: x.fields.map(line).filter((l): l is string => l !== undefined),
  })).filter((x) => x.lines.length > 0);
  const kind = SITREP_KIND_NAMES[s.kind] ?? '情况报告';
  const date = chineseDate(s.sentAt);
  return {
    urgency: s.document.urgency ? URGENCY_NAMES[s.document.urgency] : undefined,
    organ: issuer,
    number: s.document.number,
    signer: s.document.signer,
    title: `关于${s.title}的${kind}`,
    addressee: addressee || undefined,
    blocks: sections.flatMap((x, i) => [
      { kind: 'h1' as const, text: `${NUMERALS[i]}、${x.heading}` },
      ...x.lines.map((text) => ({ kind: 'p' as const, text })),
    ]),
    closing: '特此报告。',
    signature: { organ: issuer, date },
    record: { printer: issuer, printed: date },
    fileName: safeFileName(`${kind}-${s.title}-${date}`),
  };
}
