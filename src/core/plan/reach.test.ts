import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Condition } from './condition.ts';
import { checkPlan } from './plan.check.ts';
import { type Domain, satisfiable } from './reach.ts';

const anything = (): Domain => ({ kind: 'any' });
const counts = (): Domain => ({ kind: 'number', min: 0 });

describe('satisfiable: whether some facts and data make a condition hold', () => {
  it.each<[string, Condition, boolean]>([
    ['one comparison', { fact: 'participants', gte: 50 }, true],
    [
      'a range with room',
      {
        all: [
          { fact: 'participants', gte: 20 },
          { fact: 'participants', lt: 50 },
        ],
      },
      true,
    ],
    [
      'a range the wrong way round',
      {
        all: [
          { fact: 'participants', gte: 50 },
          { fact: 'participants', lt: 20 },
        ],
      },
      false,
    ],
    ['below zero people', { fact: 'participants', lt: 0 }, false],
    [
      'two values at once',
      {
        all: [
          { data: 'to.level', eq: 'county' },
          { data: 'to.level', eq: 'city' },
        ],
      },
      false,
    ],
    [
      'a comparison and its negation',
      { all: [{ fact: 'dead', gte: 1 }, { not: { fact: 'dead', gte: 1 } }] },
      false,
    ],
    // a comparison on an unknown value does not hold, so its negation does
    ['not, with the value unknown', { not: { fact: 'dead', gte: 1 } }, true],
    [
      'known and absent at once',
      {
        all: [
          { fact: 'injured', exists: false },
          { fact: 'injured', gte: 0 },
        ],
      },
      false,
    ],
    [
      'one alternative of several that can hold',
      {
        any: [
          {
            all: [
              { fact: 'participants', gt: 10 },
              { fact: 'participants', lt: 5 },
            ],
          },
          { fact: 'dead', gte: 1 },
        ],
      },
      true,
    ],
    [
      'not any: each alternative fails',
      {
        all: [
          {
            not: {
              any: [
                { data: 'kind', eq: 'a' },
                { data: 'kind', eq: 'b' },
              ],
            },
          },
          { data: 'kind', in: ['a', 'b'] },
        ],
      },
      false,
    ],
    [
      'a list that holds and does not hold a value',
      {
        all: [{ fact: 'blocking', includes: 'road' }, { not: { fact: 'blocking', includes: 'road' } }],
      },
      false,
    ],
  ])('%s', (_name, c, expected) => {
    expect(
      satisfiable(c, (key) =>
        key.startsWith('fact:') && key !== 'fact:blocking'
          ? counts()
          : key === 'fact:blocking'
            ? { kind: 'list' }
            : anything(),
      ),
    ).toBe(expected);
  });

  it('reads a closed set of values: nothing outside it can hold', () => {
    const levels = (): Domain => ({ kind: 'set', values: ['general', 'major'] });
    expect(satisfiable({ data: 'level', in: ['major', 'huge'] }, levels)).toBe(true);
    expect(
      satisfiable(
        {
          all: [
            { data: 'level', ne: 'general' },
            { data: 'level', ne: 'major' },
          ],
        },
        levels,
      ),
    ).toBe(false);
  });
});

