import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { describeDuration, durationMs } from './duration.ts';
import { checkPlan } from './plan.check.ts';

const valid = () => parse(readFileSync('test/fixtures/plans/valid.yaml', 'utf8')) as Record<string, unknown>;
const withWithin = (within: string) => {
  const plan = valid();
  const duties = plan.duties as Record<string, unknown>[];
  duties[0] = { ...duties[0], within };
  return checkPlan(plan).problems.map((p) => `${p.path.join('.')}: ${p.message}`);
};

describe('durations in plans', () => {
  it('renders every part of a duration, none dropped', () => {
    expect(describeDuration('PT20M')).toBe('20分钟 (20 min)');
    expect(describeDuration('P2DT3H')).toBe('2天3小时 (2 d 3 h)');
    expect(describeDuration('PT1M30S')).toBe('1分钟30秒 (1 min 30 s)');
    expect(describeDuration('P1W')).toBe('7天 (7 d)');
    expect(describeDuration('PT0M')).toBe('0秒 (0 s)');
  });

  it('says why a duration is refused: not one at all, or one with months or years', () => {
    expect(withWithin('20 minutes')).toEqual([
      'duties.0.within: not an ISO-8601 duration (e.g. PT20M, PT1H, P1D)',
    ]);
    expect(withWithin('P1M')).toEqual([
      'duties.0.within: "P1M" uses years or months; give days, hours or minutes',
    ]);
    expect(withWithin('P1Y')).toEqual([
      'duties.0.within: "P1Y" uses years or months; give days, hours or minutes',
    ]);
    expect(() => durationMs('P1M')).toThrow(/years or months/);
  });

  it('refuses a time limit of nothing', () => {
    expect(withWithin('PT0M')).toEqual([
      'duties.0.within: within "PT0M" leaves no time to do it: give the time the plan allows (where the text says 立即 or 第一时间, pick a default and say so in basis: docs/plan-format.md)',
    ]);
    expect(withWithin('PT5M')).toEqual([]);
  });
});
