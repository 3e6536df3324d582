import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify } from '../../core/plan/engine.ts';
import type { Facts } from '../../core/plan/facts.ts';
import { formatProblem, loadPlanFile } from './plan.load.ts';

/**
 * Classification at the threshold edges, as each seed plan states them — written from the
 * seed text, not read from the encoded plan, so that an encoding error shows here.
 */
const visit = (level: 'town' | 'county' | 'city' | 'province' | 'national', people: number): Facts => ({
  visit: { level, people },
});

const TABLES: Record<string, [string, Facts, string | null][]> = {
  // seed 002 篇三, 三、基本范畴
  'town-mass-incident': [
    ['9 participants: below the plan', { participants: 9 }, null],
    ['10 participants: 一般', { participants: 10 }, 'general'],
    ['19 participants: 一般', { participants: 19 }, 'general'],
    ['20 participants (含): 较大', { participants: 20 }, 'larger'],
    ['49 participants: 较大', { participants: 49 }, 'larger'],
    ['50 participants (含): 重大', { participants: 50 }, 'major'],
    ['1 dead: 较大', { dead: 1 }, 'larger'],
    ['2 dead: 较大', { dead: 2 }, 'larger'],
    ['3 dead (含): 重大', { dead: 3 }, 'major'],
    ['3 to the county (含): 一般', visit('county', 3), 'general'],
    ['4 to the county: 较大', visit('county', 4), 'larger'],
    ['9 to the county: 较大', visit('county', 9), 'larger'],
    ['10 to the county (含): 重大', visit('county', 10), 'major'],
    ['1 to the city: 一般', visit('city', 1), 'general'],
    ['3 to the city (含): 较大', visit('city', 3), 'larger'],
    ['4 to the city: 重大', visit('city', 4), 'major'],
    ['1 to the province: 较大', visit('province', 1), 'larger'],
    ['2 to the province: 重大', visit('province', 2), 'major'],
  ],
  // seed 000 第五篇 七: blocking the town's party or government offices, key targets, or 公路等重要交通枢纽 → 重大
  'shangan-town': [
    ['30 gathered, nothing blocked: 一般', { participants: 30 }, 'general'],
    [
      'party/government offices blocked: 重大',
      { participants: 30, blocking: ['government_office'] },
      'major',
    ],
    ['key target blocked: 重大', { participants: 30, blocking: ['key_facility'] }, 'major'],
    ['a highway or transport hub blocked: 重大', { participants: 30, blocking: ['transport_hub'] }, 'major'],
    [
      'a village lane blocked is not 公路等重要交通枢纽: 一般',
      { participants: 30, blocking: ['road'] },
      'general',
    ],
    [
      'an enterprise gate blocked is not in 七: 一般',
      { participants: 30, blocking: ['enterprise'] },
      'general',
    ],
  ],
  // seed 004 篇1: 规模较大的（20人以上）, the unit leader on scene within 1 hour
  'county-collective-visit': [
    ['19 visiting the county: not 规模较大', { form: 'collective_visit', participants: 19 }, 'general'],
    ['20 visiting the county: 规模较大', { form: 'collective_visit', participants: 20 }, 'large'],
    ['20 at the county petition office: 规模较大', visit('county', 20), 'large'],
  ],
  // seed 004 篇2: 突发性群体上访系指5人以上（含5人）
  'bureau-group-visit': [
    ['4 people: not a group visit', { participants: 4 }, null],
    ['5 people (含): a group visit', { participants: 5 }, 'group-visit'],
    ['5 people at the petition office: a group visit', visit('county', 5), 'group-visit'],
  ],
  // seed 003 六(一)/(五): 到区 集访 vs 到市进京
  'town-petition-emergency': [
    ['in town only', { participants: 20 }, 'in-town'],
    ['at the district (区)', visit('county', 8), 'district-visit'],
    ['at the city', visit('city', 3), 'beyond-district'],
    ['in Beijing', visit('national', 1), 'beyond-district'],
  ],
};

describe.each(Object.entries(TABLES))('seed thresholds of %s', (id, rows) => {
  const { plan, problems } = loadPlanFile(join('plans', `${id}.yaml`));
  it('loads', () => expect(problems.map(formatProblem)).toEqual([]));
  it.each(rows)('%s', (_what, facts, level) => {
    if (!plan) return;
    expect(classify(plan, facts)).toBe(level);
  });
});
