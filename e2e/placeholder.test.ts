import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/server/server.ts';
import { launchChromium } from '../test/support/browser.ts';

describe('the served page in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'huajie-e2e-'));
    server = await startServer({
      dbUrl: `sqlite:${join(dataDir, 'huajie.db')}`,
      dataDir,
      port: 0,
      host: '127.0.0.1',
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows what Huajie is and that its API and database answer', async () => {
    const page = await browser.newPage();
    const res = await page.goto(server.url);
    expect(res?.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toBe('化解 Huajie');
    await expect
      .poll(() => page.getByTestId('health').textContent(), { timeout: 10_000 })
      .toBe('正常 OK (sqlite)');
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/placeholder.png', fullPage: true });
  });
});
