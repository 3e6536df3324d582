import {
  AlignmentType,
  BorderStyle,
  Document,
  DocumentGridType,
  Footer,
  FrameAnchorType,
  FrameWrap,
  HeightRule,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  type ParagraphChild,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  WidthType,
} from 'docx';
import type { DocBlock, OfficialDoc } from '../../core/documents/official.ts';

/**
 * A document (core/documents) as a Word file in the layout of GB/T 9704-2012 《党政机关公文格式》:
 * A4; margins top 37 mm, bottom 35, left 28, right 26 (a type area of 156 × 225 mm); body in 3号
 * (16 pt) 仿宋 on 22 lines × 28 characters (lines at an exact pitch of 28.95 pt, characters drawn
 * 0.25 pt closer, so LibreOffice lays them out as Word does); the title in 2号 小标宋; headings 一、 in 黑体 and （一）
 * in 楷体; the organ's mark in red over a red rule; 发文字号 with 〔〕 (and 签发人 for an upward
 * document); page numbers "— n —" in 4号 宋体, odd pages right and even pages left, each a
 * character in from the edge; the 版记 between its rules at the foot of the last page.
 *
 * The faces are named as offices' machines have them (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312,
 * 宋体, with Times New Roman for Latin letters and digits); a machine without them substitutes.
 */

const mm = (x: number) => Math.round((x * 1440) / 25.4);

export const PAGE = {
  width: mm(210),
  height: mm(297),
  top: mm(37),
  bottom: mm(35),
  left: mm(28),
  right: mm(26),
} as const;
/** the type area's width: 156 mm */
const AREA = PAGE.width - PAGE.left - PAGE.right;
/** the type area's height: 225 mm */
const AREA_HEIGHT = PAGE.height - PAGE.top - PAGE.bottom;
/** a line of the 版记 */
const RECORD_ROW = 560;
/** 22 lines on 225 mm: a line every 28.95 pt */
export const LINE_PITCH = 579;
/**
 * 28 characters on 156 mm: 15.79 pt a character against the 16 pt font. Word would take this from
 * a grid of lines and characters (charSpace about −850), but LibreOffice gives each character of a
 * 16 pt font two cells of a 15.79 pt grid; so the grid holds the lines and each 3号 run is drawn
 * 0.25 pt closer (w:spacing −5), which both lay out as 28 to the line.
 */
const CHAR_SQUEEZE = -5;
/** one character of the body, in twips: 3号 = 16 pt */
const CHAR = 320;

export const FONTS = {
  title: '方正小标宋简体',
  body: '仿宋_GB2312',
  hei: '黑体',
  kai: '楷体_GB2312',
  song: '宋体',
  latin: 'Times New Roman',
} as const;

const face = (eastAsia: string) => ({ ascii: FONTS.latin, hAnsi: FONTS.latin, eastAsia, cs: FONTS.latin });
const RED = 'FF0000';

/** A run of text in a face and size (points). */
function run(text: string, eastAsia: string, pt: number, extra: { color?: string } = {}): TextRun {
  return new TextRun({
    text,
    font: face(eastAsia),
    size: pt * 2,
    ...(pt === 16 ? { characterSpacing: CHAR_SQUEEZE } : {}),
    ...extra,
  });
}

/** A line on the grid: exact spacing, so every line takes one pitch. */
const exact = (lines = 1, before = 0) => ({
  line: LINE_PITCH * lines,
  lineRule: LineRuleType.EXACT,
  before: LINE_PITCH * before,
  after: 0,
});

function bodyParagraph(text: string, eastAsia: string = FONTS.body, keepNext = false): Paragraph {
  return new Paragraph({
    keepNext,
    // every page of body full to its 22 lines: no line carried over to spare a widow
    widowControl: false,
    children: [run(text, eastAsia, 16)],
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: CHAR * 2 },
    spacing: exact(),
  });
}

