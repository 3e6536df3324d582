import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { describeConditionZh } from './describe.ts';
import { checkPlan } from './plan.check.ts';
import type { Plan } from './plan.schema.ts';

describe('a condition in the words of the plan', () => {
  it("reads the town plan's levels as the text says them", () => {
    const plan = checkPlan(parse(readFileSync('plans/town-mass-incident.yaml', 'utf8'))).plan as Plan;
    const rule = (id: string) => {
      const r = plan.levels.find((l) => l.id === id)?.rule;
      return r ? describeConditionZh(r) : '';
    };
    expect(rule('general')).toBe('参与人数 ≥ 10 或 上访去向为县、市、省、进京之一');
    expect(rule('major')).toContain('死亡人数 ≥ 3');
    expect(rule('major')).toContain('（上访去向为县，且上访人数 ≥ 10）');
  });

  it('says booleans, lists and absences plainly', () => {
    expect(describeConditionZh({ fact: 'violence', eq: true })).toBe('发生暴力行为');
    expect(describeConditionZh({ fact: 'blocking', includes: 'railway' })).toBe('堵塞包括铁路');
    expect(describeConditionZh({ not: { fact: 'dead', exists: true } })).toBe('并非（死亡人数已知）');
    expect(describeConditionZh({ data: 'to.level', eq: 'county' })).toBe('数据 to.level为县');
  });
});
