import { readFileSync } from 'node:fs';
import type { Page, Response } from 'playwright-core';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commandIncident, reportIncident } from '../src/server/incident/incident.handler.ts';
import type { RunningServer } from '../src/server/server.ts';
import { startWeb, type WebFixture } from '../test/support/browser.ts';

/**
 * The web application in Chromium, against a real server on a fresh database with the demo
 * data and a clock the test moves.
 */
// each test walks through several pages, each step waiting up to 20 s for its state: on a loaded
// 2-core machine (the whole suite at once) a walk takes up to a minute, so each has two
describe('the web application in Chromium', { timeout: 120_000 }, () => {
  let web: WebFixture;
  let server: RunningServer;
  beforeAll(async () => {
    web = await startWeb();
    server = web.server;
  });
  afterAll(async () => {
    await web?.close();
  });
  // each test's pages are closed after it (the first three share the county's board and the
  // officer's incident page): an open page keeps following the live stream
  afterEach(async () => {
    await web.release([county, officerPage]);
  });
  const loggedIn: WebFixture['loggedIn'] = (...a) => web.loggedIn(...a);
  /** how long a state the test waits for may take to show on a busy machine */
  const state = { timeout: 20_000 };

  let caseId = '';
  let county: Page;
  let officerPage: Page;

  it('reports a road blockade of 60 villagers: the plan gives 重大 and its duty clocks run', async () => {
    // the county's board is open before the report; the tones it plays are counted
    county = await loggedIn('leader', undefined, () => {
      const w = window as unknown as { chimes: number };
      w.chimes = 0;
      const start = OscillatorNode.prototype.start;
      OscillatorNode.prototype.start = function (this: OscillatorNode, ...a: [number?]) {
        w.chimes++;
        return start.apply(this, a);
      };
    });
    const page = await loggedIn('officer');
    officerPage = page;
    await page.getByRole('link', { name: '报告事件' }).click();
    await page.getByLabel('事件概要').fill('60名村民堵塞县道');
    await page.getByLabel('地点').fill('县道X201与河东村道交叉口');
    await page.getByLabel('参与人数').fill('60');
    // the level the plan gives shows before anything is sent
    await expect.poll(() => page.getByTestId('level-preview').textContent(), state).toContain('重大');
    await page.getByRole('button', { name: '报告' }).click();
    await page.waitForURL(/\/incidents\//);
    caseId = page.url().split('/incidents/')[1] ?? '';
    await expect.poll(() => page.getByTestId('incident-level').textContent(), state).toBe('重大');
    const duties = page.getByTestId('duties');
    await expect
      .poll(() => duties.textContent(), state)
      .toContain('事发地单位 20 分钟内报告镇党政办、维稳办');
    await expect.poll(() => duties.textContent(), state).toContain('后到期');
    await page.screenshot({ path: 'test-results/incident.png', fullPage: true });
  });

  it('shows the incident on the county board live, and updates it when the situation report meets a duty', async () => {
    const row = county.locator(`[data-testid=incident][data-case="${caseId}"]`);
    await row.waitFor(state);
    expect(await row.getByTestId('level').textContent()).toBe('重大');
    await expect.poll(() => row.textContent(), state).toContain('事发地单位 20 分钟内报告镇党政办');
    // the officer sends the situation report, filled in from the log, to the town: the duty
    // is met, and its clock leaves the county's board without a reload
    const sitrep = officerPage.getByTestId('form-sitrep.submitted');
    expect(await sitrep.getByLabel('地点').inputValue()).toBe('县道X201与河东村道交叉口');
    expect(await sitrep.getByLabel('参与人数').inputValue()).toBe('60');
    await sitrep.getByRole('button', { name: '提交', exact: true }).click();
    await expect.poll(() => officerPage.getByTestId('duties').textContent(), state).toContain('已完成');
    await expect.poll(() => row.textContent(), state).not.toContain('事发地单位 20 分钟内报告镇党政办');
  });

  it('marks a duty missed when the clock passes it, and puts the escalation on the county board', async () => {
    const chimes = () => county.evaluate(() => (window as unknown as { chimes: number }).chimes);
    await county.getByTestId('sound').click(); // the leader turns the sound on: one chime to confirm
    await expect.poll(chimes, state).toBe(2);
    // as on a busy machine, every answer to the board is slow from here on: none is as quick as
    // the ones it set its estimate of the server's clock by
    await county.route(/\/api\/(?!stream)/, async (route) => {
      await new Promise((r) => setTimeout(r, 150));
      await route.continue();
    });
    web.clock.advance(31 * 60_000);
    const row = county.locator(`[data-testid=incident][data-case="${caseId}"]`);
    await expect.poll(() => row.textContent(), state).toContain('已超时');
    // elapsed time runs on the server's clock, not the browser's
    await expect.poll(() => row.textContent(), state).toMatch(/已 3[1-4]分/);
    const escalation = county.locator(`[data-testid=escalation][data-case="${caseId}"]`);
    await escalation.first().waitFor(state);
    expect(await escalation.first().textContent()).toContain('超时');
    // and the board sounded for it
    await expect.poll(chimes, state).toBeGreaterThanOrEqual(4);
    await county.unrouteAll();
    await county.screenshot({ path: 'test-results/board.png', fullPage: true });
    // the county's board and the officer's page are done with
    await county.context().close();
    await officerPage.context().close();
  });

  it('refuses a measure without a legal basis, with the rule shown by the field', async () => {
    const commander = await loggedIn('commander');
    await commander.goto(`${server.url}/incidents/${caseId}`);
    await commander.getByTestId('form-picker').getByText('批准处置措施', { exact: true }).click();
    const form = commander.getByTestId('form-measure.authorized');
    await form.getByLabel('类别').fill('交通管制');
    await form.getByLabel('批准的指挥员').fill('县公安局交警大队指挥员');
    await form.getByLabel('范围').fill('县道X201两端500米');
    await form.getByRole('button', { name: '提交', exact: true }).click();
    const error = form.locator('.ant-form-item-has-error');
    await expect.poll(() => error.textContent(), state).toContain('处置措施须写明法律依据');
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
    // set down from 重大: asked once more, told which clocks keep running
    const down = commander.getByTestId('level-down');
    await down.waitFor(state);
    expect(await down.textContent()).toContain('已经开始计时的职责不会停止');
    expect(await down.locator('li').count()).toBeGreaterThan(0);
    await commander.getByRole('button', { name: '确认调低' }).click();
    await expect.poll(() => commander.getByTestId('incident-level').textContent(), state).toBe('较大');

    const items = commander.getByTestId('items');
    const first = items.locator('tbody tr').first();
    await first.getByRole('button', { name: '接受' }).click();
    await expect.poll(() => first.getByRole('button', { name: '接受' }).count(), state).toBe(0);
    await first.getByRole('button', { name: '完成' }).click();
    await commander.locator('.ant-modal textarea').fill('已落实');
    await commander
      .locator('.ant-modal')
      .getByRole('button', { name: /OK|确定/ })
      .click();
    await expect.poll(() => items.textContent(), state).toContain('已完成');
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
    await expect.poll(() => duties.count(), state).toBeGreaterThan(0);
    expect(await page.getByTestId('plan-omitted').locator('.ant-list-item').count()).toBeGreaterThan(0);
    // level rules read in the plan's words, not field names
    const levels = await page.getByTestId('plan-levels').textContent();
    expect(levels).toContain('参与人数 ≥');
    expect(levels).not.toContain('participants');
    await page.screenshot({ path: 'test-results/plan.png', fullPage: true });
  });

  it('lets an auditor verify the record chains of the county', async () => {
    const page = await loggedIn('auditor');
    await page.getByRole('link', { name: '审计' }).click();
    await page.getByTestId('audit-run').click();
    await expect.poll(() => page.getByTestId('audit-result').textContent(), state).toContain('完整无改动');
  });

  it('records a commitment with its due time, filters the timeline by kind and by group, and corrects an entry', async () => {
    const commander = await loggedIn('commander');
    await commander.goto(`${server.url}/incidents/${caseId}`);
    await commander.getByTestId('form-picker').getByText('作出承诺', { exact: true }).click();
    const form = commander.getByTestId('form-commitment.made');
    await form.getByLabel('内容').fill('三日内公布补偿款发放方案');
    await form.getByLabel('责任单位/责任人').fill('镇党政办');
    // a look at another form keeps what was typed in this one
    await commander.getByTestId('form-picker').getByText('到场', { exact: true }).click();
    await commander.getByTestId('form-picker').getByText('作出承诺', { exact: true }).click();
    expect(await form.getByLabel('内容').inputValue()).toBe('三日内公布补偿款发放方案');
    // the time typed into the picker and confirmed with its own button (Enter would also
    // submit the form), then the form sent with 提交
    await form.getByLabel('期限').click();
    const picker = commander.locator('.ant-picker-dropdown').filter({ visible: true });
    await form.getByLabel('期限').fill('2030-05-14 18:00');
    await picker.locator('.ant-picker-ok button').click();
    await picker.waitFor({ state: 'hidden', ...state });
    expect(await form.getByLabel('期限').inputValue()).toBe('2030-05-14 18:00');
    await form.getByRole('button', { name: '提交', exact: true }).click();
    await commander.getByTestId('items').getByRole('tab', { name: /承诺/ }).click();
    await expect
      .poll(() => commander.getByTestId('items').textContent(), state)
      .toContain('三日内公布补偿款发放方案');
    const made = (await server.store.readCase(caseId)).find((e) => e.type === 'commitment.made');
    expect(made?.data).toMatchObject({ owner: '镇党政办', dueAt: '2030-05-14T18:00:00+08:00' });

    const timeline = commander.getByTestId('timeline');
    const types = () =>
      timeline
        .locator('[data-testid=entry]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-type')));
    /**
     * Choose an option of a filter, each step seen to take before the next: typed into that
     * select's own search box, picked from that select's own list, shown as chosen.
     */
    const choose = async (testId: string, title: string, search?: string) => {
      const select = commander.getByTestId(testId);
      await select.click();
      const input = select.locator('input');
      const list = commander.locator(
        `.ant-select-dropdown:has(#${await input.getAttribute('aria-controls')})`,
      );
      if (search) await input.fill(search);
      await list.locator(`.ant-select-item-option[title="${title}"]`).click();
      await expect.poll(() => select.textContent(), state).toContain(title);
      await input.press('Escape');
      await list.waitFor({ state: 'hidden', ...state });
    };
    const clear = async (testId: string, title: string) => {
      const select = commander.getByTestId(testId);
      await select.hover();
      await select.locator('.ant-select-clear').click();
      await expect.poll(() => select.textContent(), state).not.toContain(title);
    };
    await choose('filter-kind', '作出承诺', '承诺');
    await expect.poll(types, state).toEqual(['commitment.made']);
    await clear('filter-kind', '作出承诺');
    // the group filter: the order group's tasks, and nothing of anyone else's
    await commander.getByTestId('timeline-filters').getByRole('switch').click(); // all entries
    await choose('filter-group', '维护秩序组');
    await expect.poll(async () => (await types()).length, state).toBeGreaterThan(0);
    expect(new Set(await types())).toEqual(new Set(['task.assigned']));
    await clear('filter-group', '维护秩序组');

    // a correction stands under the entry it corrects; the entry itself is kept
    await choose('filter-kind', '作出承诺', '承诺');
    await expect.poll(types, state).toEqual(['commitment.made']);
    await timeline.getByTestId('correct').first().click();
    await commander.getByLabel('更正为').fill('期限应为五月十五日');
    await commander.getByLabel('理由').last().fill('记录时笔误');
    await commander.locator('.ant-popover').getByRole('button', { name: '提交', exact: true }).click();
    await expect
      .poll(() => timeline.getByTestId('correction').textContent(), state)
      .toContain('期限应为五月十五日');
    expect(await timeline.textContent()).toContain('三日内公布补偿款发放方案');
  });

  it('runs a drill of a shipped scenario and reads its review; a composed scenario with a typo is answered at its line', async () => {
    const page = await loggedIn('officer');
    await page.getByRole('link', { name: '演练' }).click();
    await page.getByTestId('drill-plan').click();
    await page.locator('.ant-select-item-option[title^="镇预防和处置突发群体性事件工作预案"]').click();
    // a dozen scenarios and more: found by typing part of the title
    await page.getByTestId('drill-scenario').click();
    await page.getByTestId('drill-scenario').locator('input').fill('60人堵路');
    await page.locator('.ant-select-item-option[title="60人堵路，村里25分钟后才上报"]').click();
    await page.getByTestId('drill-run').click();
    await expect.poll(() => page.getByTestId('drill-level').textContent(), state).toBe('重大');
    expect(await page.getByTestId('drill-verdict').textContent()).toContain('与预期一致');
    expect(await page.getByTestId('drill-duties').textContent()).toContain('迟 5分0秒');
    await page.screenshot({ path: 'test-results/drill.png', fullPage: true });
    // the run is kept: listed under the review, with who ran it and how it went
    expect(await page.getByTestId('drill-kept').textContent()).toContain('已记入演练记录');
    const runs = page.getByTestId('drill-runs').locator('tbody tr.ant-table-row');
    await expect.poll(() => runs.first().textContent(), state).toContain('60人堵路，村里25分钟后才上报');
    expect(await runs.first().textContent()).toContain('值班员 · 示范镇值班员 · officer');
    expect(await runs.first().textContent()).toContain('与预期一致');

    await page.getByTestId('drill-scenario').click();
    await page.getByTestId('drill-scenario').locator('input').fill('自拟');
    await page.locator('.ant-select-item-option[title="自拟情景…"]').click();
    await expect.poll(() => page.locator('.cm-content').textContent(), state).toContain('自拟情景');
    await page.locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+a');
    const typo = [
      'title: 自拟：有人打错了事件类型',
      'start: 2026-05-11T09:00:00+08:00',
      'events:',
      '  - at: PT0M',
      '    type: incident.reportd',
      '    data: { title: 聚集, facts: { participants: 30 } }',
      'until: PT2H',
    ].join('\n');
    await page.keyboard.insertText(typo);
    await page.getByTestId('drill-run').click();
    const alert = page.locator('.ant-alert-error');
    await expect.poll(() => alert.textContent(), state).toContain('第 5 行');
    expect(await alert.textContent()).toContain('no event type "incident.reportd"');
    await expect.poll(() => page.locator('.cm-lintRange-error').count(), state).toBeGreaterThan(0);
    await page.screenshot({ path: 'test-results/drill-typo.png', fullPage: true });
    // a refused scenario is not a run; the plan's page lists the one that ran
    await page.goto(`${server.url}/plans?plan=town-mass-incident`);
    await page.getByRole('tab', { name: '演练记录' }).click();
    const kept = page.getByTestId('drill-runs').locator('tbody tr.ant-table-row');
    await expect.poll(() => kept.first().textContent(), state).toContain('60人堵路，村里25分钟后才上报');
    expect(await kept.allTextContents()).not.toContainEqual(expect.stringContaining('有人打错了事件类型'));
  });

  it('lets an admin upload a new plan version: problems marked on their lines, then stored with a note', async () => {
    // the shipped plan at its newest shipped version, whatever that is: the upload is the next
    const shipped = readFileSync('plans/town-mass-incident.yaml', 'utf8');
    const current = Number(/^version: (\d+)$/m.exec(shipped)?.[1]);
    expect(current).toBeGreaterThan(0);
    const next = current + 1;
    const page = await loggedIn('admin');
    await page.goto(`${server.url}/plans?plan=town-mass-incident`);
    await page.getByRole('tab', { name: '上传新版本' }).click();
    await expect.poll(() => page.locator('.cm-content').textContent(), state).toContain('town-mass-incident');

    const broken = shipped.replace('    owner: village', '    owner: nobody');
    const line = broken.split('\n').findIndex((l) => l.includes('owner: nobody')) + 1;
    const open = async (name: string, text: string) =>
      page
        .locator('input[type=file]')
        .setInputFiles({ name, mimeType: 'application/yaml', buffer: Buffer.from(text) });
    await open('broken.yaml', broken);
    const problems = page.getByTestId('plan-problems');
    await expect.poll(() => problems.textContent(), state).toContain(`第 ${line} 行`);
    expect(await problems.textContent()).toContain('owner "nobody"');
    // the problem is marked on its own line of the text
    await problems.locator('.ant-list-item').first().click();
    await expect
      .poll(() =>
        page.locator('.cm-line', { hasText: 'owner: nobody' }).locator('.cm-lintRange-error').count(),
      )
      .toBe(1);
    expect(await page.getByTestId('plan-store').isDisabled()).toBe(true);
    await page.screenshot({ path: 'test-results/plan-upload.png' });

    // a duty that can never start is warned of, and the text may still be stored
    await open(
      'never.yaml',
      shipped.replace(
        'start: { on: incident.reported, from: data.startedAt }',
        'start: { on: incident.reported, from: data.startedAt, when: { fact: dead, lt: 0 } }',
      ),
    );
    await expect.poll(() => page.getByTestId('plan-warnings').textContent(), state).toContain('never starts');
    expect(await page.getByTestId('plan-warnings').textContent()).toContain('永远不会发生');

    // fixed, but still numbered as the shipped version: the page offers the next number
    await open(
      `v${next}.yaml`,
      shipped.replace(
        '        - { fact: participants, gte: 20 }',
        '        - { fact: participants, gte: 12 }',
      ),
    );
    await page.getByTestId('plan-numbering').getByRole('button').click();
    await expect.poll(() => page.getByTestId('plan-checks').textContent(), state).toContain(`第 ${next} 版`);
    await page.getByTestId('plan-note').fill('较大级起点改为 12 人（县维稳办 2026 年通知）');
    await page.getByTestId('plan-store').click();
    const versions = page.getByTestId('plan-versions');
    await expect.poll(() => versions.textContent(), state).toContain('较大级起点改为 12 人');
    expect(await versions.textContent()).toContain('admin');
    // what changed from the shipped version, line by line
    await versions.locator('tbody tr').first().locator('.ant-table-row-expand-icon').click();
    const diff = page.getByTestId('plan-diff');
    await expect
      .poll(() => diff.locator('[data-kind=added]').allTextContents())
      .toEqual([
        expect.stringContaining(`version: ${next}`),
        expect.stringContaining('{ fact: participants, gte: 12 }'),
      ]);
    expect(await diff.locator('[data-kind=removed]').allTextContents()).toEqual([
      expect.stringContaining(`version: ${current}`),
      expect.stringContaining('{ fact: participants, gte: 20 }'),
    ]);
    await page.screenshot({ path: 'test-results/plan-diff.png' });
    const stored = await server.store.db.selectFrom('plan_versions').selectAll().execute();
    expect(stored.map((r) => [r.plan_id, r.version, r.uploaded_by])).toEqual([
      ['town-mass-incident', next, 'admin'],
    ]);
    expect(stored[0]?.yaml).toContain('gte: 12 }');
  });

  it('switches to English, antd’s own texts included, and remembers it', async () => {
    const page = await loggedIn('commander');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('link', { name: 'Duty board' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.goto(`${server.url}/incidents/${caseId}`);
    await page.getByTestId('form-picker').getByText('Commitment made', { exact: true }).click();
    const due = page.getByTestId('form-commitment.made').getByLabel('Due');
    expect(await due.getAttribute('placeholder')).toBe('Select date');
    await page.reload();
    await page.getByRole('link', { name: 'Plans' }).click();
    await page.getByRole('tab', { name: 'Versions' }).waitFor();
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('link', { name: '预案库' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
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
    // the time it began with the phone's own picker, which always fits the screen
    expect(await phone.locator('input#startedAt').getAttribute('type')).toBe('datetime-local');
    await phone.screenshot({ path: 'test-results/report-390.png', fullPage: true });
    // the board and the incident page on the same phone: a commander on the scene uses both
    for (const path of ['/', `/incidents/${caseId}`]) {
      await phone.goto(`${server.url}${path}`);
      await phone
        .getByTestId(path === '/' ? 'clock' : 'duties')
        .first()
        .waitFor();
      const w = await phone.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
      expect(w.scroll, path).toBeLessThanOrEqual(w.client);
    }
    // (the commander's actions lead the page on a phone: e2e/commander-phone.test.ts)
    await phone.screenshot({ path: 'test-results/incident-390.png', fullPage: true });
  });

  it('shows a long record a page at a time, and earlier entries when the reader gets to its start', async () => {
    // an incident of the commander's town with 150 entries after its report: the report is
    // no longer on the newest page
    const town = web.server.demo?.credentials.find((c) => c.username === 'commander')?.jurisdiction ?? '';
    const j = await server.store.db
      .selectFrom('jurisdictions')
      .select('plan_id')
      .where('code', '=', town)
      .executeTakeFirstOrThrow();
    const actor = { id: 'officer-demo', role: 'officer' };
    const longCase = uuidv7();
    const now = web.clock.now().toISOString();
    await reportIncident(server.app.writePath, longCase, j.plan_id ?? '', {
      id: uuidv7(),
      type: 'incident.reported',
      data: {
        title: '群众在镇政府门口聚集',
        location: { text: '镇政府门口' },
        startedAt: now,
        source: '值班电话',
        facts: { participants: 12 },
        jurisdiction: town,
      },
      actor,
      occurredAt: now,
    });
    for (let i = 0; i < 150; i++)
      await commandIncident(server.app.writePath, longCase, {
        id: uuidv7(),
        type: 'log.entry',
        data: { text: `巡查记录 ${i}` },
        actor,
      });
    const commander = await loggedIn('commander');
    // what the page asks for: the incident with its newest page, then earlier pages
    const pages: number[] = [];
    // each answer read as it comes; every read is awaited before the test ends, so none is left
    // running when the page closes
    const reads: Promise<void>[] = [];
    const readErrors: unknown[] = [];
    const onResponse = (r: Response) => {
      const url = new URL(r.url());
      if (
        url.pathname === `/api/incidents/${longCase}` ||
        url.pathname === `/api/incidents/${longCase}/timeline`
      )
        reads.push(
          r.json().then(
            (body) => {
              pages.push((body as { timeline: unknown[] }).timeline.length);
            },
            (e: unknown) => {
              readErrors.push(e);
            },
          ),
        );
    };
    commander.on('response', onResponse);
    await commander.goto(`${server.url}/incidents/${longCase}`);
    const timeline = commander.getByTestId('timeline');
    const reported = timeline.locator('[data-testid=entry][data-type="incident.reported"]');
    await expect.poll(() => timeline.textContent(), state).toContain('巡查记录 149');
    // (each answer is read as it comes, after the page may already show it)
    await expect.poll(() => pages[0], state).toBe(100);
    // at the start of what is loaded, earlier entries come (as soon as it is in view, or with
    // the button), back to the report
    const entries = timeline.locator('[data-testid=entry]');
    const pressEarlier = () =>
      commander.evaluate(() => {
        const b = document.querySelector<HTMLElement>('[data-testid=timeline-earlier]');
        b?.scrollIntoView();
        b?.click();
      });
    for (let n = 0; n < 5 && (await reported.count()) === 0; n++) {
      const shown = await entries.count();
      await pressEarlier();
      await expect
        .poll(async () => (await entries.count()) > shown || (await reported.count()) > 0, state)
        .toBe(true);
    }
    await reported.waitFor(state);
    await commander.getByTestId('timeline-earlier').waitFor({ state: 'detached', ...state });
    await expect.poll(() => pages.length, state).toBeGreaterThan(1);
    // one unbroken stretch: every entry once
    const texts = await timeline.locator('[data-testid=entry]').allTextContents();
    const patrols = texts.filter((x) => x.includes('巡查记录'));
    expect(new Set(patrols).size).toBe(patrols.length);
    commander.off('response', onResponse);
    await Promise.all(reads);
    expect(readErrors).toEqual([]);
  });

  /** An incident reported now in the commander's town (or `where`), under its plan; its case id. */
  async function reportInTown(
    title: string,
    place: string,
    facts: Record<string, unknown>,
    where?: string,
  ): Promise<string> {
    const town =
      where ?? web.server.demo?.credentials.find((c) => c.username === 'commander')?.jurisdiction ?? '';
    const j = await server.store.db
      .selectFrom('jurisdictions')
      .select('plan_id')
      .where('code', '=', town)
      .executeTakeFirstOrThrow();
    const id = uuidv7();
    const now = web.clock.now().toISOString();
    await reportIncident(server.app.writePath, id, j.plan_id ?? '', {
      id: uuidv7(),
      type: 'incident.reported',
      data: {
        title,
        location: { text: place },
        startedAt: now,
        source: '值班电话',
        facts,
        jurisdiction: town,
      },
      actor: { id: 'officer-demo', role: 'officer' },
      occurredAt: now,
    });
    return id;
  }

  it("records the principal's arrival by picking the position by its name: the duty is met", async () => {
    const arrival = await reportInTown('25名村民聚集镇政府', '镇政府', { participants: 25 });
    const commander = await loggedIn('commander');
    await commander.goto(`${server.url}/incidents/${arrival}`);
    await commander.getByTestId('form-picker').getByText('到场', { exact: true }).click();
    const form = commander.getByTestId('form-arrival.recorded');
    await form.getByLabel('到场人员（职务）').click();
    await commander
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .filter({ hasText: '负责处置单位的主要负责人' })
      .click();
    await form.getByRole('button', { name: '提交', exact: true }).click();
    const log = async () =>
      (await server.store.readCase(arrival)).filter((e) => e.type === 'arrival.recorded');
    await expect.poll(async () => (await log()).map((e) => e.data.position), state).toEqual(['principal']);
    const duty = async () =>
      (await server.store.readCase(arrival)).find(
        (e) => e.type === 'duty.met' && e.data.dutyId === 'principal-on-scene',
      );
    await expect.poll(async () => (await duty()) !== undefined, state).toBe(true);
    // the entry names who recorded it, by role and account, and when
    const entry = commander.locator('[data-testid=entry][data-type="arrival.recorded"]');
    await entry.first().waitFor(state);
    expect(await entry.first().getByTestId('entry-author').textContent()).toBe(
      ' 指挥员 · 示范镇镇长（指挥长） · commander',
    );
    expect(await entry.first().textContent()).toMatch(/^\d{2}-\d{2} \d{2}:\d{2}:\d{2} /);

    // a situation report entered now for 40 minutes ago: shown 补录, with both times
    const happened = new Date(web.clock.now().getTime() - 40 * 60_000).toISOString();
    await commandIncident(server.app.writePath, arrival, {
      id: uuidv7(),
      type: 'sitrep.submitted',
      data: { to: { level: 'county' }, kind: 'initial', fields: { participants: 25 } },
      actor: { id: 'officer-demo', role: 'officer' },
      occurredAt: happened,
    });
    const late = commander.locator('[data-testid=entry][data-late=true]');
    await late.first().waitFor(state);
    expect(await late.count()).toBe(1);
    expect(await late.first().getByTestId('late-entry').textContent()).toMatch(
      /^补录：\d{2}-\d{2} \d{2}:\d{2} 发生，\d{2}-\d{2} \d{2}:\d{2} 记录$/,
    );
  });
  /** the incident of the 12 people at the county, met again by the one-tap test */
  let visitCase = '';
  it('updates the facts with a visit of 12 people to the county: the plan gives 重大; an implausible count is asked about', async () => {
    const caseId = await reportInTown('12名村民赴县上访', '县信访局', {});
    const commander = await loggedIn('commander');
    await commander.goto(`${server.url}/incidents/${caseId}`);
    await commander.getByTestId('form-picker').getByText('情况更新', { exact: true }).click();
    const form = commander.getByTestId('form-incident.facts.updated');
    await form.getByLabel('参与人数').fill('12');
    await form.getByLabel('上访去向').click();
    await commander
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .filter({ hasText: '到县' })
      .click();
    await form.getByLabel('赴上级上访人数').fill('12');
    await form.getByRole('button', { name: '提交', exact: true }).click();
    await expect
      .poll(async () => await commander.getByTestId('incident-level').textContent(), state)
      .toBe('重大');

    // an extra zero is asked about before it goes out
    await form.getByLabel('参与人数').fill('120000');
    await form.getByRole('button', { name: '提交', exact: true }).click();
    const ask = commander.locator('.ant-modal-confirm');
    await ask.waitFor(state);
    expect(await ask.textContent()).toContain('参与人数 120,000');
    await ask.getByRole('button', { name: '返回核对' }).click();
    await ask.waitFor({ state: 'hidden', timeout: state.timeout });
    const updates = async () =>
      (await server.store.readCase(caseId)).filter((e) => e.type === 'incident.facts.updated').length;
    expect(await updates()).toBe(1);
    visitCase = caseId;
  });

  it('meets a duty through its one-tap action: the form opens filled in as the plan asks', async () => {
    const caseId = visitCase;
    const commander = await loggedIn('commander');
    await commander.goto(`${server.url}/incidents/${caseId}`);
    // 重大 started the report to the county: its one-tap action opens the situation report filled in
    const meet = commander.getByTestId('meet-report-county');
    await meet.waitFor(state);
    expect(await meet.textContent()).toBe('情况报告');
    await meet.click();
    const sitrep = commander.getByTestId('form-sitrep.submitted');
    await sitrep.waitFor(state);
    const toLevel = sitrep.locator('.ant-form-item').filter({ hasText: '报送对象（级别）' });
    await expect
      .poll(async () => await toLevel.locator('.ant-select-content').textContent(), state)
      .toBe('县');
    await sitrep.getByRole('button', { name: '提交', exact: true }).click();
    const met = async () =>
      (await server.store.readCase(caseId)).find(
        (e) => e.type === 'duty.met' && e.data.dutyId === 'report-county',
      );
    await expect.poll(async () => (await met()) !== undefined, state).toBe(true);
  });
  it("runs the town's plan beside a village's own: its duty shown as the town's, its miss on the town's board", async () => {
    const caseId = await reportInTown(
      '河东村30名村民聚集村委会',
      '河东村村委会',
      { participants: 30 },
      'demo-hedong',
    );
    const commander = await loggedIn('commander');
    await commander.goto(`${server.url}/incidents/${caseId}`);
    // the town plan's level beside the village's, and its duty marked as the town's
    const above = commander.getByTestId('upper-plan-town-mass-incident');
    await above.waitFor(state);
    expect(await above.textContent()).toContain('镇预防和处置突发群体性事件工作预案');
    const row = commander
      .getByTestId('duties')
      .locator('tr')
      .filter({ hasText: '事发地单位 20 分钟内报告镇党政办、维稳办' });
    await row.first().waitFor(state);
    expect(await row.first().getByTestId('upper-duty').textContent()).toBe('示范镇预案');

    // nobody reports to the town: 21 minutes on, the town plan's miss is on the town's board
    web.clock.advance(21 * 60_000);
    await commander.goto(`${server.url}/`);
    const escalation = commander.locator(`[data-testid=escalation][data-case="${caseId}"]`);
    await expect
      .poll(async () => (await escalation.allTextContents()).join(' '), state)
      .toContain('事发地单位 20 分钟内报告镇党政办、维稳办');
    const rows = await server.store.db
      .selectFrom('escalations')
      .select(['duty_id', 'to_jurisdiction'])
      .where('case_id', '=', caseId)
      .execute();
    expect(rows).toContainEqual({ duty_id: 'town-mass-incident:report-town', to_jurisdiction: 'demo-town' });
  });

  it("counts a report from the scene's unit as that unit's report to the town: the 20-minute duty is met by the report", async () => {
    const page = await loggedIn('officer');
    await page.getByRole('link', { name: '报告事件' }).click();
    await page.getByLabel('事件概要').fill('30名村民聚集村委会');
    await page.getByLabel('地点').fill('河东村村委会');
    await page.getByLabel('参与人数').fill('30');
    await page.getByLabel('报告来自').click();
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .filter({ hasText: '事发地单位（村、社区、企业等）' })
      .click();
    await page.getByRole('button', { name: '报告', exact: true }).click();
    await page.waitForURL(/\/incidents\//);
    const id = page.url().split('/incidents/')[1] ?? '';
    const met = async () =>
      (await server.store.readCase(id)).find((e) => e.type === 'duty.met' && e.data.dutyId === 'report-town');
    await expect.poll(async () => (await met())?.data.lateSeconds, state).toBe(0);
    const report = (await server.store.readCase(id))[0];
    expect(report?.data.sourceKind).toBe('scene_unit');
    const row = page
      .getByTestId('duties')
      .locator('tr')
      .filter({ hasText: '事发地单位 20 分钟内报告镇党政办' });
    await expect.poll(() => row.first().textContent(), state).toContain('已完成');
  });
});
