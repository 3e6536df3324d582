import { describe, expect, it } from 'vitest';
import { draftReview, type ReviewEvent, reviewState } from './review.ts';

const T0 = Date.parse('2026-05-11T01:00:00Z');
const at = (min: number) => new Date(T0 + min * 60_000).toISOString();
let n = 0;
const e = (type: string, data: Record<string, unknown>, min: number, role = 'officer'): ReviewEvent => ({
  id: `e${++n}`,
  type,
  data,
  actor: type.startsWith('duty.') ? { id: 'huajie', role: 'system' } : { id: 'u', role },
  occurredAt: at(min),
  recordedAt: at(min),
});
const opts = {
  dutyTitle: (id: string) => ({ 'report-town': '20 分钟内报告镇' })[id] ?? id,
  unitName: (id: string) =>
    ({ village: '村', principal: '主要负责人', town: '镇', 'command-post': '现场指挥部' })[id] ?? id,
  levelName: (id: string) => ({ major: '重大' })[id] ?? id,
  findings: [],
};

describe('the review drafted from the log', () => {
  const log = [
    e(
      'incident.reported',
      {
        title: '60名村民堵塞县道',
        location: { text: '县道X201' },
        source: '电话',
        facts: { participants: 60 },
      },
      0,
    ),
    e('duty.started', { dutyId: 'report-town', dueAt: at(20), owner: 'village' }, 0),
    e('arrival.recorded', { position: 'principal' }, 25),
    e('duty.missed', { dutyId: 'report-town', escalateTo: 'command-post', dueAt: at(20) }, 20),
    e('demand.registered', { demandId: 'd1', text: '发放补偿款', people: 60, department: '镇财政所' }, 30),
    e('demand.answered', { demandId: 'd1', answer: '三日内发放' }, 60),
    e(
      'commitment.made',
      { commitmentId: 'c1', text: '三日内发放补偿款', owner: '镇财政所', dueAt: at(3 * 1440) },
      61,
    ),
    e(
      'measure.authorized',
      {
        measureId: 'm1',
        kind: '交通管制',
        legalBasis: '道路交通安全法第39条',
        authorizedBy: '镇长',
        scope: '县道',
        recording: false,
      },
      35,
    ),
    e('measure.ended', { measureId: 'm1', outcome: '道路恢复通行' }, 120),
    e('statement.published', { statementId: 's1', channel: '镇政府公众号', text: '县道已恢复通行' }, 125),
    e('incident.closed', { summary: '群众已疏散' }, 180),
  ];
  const text = draftReview(log, { ...opts, findings: [] });

  it('has every section, in order, with the lessons and fixes left to the author', () => {
    const headings = text.split('\n').filter((l) => /^[一二三四五六七八九十]、/.test(l));
    expect(headings).toEqual([
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
    expect(text).toContain('九、经验教训\n（由撰写人填写）');
  });

  it('tells the course with Beijing times, and each duty, demand, commitment, measure and statement as it stands', () => {
    expect(text).toContain('05-11 09:00 接报：60名村民堵塞县道（县道X201，来源：电话）');
    expect(text).toContain('05-11 09:25 主要负责人到达现场');
    expect(text).toContain('20 分钟内报告镇（村）：超时未完成，已上报现场指挥部');
    expect(text).toContain('发放补偿款——答复：三日内发放');
    expect(text).toContain('三日内发放补偿款（镇财政所，限 05-14 09:00）：尚未兑现');
    expect(text).toContain(
      '交通管制（法律依据：道路交通安全法第39条；批准：镇长；范围：县道）：结果：道路恢复通行',
    );
    expect(text).toContain('（镇政府公众号）县道已恢复通行');
    expect(text).toContain('七、损失情况\n未报告人员伤亡和财产损失。');
    expect(text).toContain('八、问责意见\n无。');
  });
});

describe('where the review stands', () => {
  it('goes draft → in review → returned (a draft again, with the reason) → in review → reviewed', () => {
    const steps = [
      e('review.drafted', { text: '初稿' }, 200),
      e('review.submitted', { text: '报审稿' }, 210),
      e('review.returned', { reason: '未写整改措施' }, 220, 'leader'),
    ];
    expect(reviewState([])).toEqual({
      state: 'none',
      text: undefined,
      returned: undefined,
      at: undefined,
      document: undefined,
    });
    expect(reviewState(steps.slice(0, 1))).toMatchObject({ state: 'draft', text: '初稿' });
    expect(reviewState(steps.slice(0, 2))).toMatchObject({ state: 'in_review', text: '报审稿' });
    expect(reviewState(steps)).toMatchObject({ state: 'draft', text: '报审稿', returned: '未写整改措施' });
    const again = [
      ...steps,
      e('review.submitted', { text: '修改稿' }, 230),
      e('review.approved', {}, 240, 'leader'),
    ];
    expect(reviewState(again)).toMatchObject({ state: 'reviewed', text: '修改稿', returned: undefined });
  });

  it('keeps the 发文字号 and 签发人 it was last kept or sent with', () => {
    const doc = { number: '示政报〔2026〕7号', signer: '李某某' };
    const kept = [e('review.drafted', { text: '初稿', document: doc }, 200)];
    expect(reviewState(kept).document).toEqual(doc);
    // sent again without them: the document goes without them
    expect(reviewState([...kept, e('review.submitted', { text: '报审稿' }, 210)]).document).toBeUndefined();
    const signed = [
      ...kept,
      e('review.submitted', { text: '报审稿', document: { ...doc, signer: '张某某' } }, 210),
    ];
    expect(reviewState([...signed, e('review.approved', {}, 240, 'leader')]).document?.signer).toBe('张某某');
  });
});
