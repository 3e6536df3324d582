#!/usr/bin/env node
// The whole test suite: formatting and lint, type check, then every test (unit, contract on
// SQLite and PostgreSQL, crash and tamper tests, browser tests in Chromium).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { requireSupportedNode } from './node-version.mjs';

requireSupportedNode('The test suite');

const CHROMIUM = process.env.HUAJIE_CHROMIUM ?? '/usr/bin/chromium';

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  return r.status ?? 1;
}

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

const CJK_FONT_DIR = '/usr/share/fonts/opentype/noto';

function aptInstall(packages) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  return (
    run('apt-get', ['update'], { env }) === 0 && run('apt-get', ['install', '-y', ...packages], { env }) === 0
  );
}

/** Debian's Chromium for the browser tests, a CJK font so Chinese pages render as text, LibreOffice for the exports, poppler for printed PDFs. */
function ensureBrowser() {
  const missing = [];
  if (!existsSync(CHROMIUM)) missing.push('chromium');
  if (!existsSync(CJK_FONT_DIR)) missing.push('fonts-noto-cjk');
  // the ledger's Excel export is opened by LibreOffice in its test
  if (!hasCommand('soffice')) missing.push('libreoffice-calc-nogui');
  // a printed document is checked as a PDF: its page size and its text
  if (!hasCommand('pdfinfo')) missing.push('poppler-utils');
  // Word files (公文) converted by LibreOffice Writer, the official faces mapped to free ones
  if (!existsSync('/usr/lib/libreoffice/program/libswlo.so')) missing.push('libreoffice-writer-nogui');
  if (!existsSync('/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol'))
    missing.push('texlive-lang-chinese');
  if (!existsSync('/usr/share/fonts/truetype/arphic')) missing.push('fonts-arphic-ukai');
  if (!existsSync('/usr/share/fonts/truetype/wqy')) missing.push('fonts-wqy-zenhei');
  if (missing.length === 0) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root && hasCommand('apt-get')) {
    console.log(`[test] installing ${missing.join(', ')} with apt-get`);
    aptInstall(missing);
  }
  if (!existsSync(CHROMIUM)) {
    console.error(
      `[test] The browser tests need Debian's Chromium at ${CHROMIUM}, and it is not installed.\n` +
        '       Install it with:  sudo apt-get update && sudo apt-get install -y chromium fonts-noto-cjk\n' +
        '       (or point HUAJIE_CHROMIUM at a Chromium binary)',
    );
    process.exit(1);
  }
  if (!existsSync(CJK_FONT_DIR)) {
    console.warn('[test] no CJK font (fonts-noto-cjk): Chinese text will show as boxes in screenshots');
  }
}

ensureBrowser();

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const steps = [
  ['format and lint (biome)', [npx, ['biome', 'check', '.']]],
  ['type check (tsc --noEmit)', [npx, ['tsc', '--noEmit']]],
  ['tests (vitest)', [npx, ['vitest', 'run', ...process.argv.slice(2)]]],
];
for (const [name, [cmd, args]] of steps) {
  console.log(`\n[test] ${name}`);
  const code = run(cmd, args);
  if (code !== 0) {
    console.error(`[test] ${name} failed (exit ${code})`);
    process.exit(code);
  }
}
