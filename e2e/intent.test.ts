import type { Locator, Page, Request, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWeb, type WebFixture } from '../test/support/browser.ts';

/**
 * What the browser sends is recorded once per thing the user meant to record: a double click, an
 * answer lost on the way back, or a reload in the middle of sending never records it twice. The
 * record is read from the server's database, not from the screen.
 */
describe('one record per intent, in Chromium', () => {
  let web: WebFixture;
  let page: Page;
  let caseId = '';
  beforeAll(async () => {
    web = await startWeb();
    page = await web.loggedIn('officer');
  });
  afterAll(async () => {
    await web?.close();
  });

  const state = { timeout: 20_000 };
  /** The POSTs the page sends to a path, each with its answer (null when the answer was lost). */
  function posts(path: RegExp) {
    const answers: Promise<unknown>[] = [];
    const listener = (r: Request) => {
      if (r.method() === 'POST' && path.test(new URL(r.url()).pathname))
        answers.push(r.response().catch(() => null));
    };
    page.on('request', listener);
    return {
      count: () => answers.length,
      /** every POST sent so far has had its answer (or its failure) */
      settled: async () => {
        await Promise.all(answers);
        page.off('request', listener);
      },
    };
  }
  const incidentsTitled = (title: string) =>
    web.server.store.db.selectFrom('incidents').select('case_id').where('title', '=', title).execute();
  const recorded = async (type: string, text: string) =>
    (await web.server.store.readCase(caseId)).filter((e) => e.type === type && e.data.text === text).length;
  // buttons are found by where they are, not by their name: while and just after an antd button
  // shows it is sending, its name has "loading" in front
  const reportButton = () => page.getByTestId('report-form').locator('button[type=submit]');
  const logButton = () =>
    page.locator('.ant-space-compact', { has: page.getByTestId('quick-log') }).locator('button');
  /**
   * A double click whose second click comes the moment the first one's request has left, before
   * the page has drawn anything since (a double tap on a slow phone): a button that shows it is
   * sending only after a render cannot stop it.
   */
  const doubleClick = (button: Locator) =>
    button.evaluate(async (b: HTMLElement) => {
      const fetch = window.fetch;
      await new Promise<void>((left) => {
        window.fetch = (...a: Parameters<typeof fetch>) => {
          window.fetch = fetch;
          const answer = fetch(...a);
          left();
          return answer;
        };
        b.click();
      });
      b.click();
    });
  /** an antd button is not pressable while it shows it is sending */
  const idle = (button: Locator) =>
    expect.poll(() => button.evaluate((b) => b.classList.contains('ant-btn-loading')), state).toBe(false);
  /** Let the request reach the server, then drop its answer: the page never hears back. */
  const dropAnswer = async (route: Route) => {
    await route.fetch();
    await route.abort('connectionreset');
  };

  async function fillReport(title: string) {
    await page.getByRole('link', { name: '报告事件' }).click();
    await page.getByLabel('事件概要').fill(title);
    await page.getByLabel('地点').fill('河东村村委会门前');
    await page.getByLabel('参与人数').fill('30');
    await expect.poll(() => page.getByTestId('level-preview').textContent(), state).toContain('较大');
  }

  it('double-clicking 报告 reports one incident', async () => {
    const title = '双击报告：河东村30人聚集';
    await fillReport(title);
    const sent = posts(/^\/api\/incidents$/);
    await doubleClick(reportButton());
    await page.waitForURL(/\/incidents\//, state);
    await page.getByTestId('incident-title').waitFor(state);
    await sent.settled();
    caseId = page.url().split('/incidents/')[1] ?? '';
    expect((await incidentsTitled(title)).map((r) => r.case_id)).toEqual([caseId]);
  });

  it('an incident report whose answer was lost, sent again, is one incident under one case id', async () => {
    const title = '重发报告：上安镇40人堵门';
    await fillReport(title);
    await page.route('**/api/incidents', dropAnswer, { times: 1 });
    const send = reportButton();
    await send.click();
    // the server has it; the page does not know, says so, and keeps the form as it was
    await expect.poll(async () => (await incidentsTitled(title)).length, state).toBe(1);
    await idle(send);
    await page.getByTestId('unsent').waitFor(state);
    expect(await page.getByLabel('事件概要').inputValue()).toBe(title);
    await send.click();
    await page.waitForURL(/\/incidents\//, state);
    const rows = await incidentsTitled(title);
    expect(rows).toHaveLength(1);
    expect(page.url()).toContain(`/incidents/${rows[0]?.case_id}`);
    const events = await web.server.store.readCase(rows[0]?.case_id ?? '');
    expect(events.filter((e) => e.type === 'incident.reported')).toHaveLength(1);
  });

  it('double-clicking the quick log records one entry', async () => {
    await page.goto(`${web.server.url}/incidents/${caseId}`);
    const text = '群众代表五人进入村委会';
    const sent = posts(/\/events\/log\.entry$/);
    await page.getByTestId('quick-log').fill(text);
    await doubleClick(logButton());
    await expect.poll(() => page.getByTestId('timeline').textContent(), state).toContain(text);
    await expect.poll(() => page.getByTestId('quick-log').inputValue(), state).toBe('');
    await sent.settled();
    expect(sent.count()).toBeGreaterThan(0);
    expect(await recorded('log.entry', text)).toBe(1);
  });

  it('a quick log entry whose answer was lost, sent again, is recorded once', async () => {
    // the connection is down both ways: neither the answer nor the live stream comes through
    await page.route('**/api/stream', (route) => route.abort('connectionreset'));
    await page.goto(`${web.server.url}/incidents/${caseId}`);
    const text = '镇党委书记到场对话';
    await page.route('**/api/incidents/*/events/log.entry', dropAnswer, { times: 1 });
    const save = logButton();
    await page.getByTestId('quick-log').fill(text);
    await save.click();
    await expect.poll(() => recorded('log.entry', text), state).toBe(1);
    await idle(save);
    // the page did not hear back: it says it does not know, and keeps the text
    await page.getByTestId('unsent').waitFor(state);
    expect(await page.getByTestId('quick-log').inputValue()).toBe(text);
    await save.click();
    await expect.poll(() => page.getByTestId('quick-log').inputValue(), state).toBe('');
    expect(await recorded('log.entry', text)).toBe(1);
    expect(await page.getByTestId('unsent').count()).toBe(0);
    await page.unrouteAll({ behavior: 'ignoreErrors' });
  });

  it('a quick log entry whose answer was lost but whose record the live stream brought is not sent again', async () => {
    await page.goto(`${web.server.url}/incidents/${caseId}`);
    const text = '现场秩序平稳，群众在会议室等候';
    const sent = posts(/\/events\/log\.entry$/);
    await page.route('**/api/incidents/*/events/log.entry', dropAnswer, { times: 1 });
    await page.getByTestId('quick-log').fill(text);
    await logButton().click();
    // the entry shows in the timeline: the page knows it is recorded and lets the text go
    await expect.poll(() => page.getByTestId('timeline').textContent(), state).toContain(text);
    await expect.poll(() => page.getByTestId('quick-log').inputValue(), state).toBe('');
    expect(await page.getByTestId('unsent').count()).toBe(0);
    await sent.settled();
    expect(sent.count()).toBe(1);
    expect(await recorded('log.entry', text)).toBe(1);
  });

  async function fillDemand(text: string) {
    await page.getByTestId('form-picker').getByText('登记诉求', { exact: true }).click();
    const form = page.getByTestId('form-demand.registered');
    await form.getByLabel('内容').fill(text);
    await form.getByLabel('人数').fill('30');
    await form.getByLabel('责任部门').fill('镇国土所');
    return form;
  }
  const demandRows = async () =>
    (
      await web.server.store.db.selectFrom('demands').select('text').where('case_id', '=', caseId).execute()
    ).map((d) => d.text);

  it('a form reloaded before its request reached the server comes back as typed, and sent again is recorded once under its first id', async () => {
    await page.goto(`${web.server.url}/incidents/${caseId}`);
    const text = '要求公开征地补偿标准';
    const form = await fillDemand(text);
    // the first request never gets through before the page is reloaded
    let firstId = '';
    let held!: () => void;
    const holding = new Promise<void>((r) => {
      held = r;
    });
    await page.route(
      '**/api/incidents/*/events/demand.registered',
      (route) => {
        firstId = (route.request().postDataJSON() as { id: string }).id;
        held();
      },
      { times: 1 },
    );
    await form.locator('button[type=submit]').click();
    await holding;
    await page.reload();

    // the form comes back as it was typed, with a note that its sending was not confirmed
    await page.getByTestId('form-picker').getByText('登记诉求', { exact: true }).click();
    await expect.poll(() => form.getByLabel('内容').inputValue(), state).toBe(text);
    expect(await form.getByLabel('人数').inputValue()).toBe('30');
    expect(await form.getByLabel('责任部门').inputValue()).toBe('镇国土所');
    await form.getByTestId('unsent').waitFor(state);
    expect(await recorded('demand.registered', text)).toBe(0);
    await form.locator('button[type=submit]').click();
    await expect.poll(() => form.getByLabel('内容').inputValue(), state).toBe('');
    const events = (await web.server.store.readCase(caseId)).filter(
      (e) => e.type === 'demand.registered' && e.data.text === text,
    );
    expect(events.map((e) => e.id)).toEqual([firstId]);
    expect(await demandRows()).toEqual([text]);
  });

  it('a form reloaded after its request reached the server is not offered again: the log has it', async () => {
    await page.goto(`${web.server.url}/incidents/${caseId}`);
    const text = '要求镇政府书面答复补偿时间';
    const form = await fillDemand(text);
    let reached!: () => void;
    const atServer = new Promise<void>((r) => {
      reached = r;
    });
    await page.route(
      '**/api/incidents/*/events/demand.registered',
      async (route) => {
        await route.fetch();
        reached(); // and the answer is never passed on
      },
      { times: 1 },
    );
    await form.locator('button[type=submit]').click();
    await atServer;
    await page.reload();
    await expect.poll(() => page.getByTestId('timeline').textContent(), state).toContain(text);
    await page.getByTestId('form-picker').getByText('登记诉求', { exact: true }).click();
    expect(await form.getByLabel('内容').inputValue()).toBe('');
    expect(await form.getByTestId('unsent').count()).toBe(0);
    expect(await recorded('demand.registered', text)).toBe(1);
    expect(await demandRows()).toEqual(['要求公开征地补偿标准', text]);
  });

  it('double-clicking 接受 on a task records one acknowledgement', async () => {
    await page.goto(`${web.server.url}/incidents/${caseId}`);
    const task = await web.server.store.db
      .selectFrom('tasks')
      .select(['task_id', 'title'])
      .where('case_id', '=', caseId)
      .where('status', '=', 'open')
      .executeTakeFirstOrThrow();
    const acks = async () =>
      (await web.server.store.readCase(caseId)).filter(
        (e) => e.type === 'task.acknowledged' && e.data.taskId === task.task_id,
      ).length;
    const sent = posts(/\/events\/task\.acknowledged$/);
    const row = page.getByTestId('items').locator('tbody tr').filter({ hasText: task.title });
    await doubleClick(row.getByRole('button', { name: '接受' }));
    await expect.poll(() => row.getByRole('button', { name: '接受' }).count(), state).toBe(0);
    await sent.settled();
    expect(await acks()).toBe(1);
  });
});
