import { describe, expect, it } from 'vitest';
import { canNest, JURISDICTION_LEVELS, ROLES, TREE_LEVELS } from './accounts.ts';
import { may, PERMISSIONS, rolesFor } from './permissions.ts';

describe('the permission table', () => {
  it('names only real roles, and every action has someone who may do it', () => {
    for (const [action, roles] of Object.entries(PERMISSIONS)) {
      expect(roles.length, action).toBeGreaterThan(0);
      for (const r of roles) expect(ROLES, `${action}: ${r}`).toContain(r);
    }
  });

  it('answers role × action from the table', () => {
    expect(may('recorder', 'case.record')).toBe(true);
    expect(may('leader', 'case.record')).toBe(false);
    expect(may('auditor', 'case.record')).toBe(false);
    expect(may('commander', 'case.command')).toBe(true);
    expect(may('officer', 'case.command')).toBe(false);
    expect(may('auditor', 'audit.read')).toBe(true);
    expect(may('commander', 'audit.read')).toBe(false);
    expect(may('admin', 'case.reply-channel.read')).toBe(false);
    expect(rolesFor('plan.publish')).toEqual(['admin']);
  });

  it('gives nothing to a role it does not know, the system actor included', () => {
    for (const action of Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]) {
      expect(may('system', action)).toBe(false);
      expect(may('', action)).toBe(false);
      expect(may('ADMIN', action)).toBe(false);
    }
  });
});

describe('the one list of levels', () => {
  it('runs province › city › county › town › village, units under any node', () => {
    expect(TREE_LEVELS).toEqual(['province', 'city', 'county', 'town', 'village']);
    expect(JURISDICTION_LEVELS).toEqual([...TREE_LEVELS, 'unit']);
    expect(canNest('province', 'city')).toBe(true);
    expect(canNest('province', 'county')).toBe(false);
    expect(canNest('village', 'unit')).toBe(true);
    expect(canNest('unit', 'village')).toBe(false);
  });
});
