import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWeb, type WebFixture } from '../test/support/browser.ts';

/**
 * The dispute ledger in Chromium on a 390-px phone, as a town officer works it: a screening
 * round finds a dispute, which is registered, assigned (包案), assessed, mediated and settled
 * by an agreement of two clauses; the incident it flared into is closed; one clause is kept
 * after the crowd has gone and the other goes overdue on the board; a 零报告; the ledger
 * exported to Excel.
 */
describe('the dispute ledger in Chromium, on a phone', () => {
  let web: WebFixture;
  let phone: Page;
  const state = { timeout: 20_000 };
  const PHONE = { width: 390, height: 844 };
  const DAY = 86_400_000;
  /** a day from the server's now, as the date pickers take it (Beijing) */
  const day = (days: number) =>
    new Date(web.clock.now().getTime() + days * DAY + 8 * 3_600_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    web = await startWeb();
    phone = await web.loggedIn('officer', PHONE);
  });
  afterAll(async () => {
    await web?.close();
  });

  /** Choose an option of an antd select: opened, the option picked from its own open list. */
  async function pick(page: Page, select: Locator, option: string) {
    await select.click();
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .filter({ hasText: option })
      .first()
      .click();
    await expect.poll(() => select.locator('..').locator('..').textContent(), state).toContain(option);
  }

  /**
   * A dispute form of the page, and its fields by label: on a phone the main actions are
   * buttons, the others picked from one searchable select.
   */
  async function form(type: string, label: string) {
    const picker = phone.getByTestId('form-picker');
    await picker.waitFor(state);
    const button = picker.getByText(label, { exact: true });
    if ((await button.count()) > 0) await button.click();
    else {
      await phone.getByTestId('form-more').click();
      await phone.keyboard.type(label);
      await phone
        .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
        .filter({ hasText: new RegExp(`^${label}$`) })
        .click();
    }
    const f = phone.getByTestId(`form-${type}`);
    await f.waitFor(state);
    return f;
  }
  /** A folded list of the page on a phone, opened. */
  async function unfold(label: string) {
    const header = phone.getByTestId('folded').locator('.ant-collapse-header').filter({ hasText: label });
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
  }
  async function submit(f: Locator, expectInTimeline: string) {
    await f.getByRole('button', { name: '提交', exact: true }).click();
    await expect
      .poll(() => phone.getByTestId('dispute-timeline').textContent(), state)
      .toContain(expectInTimeline);
  }

  let disputeId = '';

  it('registers a dispute from a screening round', async () => {
    // on a phone the menu folds into its overflow: the page is one address away
    await phone.goto(`${web.server.url}/screening`);
    const f = phone.getByTestId('screening-form');
    await f.getByLabel('排查范围').fill('全镇12个村（社区）');
    const units = f.getByLabel('参加单位');
    await units.fill('镇综治中心');
    await units.press('Enter');
    await units.fill('镇司法所');
    await units.press('Enter');
    await f.getByLabel('发现矛盾纠纷数').fill('1');
    await f.getByTestId('record-found').click();
    await phone.waitForURL(/\/disputes\/new\?round=/, state);

    const r = phone.getByTestId('register-dispute');
    await r.getByLabel('标题').fill('三组征地补偿款分配纠纷');
    await r.getByLabel('简要情况').fill('三组部分村民对征地补偿款分配方案有异议，已多次到镇反映');
    await pick(phone, r.getByLabel('矛盾纠纷类别'), '征地拆迁');
    await r.getByLabel('涉及人数').fill('-3');
    await r.getByLabel('涉及户数').fill('12');
    await r.getByLabel('当事方（群体或组织，不写个人姓名）').fill('三组部分村民（约12户）');
    // a negative count is refused by its field, not turned into 0
    await r.getByRole('button', { name: '登记矛盾纠纷' }).click();
    await expect.poll(() => r.textContent(), state).toContain('不能小于 0');
    expect(phone.url()).toMatch(/\/disputes\/new/);
    await r.getByLabel('涉及人数').fill('40');
    await r.getByRole('button', { name: '登记矛盾纠纷' }).click();
    await phone.waitForURL(/\/disputes\/[0-9a-f-]{36}$/, state);
    disputeId = phone.url().split('/disputes/')[1] ?? '';
    await expect.poll(() => phone.getByTestId('dispute-status').textContent(), state).toBe('已登记');
    expect(await phone.getByTestId('dispute-facts').textContent()).toContain('排查');
    const registered = (await web.server.store.readCase(disputeId))[0];
    expect(registered?.data).toMatchObject({ source: 'screening', facts: { people: 40, households: 12 } });
    expect(String(registered?.data.screeningRoundId)).toMatch(/^r-/);
    // each entry names who recorded it: role and account
    await expect
      .poll(
        () => phone.getByTestId('dispute-timeline').getByTestId('entry-author').first().textContent(),
        state,
      )
      .toBe(' · 值班员 · 示范镇值班员 · officer');
  });

  it("keeps a representative's contact outside the log, read only with a reason", async () => {
    const card = phone.getByTestId('dispute-contacts');
    await card.getByRole('button', { name: '登记联系方式' }).click();
    await card.getByLabel('登记联系方式').fill('经三组组长转达');
    await card.getByRole('button', { name: '提交', exact: true }).click();
    await expect.poll(() => card.textContent(), state).toContain('已留联系方式');
    await card.getByLabel('查看理由（如：送达书面答复）').fill('通知参加调解');
    await card.getByRole('button', { name: '查看' }).click();
    await expect.poll(() => card.textContent(), state).toContain('经三组组长转达');
    const reads = await web.server.store.db
      .selectFrom('representative_contact_reads')
      .select(['username', 'reason'])
      .where('case_id', '=', disputeId)
      .execute();
    expect(reads).toEqual([{ username: 'officer', reason: '通知参加调解' }]);
    const log = JSON.stringify(await web.server.store.readCase(disputeId));
    expect(log).not.toContain('经三组组长转达');
  });

  it('accepts, assigns (包案) and assesses it, and holds a mediation', async () => {
    await submit(await form('dispute.accepted', '受理'), '受理');
    const a = await form('dispute.assigned', '包案交办');
    await a.getByLabel('责任单位').fill('镇司法所');
    await a.getByLabel('包案领导（职务）').fill('分管政法副镇长');
    await pick(phone, a.getByLabel('化解层级'), '镇（街道）首调');
    await submit(a, '包案交办');
    expect(await phone.getByTestId('dispute-facts').textContent()).toContain('分管政法副镇长');

    const r = await form('dispute.assessed', '风险研判');
    await r.getByLabel('涉及人数').fill('40');
    await pick(phone, r.getByLabel('风险等级'), '高');
    await r.getByLabel('研判依据').fill('涉及40人，曾酝酿集体到县上访');
    await submit(r, '风险研判');
    await expect.poll(() => phone.getByTestId('dispute-risk').textContent(), state).toContain('高');

    const m = await form('mediation.held', '调解');
    await m.getByLabel('调解员（职务或调委会）').fill('镇人民调解委员会');
    await pick(phone, m.getByLabel('方式'), '面谈');
    await pick(phone, m.getByLabel('结果'), '达成协议');
    await m.getByLabel('简要情况').fill('双方同意按人口和承包面积重新测算');
    await submit(m, '调解');
  });

  it('records an agreement with two clauses, each a commitment with its clock', async () => {
    const g = await form('agreement.reached', '达成协议');
    await g.getByRole('button', { name: '再加一条' }).click();
    const clauses = g.getByTestId('list-item');
    await expect.poll(() => clauses.count(), state).toBe(2);
    const fill = async (n: number, text: string, due: string) => {
      const c = clauses.nth(n);
      await c.getByLabel('内容').fill(text);
      await c.getByLabel('履行方式').fill('镇财政所转账至各户');
      await c.getByLabel('履行方', { exact: true }).fill('镇政府');
      const date = c.getByLabel('履行期限');
      await date.fill(due);
      await date.press('Tab');
      await expect.poll(() => date.inputValue(), state).toBe(due);
    };
    await fill(0, '补发第一期补偿款', day(2));
    await fill(1, '公示重新测算的分配方案', day(4));
    await submit(g, '达成协议');
    const commitments = phone.getByTestId('dispute-commitment');
    await expect.poll(() => commitments.count(), state).toBe(2);
    const agreed = (await web.server.store.readCase(disputeId)).find((e) => e.type === 'agreement.reached');
    expect(((agreed?.data.clauses ?? []) as { dueAt: string }[]).map((c) => c.dueAt)).toEqual([
      `${day(2)}T23:59:59+08:00`,
      `${day(4)}T23:59:59+08:00`,
    ]);
    await phone.screenshot({ path: 'test-results/dispute-phone.png', fullPage: true });
  });

  it('reports the incident it flared into, linked both ways, and closes it', async () => {
    await unfold('关联事件');
    await phone.getByRole('link', { name: '由此报告事件' }).click();
    await phone.waitForURL(/\/report\?dispute=/, state);
    await phone.getByLabel('事件概要').fill('三组村民聚集镇政府');
    await phone.getByLabel('地点').fill('镇政府大院');
    await phone.getByLabel('参与人数').fill('15');
    await phone.getByRole('button', { name: '报告' }).click();
    await phone.waitForURL(/\/incidents\//, state);
    const incidentId = phone.url().split('/incidents/')[1] ?? '';
    expect((await web.server.store.readCase(incidentId))[0]?.data.fromDispute).toBe(disputeId);
    await expect
      .poll(() => phone.getByTestId('incident-disputes').textContent(), state)
      .toContain('三组征地补偿款分配纠纷');
    // on a phone 结案 is among the other entries, behind one select
    await phone.getByTestId('form-more').click();
    await phone.keyboard.type('结案');
    await phone
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .filter({ hasText: /^结案$/ })
      .click();
    const close = phone.getByTestId('form-incident.closed');
    await close.getByLabel('摘要').fill('群众已散去，诉求转入矛盾纠纷台账跟进');
    await close.getByRole('button', { name: '提交', exact: true }).click();
    // asked once more, with what is still open
    await phone.getByTestId('close-confirm').waitFor(state);
    await phone.getByRole('button', { name: '确认结案' }).click();
    await expect.poll(() => phone.getByText('已结案').count(), state).toBeGreaterThan(0);
    await phone.goto(`${web.server.url}/disputes/${disputeId}`);
    await expect
      .poll(() => phone.getByTestId('dispute-incidents').textContent(), state)
      .toContain('三组村民聚集镇政府');
  });

  it('keeps one clause after the incident closed; the other goes overdue on the board', async () => {
    // the next day (a session lasts a shift: the officer logs in again)
    web.clock.advance(1 * DAY);
    phone = await web.loggedIn('officer', PHONE);
    await phone.goto(`${web.server.url}/disputes/${disputeId}`);
    await unfold('协议条款和承诺');
    const first = phone.locator('[data-testid=dispute-commitment]').filter({ hasText: '补发第一期补偿款' });
    await first.getByRole('button', { name: '兑现' }).click();
    await first.getByLabel('兑现情况').fill('已转账至12户，有回单');
    await first.getByRole('button', { name: '提交', exact: true }).click();
    await expect.poll(() => first.textContent(), state).toContain('已兑现');
    // past the second clause's day: the clock misses it and the board lists it as overdue
    web.clock.advance(5 * DAY);
    const board = await web.loggedIn('leader', { width: 1440, height: 900 });
    const overdue = board.locator(`[data-testid=overdue-item][data-case="${disputeId}"]`);
    await overdue.first().waitFor(state);
    expect(await overdue.count()).toBe(1);
    expect(await overdue.first().textContent()).toContain('三组征地补偿款分配纠纷');
    const events = await web.server.store.readCase(disputeId);
    const missed = events.filter((e) => e.type === 'duty.missed').map((e) => e.data.dutyId);
    expect(missed.some((id) => String(id).startsWith('commitment:'))).toBe(true);
    expect(events.some((e) => e.type === 'duty.met' && String(e.data.dutyId).startsWith('commitment:'))).toBe(
      true,
    );
    await board.screenshot({ path: 'test-results/board-overdue.png', fullPage: true });
    // the officer's board on the phone shows it too
    phone = await web.loggedIn('officer', PHONE);
    await phone.locator(`[data-testid=overdue-item][data-case="${disputeId}"]`).first().waitFor(state);
  });

  it('records a 零报告 in one tap', async () => {
    // on a phone the menu folds into its overflow: the page is one address away
    await phone.goto(`${web.server.url}/screening`);
    const form = phone.getByTestId('screening-form');
    const zeros = phone.getByTestId('zero');
    await phone.getByTestId('rounds').waitFor(state);
    const before = await zeros.count();
    // this phone's first round: the village grid members' daily screening
    await form.getByText('日常排查', { exact: true }).click();
    await form.getByLabel('排查范围').fill('河东村');
    const units = form.getByLabel('参加单位');
    await units.fill('河东村网格员');
    await units.press('Enter');
    await phone.getByTestId('zero-report').click();
    await expect.poll(() => zeros.count(), state).toBe(before + 1);
    // the next time the kind, scope and units are there already: 零报告 is one tap
    await phone.reload();
    await phone.getByTestId('rounds').waitFor(state);
    expect(await form.getByLabel('排查范围').inputValue()).toBe('河东村');
    await phone.getByTestId('zero-report').click();
    await expect.poll(() => zeros.count(), state).toBe(before + 2);
    const rounds = await web.server.store.db
      .selectFrom('screening_rounds')
      .select(['kind', 'scope', 'participants', 'zero_report'])
      .where('scope', '=', '河东村')
      .execute();
    expect(rounds).toEqual([
      { kind: 'daily', scope: '河东村', participants: '[{"unit":"河东村网格员"}]', zero_report: 1 },
      { kind: 'daily', scope: '河东村', participants: '[{"unit":"河东村网格员"}]', zero_report: 1 },
    ]);
    await phone.screenshot({ path: 'test-results/screening-phone.png', fullPage: true });
  });

  it('exports the ledger to Excel', async () => {
    await phone.goto(`${web.server.url}/disputes`);
    await phone.locator(`[data-testid=dispute][data-case="${disputeId}"]`).waitFor(state);
    const [download] = await Promise.all([
      phone.waitForEvent('download'),
      phone.getByTestId('export').click(),
    ]);
    const path = await download.path();
    const bytes = readFileSync(path);
    // an .xlsx is a zip
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    await phone.screenshot({ path: 'test-results/ledger-phone.png', fullPage: true });
  });
});
