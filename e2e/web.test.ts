import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/core/clock.ts';
import { type RunningServer, startServer } from '../src/server/server.ts';
import { launchChromium } from '../test/support/browser.ts';

/**
 * The web application in Chromium, against a real server on a fresh database with the demo
 * data and a clock the test moves.
 */
describe('the web application in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let dataDir: string;
  const clock = new ManualClock(Date.now());
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'huajie-e2e-'));
    server = await startServer({
      dbUrl: `sqlite:${join(dataDir, 'huajie.db')}`,
      dataDir,
      port: 0,
      host: '127.0.0.1',
      clock,
      clockIntervalMs: 200,
    });
    browser = await launchChromium();
    mkdirSync('test-results', { recursive: true });
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const password = (username: string) =>
    server.demo?.credentials.find((c) => c.username === username)?.password ?? '';

  async function loggedIn(username: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(password(username));
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('who').waitFor();
    return page;
  }

  let caseId = '';
  let county: Page;

  it('reports a road blockade of 60 villagers: the plan gives 重大 and its duty clocks run', async () => {
    county = await loggedIn('leader'); // the county's board is open before the report
    const page = await loggedIn('officer');
    await page.getByRole('link', { name: '报告事件' }).click();
    await page.getByLabel('事件概要').fill('60名村民堵塞县道');
    await page.getByLabel('地点').fill('县道X201与河东村道交叉口');
    await page.getByLabel('参与人数').fill('60');
    // the level the plan gives shows before anything is sent
    await expect.poll(() => page.getByTestId('level-preview').textContent()).toContain('重大');
    await page.getByRole('button', { name: '报告' }).click();
    await page.waitForURL(/\/incidents\//);
    caseId = page.url().split('/incidents/')[1] ?? '';
    await expect.poll(() => page.getByTestId('incident-level').textContent()).toBe('重大');
    const duties = page.getByTestId('duties');
    await expect.poll(() => duties.textContent()).toContain('事发地单位 20 分钟内报告镇党政办、维稳办');
    await expect.poll(() => duties.textContent()).toContain('后到期');
    await page.screenshot({ path: 'test-results/incident.png', fullPage: true });
  });

  it('shows the incident on the county board live, and updates it when the situation report meets a duty', async () => {
    const row = county.locator(`[data-testid=incident][data-case="${caseId}"]`);
    await row.waitFor({ timeout: 5000 });
    expect(await row.getByTestId('level').textContent()).toBe('重大');
    await expect.poll(() => row.textContent()).toContain('事发地单位 20 分钟内报告镇党政办');
    // the officer's situation report to the town: the duty is met and its clock leaves the board
    const officer = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'officer', password: password('officer') },
    });
    const cookie = officer.cookies.find((c) => c.name === 'huajie_session')?.value ?? '';
    const r = await server.app.inject({
      method: 'POST',
      url: `/api/incidents/${caseId}/events/sitrep.submitted`,
      cookies: { huajie_session: cookie },
      headers: { 'x-csrf-token': officer.json().csrfToken },
      payload: {
        id: uuidv7(),
        data: { to: { level: 'town' }, kind: 'initial', fields: { participants: 60 } },
      },
    });
    expect(r.statusCode).toBe(201);
    await expect
      .poll(() => row.textContent(), { timeout: 3000 })
      .not.toContain('事发地单位 20 分钟内报告镇党政办');
  });

  it('marks a duty missed when the clock passes it, and puts the escalation on the county board', async () => {
    clock.advance(31 * 60_000);
    const row = county.locator(`[data-testid=incident][data-case="${caseId}"]`);
    await expect.poll(() => row.textContent(), { timeout: 5000 }).toContain('已超时');
    const escalation = county.locator(`[data-testid=escalation][data-case="${caseId}"]`);
    await escalation.first().waitFor({ timeout: 5000 });
    expect(await escalation.first().textContent()).toContain('超时');
    await county.screenshot({ path: 'test-results/board.png', fullPage: true });
  });

  it('fits the report form on a 390 × 844 phone without scrolling sideways', async () => {
    const phone = await loggedIn('officer', { width: 390, height: 844 });
    await phone.goto(`${server.url}/report`);
    await phone.getByTestId('report-form').waitFor();
    const widths = await phone.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    await phone.screenshot({ path: 'test-results/report-390.png', fullPage: true });
  });
});