/** A table of the body: 仿宋 小四 with a thin rule round every cell, its header row in 黑体. */
function table(head: string[], rows: string[][], shares?: number[]): Table {
  const cols = head.length;
  // each column as the table shares it out, else as wide as its longest entry asks, within bounds
  const want =
    shares ??
    head.map((h, i) =>
      Math.min(14, Math.max(3, h.length, ...rows.map((r) => Math.min(14, (r[i] ?? '').length)))),
    );
  const total = want.reduce((a, b) => a + b, 0);
  const widths = want.map((w) => Math.floor((AREA * w) / total));
  const cell = (text: string, i: number, header: boolean) =>
    new TableCell({
      width: { size: widths[i] ?? 0, type: WidthType.DXA },
      margins: { left: 60, right: 60, top: 20, bottom: 20 },
      children: text.split('\n').map(
        (t) =>
          new Paragraph({
            children: [run(t, header ? FONTS.hei : FONTS.body, 12)],
            alignment: header ? AlignmentType.CENTER : AlignmentType.LEFT,
            spacing: { line: 360, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
          }),
      ),
    });
  return new Table({
    width: { size: AREA, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    rows: [
      new TableRow({ tableHeader: true, children: head.map((h, i) => cell(h, i, true)) }),
      ...rows.map(
        (r) =>
          new TableRow({
            cantSplit: true,
            children: Array.from({ length: cols }, (_, i) => cell(r[i] ?? '', i, false)),
          }),
      ),
    ],
  });
}

/** A paragraph's lines (a field written on several lines), blank ones dropped. */
const textLines = (text: string) => {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  return lines.length ? lines : [''];
};

/** A block as Word paragraphs: a paragraph of several lines as one paragraph each. */
function block(b: DocBlock, keepLast = false): (Paragraph | Table)[] {
  switch (b.kind) {
    case 'h1':
      return [bodyParagraph(b.text, FONTS.hei)];
    case 'h2':
      return [bodyParagraph(b.text, FONTS.kai)];
    case 'p': {
      const lines = textLines(b.text);
      return lines.map((l, i) => bodyParagraph(l, FONTS.body, keepLast && i === lines.length - 1));
    }
    case 'table':
      return [table(b.head, b.rows, b.widths)];
  }
}

/** The organ's mark: as large as fits the type area's width, at most 小初 (36 pt)… */
function markSize(organ: string): number {
  const fit = Math.floor((AREA / 20) * 0.95) / Math.max(1, [...organ].length);
  return Math.max(22, Math.min(36, Math.floor(fit)));
}

/**
 * The 版记: 抄送 and 印发 between rules, the first and last thicker, in a frame at the foot of the
 * type area of the last page (the body flows above it).
 */
function record(r: NonNullable<OfficialDoc['record']>): Paragraph[] {
  const thick = { style: BorderStyle.SINGLE, size: 8, color: '000000', space: 3 };
  const thin = { style: BorderStyle.SINGLE, size: 5, color: '000000', space: 3 };
  const lines: ParagraphChild[][] = [];
  if (r.copyTo) lines.push([run(`抄送：${r.copyTo}。`, FONTS.body, 14)]);
  lines.push([
    run(r.printer, FONTS.body, 14),
    new TextRun({ text: '\t' }),
    run(`${r.printed}印发`, FONTS.body, 14),
  ]);
  // each line a frame of its own at a set height from the top of the type area, the last ending
  // at its foot (frames stacked by alignment are not kept together by every word processor)
  return lines.map(
    (children, i) =>
      new Paragraph({
        frame: {
          type: 'absolute',
          position: { x: 0, y: AREA_HEIGHT - (lines.length - i) * RECORD_ROW },
          anchor: { horizontal: FrameAnchorType.MARGIN, vertical: FrameAnchorType.MARGIN },
          width: AREA,
          height: RECORD_ROW,
          rule: HeightRule.EXACT,
          wrap: FrameWrap.NOT_BESIDE,
        },
        children,
        border: {
          ...(i === 0 ? { top: thick } : {}),
          bottom: i === lines.length - 1 ? thick : thin,
        },
        indent: { left: 280, right: 280 },
        tabStops: [{ type: TabStopType.RIGHT, position: AREA - 280 }],
        spacing: { line: RECORD_ROW - 160, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
      }),
  );
}

/** "— n —" in 4号 宋体: odd pages on the right, even pages on the left, a character in from the edge. */
function pageNumber(odd: boolean): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: odd ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: odd ? { right: 280 } : { left: 280 },
        children: [
          new TextRun({
            children: ['— ', PageNumber.CURRENT, ' —'],
            font: face(FONTS.song),
            size: 28,
          }),
        ],
      }),
    ],
  });
}

