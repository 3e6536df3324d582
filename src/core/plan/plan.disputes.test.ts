import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { decideDispute, disputeRules, initialDisputeState } from '../dispute/dispute.decider.ts';
import { checkPlan } from './plan.check.ts';
import type { Plan } from './plan.schema.ts';

/** A shipped plan with a `disputes` section added (its risk rules). */
function withDisputes(disputes: unknown) {
  const plan = parse(readFileSync('plans/town-mass-incident.yaml', 'utf8')) as Record<string, unknown>;
  return checkPlan({ ...plan, disputes });
}

describe("a plan's dispute rules", () => {
  it('checks risk rules against the dispute facts, highest risk first', () => {
    const ok = withDisputes({
      risk: [
        {
          risk: 'high',
          rule: {
            any: [
              { fact: 'people', gte: 50 },
              { fact: 'visitedUp.level', in: ['city', 'province'] },
            ],
          },
        },
        { risk: 'medium', rule: { fact: 'unresolvedDays', gte: 90 }, basis: '久拖未决' },
      ],
    });
    expect(ok.problems).toEqual([]);

    const bad = withDisputes({
      risk: [
        { risk: 'medium', rule: { fact: 'people', gte: 10 } },
        { risk: 'high', rule: { fact: 'participants', gte: 50 } },
        { risk: 'high', rule: { fact: 'visitedUp.level', eq: 'village' } },
      ],
    });
    const messages = bad.problems.map((p) => `${p.path.join('.')}: ${p.message}`);
    expect(messages).toContain(
      'disputes.risk.1.rule.fact: there is no dispute fact "participants"; facts are people, households, amount, unresolvedDays, visitedUp.level, visitedUp.times, collective',
    );
    expect(
      messages.some((m) => m.startsWith('disputes.risk.1.risk: the rules are read highest risk first')),
    ).toBe(true);
    expect(messages.some((m) => m.startsWith('disputes.risk.2.rule.eq') && m.includes('"village"'))).toBe(
      true,
    );
    // a rule cannot give low: what no rule matches is low
    expect(
      withDisputes({ risk: [{ risk: 'low', rule: { fact: 'people', gte: 1 } }] }).problems[0]?.message,
    ).toMatch(/high or medium/);
  });

  it("rates a dispute by the plan's rules and pins the plan's version at registration", () => {
    const { plan } = withDisputes({ risk: [{ risk: 'high', rule: { fact: 'people', gte: 50 } }] });
    const rules = disputeRules(plan as Plan);
    const now = '2026-03-02T02:00:00Z';
    const actor = { id: 'u1', role: 'officer' };
    const [registered] = decideDispute(
      initialDisputeState(),
      {
        id: '019cace0-0000-7000-8000-000000000001',
        type: 'dispute.registered',
        data: {
          title: '欠薪',
          summary: '工程款拖欠',
          source: 'visit',
          category: 'labour',
          sides: [{ kind: 'group', description: '务工人员' }],
        },
        actor,
      },
      rules,
      now,
    );
    expect(registered?.data).toMatchObject({
      plan: { id: 'town-mass-incident', version: (plan as Plan).version },
    });
  });
});
