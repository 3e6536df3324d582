import { describe, expect, it } from 'vitest';
import { type Condition, ConditionSchema } from './condition.ts';
import { durationMs, isDuration } from './duration.ts';
import { exceedsShape, LIMITS, ProblemList, quote } from './limits.ts';

describe('durations are read in bounded time', () => {
  it('refuses a duration longer than the limit at once, without repeating it back', () => {
    const huge = `P${'1'.repeat(100_000)}`;
    const started = performance.now();
    expect(() => durationMs(huge)).toThrow(/100001 characters long; a duration is at most 32/);
    // the message names the input by its start only
    try {
      durationMs(huge);
    } catch (e) {
      expect((e as Error).message.length).toBeLessThan(200);
    }
    expect(isDuration(`PT${'9'.repeat(40_000)}M`)).toBe(false);
    // tinyduration alone needs seconds for this (quadratic in the digits)
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('reads a duration to its end: trailing text, a unit twice or a bare P is no duration', () => {
    expect(durationMs('P1DT12H')).toBe(36 * 3_600_000);
    expect(durationMs('PT1.5H')).toBe(90 * 60_000);
    for (const bad of ['PT20Mfoo', 'P1D1D', 'P', 'PT', 'P1DT', '-PT5M', 'xPT5M', 'PT5M ']) {
      expect(isDuration(bad), bad).toBe(false);
    }
  });
});

describe('conditions have a size', () => {
  const comparison = { fact: 'participants', gte: 1 };
  it('refuses more parts than the limit, naming it', () => {
    const wide = { any: Array.from({ length: LIMITS.conditionParts }, () => comparison) };
    const r = ConditionSchema.safeParse(wide);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toContain(`at most ${LIMITS.conditionParts} parts`);
    expect(ConditionSchema.safeParse({ any: wide.any.slice(1) }).success).toBe(true);
  });

  it('refuses nesting deeper than the limit, naming it', () => {
    let deep: Condition = comparison;
    for (let i = 1; i < LIMITS.conditionDepth; i++) deep = { not: deep };
    expect(ConditionSchema.safeParse(deep).success).toBe(true);
    const r = ConditionSchema.safeParse({ not: deep });
    expect(r.error?.issues[0]?.message).toContain(`at most ${LIMITS.conditionDepth} levels deep`);
  });

  it('counts the values of an in: list', () => {
    const values = (n: number) => ({ fact: 'form', in: Array.from({ length: n }, () => 'march') });
    expect(ConditionSchema.safeParse(values(LIMITS.conditionParts - 1)).success).toBe(true);
    const r = ConditionSchema.safeParse(values(LIMITS.conditionParts));
    expect(r.error?.issues[0]?.message).toContain(`at most ${LIMITS.conditionParts} parts`);
  });
});

describe('the shape of a document', () => {
  it('names the first value nested past the limit, with its path', () => {
    let v: unknown = 1;
    for (let i = 0; i < 40; i++) v = { a: v };
    const found = exceedsShape(v, { depth: 32, values: 1000 });
    expect(found?.message).toContain('more than 32 levels');
    expect(found?.path).toHaveLength(32);
  });

  it('counts each use of a shared value, and stops at the limit', () => {
    const shared = Array.from({ length: 100 }, (_, i) => i);
    const doc = { a: Array.from({ length: 100 }, () => shared) };
    expect(exceedsShape(doc, { depth: 32, values: 20_000 })).toBeNull();
    expect(exceedsShape(doc, { depth: 32, values: 5_000 })?.message).toContain('more than 5000 values');
  });
});

describe('problem lists', () => {
  it('keep the first ones and say when there were more', () => {
    const l = new ProblemList<number>(3);
    l.push(1, 2, 3);
    expect(l.truncated).toBe(false);
    l.push(4);
    expect(l.items).toEqual([1, 2, 3]);
    expect(l.truncated).toBe(true);
  });
  it('quote a value cut short', () => {
    expect(quote('x'.repeat(1000))).toBe(JSON.stringify(`${'x'.repeat(60)}…`));
  });
});
