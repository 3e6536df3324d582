import { v7 as uuidv7 } from 'uuid';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commandIncident, reportIncident } from '../src/server/incident/incident.handler.ts';
import { startWeb, type WebFixture } from '../test/support/browser.ts';

const MIN = 60_000;

/**
 * The duty board at 2 a.m., in Chromium with the server's clock moved by hand: incidents in
 * urgency order, an escalation taken in hand seen by every board, what is new since the last
 * look, and the alerts counted in the tab's title.
 */
describe('the duty board in Chromium', { timeout: 180_000 }, () => {
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

  const town = () => web.server.demo?.credentials.find((c) => c.username === 'commander')?.jurisdiction ?? '';
  const officer = { id: 'officer-demo', role: 'officer' };
  async function report(title: string, facts: Record<string, unknown>, extra: Record<string, unknown> = {}) {
    const caseId = uuidv7();
    const now = web.clock.now().toISOString();
    await reportIncident(web.server.app.writePath, caseId, 'town-mass-incident', {
      id: uuidv7(),
      type: 'incident.reported',
      data: {
        title,
        location: { text: `${title}现场` },
        startedAt: now,
        source: '值班电话',
        facts,
        jurisdiction: town(),
        ...extra,
      },
      actor: officer,
      occurredAt: now,
    });
    return caseId;
  }
  const ask = (caseId: string, reason: string) =>
    commandIncident(web.server.app.writePath, caseId, {
      id: uuidv7(),
      type: 'escalation.requested',
      data: { to: '县委县政府', reason },
      actor: officer,
    });

  /** Taken in hand, an escalation follows those still wanting a hand, perhaps into the fold: unfold it. */
  async function unfold(page: import('playwright-core').Page) {
    const more = page.getByTestId('more-escalations');
    if ((await more.count()) > 0 && (await more.textContent())?.includes('展开')) await more.click();
  }

  it('orders incidents by urgency; a leader takes an escalation in hand and every board says who and when; a reload marks only what is new; the title counts alerts', async () => {
    // A: 一般, reported first; its 20-minute report to the town runs out
    const a = await report('A 12名群众聚集', { participants: 12 });
    await ask(a, '群众要求县里答复');
    web.clock.advance(21 * MIN);
    // B: 重大, its report to the county due in 15 minutes, in its warning window 11 minutes on
    const b = await report('B 60名村民堵塞县道', { participants: 60 }, { sourceKind: 'scene_unit' });
    web.clock.advance(11 * MIN);
    // C: 一般, just reported
    const c = await report('C 15名群众聚集', { participants: 15 });

    const leader = await web.loggedIn('leader', { width: 1440, height: 900 });
    const rows = leader.locator('[data-testid=incidents] [data-testid=incident]');
    await expect
      .poll(() => rows.evaluateAll((r) => r.map((x) => x.getAttribute('data-case'))), state)
      .toEqual([a, b, c]);
    expect(await rows.evaluateAll((r) => r.map((x) => x.getAttribute('data-urgency')))).toEqual([
      'overdue',
      'warning',
      'due',
    ]);
    // each row: where, how many, the most urgent clock, whether the first report went out
    const rowA = leader.locator(`[data-testid=incident][data-case="${a}"]`);
    expect(await rowA.getByTestId('where').textContent()).toContain('A 12名群众聚集现场 · 12 人');
    expect(await rowA.getByTestId('first-report').textContent()).toBe('未首报');
    // the demo's live exercise is apart from the real incidents
    await leader.getByTestId('exercises').waitFor(state);
    expect(await leader.locator('[data-testid=incidents] [data-testid=incident]').count()).toBe(3);
    // hidden by the switch, an exercise is gone from every list of the board, not only the incidents
    // (each marked by its 演练 tag, the demo ledger's disputes too)
    const drillItems = leader
      .locator('[data-testid=overdue-item] .ant-tag, [data-testid=received-reports] li .ant-tag')
      .filter({ hasText: /^演练$/ });
    await expect.poll(() => drillItems.count(), state).toBeGreaterThan(0);
    await leader.getByTestId('exercises-toggle').click();
    await expect.poll(() => leader.getByTestId('exercises').count(), state).toBe(0);
    expect(await drillItems.count()).toBe(0);
    expect(await leader.locator('[data-testid=overdue-item]').count()).toBeGreaterThan(0);
    await leader.getByTestId('exercises-toggle').click();
    await leader.getByTestId('exercises').waitFor(state);
    // on a desk, the first incident is in view however many escalations there are
    const box = await rowA.boundingBox();
    expect(box && box.y + box.height).toBeLessThan(900);

    // the title counts what wants a hand: A is overdue; A's request and its missed duties stand
    const count = async (p: typeof leader) => Number((await p.title()).match(/^\((\d+)\) 值班台/)?.[1] ?? 0);
    await expect.poll(() => count(leader), state).toBeGreaterThan(1);
    const before = await count(leader);

    // the leader takes A's request in hand
    const request = leader
      .locator(`[data-testid=escalation][data-case="${a}"]`)
      .filter({ hasText: '群众要求县里答复' });
    await request.getByTestId('acknowledge').click();
    await unfold(leader);
    await expect
      .poll(() => request.getByTestId('acknowledged').textContent(), state)
      .toContain('已接收：示范县分管领导');
    await expect.poll(() => count(leader), state).toBe(before - 1);
    // another board of the county shows who and when
    const auditor = await web.loggedIn('auditor', { width: 1440, height: 900 });
    await auditor.getByTestId('escalations').waitFor(state);
    await expect.poll(() => auditor.locator('[data-testid=escalation]').count(), state).toBeGreaterThan(0);
    await unfold(auditor);
    const seen = auditor
      .locator(`[data-testid=escalation][data-case="${a}"]`)
      .filter({ hasText: '群众要求县里答复' });
    await expect
      .poll(() => seen.getByTestId('acknowledged').textContent(), state)
      .toMatch(/已接收：示范县分管领导 \d\d-\d\d \d\d:\d\d/);
    expect(await seen.getByTestId('acknowledge').count()).toBe(0);

    // something arrives after the leader's look; after a reload only it is marked new
    web.clock.advance(MIN);
    await ask(c, '群众情绪激动，请县领导到场');
    await leader.reload();
    const fresh = leader.locator(`[data-testid=escalation][data-case="${c}"]`);
    await fresh.first().waitFor(state);
    await expect.poll(() => fresh.first().textContent(), state).toContain('新');
    await unfold(leader);
    expect(await request.textContent()).not.toContain('新');
    await expect
      .poll(() => leader.getByTestId('since').textContent(), state)
      .toMatch(/自上次查看（.+）以来：1 条新上报/);
    await leader.screenshot({ path: 'test-results/board-1440.png' });
  });

  it('lists every incident, closed ones too, found by words and narrowed by the filters in the address', async () => {
    const leader = await web.loggedIn('leader');
    await leader.goto(`${web.server.url}/incidents`);
    const rows = leader.locator('[data-testid=incident-row]');
    await expect.poll(() => rows.count(), state).toBeGreaterThanOrEqual(5);
    await leader.getByTestId('incident-search').locator('input').fill('县道');
    await leader.getByTestId('incident-search').locator('input').press('Enter');
    await expect
      .poll(async () => (await rows.allTextContents()).some((r) => r.includes('B 60名村民堵塞县道')), state)
      .toBe(true);
    // every row has the words in its title or its place, and the others are gone
    for (const text of await rows.allTextContents()) expect(text).toContain('县道');
    expect(await rows.count()).toBeLessThan(5);
    expect(leader.url()).toContain('q=');
    // the demo's closed exercise is found by the address alone
    await leader.goto(`${web.server.url}/incidents?status=closed&exercise=true`);
    await expect.poll(() => rows.count(), state).toBeGreaterThan(0);
    for (const text of await rows.allTextContents()) {
      expect(text).toContain('已结案');
      expect(text).toContain('演练');
    }
  });

  it('a commander puts the town’s officer on the duty desk; the board names them; a handover is recorded', async () => {
    const commander = await web.loggedIn('commander');
    await commander.goto(`${web.server.url}/roster`);
    await commander.getByTestId('add-slot').click();
    const slot = commander.getByTestId('slot').first();
    const pick = async (nth: number, text: string) => {
      await slot.locator('.ant-select').nth(nth).click();
      await commander
        .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
        .filter({ hasText: text })
        .click();
    };
    await pick(0, '值班室');
    // round the clock: an end not after its start runs past midnight
    await slot.locator('input[type=time]').nth(0).fill('08:00');
    await slot.locator('input[type=time]').nth(1).fill('08:00');
    await pick(1, '示范镇值班员');
    await commander.getByTestId('save-rota').click();
    await expect.poll(() => commander.getByTestId('on-duty').textContent(), state).toContain('示范镇值班员');
    // the board heads with who is on the desk
    await commander.goto(`${web.server.url}/`);
    await expect
      .poll(() => commander.getByTestId('desk').textContent(), state)
      .toContain('本级值班：示范镇值班员');
    // the commander hands a shift over, with what was open
    await commander.goto(`${web.server.url}/roster`);
    const form = commander.locator('form').filter({ hasText: '交班说明' });
    await form.locator('.ant-select').nth(0).click();
    await commander
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .filter({ hasText: '值班室' })
      .click();
    await form.locator('.ant-select').nth(1).click();
    await commander
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .filter({ hasText: '示范镇值班员' })
      .click();
    await form.getByLabel('交班说明').fill('县道聚集仍在处置');
    await form.getByRole('button', { name: '交班' }).click();
    await expect
      .poll(() => commander.locator('.ant-table-row').first().textContent(), state)
      .toContain('县道聚集仍在处置');
    expect(await commander.locator('.ant-table-row').first().textContent()).toMatch(
      /交班时：处置中事件 \d+ 起/,
    );

    // on the desk, the officer hears of the village's late report in the app: the bell counts
    // it, the drawer says it, opening it goes to the incident and reads it
    const caseId = await report('村民聚集（值班提醒）', { participants: 15 });
    web.clock.advance(16 * MIN);
    const desk = await web.loggedIn('officer');
    const bell = desk.getByTestId('notice-bell');
    await expect.poll(() => bell.getAttribute('aria-label'), state).toMatch(/值班提醒（\d+ 条未读）/);
    await bell.click();
    const notice = desk
      .getByTestId('notice')
      .filter({ hasText: '事发地单位 20 分钟内报告' })
      .filter({ hasText: '村民聚集（值班提醒）' });
    await notice.first().waitFor(state);
    expect(await notice.first().getAttribute('data-unread')).toBe('true');
    expect(await notice.first().textContent()).toContain('【即将超时】');
    await notice.first().click();
    await desk.waitForURL(`**/incidents/${caseId}`, state);
    await desk.getByTestId('notice-bell').click();
    await expect.poll(() => notice.first().getAttribute('data-unread'), state).toBeNull();
  });
});
