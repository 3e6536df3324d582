import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';

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

/** points to millimetres */
export const mm = (pt: number) => pt / PT_PER_MM;
/** pdftotext sets Latin letters and digits apart from Chinese with spaces */
export const flat = (t: string) => t.replace(/\s+/g, '');

/** A4; the type area's margins within 1 mm; "— 1 —" at the foot of page 1. */
export function expectLayout(r: Rendered, what: string) {
  for (const p of r.pages) {
    expect(Math.abs(mm(p.width) - 210), what).toBeLessThan(1);
    expect(Math.abs(mm(p.height) - 297), what).toBeLessThan(1);
  }
  const body = r.words.filter((w) => w.page === 1 && mm(w.yMax) < 262);
  expect(Math.abs(mm(Math.min(...body.map((w) => w.xMin))) - 28), `${what}: left margin`).toBeLessThan(1);
  const numbers = linesOf(r.words, 1).filter((l) => mm(l.y) > 262);
  expect(
    numbers.map((l) => l.text),
    what,
  ).toEqual(['—1—']);
  // odd pages on the right, a character in from the type area's edge (210 − 26 − 4.9 mm)
  expect(Math.abs(mm(numbers[0]?.xMax ?? 0) - 179.1), what).toBeLessThan(1);
  expect(r.text).toMatch(/— ?1 ?—/);
}

/**
 * Every page between the first and the last is full: 22 lines, the first at the top margin and
 * the last at the bottom one, from 28 mm to 184 mm; a line of Chinese alone holds 28 characters.
 */
export function expectFullPages(r: Rendered, what: string) {
  expect(r.pages.length, `${what}: a page between the first and the last`).toBeGreaterThanOrEqual(3);
  const chinese: string[] = [];
  for (let page = 2; page < r.pages.length; page++) {
    const on = `${what}, page ${page}`;
    const lines = linesOf(r.words, page).filter((l) => mm(l.y) < 265);
    expect(lines, on).toHaveLength(22);
    // even pages number on the left, a character in from the type area's edge (28 + 4.9 mm)
    const number = linesOf(r.words, page).filter((l) => mm(l.y) > 265);
    expect(
      number.map((l) => l.text),
      on,
    ).toEqual([`—${page}—`]);
    const [n] = number;
    const first = lines[0];
    const last = lines.at(-1);
    if (!n || !first || !last) throw new Error(`${on}: no page number or no lines`);
    // odd pages right (210 − 26 − 4.9 mm), even pages left (28 + 4.9 mm)
    if (page % 2) expect(Math.abs(mm(n.xMax) - 179.1), on).toBeLessThan(1);
    else expect(Math.abs(mm(n.xMin) - 32.9), on).toBeLessThan(1);
    const pitch = (last.y - first.y) / 21;
    expect(Math.abs(pitch - 28.95), `${on}: line pitch`).toBeLessThan(0.2);
    expect(Math.abs(mm(first.y - pitch) - 37), `${on}: top margin`).toBeLessThan(1);
    expect(Math.abs(mm(last.y) - (297 - 35)), `${on}: bottom margin`).toBeLessThan(1);
    expect(Math.abs(mm(Math.min(...lines.map((l) => l.xMin))) - 28), `${on}: left margin`).toBeLessThan(1);
    // a comma or full stop may hang past the right edge, as Word lets it (允许标点溢出边界); the
    // type area ends at 184 mm for every other line
    const set = lines.filter((l) => !/[，。、；：！？”）]$/.test(l.text));
    expect(
      Math.abs(mm(Math.max(...set.map((l) => l.xMax))) - (210 - 26)),
      `${on}: right margin`,
    ).toBeLessThan(1);
    for (const l of set)
      if (Math.abs(mm(l.xMin) - 28) < 1 && Math.abs(mm(l.xMax) - 184) < 1 && !/[\x21-\x7e]/.test(l.text))
        chinese.push(l.text);
  }
  // Latin letters and digits, set apart from Chinese, take more room: lines of Chinese alone
  expect(chinese.length, what).toBeGreaterThan(5);
  for (const l of chinese) expect([...l].length, `${what}: ${l}`).toBe(28);
}
