import type { Locator, Page } from 'playwright-core';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commandDispute, registerDispute } from '../src/server/dispute/dispute.handler.ts';
import { activePlan } from '../src/server/incident/incident.queries.ts';
import { startWeb, type WebFixture } from '../test/support/browser.ts';

const PHONE = { width: 390, height: 844 };

/**
 * The dispute page as each user has it: a town cadre on a phone, whose actions lead the page;
 * a leader who only reads; a resolved dispute that takes only what it still may; and forms
 * half typed when the page is reloaded or left.
 */
describe('the dispute page for each user, in Chromium', { timeout: 180_000 }, () => {
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

  const officer = { id: 'officer-demo', role: 'officer' };
  async function register(title: string): Promise<string> {
    const town = web.server.demo?.credentials.find((c) => c.username === 'officer')?.jurisdiction ?? '';
    const planId = (await activePlan(web.server.store.db, town)) ?? '';
    const caseId = uuidv7();
    await registerDispute(web.server.app.writePath.disputes, caseId, planId, {
      id: uuidv7(),
      type: 'dispute.registered',
      data: {
        title,
        summary: '三组部分村民对征地补偿款分配方案有异议，已多次到镇反映',
        source: 'visit',
        category: 'requisition',
        facts: { people: 40, households: 12 },
        sides: [{ kind: 'group', description: '三组部分村民（约12户）' }],
        jurisdiction: town,
      },
      actor: officer,
    });
    return caseId;
  }
  const record = (caseId: string, type: string, data: Record<string, unknown>) =>
    commandDispute(web.server.app.writePath.disputes, caseId, { id: uuidv7(), type, data, actor: officer });
  const events = async (caseId: string, type: string) =>
    (await web.server.store.readCase(caseId)).filter((e) => e.type === type);
  const option = (page: Page, text: string) =>
    page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .filter({ hasText: text })
      .first()
      .click();
  /** A folded list of the page on a phone, opened (on a desk it is open already). */
  async function unfold(page: Page, label: string) {
    const header = page.getByTestId('folded').locator('.ant-collapse-header').filter({ hasText: label });
    if ((await header.count()) > 0 && (await header.getAttribute('aria-expanded')) !== 'true')
      await header.click();
  }
  const top = async (l: Locator) => (await l.boundingBox())?.y ?? Number.POSITIVE_INFINITY;

  /** Every submit button in view is the element at its own centre: nothing lies over it. */
  async function uncovered(page: Page) {
    return page.evaluate(() =>
      [...document.querySelectorAll('button[type=submit]')]
        .filter((b) => (b as HTMLElement).offsetParent !== null)
        .every((b) => {
          const r = b.getBoundingClientRect();
          if (r.bottom < 0 || r.top > window.innerHeight) return true;
          const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          return hit !== null && b.contains(hit);
        }),
    );
  }
  /** The submit button of a form, scrolled into view as a thumb would, checked uncovered there. */
  async function submitOf(page: Page, form: Locator) {
    const button = form.getByRole('button', { name: '提交', exact: true });
    await button.scrollIntoViewIfNeeded();
    expect(await uncovered(page)).toBe(true);
    return button;
  }

  it('on a 390-px phone a town cadre records a mediation and a commitment above the timeline, no submit button covered', async () => {
    const caseId = await register('三组征地补偿款分配纠纷（手机）');
    const phone = await web.loggedIn('officer', PHONE);
    await phone.goto(`${web.server.url}/disputes/${caseId}`);
    const picker = phone.getByTestId('form-picker');
    await picker.waitFor(state);
    // the cadre's actions lead, within the first screen; the clocks next; the lists folded below
    const folded = phone.getByTestId('folded');
    expect(await top(picker)).toBeLessThan(PHONE.height / 2);
    expect(await top(picker)).toBeLessThan(await top(phone.getByTestId('dispute-clocks')));
    expect(await phone.getByTestId('dispute-timeline').isVisible()).toBe(false);
    expect(await phone.getByTestId('form-more').isVisible()).toBe(true);

    // 受理 in one tap: a registered dispute offers it first
    await picker.getByText('受理', { exact: true }).click();
    const accept = phone.getByTestId('form-dispute.accepted');
    await (await submitOf(phone, accept)).click();
    await expect.poll(() => phone.getByTestId('dispute-status').textContent(), state).toBe('已受理');
    // accepted once: the form is gone, mediation is offered
    await expect.poll(() => picker.locator('label').allTextContents(), state).not.toContain('受理');

    // 调解: Enter in a line does not send it
    await picker.getByText('调解', { exact: true }).click();
    const m = phone.getByTestId('form-mediation.held');
    await m.getByLabel('调解员（职务或调委会）').fill('镇人民调解委员会');
    await m.getByLabel('调解员（职务或调委会）').press('Enter');
    await m.getByLabel('方式').click();
    await option(phone, '面谈');
    await m.getByLabel('结果').click();
    await option(phone, '继续调解');
    await m.getByLabel('简要情况').fill('双方同意按人口和承包面积重新测算');
    const sendMediation = await submitOf(phone, m);
    expect(await top(sendMediation)).toBeLessThan(await top(folded));
    expect(await events(caseId, 'mediation.held')).toHaveLength(0);
    await sendMediation.click();
    await expect
      .poll(async () => (await events(caseId, 'mediation.held')).map((e) => e.data.summary), state)
      .toEqual(['双方同意按人口和承包面积重新测算']);
    expect((await events(caseId, 'mediation.held'))[0]?.data).toMatchObject({
      public: false,
      method: 'in_person',
    });

    // 作出承诺: the day from the phone's own picker, inside the screen
    await picker.getByText('作出承诺', { exact: true }).click();
    const c = phone.getByTestId('form-commitment.made');
    await c.getByLabel('内容').fill('公示重新测算的分配方案');
    await c.getByLabel('履行方').fill('村委会');
    const due = c.getByLabel('履行期限');
    expect(await due.getAttribute('type')).toBe('date');
    await due.fill('2030-05-14');
    const box = await due.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= PHONE.width).toBe(true);
    const sendCommitment = await submitOf(phone, c);
    expect(await top(sendCommitment)).toBeLessThan(await top(folded));
    await sendCommitment.click();
    await expect
      .poll(async () => (await events(caseId, 'commitment.made')).map((e) => e.data.dueAt), state)
      .toEqual(['2030-05-14T23:59:59+08:00']);
    // its clock comes next to the actions; the commitment waits in the folded list
    await expect
      .poll(() => phone.getByTestId('dispute-clock').allTextContents(), state)
      .toEqual(expect.arrayContaining([expect.stringContaining('公示重新测算的分配方案')]));
    await expect.poll(() => folded.textContent(), state).toContain('1 项未兑现');
    // nothing on the page is wider than the phone
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    // the other forms behind one searchable select
    await phone.getByTestId('form-more').click();
    await phone.keyboard.type('包案');
    await option(phone, '包案交办');
    await phone.getByTestId('form-dispute.assigned').getByLabel('责任单位').waitFor(state);
    await picker.getByText('调解', { exact: true }).click();
    await phone.evaluate(() => window.scrollTo(0, 0));
    // (once the notices of what was recorded have gone)
    await expect.poll(() => phone.locator('.ant-message-notice').count(), state).toBe(0);
    await phone.screenshot({ path: 'test-results/dispute-390.png' });
    await phone.screenshot({ path: 'test-results/dispute-390-full.png', fullPage: true });
  });

  it('shows a leader no form to write with; a resolved dispute only what it still takes', async () => {
    const caseId = await register('二组宅基地界址纠纷（只读）');
    await record(caseId, 'dispute.accepted', {});
    await record(caseId, 'commitment.made', {
      commitmentId: 'c-1',
      text: '重新丈量界址',
      owner: '镇自然资源所',
      dueAt: '2030-05-14T23:59:59+08:00',
    });
    for (const who of ['leader', 'auditor']) {
      const page = await web.loggedIn(who, who === 'leader' ? PHONE : undefined);
      await page.goto(`${web.server.url}/disputes/${caseId}`);
      await page.getByTestId('dispute-title').waitFor(state);
      await page
        .getByTestId('dispute-commitment')
        .first()
        .waitFor({ state: 'attached', ...state });
      for (const id of ['form-picker', 'form-more', 'dispute-forms'])
        expect(await page.getByTestId(id).count(), `${who} ${id}`).toBe(0);
      expect(await page.locator('form button[type=submit]').count(), who).toBe(0);
      await unfold(page, '协议条款和承诺');
      expect(await page.getByRole('button', { name: '兑现', exact: true }).count(), who).toBe(0);
      expect(await page.getByText('由此报告事件').count(), who).toBe(0);
    }
    await record(caseId, 'dispute.resolved', { summary: '双方认可重新丈量的结果' });
    const officer_ = await web.loggedIn('officer');
    await officer_.goto(`${web.server.url}/disputes/${caseId}`);
    const picker = officer_.getByTestId('form-picker');
    await picker.waitFor(state);
    await expect.poll(() => officer_.getByTestId('dispute-status').textContent(), state).toBe('已化解');
    const offered = await picker.locator('label').allTextContents();
    // what is owed and the record of it, never the work of resolving it again
    expect(offered).toEqual(expect.arrayContaining(['回访', '作出承诺', '销号', '更正']));
    for (const gone of ['受理', '调解', '包案交办', '达成协议', '化解', '终止'])
      expect(offered).not.toContain(gone);
    await officer_.getByRole('button', { name: '兑现', exact: true }).waitFor(state);
    await officer_.screenshot({ path: 'test-results/dispute-desk-resolved.png', fullPage: true });
  });

  it('keeps a half-typed dispute form and a half-typed registration across a reload and Back, until sent', async () => {
    const caseId = await register('四组灌溉用水纠纷（草稿）');
    await record(caseId, 'dispute.accepted', {});
    const phone = await web.loggedIn('officer', PHONE);
    await phone.goto(`${web.server.url}/disputes/${caseId}`);
    const picker = phone.getByTestId('form-picker');
    await picker.getByText('化解进展', { exact: true }).click();
    const progress = phone.getByTestId('form-progress.noted');
    await progress.getByLabel('内容').fill('上午到四组查看水渠，约定周五召集双方');
    await picker.getByText('调解', { exact: true }).click();
    const m = phone.getByTestId('form-mediation.held');
    await m.getByLabel('调解员（职务或调委会）').fill('村调委会');
    await phone.reload();
    await picker.getByText('化解进展', { exact: true }).click();
    await expect
      .poll(() => progress.getByLabel('内容').inputValue(), state)
      .toBe('上午到四组查看水渠，约定周五召集双方');
    expect(await m.getByLabel('调解员（职务或调委会）').inputValue()).toBe('村调委会');
    // sent, it is gone: a reload brings back nothing
    await (await submitOf(phone, progress)).click();
    await expect.poll(async () => (await events(caseId, 'progress.noted')).length, state).toBe(1);
    await phone.reload();
    await picker.getByText('化解进展', { exact: true }).click();
    await progress.getByLabel('内容').waitFor(state);
    expect(await progress.getByLabel('内容').inputValue()).toBe('');

    // a registration half typed: reloaded, then away to the board and Back
    await phone.goto(`${web.server.url}/disputes/new`);
    const r = phone.getByTestId('register-dispute');
    await r.getByLabel('标题').fill('五组土地承包经营权纠纷');
    await r.getByLabel('简要情况').fill('两户对承包地边界有争议');
    await r.getByLabel('当事方（群体或组织，不写个人姓名）').fill('五组两户村民');
    // Enter in a line does not register it
    await r.getByLabel('标题').press('Enter');
    await phone.reload();
    await expect.poll(() => r.getByLabel('标题').inputValue(), state).toBe('五组土地承包经营权纠纷');
    expect(await r.getByLabel('当事方（群体或组织，不写个人姓名）').inputValue()).toBe('五组两户村民');
    await phone.goto(`${web.server.url}/`);
    await phone.goBack();
    await expect.poll(() => r.getByLabel('简要情况').inputValue(), state).toBe('两户对承包地边界有争议');
    expect(phone.url()).toContain('/disputes/new');
  });
});
