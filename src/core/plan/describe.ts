import type { Condition, Test } from './condition.ts';

/**
 * A condition of a plan in words, as the plan's reader says it: "参与人数 ≥ 20、死亡 ≥ 1 或 赴县上访
 * ≥ 4 人" rather than field names. Facts and values the dictionaries do not know are shown as
 * they are written.
 */

const FACTS: Record<string, string> = {
  participants: '参与人数',
  onlookers: '围观人数',
  dead: '死亡人数',
  injured: '受伤人数',
  propertyLoss: '财产损失（元）',
  blocking: '堵塞',
  violence: '发生暴力行为',
  form: '聚集形式',
  'visit.level': '上访去向',
  'visit.people': '上访人数',
  // a dispute's facts
  people: '涉及人数',
  households: '涉及户数',
  amount: '涉及金额（元）',
  unresolvedDays: '未化解天数',
  'visitedUp.level': '已到上级反映',
  'visitedUp.times': '到上级反映次数',
  collective: '群体性',
};

const VALUES: Record<string, string> = {
  // blocking targets
  government_office: '党政机关',
  key_facility: '重点设施',
  road: '道路',
  railway: '铁路',
  public_place: '公共场所',
  enterprise: '企业',
  // forms of gathering
  collective_visit: '集体上访',
  gathering: '聚集',
  march: '游行',
  strike: '罢工',
  blockade: '堵路堵门',
  other: '其他',
  // levels of a visit
  village: '村',
  town: '镇',
  county: '县',
  city: '市',
  province: '省',
  national: '进京',
};

const OPS: Record<string, string> = { eq: '为', ne: '不为', gt: '>', gte: '≥', lt: '<', lte: '≤' };

const value = (v: unknown) => (typeof v === 'string' ? (VALUES[v] ?? v) : String(v));

function test(t: Test): string {
  const subject = t.fact !== undefined ? (FACTS[t.fact] ?? t.fact) : `数据 ${t.data}`;
  if (t.exists !== undefined) return `${subject}${t.exists ? '已知' : '未知'}`;
  if (t.includes !== undefined) return `${subject}包括${value(t.includes)}`;
  if (t.in !== undefined) return `${subject}为${t.in.map(value).join('、')}之一`;
  if (t.eq === true) return subject;
  if (t.eq === false) return `未${subject}`;
  const op = (['eq', 'ne', 'gt', 'gte', 'lt', 'lte'] as const).find((o) => t[o] !== undefined);
  if (!op) return subject;
  const symbol = OPS[op] as string;
  return op === 'eq' || op === 'ne'
    ? `${subject}${symbol}${value(t[op])}`
    : `${subject} ${symbol} ${value(t[op])}`;
}

/** A condition in Chinese words, e.g. "参与人数 ≥ 50 或 死亡人数 ≥ 3". */
export function describeConditionZh(c: Condition): string {
  if ('all' in c) return c.all.map((x) => wrap(x, 'any')).join('，且');
  if ('any' in c) return c.any.map((x) => wrap(x, 'all')).join(' 或 ');
  if ('not' in c) return `并非（${describeConditionZh(c.not)}）`;
  return test(c);
}

function wrap(c: Condition, other: 'all' | 'any'): string {
  return other in c ? `（${describeConditionZh(c)}）` : describeConditionZh(c);
}
