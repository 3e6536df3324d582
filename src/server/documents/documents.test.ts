import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { type ApiFixture, apiFixture, type Login, login, reportBody } from '../../../test/support/api.ts';
import {
  expectFullPages,
  expectLayout,
  flat,
  linesOf,
  missingTools,
  mm,
  pagePng,
  renderDocx,
} from '../../../test/support/office.ts';
import { engines } from '../../../test/support/stores.ts';
import { ManualClock } from '../../core/clock.ts';
import type { OfficialDoc } from '../../core/documents/official.ts';
import { DOCX_TYPE } from './documents.routes.ts';

const T0 = Date.parse('2026-05-11T01:00:00Z');
const SETUP = {
  tree: [
    ['c1', 'county', undefined, 'county-collective-visit', '示范县人民政府'],
    ['t1', 'town', 'c1', 'town-mass-incident', '示范镇人民政府'],
    ['t2', 'town', 'c1', 'town-mass-incident', '东关镇人民政府'],
  ] as [string, string, string | undefined, string, string][],
  users: [
    ['officer-t1', 'officer', 't1'],
    ['auditor-c1', 'auditor', 'c1'],
    ['officer-t2', 'officer', 't2'],
  ] as [string, 'officer' | 'auditor', string][],
};

/** An incident of the town with a 首报 to the county, closed, its review drafted: each document's source. */
async function incidentWithDocuments(app: FastifyInstance, town: Login, course = '') {
  const as = (method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({ method, url, payload, ...town.auth });
  const caseId = (await as('POST', '/api/incidents', reportBody('60名村民堵塞县道', 60))).json()
    .caseId as string;
  const record = (type: string, data: object) =>
    as('POST', `/api/incidents/${caseId}/events/${type}`, { id: uuidv7(), data });
  const sent = await record('sitrep.submitted', {
    to: { level: 'county' },
    kind: 'initial',
    fields: {
      time: '5月11日9时',
      place: '县道X201示范村路段',
      source: '示范村村委会电话报告',
      ...(course ? { course } : {}),
      participants: 60,
    },
    document: {
      issuer: '示范镇人民政府',
      number: '示政报〔2026〕3号',
      signer: '王某某',
      urgency: 'extra_urgent',
    },
  });
  expect(sent.statusCode).toBe(201);
  expect((await record('incident.closed', { summary: '补偿款已发放，群众已散去' })).statusCode).toBe(201);
  const draft = (await as('GET', `/api/incidents/${caseId}/review`)).json().draft as string;
  const text = course ? draft.replace('十、整改措施', `${course}\n\n十、整改措施`) : draft;
  const document = { number: '示政报〔2026〕7号', signer: '李某某' };
  expect((await record('review.drafted', { text, document })).statusCode).toBe(201);
  return { caseId, sitrepId: sent.json().events[0].id as string };
}

describe.each(engines())('documents drafted from the record: $engine', ({ engine, skip }) => {
  let fx: ApiFixture;
  let app: FastifyInstance;
  let town: Login;
  let auditor: Login;
  let otherTown: Login;

  beforeEach(async (ctx) => {
    if (skip) ctx.skip();
    fx = await apiFixture(engine, new ManualClock(T0), SETUP);
    app = fx.app;
    town = await login(app, 'officer-t1');
    auditor = await login(app, 'auditor-c1');
    otherTown = await login(app, 'officer-t2');
  });

  const get = (who: Login, url: string) => app.inject({ method: 'GET', url, ...who.auth });

  it('gives a 首报, a review and the findings as documents in their parts and as Word files, to those who may see the case', async () => {
    const { caseId, sitrepId } = await incidentWithDocuments(app, town);

    const sitrep = (await get(auditor, `/api/documents/sitreps/${sitrepId}`)).json() as OfficialDoc;
    expect(sitrep).toMatchObject({
      urgency: '特急',
      organ: '示范镇人民政府',
      number: '示政报〔2026〕3号',
      signer: '王某某',
      title: '关于60名村民堵塞县道的首报',
      addressee: '示范县人民政府',
      closing: '特此报告。',
      signature: { organ: '示范镇人民政府', date: '2026年5月11日' },
      record: { printer: '示范镇人民政府', printed: '2026年5月11日' },
    });
    expect(sitrep.blocks).toEqual([
      { kind: 'h1', text: '一、基本情况' },
      { kind: 'p', text: '时间：5月11日9时' },
      { kind: 'p', text: '地点：县道X201示范村路段' },
      { kind: 'p', text: '信息来源：示范村村委会电话报告' },
      { kind: 'h1', text: '二、事件经过' },
      { kind: 'p', text: '参与人数约 60 人。' },
    ]);

    const review = (await get(town, `/api/documents/reviews/${caseId}`)).json() as OfficialDoc;
    expect(review.title).toBe('关于60名村民堵塞县道处置工作的总结报告（初稿）');
    // an upward document: its 发文字号 and 签发人, as the review was kept
    expect(review).toMatchObject({
      organ: '示范镇人民政府',
      addressee: '示范县人民政府',
      number: '示政报〔2026〕7号',
      signer: '李某某',
    });
    expect(review.blocks.filter((b) => b.kind === 'h1').map((b) => (b.kind === 'h1' ? b.text : ''))).toEqual([
      '一、事件经过',
      '二、预案职责执行情况',
      '三、群众诉求及答复',
      '四、承诺兑现情况',
      '五、处置措施',
      '六、信息发布',
      '七、损失情况',
      '八、问责意见',
      '九、经验教训',
      '十、整改措施',
    ]);

    // the 首报 left 现场情况 (002 五(二)) empty: a finding the county writes to the town
    const findings = (await get(auditor, `/api/documents/findings/${caseId}`)).json() as OfficialDoc;
    expect(findings).toMatchObject({
      title: '关于60名村民堵塞县道的问责意见',
      organ: '示范县人民政府',
      addressee: '示范镇人民政府',
    });
    const table = findings.blocks.find((b) => b.kind === 'table');
    expect(table?.kind === 'table' && table.head).toEqual([
      '序号',
      '类型',
      '责任单位',
      '情形',
      '发生时间',
      '处理意见',
    ]);
    expect(table?.kind === 'table' && table.rows.map((r) => [r[1], r[5]])).toContainEqual([
      '报告缺项',
      '待审核',
    ]);

    // Word files, named for what they are
    for (const url of [
      `/api/documents/sitreps/${sitrepId}?format=docx`,
      `/api/documents/reviews/${caseId}?format=docx`,
      `/api/documents/findings/${caseId}?format=docx`,
    ]) {
      const res = await get(auditor, url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toBe(DOCX_TYPE);
      expect(String(res.headers['content-disposition'])).toMatch(/filename\*=UTF-8''%E/);
      expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
    }

    // another town sees none of them; a wrong format is refused by name
    for (const url of [
      `/api/documents/sitreps/${sitrepId}`,
      `/api/documents/reviews/${caseId}`,
      `/api/documents/findings/${caseId}`,
    ])
      expect((await get(otherTown, url)).statusCode, url).toBe(404);
    // a title with an emoji where the name is cut (120 characters) still names its file, emoji whole
    const emoji = (
      await app.inject({
        method: 'POST',
        url: '/api/incidents',
        payload: reportBody(`${'x'.repeat(114)}😀群众聚集`, 12),
        ...town.auth,
      })
    ).json().caseId as string;
    await app.inject({
      method: 'POST',
      url: `/api/incidents/${emoji}/events/incident.closed`,
      payload: { id: uuidv7(), data: { summary: '已散去' } },
      ...town.auth,
    });
    const named = await get(town, `/api/documents/reviews/${emoji}?format=docx`);
    expect(named.statusCode).toBe(200);
    expect(
      decodeURIComponent(String(named.headers['content-disposition']).split("UTF-8''")[1] ?? ''),
    ).toMatch(/^总结报告-x{114}😀\.docx$/u);

    const bad = await get(town, `/api/documents/reviews/${caseId}?format=pdf`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('format');
  });
});

/** Each kind of Word file, opened by LibreOffice, laid out as GB/T 9704-2012 has it. */
describe('documents in Word, opened by LibreOffice', () => {
  it('renders a 首报, a review and the findings on A4 with the official margins, 22 lines and page numbers', {
    timeout: 300_000,
  }, async () => {
    expect(missingTools(), 'apt-get install the tools the render check needs').toEqual([]);
    const fx = await apiFixture('sqlite', new ManualClock(T0), SETUP);
    const town = await login(fx.app, 'officer-t1');
    const auditor = await login(fx.app, 'auditor-c1');
    // a course long enough for a full second page
    const course =
      '当日上午八时四十分，示范村三组部分村民因土地征收补偿款未按约定时间发放，自发到县道示范村路段聚集，最多时约六十人，造成道路单向通行受阻。'.repeat(
        12,
      );
    const { caseId, sitrepId } = await incidentWithDocuments(fx.app, town, course);
    const docx = async (url: string) => {
      const res = await fx.app.inject({ method: 'GET', url, ...auditor.auth });
      expect(res.statusCode, url).toBe(200);
      return res.rawPayload;
    };
    mkdirSync('test-results', { recursive: true });

    const render = (docx: Buffer, name: string) => {
      const r = renderDocx(docx, name);
      onTestFinished(() => rmSync(r.dir, { recursive: true, force: true }));
      return r;
    };
    const sitrep = render(await docx(`/api/documents/sitreps/${sitrepId}?format=docx`), 'sitrep');
    expectLayout(sitrep, '首报');
    expectFullPages(sitrep, '首报');
    expect(flat(sitrep.text)).toContain('关于60名村民堵塞县道的首报');
    expect(flat(sitrep.text)).toContain('示政报〔2026〕3号签发人：王某某');
    // the 版记 at the foot of the last page
    const last = linesOf(sitrep.words, sitrep.pages.length).filter((l) => mm(l.y) < 265);
    expect(last.at(-1)?.text).toBe('示范镇人民政府2026年5月11日印发');
    expect(Math.abs(mm(last.at(-1)?.y ?? 0) - 262)).toBeLessThan(4);
    pagePng(sitrep.pdf, 1, 'test-results/sitrep-docx-1.png');
    copyFileSync(sitrep.pdf, 'test-results/sitrep-docx.pdf');

    const review = render(await docx(`/api/documents/reviews/${caseId}?format=docx`), 'review');
    expectLayout(review, '总结');
    expectFullPages(review, '总结');
    expect(flat(review.text)).toContain('一、事件经过');
    expect(flat(review.text)).toContain('示政报〔2026〕7号签发人：李某某');
    pagePng(review.pdf, 1, 'test-results/review-docx-1.png');

    const findings = render(await docx(`/api/documents/findings/${caseId}?format=docx`), 'findings');
    expectLayout(findings, '问责意见');
    expect(flat(findings.text)).toContain('报告缺项');
    // the signature never stands alone on a page: the last paragraph goes with it
    const end = linesOf(findings.words, findings.pages.length).map((l) => l.text);
    expect(end.findIndex((l) => l.endsWith('处理意见。'))).toBeGreaterThanOrEqual(0);
    expect(end.slice(-4, -1)).toEqual(['示范县人民政府', '2026年5月11日', '示范县人民政府2026年5月11日印发']);
    pagePng(findings.pdf, 1, 'test-results/findings-docx-1.png');
  });
});
