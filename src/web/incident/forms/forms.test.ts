import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DERIVED_TYPES, EventData } from '../../../core/incident/incident.events.ts';
import { planDuties } from '../../../core/plan/duties.ts';
import { PlanSchema } from '../../../core/plan/plan.schema.ts';
import { FORMS } from './catalogue.ts';
import { dutyAction, RECORDED_ELSEWHERE } from './duty-action.ts';
import { factsOf, factValues, implausibleFacts } from './fields.ts';

describe('the incident page’s forms', () => {
  it('record every event type a person may record (the rest say where they are recorded)', () => {
    const byHand = Object.keys(EventData).filter((t) => !DERIVED_TYPES.has(t as never));
    const covered = new Set([...FORMS.map((f) => f.type), ...Object.keys(RECORDED_ELSEWHERE)]);
    expect(byHand.filter((t) => !covered.has(t))).toEqual([]);
    expect(FORMS.map((f) => f.type).filter((t) => !byHand.includes(t))).toEqual([]);
  });

  it('give every duty of every shipped plan a one-tap action that sends an event its schema accepts shape-wise', () => {
    const missing: string[] = [];
    for (const file of readdirSync('plans').filter((f) => f.endsWith('.yaml'))) {
      const plan = PlanSchema.parse(parse(readFileSync(`plans/${file}`, 'utf8')));
      for (const d of planDuties(plan)) {
        const action = dutyAction(plan, d.id);
        const on = d.meets[0]?.on;
        // the report meets nothing by a form: it is the report page's
        if (!action && on !== 'incident.reported') missing.push(`${file} ${d.id} (${on})`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('lead a duty met by the review to the review’s own card', () => {
    const plan = PlanSchema.parse(parse(readFileSync('plans/town-petition-emergency.yaml', 'utf8')));
    expect(dutyAction(plan, 'written-summary')).toEqual({
      type: 'review.submitted',
      values: {},
      section: 'review',
    });
  });

  it('fill a situation report to the town, a marker and an arrival as the duty asks', () => {
    const plan = PlanSchema.parse(parse(readFileSync('plans/town-mass-incident.yaml', 'utf8')));
    expect(dutyAction(plan, 'report-town')).toEqual({
      type: 'sitrep.submitted',
      values: { toLevel: 'town' },
    });
    expect(dutyAction(plan, 'principal-on-scene')).toEqual({
      type: 'arrival.recorded',
      values: { position: 'principal' },
    });
    expect(dutyAction(plan, 'commitment:c-1')).toEqual({
      type: 'commitment.fulfilled',
      values: { commitmentId: 'c-1' },
    });
    const police = PlanSchema.parse(parse(readFileSync('plans/city-police-2025.yaml', 'utf8')));
    const issued = police.duties.find((d) => JSON.stringify(d.satisfiedBy).includes('order-issued'));
    expect(issued && dutyAction(police, issued.id)).toEqual({
      type: 'log.entry',
      values: { kind: 'decision', marker: 'order-issued' },
    });
  });
});

describe('facts on a form', () => {
  it('become the facts a level rule reads, a visit only with both its place and its people', () => {
    expect(factsOf({ participants: 12, visitLevel: 'county', visitPeople: 12, violence: false })).toEqual({
      participants: 12,
      visit: { level: 'county', people: 12 },
      violence: false,
    });
    expect(factsOf({ visitLevel: 'county' })).toEqual({});
    expect(factsOf({ participants: '' as unknown as number, blocking: [] })).toEqual({});
    expect(factValues({ visit: { level: 'city', people: 3 }, dead: 0 })).toEqual({
      visitLevel: 'city',
      visitPeople: 3,
      dead: 0,
    });
  });

  it('ask to confirm counts an extra zero would make, never ordinary ones', () => {
    expect(implausibleFacts({ participants: 60, visit: { level: 'county', people: 12 } })).toEqual([]);
    expect(implausibleFacts({ participants: 1_000_000_000 })).toEqual(['参与人数 1,000,000,000']);
    expect(implausibleFacts({ participants: 5, visit: { level: 'county', people: 50 } })).toEqual([
      '上访人数 50 多于参与人数 5',
    ]);
  });
});
