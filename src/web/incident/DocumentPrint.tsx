import { useQuery } from '@tanstack/react-query';
import { Button, Space, Spin } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { DocBlock, OfficialDoc } from '../../core/documents/official.ts';
import { useApi } from '../app/api-context.tsx';
import { queryKeys } from '../app/query-keys.ts';
import { RECORD_SPACE, useFootGap } from './print-foot.ts';

export type DocumentKind = 'sitreps' | 'reviews' | 'findings';

function Block({ b }: { b: DocBlock }) {
  switch (b.kind) {
    case 'h1':
      return <p className="gw-heading">{b.text}</p>;
    case 'h2':
      return <p className="gw-heading2">{b.text}</p>;
    case 'p':
      return <p className="gw-body">{b.text}</p>;
    case 'table':
      return (
        <table className="gw-table">
          <thead>
            <tr>
              {b.head.map((h) => (
                <th key={h}>{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {b.rows.map((r, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a table's rows have no identity but their place
              <tr key={i}>
                {r.map((c, j) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a row's cells have no identity but their place
                  <td key={j}>{c}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      );
  }
}

/**
 * A document (公文) — a situation report, a review, a case's findings — for printing, as the
 * server drafts it (core/documents): A4 with the margins of GB/T 9704-2012 (top 37 mm, bottom 35,
 * left 28, right 26), body in 3号 仿宋 on 22 lines, title in 2号 小标宋, headings 一、 in 黑体,
 * the issuing organ's mark in red above a red rule, 发文字号 and 签发人 as an upward document gives
 * them, 紧急程度 at the top left, the 版记 at the foot, page numbers "— n —" at the foot of each
 * page (odd pages right, even pages left). The same document downloads as a Word file. The
 * official faces are named first; a machine without them falls back to free CJK faces.
 */
export default function DocumentPrint({
  kind,
  back = 'incidents',
}: {
  kind: DocumentKind;
  back?: 'incidents' | 'disputes';
}) {
  const api = useApi();
  const { t } = useTranslation();
  const { caseId = '', eventId = '' } = useParams();
  const id = kind === 'sitreps' ? eventId : caseId;
  const url = `/api/documents/${kind}/${id}`;
  const r = useQuery({
    queryKey: queryKeys.document(kind, id),
    queryFn: () => api.send<OfficialDoc>('GET', url),
  });
  const body = useRef<HTMLDivElement>(null);
  const record = useRef<HTMLElement>(null);
  const gap = useFootGap(body, record, r.data);
  if (!r.data) return <Spin />;
  const d = r.data;
  return (
    <div>
      <style>{PRINT_CSS}</style>
      <Space className="no-print" style={{ marginBottom: 12 }}>
        <Button type="primary" onClick={() => window.print()} data-testid="print">
          {t('print.print')}
        </Button>
        <Button href={`${url}?format=docx`} data-testid="docx">
          {t('print.docx')}
        </Button>
        <Link to={`/${back}/${caseId}`}>{t(back === 'disputes' ? 'print.backToDispute' : 'print.back')}</Link>
      </Space>
      <article className="gw" data-testid="official-document">
        <div ref={body}>
          {d.urgency && <div className="gw-urgency">{d.urgency}</div>}
          <div className="gw-mark">{d.organ}</div>
          <div className={d.signer ? 'gw-number-line' : 'gw-number-centre'}>
            <span>{d.number ?? ''}</span>
            {d.signer && (
              <span>
                签发人：<span className="gw-signer">{d.signer}</span>
              </span>
            )}
          </div>
          <hr className="gw-rule" />
          <h1 className="gw-title">{d.title}</h1>
          {d.addressee && <p className="gw-addressee">{d.addressee}：</p>}
          {d.blocks.map((b, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the document's parts in their order
            <Block key={i} b={b} />
          ))}
          {d.closing && <p className="gw-body gw-closing">{d.closing}</p>}
          {d.signature && (
            <div className="gw-sign">
              <div>{d.signature.organ}</div>
              <div>{d.signature.date}</div>
            </div>
          )}
          {d.note && <p className="gw-body">（{d.note}）</p>}
        </div>
        {d.record && (
          <footer className="gw-record" ref={record} style={{ marginTop: RECORD_SPACE + gap }}>
            {d.record.copyTo && (
              <>
                <hr className="gw-record-rule gw-record-first" />
                <div className="gw-record-line">抄送：{d.record.copyTo}。</div>
              </>
            )}
            <hr className={`gw-record-rule ${d.record.copyTo ? 'gw-record-thin' : 'gw-record-first'}`} />
            <div className="gw-record-line">
              <span>{d.record.printer}</span>
              <span>{d.record.printed}印发</span>
            </div>
            <hr className="gw-record-rule gw-record-first" />
          </footer>
        )}
      </article>
    </div>
  );
}

/** 3号 = 16 pt; 22 lines on 225 mm of type area: a line every 28.95 pt; 28 characters on 156 mm. */
const PRINT_CSS = `
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
@page :right { @bottom-right { content: '— ' counter(page) ' —'; font: 14pt '宋体', 'SimSun', 'Noto Serif CJK SC', serif; vertical-align: top; padding-top: 7mm; padding-right: 1em; } }
@page :left { @bottom-left { content: '— ' counter(page) ' —'; font: 14pt '宋体', 'SimSun', 'Noto Serif CJK SC', serif; vertical-align: top; padding-top: 7mm; padding-left: 1em; } }
.gw {
  width: 156mm; margin: 0 auto; background: #fff; color: #000; padding: 0;
  font-family: '仿宋_GB2312', 'FangSong_GB2312', 'FangSong', 'STFangsong', 'Noto Serif CJK SC', 'Source Han Serif SC', serif;
  font-size: 16pt; line-height: 28.95pt;
}
.gw p { margin: 0; orphans: 1; widows: 1; }
.gw-sign { break-inside: avoid; }
/* the signature never stands alone on a page: the closing line goes with it */
.gw-closing { break-after: avoid; }
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
.gw-heading2 { font-family: '楷体_GB2312', 'KaiTi_GB2312', 'KaiTi', 'STKaiti', 'AR PL UKai CN', serif; text-indent: 2em; }
.gw-number-centre { text-align: center; margin-top: 14pt; }
.gw-table { width: 100%; border-collapse: collapse; font-size: 12pt; line-height: 18pt; margin: 4pt 0; }
.gw-table th, .gw-table td { border: 0.5pt solid #000; padding: 1pt 3pt; vertical-align: top; }
.gw-table th { font-family: '黑体', 'SimHei', 'Noto Sans CJK SC', sans-serif; font-weight: normal; }
.gw-body { text-indent: 2em; text-align: justify; white-space: pre-line; }
.gw-sign { text-align: right; margin-top: 28.95pt; padding-right: 4em; }
.gw-record { font-size: 14pt; line-height: 24pt; break-inside: avoid; }
.gw-record-rule { border: none; border-top: 0.35mm solid #000; margin: 0; }
.gw-record-first { border-top-width: 0.5mm; }
.gw-record-thin { border-top-width: 0.25mm; }
.gw-record-line { display: flex; justify-content: space-between; padding: 0 1em; }
@media print {
  .no-print, .ant-layout-header { display: none !important; }
  html, body, body * { background: transparent !important; }
  .ant-layout, .ant-layout-content, body { padding: 0 !important; margin: 0 !important; min-height: 0 !important; }
}
@media screen { .gw { box-shadow: 0 0 0 1px #ddd; padding: 37mm 26mm 35mm 28mm; width: 210mm; box-sizing: border-box; } }
`;
