import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type Plan, PlanSchema } from '../plan/plan.schema.ts';
import { computeFigures, disputeDutyRoles, type FigureRows, rate } from './figures.ts';

const town = PlanSchema.parse(parse(readFileSync('plans/town-mass-incident.yaml', 'utf8')));
const ctx = {
  plan: (id: string | null) => (id === town.id ? town : undefined),
  unitName: (p: Plan | undefined, id: string) =>
    [p?.organisation.office, ...(p?.organisation.groups ?? []), ...(p?.organisation.positions ?? [])].find(
      (u) => u?.id === id,
    )?.name ?? id,
  targetPlans: [],
};
const none: FigureRows = {
  duties: [],
  incidents: [],
  disputes: [],
  outcomes: { accepted: 0, notAccepted: 0, resolved: 0 },
  evaluations: [],
  reviewRequests: 0,
  findings: [],
};

describe('figures from counted rows', () => {
  it('rates to one decimal, and none when there is nothing to count', () => {
    expect(rate(1, 3)).toEqual({ n: 1, of: 3, rate: 33.3 });
    expect(rate(2, 3)).toEqual({ n: 2, of: 3, rate: 66.7 });
    expect(rate(0, 0)).toEqual({ n: 0, of: 0, rate: null });
  });

  it('finds the plan’s 受理 and 办结 duties by the events that meet and start them', () => {
    const roles = disputeDutyRoles(town);
    expect([...roles.accept]).toEqual(['accept']);
    expect([...roles.handle]).toEqual(['handle']);
    expect(disputeDutyRoles(undefined).accept.size).toBe(0);
  });

  it('takes the median of an even and an odd number of incidents, and counts those without', () => {
    const at = (m: number | null) =>
      m === null ? null : new Date(Date.UTC(2026, 4, 11, 1, m)).toISOString();
    const incidents = (ms: (number | null)[]) =>
      ms.map((m) => ({ reportedAt: at(0) as string, firstReportAt: at(m), firstStatementAt: null }));
    const odd = computeFigures({ ...none, incidents: incidents([5, 30, 10]) }, ctx);
    expect(odd.incidents.firstReport).toEqual({ count: 3, none: 0, median: 10, mean: 15 });
    const even = computeFigures({ ...none, incidents: incidents([5, 30, 10, 20, null]) }, ctx);
    expect(even.incidents.firstReport).toEqual({ count: 4, none: 1, median: 15, mean: 16.3 });
    expect(even.incidents.firstStatement).toEqual({ count: 0, none: 5, median: null, mean: null });
  });

  it('adds counted duties up by duty, by owner and into the dispute rates; commitments as one duty', () => {
    const row = (
      dutyId: string,
      owner: string,
      outcome: 'on_time' | 'late' | 'missed' | 'open',
      n: number,
    ) => ({
      caseKind: 'dispute' as const,
      planId: town.id,
      planVersion: town.version,
      dutyId,
      owner,
      outcome,
      n,
    });
    const f = computeFigures(
      {
        ...none,
        duties: [
          row('accept', 'stability-office', 'on_time', 8),
          row('accept', 'stability-office', 'late', 2),
          row('handle', 'stability-office', 'on_time', 3),
          row('handle', 'stability-office', 'missed', 1),
          row('commitment:', '镇财政所', 'open', 4),
        ],
        disputes: [
          { source: 'screening', n: 6 },
          { source: 'visit', n: 4 },
        ],
        outcomes: { accepted: 9, notAccepted: 1, resolved: 6 },
        evaluations: ['satisfied', 'basically_satisfied', 'dissatisfied', 'satisfied'],
        reviewRequests: 2,
        findings: [
          { kind: 'duty_late', disposition: null, n: 2 },
          { kind: 'duty_late', disposition: 'explained', n: 1 },
        ],
      },
      ctx,
    );
    expect(f.duties).toMatchObject({ on_time: 11, late: 2, missed: 1, open: 4, onTime: { n: 11, of: 14 } });
    expect(f.duties.byDuty.map((d) => [d.title, d.on_time, d.late, d.missed, d.open])).toEqual([
      ['登记后 15 日内决定受理或不予受理，书面告知', 8, 2, 0, 0],
      ['受理之日起 60 日内办结：书面答复或化解', 3, 0, 1, 0],
      ['承诺兑现', 0, 0, 0, 4],
    ]);
    expect(f.disputes).toMatchObject({
      registered: 10,
      accepted: 9,
      notAccepted: 1,
      resolved: { n: 6, of: 9, rate: 66.7 },
      acceptedOnTime: { n: 8, of: 10, rate: 80 },
      handledOnTime: { n: 3, of: 4, rate: 75 },
      foundByScreening: { n: 6, of: 10, rate: 60 },
      repeatVisits: 2,
      satisfied: { n: 3, of: 4, rate: 75 },
    });
    expect(f.findings).toEqual([
      { kind: 'duty_late', total: 3, accepted: 0, explained: 1, dismissed: 0, pending: 2 },
    ]);
  });
});
