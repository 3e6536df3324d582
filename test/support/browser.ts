import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { ManualClock } from '../../src/core/clock.ts';
import { type RunningServer, startServer } from '../../src/server/server.ts';

export const CHROMIUM = process.env.HUAJIE_CHROMIUM ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with nothing reaching out to the network on its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A real server on a fresh SQLite database with the demo data, its clock moved by the test, and Chromium. */
export interface WebFixture {
  server: RunningServer;
  browser: Browser;
  clock: ManualClock;
  /** A new browser context logged in as a demo account, on the board. */
  loggedIn(username: string, viewport?: { width: number; height: number }, init?: () => void): Promise<Page>;
  /**
   * Close every context but those of `keep`: a page left open keeps following the live stream
   * and re-rendering, so a file of many tests would slow down one page at a time.
   */
  release(keep?: readonly (Page | undefined)[]): Promise<void>;
  close(): Promise<void>;
}

export async function startWeb(): Promise<WebFixture> {
  const dataDir = mkdtempSync(join(tmpdir(), 'huajie-e2e-'));
  const clock = new ManualClock(Date.now());
  const server = await startServer({
    dbUrl: `sqlite:${join(dataDir, 'huajie.db')}`,
    dataDir,
    port: 0,
    host: '127.0.0.1',
    clock,
    clockIntervalMs: 200,
  });
  const browser = await launchChromium();
  mkdirSync('test-results', { recursive: true });
  const contexts: BrowserContext[] = [];
  const password = (username: string) =>
    server.demo?.credentials.find((c) => c.username === username)?.password ?? '';
  return {
    server,
    browser,
    clock,
    async loggedIn(username, viewport = { width: 1280, height: 900 }, init) {
      // no animations: a menu or a picker that is still sliding into place when it is clicked
      // loses the click on a loaded machine (the application honours the user's setting)
      const context = await browser.newContext({ viewport, reducedMotion: 'reduce' });
      contexts.push(context);
      if (init) await context.addInitScript(init);
      const page = await context.newPage();
      await page.goto(server.url);
      await page.getByLabel('用户名').fill(username);
      await page.getByLabel('密码').fill(password(username));
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByTestId('who').waitFor({ state: 'attached' });
      return page;
    },
    async release(keep = []) {
      const kept = new Set(keep.filter((p) => p !== undefined).map((p) => p.context()));
      for (const c of contexts.splice(0)) {
        if (kept.has(c)) contexts.push(c);
        else await c.close();
      }
    },
    async close() {
      for (const c of contexts) await c.close();
      await browser.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
