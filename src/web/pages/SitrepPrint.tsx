import { useQuery } from '@tanstack/react-query';
import { Button, Space, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { SitrepDocument } from '../../core/api/sitreps.ts';
import { api } from '../api.ts';
import { beijing } from '../time.ts';

/** The report's fields in the order 002 五(二) gives them, under the headings a report uses. */
const SECTIONS: { heading: string; fields: string[] }[] = [
  { heading: '基本情况', fields: ['time', 'place', 'source', 'scene'] },
  { heading: '事件经过', fields: ['course', 'participants', 'onlookers', 'casualties', 'propertyLoss'] },
  { heading: '事件原因', fields: ['cause'] },
  { heading: '发展趋势', fields: ['trend'] },
  { heading: '已采取的措施及下一步工作', fields: ['measures', 'nextSteps'] },
  { heading: '其他事项', fields: ['other'] },
];
const NUMERALS = ['一', '二', '三', '四', '五', '六'];
const KIND = { initial: '首报', update: '续报', final: '终报' } as Record<string, string>;
const URGENCY = { urgent: '加急', extra_urgent: '特急' } as Record<string, string>;

/** 2026年12月7日: a date as a document writes it. */
function chineseDate(instant: string): string {
  const d = beijing(instant, 'YYYY-M-D').split('-');
  return `${d[0]}年${d[1]}月${d[2]}日`;
}

/**
 * A situation report as the document (公文) an office sends upward, for printing: A4 with the
 * margins of GB/T 9704-2012 (top 37 mm, bottom 35, left 28, right 26), body in 3号 仿宋 on 22 lines,
 * title in 2号 小标宋, headings 一、 in 黑体, the issuing organ's mark in red above a red rule,
 * 发文字号 and 签发人 as an upward document gives them, 紧急程度 at the top left, the 版记 at the foot.
 * The official faces are named first; a machine without them falls back to free CJK faces.
 */
export default function SitrepPrint() {
  const { t } = useTranslation();
  const { caseId = '', eventId = '' } = useParams();
  const r = useQuery({
    queryKey: ['sitrep', eventId],
    queryFn: () => api<SitrepDocument>('GET', `/api/sitreps/${eventId}`),
  });
  if (!r.data) return <Spin />;
  const s = r.data;
  const doc = s.document;
  const issuer = doc.issuer ?? `${s.from.name ?? ''}`;
  const addressee = [s.toOffice, s.to.name].filter(Boolean)[0] ?? '';
  const text = (f: string) => {
    const v = s.fields[f];
    if (v === undefined || String(v).trim() === '') return undefined;
    const label = t(`fields.${f}`, { defaultValue: f });
    return f === 'participants' || f === 'onlookers' ? `${label}约 ${v} 人。` : `${label}：${String(v)}`;
  };
  const sections = SECTIONS.map((x) => ({
    ...x,
    lines: x.fields.map(text).filter((l) => l !== undefined),
  })).filter((x) => x.lines.length > 0);
  return (
    <div>
      <style>{PRINT_CSS}</style>
      <Space className="no-print" style={{ marginBottom: 12 }}>
        <Button type="primary" onClick={() => window.print()} data-testid="print">
          {t('print.print')}
        </Button>
        <Link to={`/incidents/${caseId}`}>{t('print.back')}</Link>
      </Space>
      <article className="gw" data-testid="sitrep-document">
        {doc.urgency && <div className="gw-urgency">{URGENCY[doc.urgency]}</div>}
        <div className="gw-mark">{issuer}</div>
        <div className="gw-number-line">
          <span>{doc.number ?? ''}</span>
          {doc.signer && (
            <span>
              签发人：<span className="gw-signer">{doc.signer}</span>
            </span>
          )}
        </div>
        <hr className="gw-rule" />
        <h1 className="gw-title">
          关于{s.title}的{KIND[s.kind] ?? '情况报告'}
        </h1>
        <p className="gw-addressee">{addressee}：</p>
        {sections.map((x, i) => (
          <section key={x.heading}>
            <p className="gw-heading">
              {NUMERALS[i]}、{x.heading}
            </p>
            {x.lines.map((l) => (
              <p key={l} className="gw-body">
                {l}
              </p>
            ))}
          </section>
        ))}
        <p className="gw-body">特此报告。</p>
        <div className="gw-sign">
          <div>{issuer}</div>
          <div>{chineseDate(s.sentAt)}</div>
        </div>
        <footer className="gw-record">
          <hr className="gw-record-rule gw-record-first" />
          <div className="gw-record-line">
            <span>{issuer}</span>
            <span>{chineseDate(s.sentAt)}印发</span>
          </div>
          <hr className="gw-record-rule" />
        </footer>
      </article>
    </div>
  );
}

/** 3号 = 16 pt; 22 lines on 225 mm of type area: a line every 28.95 pt; 28 characters on 156 mm. */
const PRINT_CSS = `
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
.gw {
  width: 156mm; margin: 0 auto; background: #fff; color: #000; padding: 0;
  font-family: '仿宋_GB2312', 'FangSong_GB2312', 'FangSong', 'STFangsong', 'Noto Serif CJK SC', 'Source Han Serif SC', serif;
  font-size: 16pt; line-height: 28.95pt;
}
.gw p { margin: 0; }
.gw-urgency { font-family: '黑体', 'SimHei', 'Noto Sans CJK SC', sans-serif; font-size: 16pt; }
.gw-mark {
  color: #c00; text-align: center; font-size: 30pt; line-height: 1.4; letter-spacing: 2pt;
  font-family: '方正小标宋简体', 'FZXiaoBiaoSong-B05S', 'Noto Serif CJK SC', 'Source Han Serif SC', serif;
  margin-top: 0;
}
.gw-number-line { display: flex; justify-content: space-between; padding: 0 16pt; margin-top: 14pt; }
.gw-signer { font-family: '楷体_GB2312', 'KaiTi_GB2312', 'KaiTi', 'STKaiti', 'AR PL UKai CN', serif; }
.gw-rule { border: none; border-top: 1.5pt solid #c00; margin: 4pt 0 14pt; }
.gw-title {
  text-align: center; font-size: 22pt; line-height: 33pt; font-weight: normal; margin: 0 0 14pt;
  font-family: '方正小标宋简体', 'FZXiaoBiaoSong-B05S', 'Noto Serif CJK SC', 'Source Han Serif SC', serif;
}
.gw-heading { font-family: '黑体', 'SimHei', 'Noto Sans CJK SC', sans-serif; text-indent: 2em; }
.gw-body { text-indent: 2em; text-align: justify; }
.gw-sign { text-align: right; margin-top: 28.95pt; padding-right: 4em; }
.gw-record { margin-top: 28.95pt; font-size: 14pt; line-height: 24pt; break-inside: avoid; }
.gw-record-rule { border: none; border-top: 0.35mm solid #000; margin: 0; }
.gw-record-first { border-top-width: 0.5mm; }
.gw-record-line { display: flex; justify-content: space-between; padding: 0 1em; }
@media print {
  .no-print, .ant-layout-header { display: none !important; }
  html, body, body * { background: transparent !important; }
  .ant-layout, .ant-layout-content, body { padding: 0 !important; margin: 0 !important; min-height: 0 !important; }
}
@media screen { .gw { box-shadow: 0 0 0 1px #ddd; padding: 37mm 26mm 35mm 28mm; width: 210mm; box-sizing: border-box; } }
`;
