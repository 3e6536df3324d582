import { describe, expect, it } from 'vitest';
import { type Condition, ConditionSchema, checkCondition, describeCondition, evaluate } from './condition.ts';
import { durationMs } from './duration.ts';

const facts = {
  participants: 50,
  dead: 0,
  blocking: ['road'],
  violence: false,
  form: 'blockade',
  visit: { level: 'county', people: 10 },
};
const holds = (c: Condition, data?: Record<string, unknown>) =>
  evaluate(ConditionSchema.parse(c), { facts, data });

describe('condition language', () => {
  it.each([
    [{ fact: 'participants', gte: 50 }, true],
    [{ fact: 'participants', gt: 50 }, false],
    [{ fact: 'participants', lte: 50 }, true],
    [{ fact: 'participants', lt: 50 }, false],
    [{ fact: 'participants', eq: 50 }, true],
    [{ fact: 'participants', ne: 50 }, false],
    [{ fact: 'dead', gte: 1 }, false],
    [{ fact: 'blocking', includes: 'road' }, true],
    [{ fact: 'blocking', includes: 'railway' }, false],
    [{ fact: 'form', in: ['blockade', 'march'] }, true],
    [{ fact: 'form', in: ['strike'] }, false],
    [{ fact: 'violence', eq: false }, true],
    [{ fact: 'visit.people', gte: 10 }, true],
    [{ fact: 'visit.level', eq: 'county' }, true],
    [{ fact: 'injured', exists: true }, false],
    [{ fact: 'injured', exists: false }, true],
  ] as [Condition, boolean][])('%j → %s', (c, want) => {
    expect(holds(c)).toBe(want);
  });

  it('does not hold for a fact not reported yet, whatever the comparison', () => {
    for (const op of ['gte', 'lt', 'eq', 'ne'] as const) {
      expect(holds({ fact: 'injured', [op]: 0 } as Condition)).toBe(false);
    }
  });

  it('combines with all, any and not', () => {
    expect(
      holds({
        all: [
          { fact: 'participants', gte: 50 },
          { fact: 'blocking', includes: 'road' },
        ],
      }),
    ).toBe(true);
    expect(
      holds({
        all: [
          { fact: 'participants', gte: 50 },
          { fact: 'dead', gte: 1 },
        ],
      }),
    ).toBe(false);
    expect(
      holds({
        any: [
          { fact: 'dead', gte: 1 },
          { fact: 'violence', eq: false },
        ],
      }),
    ).toBe(true);
    expect(holds({ not: { fact: 'dead', gte: 1 } })).toBe(true);
  });

  it('reads the triggering event data by path', () => {
    expect(holds({ data: 'to.level', eq: 'county' }, { to: { level: 'county' } })).toBe(true);
    expect(holds({ data: 'to.level', eq: 'county' }, { to: { level: 'town' } })).toBe(false);
    expect(holds({ data: 'to.level', eq: 'county' })).toBe(false);
  });

  it('refuses a comparison with no operator, two operators, or no subject', () => {
    expect(ConditionSchema.safeParse({ fact: 'dead' }).success).toBe(false);
    expect(ConditionSchema.safeParse({ fact: 'dead', gte: 1, lte: 3 }).success).toBe(false);
    expect(ConditionSchema.safeParse({ gte: 1 }).success).toBe(false);
    expect(ConditionSchema.safeParse({ fact: 'dead', data: 'x', gte: 1 }).success).toBe(false);
    expect(ConditionSchema.safeParse({ any: [] }).success).toBe(false);
  });

  it('names unknown facts, wrong types and unknown values', () => {
    expect(checkCondition({ fact: 'crowd', gte: 1 })[0]?.message).toContain(
      'there is no incident fact "crowd"',
    );
    expect(checkCondition({ fact: 'form', gte: 1 })[0]?.message).toContain('"form" is not a number');
    expect(checkCondition({ fact: 'blocking', eq: 'road' })[0]?.message).toContain('use includes');
    expect(checkCondition({ fact: 'blocking', includes: 'bridge' })[0]?.message).toContain(
      '"bridge" is not a value of "blocking"',
    );
    expect(
      checkCondition({
        any: [
          { fact: 'dead', gte: 1 },
          { fact: 'x', eq: 1 },
        ],
      })[0]?.path,
    ).toEqual(['any', 1, 'fact']);
    expect(checkCondition({ fact: 'participants', gte: 50 })).toEqual([]);
  });

  it('reads out for people', () => {
    expect(
      describeCondition({
        any: [
          { fact: 'participants', gte: 50 },
          { fact: 'dead', gte: 3 },
        ],
      }),
    ).toBe('participants ≥ 50 或 or dead ≥ 3');
  });
});

describe('durations', () => {
  it('parses ISO-8601 durations to milliseconds', () => {
    expect(durationMs('PT20M')).toBe(20 * 60_000);
    expect(durationMs('PT1H30M')).toBe(90 * 60_000);
    expect(durationMs('P1D')).toBe(86_400_000);
    expect(durationMs('PT1M')).toBe(60_000);
  });
  it('refuses what is not one, and calendar units', () => {
    expect(() => durationMs('20 minutes')).toThrow(/not an ISO-8601 duration/);
    expect(() => durationMs('P1M')).toThrow(/years or months/);
  });
});