describe('plan check warns what in a plan can never happen', () => {
  const base = parse(readFileSync('test/fixtures/plans/valid.yaml', 'utf8')) as Record<string, unknown>;
  const warnings = (change: (p: Record<string, unknown> & { duties: Record<string, unknown>[] }) => void) => {
    const p = structuredClone(base) as Record<string, unknown> & { duties: Record<string, unknown>[] };
    change(p);
    const r = checkPlan(p);
    expect(r.problems).toEqual([]);
    return r.warnings.map((w) => `${w.path.join('.')}: ${w.message}`);
  };

  it('warns nothing for a plan whose every part can happen', () => {
    expect(warnings(() => {})).toEqual([]);
  });

  it('a level whose rule contradicts itself, and a duty and a task only it would start', () => {
    const w = warnings((p) => {
      (p.levels as Record<string, unknown>[])[1] = {
        id: 'major',
        name: '重大',
        colour: '#f5222d',
        rule: {
          all: [
            { fact: 'participants', gte: 50 },
            { fact: 'participants', lt: 30 },
          ],
        },
      };
      p.duties.push({
        id: 'tell-county',
        title: '报告县',
        owner: 'office',
        start: { on: 'plan.activated', when: { data: 'level', eq: 'major' } },
        within: 'PT1H',
        satisfiedBy: { on: 'sitrep.submitted' },
        escalateTo: 'county',
      });
      p.duties.push({
        id: 'major-only',
        title: '重大时',
        owner: 'office',
        levels: ['major'],
        start: { on: 'incident.reported' },
        within: 'PT1H',
        satisfiedBy: { on: 'sitrep.submitted' },
        escalateTo: 'county',
      });
      p.duties.push({
        id: 'after-convene',
        title: '会后',
        owner: 'office',
        start: { on: 'task.completed', when: { data: 'taskId', eq: 'convene' } },
        within: 'PT1H',
        satisfiedBy: { on: 'sitrep.submitted' },
        escalateTo: 'county',
      });
    });
    expect(w).toEqual([
      expect.stringMatching(/^levels\.1\.rule: the rule of level "major" can never hold/),
      expect.stringMatching(
        /^duties\.1\.start: duty "tell-county" never starts: its condition on plan\.activated can never hold \(for the levels and tasks this plan can reach\)/,
      ),
      'duties.2.levels: duty "major-only" runs only at major, which no incident reaches: it never starts',
      expect.stringMatching(/^duties\.3\.start: duty "after-convene" never starts/),
    ]);
  });

  it('a duty waiting on the clocks’ own records, and one never met', () => {
    const w = warnings((p) => {
      p.duties.push({
        id: 'after-miss',
        title: '漏报后',
        owner: 'office',
        start: { on: 'duty.missed' },
        within: 'PT1H',
        satisfiedBy: { on: 'sitrep.submitted' },
        escalateTo: 'county',
      });
      p.duties.push({
        id: 'both-levels',
        title: '报两级',
        owner: 'office',
        start: { on: 'incident.reported' },
        within: 'PT1H',
        satisfiedBy: {
          on: 'sitrep.submitted',
          when: {
            all: [
              { data: 'to.level', eq: 'county' },
              { data: 'to.level', eq: 'city' },
            ],
          },
        },
        escalateTo: 'county',
      });
    });
    expect(w).toEqual([
      'duties.1.start: duty "after-miss" never starts: duty.missed is the clocks\' own record and is never handed to duties',
      'duties.2.satisfiedBy: duty "both-levels" can never be met, so it is always missed: its condition on sitrep.submitted can never hold',
    ]);
  });

  it('a duty met by the report that it does not start', () => {
    const w = warnings((p) => {
      p.format = 2;
      p.duties.push({
        id: 'by-report',
        title: '报告即算',
        owner: 'village',
        start: { on: 'plan.activated' },
        within: 'PT1H',
        satisfiedBy: { on: 'incident.reported', when: { data: 'sourceKind', eq: 'scene_unit' } },
        escalateTo: 'office',
      });
    });
    expect(w).toEqual([
      'duties.1.satisfiedBy: duty "by-report" can never be met, so it is always missed: incident.reported comes once and first, so it meets only a duty it starts',
    ]);
  });

  it('a fallback that can happen keeps a duty whose own start cannot', () => {
    const w = warnings((p) => {
      p.format = 2;
      p.duties.push({
        id: 'fallback',
        title: '兜底',
        owner: 'office',
        start: {
          on: 'sitrep.submitted',
          when: {
            all: [
              { data: 'to.level', eq: 'county' },
              { data: 'to.level', eq: 'city' },
            ],
          },
          fallback: { on: 'incident.reported', after: 'PT30M' },
        },
        within: 'PT1H',
        satisfiedBy: { on: 'arrival.recorded' },
        escalateTo: 'county',
      });
    });
    expect(w).toEqual([]);
  });

  it('a task whose condition can never hold', () => {
    const w = warnings((p) => {
      p.format = 2;
      (p.checklists as Record<string, unknown[]>).major?.push({
        id: 'never',
        title: '永不',
        when: {
          all: [
            { fact: 'violence', eq: true },
            { fact: 'violence', eq: false },
          ],
        },
      });
    });
    expect(w).toEqual([
      'checklists.major.1.when: task "never" has a condition that can never hold: the task is never created',
    ]);
  });

  it('warns nothing in any shipped plan or example', () => {
    for (const dir of ['plans', 'docs/examples'])
      for (const f of readdirSync(dir).filter((x) => x.endsWith('.yaml'))) {
        const r = checkPlan(parse(readFileSync(`${dir}/${f}`, 'utf8')));
        expect({ f, warnings: r.warnings }).toEqual({ f, warnings: [] });
      }
  });
});
