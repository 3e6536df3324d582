import type { Page } from 'playwright-core';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commandIncident, reportIncident } from '../src/server/incident/incident.handler.ts';
import { startWeb, type WebFixture } from '../test/support/browser.ts';

const PHONE = { width: 390, height: 844 };

/**
 * The incident page as each user has it: a commander on a phone on the scene, a leader and an
 * auditor who only read, a closed incident, and a session that ends while a form is half done.
 */
describe('the incident page for each user, in Chromium', { timeout: 180_000 }, () => {
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
  async function report(title: string, people: number): Promise<string> {
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
        facts: { participants: people },
        jurisdiction: town,
      },
      actor: officer,
      occurredAt: now,
    });
    return caseId;
  }
  const events = async (caseId: string, type: string) =>
    (await web.server.store.readCase(caseId)).filter((e) => e.type === type);
  const option = (page: Page, text: string) =>
    page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .filter({ hasText: text })
      .click();

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

  it('on a 390-px phone the commander records an arrival, a demand and a commitment before the timeline, no submit button covered', async () => {
    const caseId = await report('60名村民堵塞县道（手机）', 60);
    const phone = await web.loggedIn('commander', PHONE);
    await phone.goto(`${web.server.url}/incidents/${caseId}`);
    const picker = phone.getByTestId('form-picker');
    await picker.waitFor(state);
    // the actions lead; tasks and the timeline are folded below them
    const folded = phone.getByTestId('folded');
    const below = async (a: ReturnType<Page['getByTestId']>) =>
      ((await a.boundingBox())?.y ?? 0) < ((await folded.boundingBox())?.y ?? 0);
    expect(await below(picker)).toBe(true);
    expect(await phone.locator('[data-testid=entry]').count()).toBe(0);

    // 到场: the position picked by its name; Enter in the note does not send the form
    await picker.getByText('到场', { exact: true }).click();
    const arrival = phone.getByTestId('form-arrival.recorded');
    await arrival.getByLabel('到场人员（职务）').click();
    await option(phone, '负责处置单位的主要负责人');
    await arrival.getByLabel('备注').fill('从镇政府赶到');
    await arrival.getByLabel('备注').press('Enter');
    expect(await uncovered(phone)).toBe(true);
    expect(await below(arrival.getByRole('button', { name: '提交', exact: true }))).toBe(true);
    expect(await events(caseId, 'arrival.recorded')).toHaveLength(0);
    await arrival.getByRole('button', { name: '提交', exact: true }).click();
    await expect
      .poll(async () => (await events(caseId, 'arrival.recorded')).map((e) => e.data.note), state)
      .toEqual(['从镇政府赶到']);

    // 登记诉求
    await picker.getByText('登记诉求', { exact: true }).click();
    const demand = phone.getByTestId('form-demand.registered');
    await demand.getByLabel('内容').fill('要求公布征地补偿款发放明细');
    await demand.getByLabel('人数').fill('60');
    await demand.getByLabel('责任部门').fill('镇财政所');
    expect(await uncovered(phone)).toBe(true);
    await demand.getByRole('button', { name: '提交', exact: true }).click();
    await expect.poll(async () => (await events(caseId, 'demand.registered')).length, state).toBe(1);

    // 作出承诺: the due time from the phone's own picker, inside the screen
    await picker.getByText('作出承诺', { exact: true }).click();
    const commitment = phone.getByTestId('form-commitment.made');
    await commitment.getByLabel('内容').fill('三日内公布补偿款发放明细');
    await commitment.getByLabel('责任单位/责任人').fill('镇财政所');
    const due = commitment.getByLabel('期限');
    expect(await due.getAttribute('type')).toBe('datetime-local');
    await due.fill('2030-05-14T18:00');
    const box = await due.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= PHONE.width).toBe(true);
    expect(await uncovered(phone)).toBe(true);
    await commitment.getByRole('button', { name: '提交', exact: true }).click();
    await expect
      .poll(
        async () => (await events(caseId, 'commitment.made')).map((e) => Date.parse(String(e.data.dueAt))),
        state,
      )
      .toEqual([Date.parse('2030-05-14T18:00:00+08:00')]);
    // nothing on the page is wider than the phone
    const w = await phone.evaluate(() => document.documentElement.scrollWidth);
    expect(w).toBeLessThanOrEqual(PHONE.width);
    await phone.evaluate(() => window.scrollTo(0, 0));
    await phone.screenshot({ path: 'test-results/commander-390.png' });
  });

  it('shows a leader and an auditor no form to write with; a closed incident only what may still be recorded', async () => {
    const caseId = await report('25名群众聚集（只读）', 25);
    for (const who of ['leader', 'auditor']) {
      const page = await web.loggedIn(who);
      await page.goto(`${web.server.url}/incidents/${caseId}`);
      await page.getByTestId('duties').waitFor(state);
      await page.locator('[data-testid=entry]').first().waitFor(state);
      for (const id of ['form-picker', 'quick-log', 'correct'])
        expect(await page.getByTestId(id).count(), `${who} ${id}`).toBe(0);
      expect(await page.locator('[data-testid^=meet-]').count(), who).toBe(0);
      expect(await page.locator('form button[type=submit]').count(), who).toBe(0);
      // nor a report or a registration to fill in for nothing: the menu leaves it out, the
      // page says whose work it is
      expect(await page.getByRole('link', { name: '报告事件' }).count(), who).toBe(0);
      for (const path of ['/report', '/disputes/new']) {
        await page.goto(`${web.server.url}${path}`);
        await page.getByTestId('recorders-only').waitFor(state);
        expect(await page.locator('form').count(), `${who} ${path}`).toBe(0);
      }
    }
    await commandIncident(web.server.app.writePath, caseId, {
      id: uuidv7(),
      type: 'incident.closed',
      data: { summary: '群众已散去' },
      actor: { id: 'commander-demo', role: 'commander' },
    });
    const commander = await web.loggedIn('commander');
    await commander.goto(`${web.server.url}/incidents/${caseId}`);
    const picker = commander.getByTestId('form-picker');
    await picker.waitFor(state);
    const offered = await picker.locator('label').allTextContents();
    // what is still owed and the record of it, never the scene's work
    expect(offered).toEqual(expect.arrayContaining(['记录', '答复诉求']));
    for (const gone of ['到场', '登记诉求', '作出承诺', '结案']) expect(offered).not.toContain(gone);
  });

  it('a session that ends mid-form asks for the password again, and the form is sent as typed', async () => {
    const caseId = await report('12名群众聚集（重新登录）', 12);
    const page = await web.loggedIn('commander');
    await page.goto(`${web.server.url}/incidents/${caseId}`);
    await page.getByTestId('form-picker').getByText('登记诉求', { exact: true }).click();
    const demand = page.getByTestId('form-demand.registered');
    await demand.getByLabel('内容').fill('要求镇领导当面答复');
    await demand.getByLabel('人数').fill('12');
    await demand.getByLabel('责任部门').fill('镇党政办');
    // meanwhile the session ends (as a logout in another window ends it)
    await web.server.store.transaction((db) => db.deleteFrom('sessions').execute());
    // the live stream may notice first and open the dialog over the form, or the sending meets the 401
    const submit = demand.getByRole('button', { name: '提交', exact: true });
    await submit.click({ timeout: 3_000 }).catch(() => undefined);
    const dialog = page.getByTestId('relogin');
    const password_ = page.locator('.ant-modal input[type=password]');
    await password_.waitFor(state);
    const password = web.server.demo?.credentials.find((c) => c.username === 'commander')?.password ?? '';
    await password_.fill(password);
    await password_.press('Enter');
    await expect.poll(() => password_.isVisible(), state).toBe(false);
    // the form is as it was typed; if the dialog came before the press, it is sent now
    if ((await events(caseId, 'demand.registered')).length === 0 && !(await submit.isDisabled())) {
      if ((await demand.getByLabel('内容').inputValue()) !== '')
        expect(await demand.getByLabel('内容').inputValue()).toBe('要求镇领导当面答复');
      await submit.click();
    }
    await expect
      .poll(async () => (await events(caseId, 'demand.registered')).map((e) => e.data.text), state)
      .toEqual(['要求镇领导当面答复']);
    expect(await dialog.isVisible()).toBe(false);
    // the page stayed: no reload, the same form, emptied as after any sending
    await expect.poll(() => demand.getByLabel('内容').inputValue(), state).toBe('');
  });

  it('keeps what was typed into a report and a form across a reload and Back, until it is sent', async () => {
    const caseId = await report('12名群众聚集（草稿）', 12);
    const page = await web.loggedIn('commander');
    await page.goto(`${web.server.url}/report`);
    await page.getByLabel('事件概要').fill('村民聚集镇政府门口（草稿）');
    await page.getByLabel('事发地点').fill('镇政府门口');
    await page.reload();
    await expect
      .poll(() => page.getByLabel('事件概要').inputValue(), state)
      .toBe('村民聚集镇政府门口（草稿）');
    expect(await page.getByLabel('事发地点').inputValue()).toBe('镇政府门口');
    // a half-typed demand on an incident: away to the board and Back
    await page.goto(`${web.server.url}/incidents/${caseId}`);
    await page.getByTestId('form-picker').getByText('登记诉求', { exact: true }).click();
    const demand = page.getByTestId('form-demand.registered');
    await demand.getByLabel('内容').fill('要求公开补偿标准');
    await page.goto(`${web.server.url}/`);
    await page.goBack();
    await page.getByTestId('form-picker').getByText('登记诉求', { exact: true }).click();
    await expect.poll(() => demand.getByLabel('内容').inputValue(), state).toBe('要求公开补偿标准');
  });
});
