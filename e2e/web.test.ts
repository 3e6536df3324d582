import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
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
  let officerPage: Page;

  it('reports a road blockade of 60 villagers: the plan gives 重大 and its duty clocks run', async () => {
    county = await loggedIn('leader'); // the county's board is open before the report
    const page = await loggedIn('officer');
    officerPage = page;
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
    // the officer sends the situation report, filled in from the log, to the town: the duty
    // is met, and its clock leaves the county's board without a reload
    const sitrep = officerPage.getByTestId('form-sitrep.submitted');
    expect(await sitrep.getByLabel('地点').inputValue()).toBe('县道X201与河东村道交叉口');
    expect(await sitrep.getByLabel('参与人数').inputValue()).toBe('60');
    await sitrep.getByRole('button', { name: '提交' }).click();
    await expect
      .poll(() => officerPage.getByTestId('duties').textContent(), { timeout: 5000 })
      .toContain('已完成');
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

  it('refuses a measure without a legal basis, with the rule shown by the field', async () => {
    const commander = await loggedIn('commander');
    await commander.goto(`${server.url}/incidents/${caseId}`);
    await commander.getByRole('tab', { name: '批准处置措施' }).click();
    const form = commander.getByTestId('form-measure.authorized');
    await form.getByLabel('类别').fill('交通管制');
    await form.getByLabel('批准的指挥员').fill('县公安局交警大队指挥员');
    await form.getByLabel('范围').fill('县道X201两端500米');
    await form.getByRole('button', { name: '提交' }).click();
    const error = form.locator('.ant-form-item-has-error');
    await expect.poll(() => error.textContent(), { timeout: 5000 }).toContain('处置措施须写明法律依据');
    expect(await error.textContent()).toContain('法律依据');
    // nothing was recorded
    const events = await server.store.readCase(caseId);
    expect(events.some((e) => e.type === 'measure.authorized')).toBe(false);
  });

  it('lets the commander set the level with a reason, and a group acknowledge and complete its task', async () => {
    const commander = await loggedIn('commander');
    await commander.goto(`${server.url}/incidents/${caseId}`);
    await commander.locator('.ant-select').filter({ hasText: '调整级别' }).click();
    await commander.locator('.ant-select-item-option[title="较大"]').click();
    await commander.getByPlaceholder('理由').fill('人数已减至30人');
    await commander.getByRole('button', { name: '调整', exact: true }).click();
    await expect
      .poll(() => commander.getByTestId('incident-level').textContent(), { timeout: 5000 })
      .toBe('较大');

    const items = commander.getByTestId('items');
    const first = items.locator('tbody tr').first();
    await first.getByRole('button', { name: '接受' }).click();
    await expect.poll(() => first.getByRole('button', { name: '接受' }).count(), { timeout: 5000 }).toBe(0);
    await first.getByRole('button', { name: '完成' }).click();
    await commander.locator('.ant-modal textarea').fill('已落实');
    await commander
      .locator('.ant-modal')
      .getByRole('button', { name: /OK|确定/ })
      .click();
    await expect.poll(() => items.textContent(), { timeout: 5000 }).toContain('已完成');
    const log = await server.store.readCase(caseId);
    expect(log.filter((e) => e.type === 'task.completed').map((e) => e.data.result)).toEqual(['已落实']);
    expect(
      log.find((e) => e.type === 'incident.level.set' && e.actorRole === 'commander')?.data,
    ).toMatchObject({
      level: 'larger',
      basis: 'commander',
      reason: '人数已减至30人',
    });
  });

  it('renders a plan readably: levels, duties with their time limits, and what was left out', async () => {
    const page = await loggedIn('leader');
    await page.getByRole('link', { name: '预案库' }).click();
    await page.getByTestId('plan-view').waitFor();
    const duties = page.getByTestId('plan-duties').locator('tbody tr');
    await expect.poll(() => duties.count()).toBeGreaterThan(0);
    expect(await page.getByTestId('plan-omitted').locator('.ant-list-item').count()).toBeGreaterThan(0);
    await page.screenshot({ path: 'test-results/plan.png', fullPage: true });
  });

  it('lets an auditor verify the record chains of the county', async () => {
    const page = await loggedIn('auditor');
    await page.getByRole('link', { name: '审计' }).click();
    await page.getByTestId('audit-run').click();
    await expect
      .poll(() => page.getByTestId('audit-result').textContent(), { timeout: 10_000 })
      .toContain('完整无改动');
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
