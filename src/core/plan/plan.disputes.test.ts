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

  it('checks dispute duties: events a dispute records, owners the plan knows, a warning before the due date', () => {
    const duty = (over: Record<string, unknown>) => ({
      id: 'accept',
      title: '受理',
      owner: 'town',
      start: { on: 'dispute.registered' },
      within: { days: 15, count: 'calendar' },
      satisfiedBy: [{ on: 'dispute.accepted' }],
      escalateTo: 'county',
      ...over,
    });
    expect(withDisputes({ duties: [duty({})], commitments: { escalateTo: 'town' } }).problems).toEqual([]);
    const messages = (duties: unknown[], commitments?: unknown) =>
      withDisputes({ duties, ...(commitments ? { commitments } : {}) }).problems.map(
        (p) => `${p.path.join('.')}: ${p.message}`,
      );
    expect(messages([duty({ start: { on: 'incident.reported' } })])[0]).toMatch(
      /^disputes\.duties\.0\.start\.on: "incident\.reported" is not an event a dispute records/,
    );
    expect(messages([duty({ satisfiedBy: [{ on: 'duty.met' }] })])[0]).toMatch(/satisfiedBy\.0\.on/);
    expect(messages([duty({ owner: '张三' })])[0]).toMatch(
      /^disputes\.duties\.0\.owner: owner "张三" is neither/,
    );
    expect(
      messages([duty({ start: { on: 'dispute.assigned', when: { data: 'tier', eq: 'town' } } }), duty({})]),
    ).toContain('disputes.duties.1.id: duty id "accept" is used twice');
    expect(messages([duty({ warnBefore: { days: 15, count: 'calendar' } })])[0]).toMatch(
      /warnBefore < within/,
    );
    expect(messages([duty({ within: { days: 15, count: 'weekdays' } })])[0]).toMatch(/calendar or working/);
    expect(messages([], { escalateTo: 'nowhere' })[0]).toMatch(/^disputes\.commitments\.escalateTo/);
    // a slip of a name: the event, the data it compares, the value
    expect(messages([duty({ satisfiedBy: [{ on: 'dispute.acepted' }] })])).toEqual([
      'disputes.duties.0.satisfiedBy.0.on: "dispute.acepted" is not an event a dispute records: did you mean "dispute.accepted"?',
    ]);
    expect(
      messages([duty({ start: { on: 'dispute.assigned', when: { data: 'teir', eq: 'town' } } })]),
    ).toEqual([
      'disputes.duties.0.start.when.data: dispute.assigned has no data "teir": did you mean "tier"?',
    ]);
    expect(
      messages([duty({ start: { on: 'dispute.assigned', when: { data: 'tier', eq: 'township' } } })]),
    ).toEqual([
      'disputes.duties.0.start.when.eq: "township" is not a value of data "tier" of dispute.assigned: known: village, town, county',
    ]);
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
