import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chinaDay } from '../src/core/calendar/workdays.ts';
import { commandIncident, reportIncident } from '../src/server/incident/incident.handler.ts';
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
    // as a document (公文): who issues it, its number, who signed it, how urgent it is
    await sitrep.getByLabel('发文机关').fill('示范镇维稳办');
    await sitrep.getByLabel('发文字号').fill('示范镇维稳〔2026〕3号');
    await sitrep.getByLabel('签发人').fill('王镇长');
    await sitrep.getByLabel('紧急程度').click();
    await commander
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .filter({ hasText: '特急' })
      .click();
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

    // printed as the document it is: A4, one page, the organ's mark, its number and who signed it
    await commander.getByTestId('timeline').getByTestId('sitrep-print').first().click();
    const doc = commander.getByTestId('official-document');
    await expect.poll(() => doc.textContent(), state).toContain('示范镇维稳〔2026〕3号');
    const text = (await doc.textContent()) ?? '';
    for (const part of [
      '特急',
      '示范镇维稳办',
      '签发人：王镇长',
      '关于60名村民堵塞县道（报告测试）的首报',
      '一、基本情况',
      '现场情况：车辆无法通行，群众情绪平稳',
      '特此报告。',
    ])
      expect(text).toContain(part);
    mkdirSync('test-results', { recursive: true });
    await commander.emulateMedia({ media: 'print' });
    writeFileSync(
      'test-results/sitrep.pdf',
      await commander.pdf({ preferCSSPageSize: true, printBackground: true }),
    );
    const info = spawnSync('pdfinfo', ['test-results/sitrep.pdf'], { encoding: 'utf8' });
    expect(info.stdout).toMatch(/Pages:\s+1\n/);
    expect(info.stdout).toMatch(/Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
    const printed = spawnSync('pdftotext', ['-layout', 'test-results/sitrep.pdf', '-'], {
      encoding: 'utf8',
    }).stdout;
    expect(printed).toContain('示范镇维稳〔2026〕3号');
    expect(printed).not.toContain('打印');
    // the page number in the foot margin, as a printed 公文 has it
    expect(printed).toMatch(/—\s*1\s*—/);
    // the 版记 ends at the foot of the type area (297 − 35 mm), as GB/T 9704 puts it
    const boxes = spawnSync('pdftotext', ['-bbox', 'test-results/sitrep.pdf', '-'], {
      encoding: 'utf8',
    }).stdout;
    const printedOn = [
      ...boxes.matchAll(/<word xMin="[\d.]+" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)">[^<]*印发<\/word>/g),
    ];
    expect(printedOn).toHaveLength(1);
    const footMm = (Number(printedOn[0]?.[1]) * 25.4) / 72;
    expect(footMm).toBeGreaterThan(262 - 12);
    expect(footMm).toBeLessThan(262);
    // the same document as a Word file
    const href = (await commander.getByTestId('docx').getAttribute('href')) ?? '';
    expect(href).toMatch(/^\/api\/documents\/sitreps\/[^?]+\?format=docx$/);
    const word = await commander.request.get(`${web.server.url}${href}`);
    expect(word.status()).toBe(200);
    expect(word.headers()['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    spawnSync('pdftoppm', [
      '-png',
      '-r',
      '60',
      '-singlefile',
      'test-results/sitrep.pdf',
      'test-results/sitrep',
    ]);
  });

  it('the town drafts its review from the record and sends it up; the county’s leader signs it off', async () => {
    const caseId = await report('20名村民聚集村委会（总结测试）', { participants: 20 });
    await commandIncident(web.server.app.writePath, caseId, {
      id: uuidv7(),
      type: 'incident.closed',
      data: { summary: '群众已散去' },
      actor: { id: 'officer-demo', role: 'officer' },
      occurredAt: web.clock.now().toISOString(),
    });
    const commander = await web.loggedIn('commander');
    await commander.goto(`${web.server.url}/incidents/${caseId}`);
    const card = commander.getByTestId('review');
    await card.getByTestId('review-draft').click();
    const body = card.getByLabel('总结正文');
    await expect.poll(() => body.inputValue(), state).toContain('一、事件经过');
    expect(await body.inputValue()).toContain('接报：20名村民聚集村委会（总结测试）');
    await body.fill(`${await body.inputValue()}\n经验：接报后应立即核实人数。`);
    // it goes up as a document: its 发文字号 and 签发人
    await card.getByLabel('发文字号').fill('示政报〔2026〕9号');
    await card.getByLabel('签发人').fill('赵某某');
    await card.getByTestId('review-submit').click();
    await expect.poll(() => card.getByTestId('review-state').textContent(), state).toBe('待上级审核');

    const county = await web.loggedIn('leader');
    await county.goto(`${web.server.url}/incidents/${caseId}`);
    const above = county.getByTestId('review');
    await expect
      .poll(() => above.getByTestId('review-text').textContent(), state)
      .toContain('经验：接报后应立即核实人数。');
    expect(await above.getByTestId('review-document').textContent()).toBe(
      '发文字号：示政报〔2026〕9号　签发人：赵某某',
    );
    await above.getByTestId('review-approve').click();
    await expect.poll(() => above.getByTestId('review-state').textContent(), state).toBe('已审核');
    // the town sees it signed off, live
    await expect.poll(() => card.getByTestId('review-state').textContent(), state).toBe('已审核');

    // the review as the written report to the county, for print and as a Word file
    await commander.getByTestId('review-print').click();
    const doc = commander.getByTestId('official-document');
    await expect
      .poll(() => doc.textContent(), state)
      .toContain('关于20名村民聚集村委会（总结测试）处置工作的总结报告');
    const text = (await doc.textContent()) ?? '';
    expect(text).not.toContain('初稿');
    expect(text).toContain('经验：接报后应立即核实人数。');
    expect(text).toContain('十、整改措施');
    // printed, its 版记 shares the last page with the body's end: never a page of its own
    await commander.emulateMedia({ media: 'print' });
    writeFileSync(
      'test-results/review-print.pdf',
      await commander.pdf({ preferCSSPageSize: true, printBackground: true }),
    );
    const pages = spawnSync('pdftotext', ['-bbox', 'test-results/review-print.pdf', '-'], {
      encoding: 'utf8',
    })
      .stdout.split('<page ')
      .slice(1);
    expect(pages.length).toBeGreaterThan(1);
    const last = pages.at(-1) ?? '';
    expect(last).toContain('印发');
    expect(last).toContain('特此报告');
    expect(text).toContain('示政报〔2026〕9号');
    expect(text).toContain('赵某某');
    const word = await commander.request.get(
      `${web.server.url}${await commander.getByTestId('docx').getAttribute('href')}`,
    );
    expect(word.status()).toBe(200);
    expect((await word.body()).subarray(0, 2).toString()).toBe('PK');
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
    // the duty is named by its plan, which comes with a request of its own after the row
    await expect
      .poll(() => row.first().textContent(), state)
      .toContain('事发地单位 20 分钟内报告镇党政办、维稳办');
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

    // switched to English, the finding reads in English: the server's words are the page's
    await commander.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => own.textContent(), state).toContain('Beijing time); escalated to');
    expect(await own.textContent()).toContain(
      '“事发地单位 20 分钟内报告镇党政办、维稳办” was not done by 2026-',
    );
  });

  it('a leader opens the figures of the month and exports them', async () => {
    const caseId = await report('30名村民聚集（统计测试）', { participants: 30 });
    await commandIncident(web.server.app.writePath, caseId, {
      id: uuidv7(),
      type: 'statement.published',
      data: { statementId: uuidv7(), channel: '政务微博', text: '情况通报' },
      actor: { id: 'officer-demo', role: 'officer' },
      occurredAt: web.clock.now().toISOString(),
    });
    const leader = await web.loggedIn('leader');
    await leader.getByRole('link', { name: '统计' }).click();
    const duties = leader.getByTestId('figure-duties');
    await duties.waitFor(state);
    // what the page shows is what the server computed from the record
    const month = (await leader.getByTestId('figures-month').inputValue()).slice(0, 7);
    expect(month).toBe(chinaDay(web.clock.now().toISOString()).slice(0, 7));
    const api = await leader.request.get(`${web.server.url}/api/figures?month=${month}`);
    expect(api.status()).toBe(200);
    const figures = await api.json();
    expect(figures.incidents.reported).toBeGreaterThanOrEqual(1);
    expect(figures.incidents.firstStatement.count).toBeGreaterThanOrEqual(1);
    const shown = (r: { rate: number | null }) => (r.rate === null ? '无数据' : `${r.rate}%`);
    await expect.poll(() => duties.textContent(), state).toContain(shown(figures.duties.onTime));
    expect(await leader.getByTestId('figure-resolved').textContent()).toContain(
      shown(figures.disputes.resolved),
    );
    expect(await leader.getByTestId('figures-period').textContent()).toContain(
      `接报事件 ${figures.incidents.reported} 起`,
    );
    await leader.screenshot({ path: 'test-results/figures.png', fullPage: true });
    // exported as a workbook, and the month's report as Word
    const xlsx = await leader.request.get(
      `${web.server.url}${await leader.getByTestId('figures-xlsx').getAttribute('href')}`,
    );
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect((await xlsx.body()).subarray(0, 2).toString()).toBe('PK');
    const docx = await leader.request.get(
      `${web.server.url}${await leader.getByTestId('monthly-docx').getAttribute('href')}`,
    );
    expect(docx.status()).toBe(200);
    expect(docx.headers()['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
  });
});
