import { describe, expect, it } from 'vitest';
import { escalationTarget, levelNamedIn, levelRank } from './escalation.ts';

// a village's chain up to the province: 李家村 › 上安镇 › 平山县 › 石家庄市 › 河北省
const chain = [
  { code: 'v1', level: 'village' },
  { code: 't1', level: 'town' },
  { code: 'c1', level: 'county' },
  { code: 'm1', level: 'city' },
  { code: 'p1', level: 'province' },
];

describe('where an escalation goes', () => {
  it('goes to a jurisdiction named by its code on the way up', () => {
    expect(escalationTarget(chain, 'c1', 'missed')).toBe('c1');
    expect(escalationTarget(chain, 'm1', 'requested')).toBe('m1');
  });

  it('goes to the nearest jurisdiction at the named level or above', () => {
    expect(escalationTarget(chain, 'county', 'missed')).toBe('c1');
    expect(escalationTarget(chain, 'province', 'missed')).toBe('p1');
    // a town's unit sits below the county: from a unit the county is still the nearest at that level
    expect(escalationTarget([{ code: 'u1', level: 'unit' }, ...chain.slice(2)], 'town', 'missed')).toBe('c1');
  });

  it('stops at the top of the chain when nothing is that high', () => {
    expect(escalationTarget(chain.slice(0, 3), 'city', 'missed')).toBe('c1');
  });

  it('reads the level from the words of a request, the earliest word winning', () => {
    expect(escalationTarget(chain, '县委县政府', 'requested')).toBe('c1');
    expect(escalationTarget(chain, '市信访局', 'requested')).toBe('m1');
    expect(escalationTarget(chain, '省市联合工作组', 'requested')).toBe('p1');
    expect(escalationTarget(chain, '街道办事处', 'requested')).toBe('t1');
    // a missed duty names a level or a unit of the plan, never free text
    expect(escalationTarget(chain, '县委县政府', 'missed')).toBe('v1');
  });

  it("keeps a missed duty of the plan's own unit at home, and sends a request one level up", () => {
    expect(escalationTarget(chain, 'command-post', 'missed')).toBe('v1');
    expect(escalationTarget(chain, 'leading-group', 'requested')).toBe('t1');
    expect(escalationTarget(chain.slice(4), 'leading-group', 'requested')).toBe('p1');
  });

  it('has nowhere to go without a jurisdiction', () => {
    expect(escalationTarget([], 'county', 'missed')).toBeNull();
  });

  it('ranks the levels of the one list, village lowest', () => {
    expect(['village', 'town', 'county', 'city', 'province'].map(levelRank)).toEqual([1, 2, 3, 4, 5]);
    expect(levelRank('unit')).toBe(0);
    expect(levelNamedIn('社区居委会')).toBe('village');
    expect(levelNamedIn('no level here')).toBeUndefined();
  });
});
