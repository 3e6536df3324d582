import { z } from 'zod';

/**
 * A document (公文) as an office sends it, in the parts GB/T 9704-2012 names: the 版头 (urgency,
 * the issuing organ's mark, 发文字号 and for an upward document 签发人, the red rule), the 主体
 * (title, addressee, body, signature and date, 附注) and the 版记 (抄送, 印发机关 and 印发日期).
 * One model, rendered twice: as a Word file (server/documents/docx.ts) and as a print view in the
 * browser (web/incident/DocumentPrint.tsx). Documents are written in Chinese whatever the interface
 * language, as offices send them.
 */

export const DocBlock = z.discriminatedUnion('kind', [
  /** 一、 heading (黑体) */
  z.object({ kind: z.literal('h1'), text: z.string() }),
  /** （一） heading (楷体) */
  z.object({ kind: z.literal('h2'), text: z.string() }),
  /** a body paragraph, first line indented two characters */
  z.object({ kind: z.literal('p'), text: z.string() }),
  /** a table: its header row and its rows */
  z.object({
    kind: z.literal('table'),
    head: z.array(z.string()),
    rows: z.array(z.array(z.string())),
    /** each column's share of the width, else as its entries ask */
    widths: z.array(z.number().positive()).optional(),
  }),
]);
export type DocBlock = z.infer<typeof DocBlock>;

export const OfficialDoc = z
  .object({
    /** 紧急程度: 特急 / 加急 */
    urgency: z.string().optional(),
    /** 发文机关标志: the organ's name as its mark */
    organ: z.string(),
    /** 发文字号, e.g. 示政报〔2026〕3号 */
    number: z.string().optional(),
    /** 签发人 of an upward document */
    signer: z.string().optional(),
    title: z.string(),
    /** 主送机关 */
    addressee: z.string().optional(),
    blocks: z.array(DocBlock),
    /** 特此报告。 and the like, after the body */
    closing: z.string().optional(),
    /** 发文机关署名 and 成文日期 */
    signature: z.object({ organ: z.string(), date: z.string() }).optional(),
    /** 附注 */
    note: z.string().optional(),
    /** 版记: 抄送机关, 印发机关 and 印发日期 */
    record: z.object({ copyTo: z.string().optional(), printer: z.string(), printed: z.string() }).optional(),
    /** the file name offered for the Word file, without extension */
    fileName: z.string(),
  })
  .meta({ id: 'OfficialDoc', description: 'A document (公文) in the parts of GB/T 9704-2012.' });
export type OfficialDoc = z.infer<typeof OfficialDoc>;

/** 2026年12月7日: an instant's date in China, as a document writes it. */
export function chineseDate(instant: string | Date): string {
  const d = new Date((typeof instant === 'string' ? Date.parse(instant) : instant.getTime()) + 8 * 3_600_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

/** 12月7日 14:05: an instant in China, as a document's course of events writes it. */
export function chineseTime(instant: string): string {
  const d = new Date(Date.parse(instant) + 8 * 3_600_000);
  const hm = d.toISOString().slice(11, 16);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${hm}`;
}

export const NUMERALS = [
  '一',
  '二',
  '三',
  '四',
  '五',
  '六',
  '七',
  '八',
  '九',
  '十',
  '十一',
  '十二',
  '十三',
  '十四',
  '十五',
] as const;

/**
 * Text in the shape the review drafts and authors keep (a heading "一、…" on its own line, then its
 * lines; "（一）…" for a sub-heading; blank lines between sections) as blocks of a document.
 */
export function blocksOfText(text: string): DocBlock[] {
  const blocks: DocBlock[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    if (/^[一二三四五六七八九十]+、/.test(line)) blocks.push({ kind: 'h1', text: line });
    else if (/^（[一二三四五六七八九十]+）/.test(line)) blocks.push({ kind: 'h2', text: line });
    else blocks.push({ kind: 'p', text: line });
  }
  return blocks;
}

/** A file name without the characters file systems refuse. */
export function safeFileName(name: string): string {
  // cut by characters, never inside a surrogate pair (an emoji), which no URL can encode
  return [...name.replace(/[\\/:*?"<>|\n\r\t]+/g, ' ')]
    .filter((c) => c.length > 1 || c < '\uD800' || c > '\uDFFF')
    .slice(0, 120)
    .join('');
}

/** A Content-Disposition for an attachment named in Chinese (RFC 6266 / 5987), with an ASCII fallback. */
export function attachment(base: string, ext: string, ascii: string): string {
  const encoded = encodeURIComponent(`${safeFileName(base)}${ext}`).replace(
    /['()*!]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
