import { v7 as uuidv7 } from 'uuid';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { reportIncident } from '../src/server/incident/incident.handler.ts';
import { startWeb, type WebFixture } from '../test/support/browser.ts';

/**
 * What travels upward, in Chromium: 问责意见 derived from the record, disposed of by the level
 * above and seen by the town; a situation report received and acknowledged (已收悉) by the county.
 */
describe('findings and reports upward in Chromium', { timeout: 120_000 }, () => {
  let web: WebFixture;
  const state = { timeout: 20_000 };
  beforeAll(async () => {
    web = await startWeb();
  });
  afterAll(async () => {
    await web?.close();
  });
  afterEach(async () => {
    await web.release();
  });

  async function report(title: string, facts: Record<string, unknown>): Promise<string> {
    const town = web.server.demo?.credentials.find((c) => c.username === 'commander')?.jurisdiction ?? '';
    const caseId = uuidv7();
    const now = web.clock.now().toISOString();
    await reportIncident(web.server.app.writePath, caseId, 'town-mass-incident', {
      id: uuidv7(),
      type: 'incident.reported',
      data: {
        title,
        location: { text: '县道X201' },
        startedAt: now,
        source: '值班电话',
        facts,
        jurisdiction: town,
      },
      actor: { id: 'officer-demo', role: 'officer' },
      occurredAt: now,
    });
    return caseId;
  }

  it('the town sends a 首报 to the county; the county reads it whole on its board and acknowledges; the town sees 已收悉', async () => {
    const caseId = await report('60名村民堵塞县道（报告测试）', { participants: 60 });
    const commander = await web.loggedIn('commander');
    await commander.goto(`${web.server.url}/incidents/${caseId}`);
    // 重大: the report to the county is due; its one-tap action opens the report filled in from the log
    await commander.getByTestId('meet-report-county').click();
    const sitrep = commander.getByTestId('form-sitrep.submitted');
    await sitrep.getByLabel('现场情况').fill('车辆无法通行，群众情绪平稳');
    await sitrep.getByRole('button', { name: '提交', exact: true }).click();
    const waiting = commander.getByTestId('timeline').getByTestId('sitrep-waiting');
    await waiting.first().waitFor(state);

    const county = await web.loggedIn('leader');
    const row = county.getByTestId('received-report').filter({ hasText: '60名村民堵塞县道（报告测试）' });
    await row.first().waitFor(state);
    expect(await row.first().textContent()).toContain('首报');
    await row.first().getByText('阅读全文').click();
    await expect
      .poll(() => row.first().getByTestId('received-fields').textContent(), state)
      .toContain('现场情况：车辆无法通行，群众情绪平稳');
    expect(await row.first().getByTestId('received-fields').textContent()).toContain('参与人数：60');
    await county.screenshot({ path: 'test-results/received-report.png', fullPage: true });
    await row.first().getByTestId('acknowledge').click();
    await expect.poll(() => row.first().getByTestId('acknowledged').textContent(), state).toContain('已收悉');

    // the town sees the acknowledgement on its report, live: who, when
    const acknowledged = commander.getByTestId('timeline').getByTestId('sitrep-acknowledged');
    await expect.poll(() => acknowledged.first().textContent(), state).toContain('示范县分管领导');
    const log = await web.server.store.readCase(caseId);
    expect(log.filter((e) => e.type === 'sitrep.acknowledged')).toHaveLength(1);
  });

  it('the county’s leader disposes of a town’s missed duty with a reason; the town sees it on the incident', async () => {
    const caseId = await report('60名村民堵塞县道（问责测试）', { participants: 60 });
    // nobody reports to the town within 20 minutes: the clock records the miss
    web.clock.advance(21 * 60_000);
    const missed = async () =>
      (await web.server.store.readCase(caseId)).some(
        (e) => e.type === 'duty.missed' && e.data.dutyId === 'report-town',
      );
    await expect.poll(missed, state).toBe(true);

    const leader = await web.loggedIn('leader');
    await leader.getByRole('link', { name: '问责' }).click();
    const row = leader
      .locator('[data-testid=findings] tr[data-finding="clock:report-town"]')
      .filter({ hasText: '60名村民堵塞县道（问责测试）' });
    await row.first().waitFor(state);
    expect(await row.first().textContent()).toContain('事发地单位 20 分钟内报告镇党政办、维稳办');
    expect(await row.first().textContent()).toContain('待处理');
    await leader.screenshot({ path: 'test-results/findings.png', fullPage: true });
    await row.first().getByTestId('dispose').click();
    const modal = leader.locator('.ant-modal');
    await modal.waitFor(state);
    // no reason: the form says so and sends nothing
    await modal.getByText('已说明，不予追究').click();
    await modal.getByRole('button', { name: '提交' }).click();
    await expect.poll(() => modal.textContent(), state).toContain('处理意见须写明理由');
    await modal.getByLabel('理由').fill('村里通讯中断，已电话补报，核实属实');
    await modal.getByRole('button', { name: '提交' }).click();
    await expect
      .poll(() => row.first().getByTestId('finding-disposition').textContent(), state)
      .toContain('村里通讯中断');
    const log = await web.server.store.readCase(caseId);
    expect(log.filter((e) => e.type === 'finding.disposed').map((e) => e.data)).toEqual([
      {
        findingId: 'clock:report-town',
        disposition: 'explained',
        reason: '村里通讯中断，已电话补报，核实属实',
      },
    ]);

    // the town's commander reads it on the incident page, and may not dispose of it
    const commander = await web.loggedIn('commander');
    await commander.goto(`${web.server.url}/incidents/${caseId}`);
    const own = commander.getByTestId('incident-findings').locator('tr[data-finding="clock:report-town"]');
    await expect.poll(() => own.textContent(), state).toContain('已说明，不予追究');
    expect(await own.textContent()).toContain('示范县分管领导');
    expect(await own.getByTestId('dispose').count()).toBe(0);
  });
});
