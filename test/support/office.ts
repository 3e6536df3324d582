import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A Word file opened by the real consumer: LibreOffice converts it to PDF, poppler reads the PDF
 * back (page size, each word's box, each page as PNG). The official faces a .docx names
 * (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312, 宋体) are not on this machine; a fontconfig file of
 * the test's own maps them to free faces (Fandol from texlive-lang-chinese, AR PL UKai and
 * WenQuanYi for characters Fandol lacks), as an office without them would substitute.
 */

const FANDOL = '/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol';

const MAP: Record<string, string[]> = {
  方正小标宋简体: ['FandolSong', 'AR PL UMing CN', 'WenQuanYi Zen Hei'],
  仿宋_GB2312: ['FandolFang', 'AR PL UKai CN', 'WenQuanYi Zen Hei'],
  黑体: ['FandolHei', 'WenQuanYi Zen Hei'],
  楷体_GB2312: ['FandolKai', 'AR PL UKai CN', 'WenQuanYi Zen Hei'],
  宋体: ['FandolSong', 'AR PL UMing CN', 'WenQuanYi Zen Hei'],
  'Times New Roman': ['Liberation Serif', 'DejaVu Serif'],
};

function fontsConf(dir: string): string {
  const file = join(dir, 'fonts.conf');
  const aliases = Object.entries(MAP)
    .map(
      ([from, to]) =>
        `  <alias binding="same"><family>${from}</family><prefer>${to.map((f) => `<family>${f}</family>`).join('')}</prefer></alias>`,
    )
    .join('\n');
  writeFileSync(
    file,
    `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>${FANDOL}</dir>
  <cachedir>${join(dir, 'fc-cache')}</cachedir>
${aliases}
</fontconfig>
`,
  );
  return file;
}

export function missingTools(): string[] {
  const has = (c: string) => spawnSync('sh', ['-c', `command -v ${c}`]).status === 0;
  const out: string[] = [];
  if (!has('soffice')) out.push('libreoffice-writer-nogui');
  if (!has('pdftotext')) out.push('poppler-utils');
  if (!existsSync(FANDOL)) out.push('texlive-lang-chinese');
  return out;
}

export interface Word {
  page: number;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  text: string;
}

export interface Rendered {
  dir: string;
  pdf: string;
  /** each page's size in points */
  pages: { width: number; height: number }[];
  words: Word[];
  text: string;
}

/** Converts a .docx to PDF with LibreOffice headless and reads it back with poppler. */
export function renderDocx(docx: Buffer, name = 'document'): Rendered {
  const dir = mkdtempSync(join(tmpdir(), 'huajie-docx-'));
  const src = join(dir, `${name}.docx`);
  writeFileSync(src, docx);
  const conf = fontsConf(dir);
  mkdirSync(join(dir, 'out'));
  const run = spawnSync(
    'soffice',
    [
      `-env:UserInstallation=file://${join(dir, 'profile')}`,
      '--headless',
      '--norestore',
      '--convert-to',
      'pdf:writer_pdf_Export',
      '--outdir',
      join(dir, 'out'),
      src,
    ],
    { encoding: 'utf8', timeout: 150_000, env: { ...process.env, FONTCONFIG_FILE: conf } },
  );
  if (run.status !== 0) throw new Error(`soffice failed (${run.status}): ${run.stdout}\n${run.stderr}`);
  const pdf = join(dir, 'out', `${name}.pdf`);
  if (!existsSync(pdf)) throw new Error(`soffice wrote no PDF: ${readdirSync(join(dir, 'out')).join(', ')}`);
  const info = spawnSync('pdfinfo', ['-f', '1', '-l', '99', pdf], { encoding: 'utf8' }).stdout;
  const pages = [...info.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((m) => ({
    width: Number(m[1]),
    height: Number(m[2]),
  }));
  const bbox = spawnSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 }).stdout;
  const words: Word[] = [];
  let page = 0;
  for (const line of bbox.split('\n')) {
    if (line.includes('<page ')) page++;
    const m = line.match(
      /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/,
    );
    if (m)
      words.push({
        page,
        xMin: Number(m[1]),
        yMin: Number(m[2]),
        xMax: Number(m[3]),
        yMax: Number(m[4]),
        text: m[5] ?? '',
      });
  }
  const text = spawnSync('pdftotext', ['-layout', pdf, '-'], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  }).stdout;
  return { dir, pdf, pages, words, text };
}

/** Page `page` of the PDF as a PNG at `dpi`, written to `file`. */
export function pagePng(pdf: string, page: number, file: string, dpi = 80): void {
  const base = file.replace(/\.png$/, '');
  const r = spawnSync('pdftoppm', [
    '-png',
    '-r',
    String(dpi),
    '-f',
    String(page),
    '-l',
    String(page),
    '-singlefile',
    pdf,
    base,
  ]);
  if (r.status !== 0) throw new Error(`pdftoppm failed: ${r.stderr}`);
}

/** The lines of a page: words grouped by their baseline (yMax), top to bottom. */
export function linesOf(
  words: readonly Word[],
  page: number,
): { y: number; xMin: number; xMax: number; text: string }[] {
  const lines: { y: number; xMin: number; xMax: number; text: string }[] = [];
  for (const w of words.filter((x) => x.page === page).sort((a, b) => a.yMax - b.yMax || a.xMin - b.xMin)) {
    const l = lines.find((x) => Math.abs(x.y - w.yMax) < 3);
    if (l) {
      l.xMin = Math.min(l.xMin, w.xMin);
      l.xMax = Math.max(l.xMax, w.xMax);
      l.text += w.text;
    } else lines.push({ y: w.yMax, xMin: w.xMin, xMax: w.xMax, text: w.text });
  }
  return lines.sort((a, b) => a.y - b.y);
}

export const PT_PER_MM = 72 / 25.4;