/** The head of the document (版头): urgency, the red mark, 发文字号 (and 签发人), the red rule. */
function head(d: OfficialDoc): Paragraph[] {
  const out: Paragraph[] = [];
  out.push(
    new Paragraph({
      children: d.urgency ? [run(d.urgency, FONTS.hei, 16)] : [],
      spacing: exact(),
    }),
  );
  const size = markSize(d.organ);
  out.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { line: Math.round(size * 20 * 1.4), lineRule: LineRuleType.EXACT, before: 0, after: 0 },
      children: [run(d.organ, FONTS.title, size, { color: RED })],
    }),
  );
  // 发文字号 two lines below the mark; an upward document puts it on the left and 签发人 on the right
  const rule = { bottom: { style: BorderStyle.SINGLE, size: 12, color: RED, space: 11 } };
  out.push(
    new Paragraph({
      alignment: d.signer ? AlignmentType.LEFT : AlignmentType.CENTER,
      indent: d.signer ? { left: CHAR, right: CHAR } : undefined,
      tabStops: d.signer ? [{ type: TabStopType.RIGHT, position: AREA - CHAR * 2 }] : undefined,
      spacing: exact(1, 2),
      border: rule,
      children: [
        run(d.number ?? '', FONTS.body, 16),
        ...(d.signer
          ? [new TextRun({ text: '\t' }), run('签发人：', FONTS.body, 16), run(d.signer, FONTS.kai, 16)]
          : []),
      ],
    }),
  );
  return out;
}

/** The document as a Word file. */
export async function officialDocx(d: OfficialDoc): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [...head(d)];
  // the title two lines below the rule, in lines of 2号 小标宋
  children.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { line: 700, lineRule: LineRuleType.EXACT, before: LINE_PITCH * 2, after: 0 },
      children: [run(d.title, FONTS.title, 22)],
    }),
  );
  // the addressee a line below the title, flush left
  children.push(
    new Paragraph({
      spacing: exact(1, 1),
      children: d.addressee ? [run(`${d.addressee}：`, FONTS.body, 16)] : [],
    }),
  );
  d.blocks.forEach((b, i) => {
    // without closing words the last paragraph goes with the signature instead
    const last = i === d.blocks.length - 1 && !d.closing && d.signature !== undefined;
    const parts = block(b);
    // the last line of the last paragraph keeps with what follows
    if (last && b.kind === 'p')
      parts.splice(-1, 1, bodyParagraph(b.text.split('\n').at(-1) ?? '', FONTS.body, true));
    children.push(...parts);
  });
  // the closing words go with the signature: a signature never stands alone on a page
  if (d.closing) children.push(bodyParagraph(d.closing, FONTS.body, d.signature !== undefined));
  // the 版记's frames are anchored to the paragraph after them: the signature's, so they come to
  // the foot of the page it ends on without a line of their own
  if (d.record) children.push(...record(d.record));
  if (d.signature) {
    const dateLen = [...d.signature.date].length;
    const organLen = [...d.signature.organ].length;
    const centre = Math.max(0, Math.round(((dateLen - organLen) / 2) * CHAR));
    children.push(
      new Paragraph({
        alignment: AlignmentType.RIGHT,
        indent: { right: CHAR * 4 + centre },
        keepNext: true,
        spacing: exact(1, 1),
        children: [run(d.signature.organ, FONTS.body, 16)],
      }),
      new Paragraph({
        alignment: AlignmentType.RIGHT,
        indent: { right: CHAR * 4 },
        spacing: exact(),
        children: [run(d.signature.date, FONTS.body, 16)],
      }),
    );
  }
  if (d.note) children.push(bodyParagraph(`（${d.note}）`));
  if (d.record && !d.signature && !d.note) children.push(new Paragraph({ spacing: exact(), children: [] }));
  const doc = new Document({
    creator: d.signature?.organ ?? d.organ,
    title: d.title,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: { font: face(FONTS.body), size: 32 },
          paragraph: { spacing: exact() },
        },
      },
      // the grid's character pitch is reckoned from the Normal style's own size (LibreOffice
      // reads it there, not from the defaults): 16 pt
      paragraphStyles: [
        {
          id: 'Normal',
          name: 'Normal',
          quickFormat: true,
          run: { font: face(FONTS.body), size: 32 },
          paragraph: { spacing: exact() },
        },
      ],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: {
              top: PAGE.top,
              bottom: PAGE.bottom,
              left: PAGE.left,
              right: PAGE.right,
              header: mm(15),
              // the page number's 一字线 7 mm below the type area
              footer: mm(22),
            },
          },
          // the lines are held by their exact spacing; a grid of lines would also snap the tables'
          // smaller lines to 28.95 pt in LibreOffice, where Word leaves exact lines off the grid
          grid: { type: DocumentGridType.DEFAULT, linePitch: LINE_PITCH },
        },
        footers: { default: pageNumber(true), even: pageNumber(false) },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
