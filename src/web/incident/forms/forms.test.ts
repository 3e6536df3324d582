import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { z } from 'zod';
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

describe('the forms and the event catalogue', () => {
  // these two are entered otherwise than they are kept: whom to and a document's fields; facts flat
  const reshaped = new Set(['sitrep.submitted', 'incident.facts.updated']);
  const shapeOf = (type: keyof typeof EventData) =>
    (EventData[type] as unknown as z.ZodObject).shape as Record<string, z.ZodType>;

  it("ask only for fields of the event's data", () => {
    const strays = FORMS.filter((f) => !reshaped.has(f.type)).flatMap((f) =>
      f.fields.filter((x) => !(x.name in shapeOf(f.type))).map((x) => `${f.type}.${x.name}`),
    );
    expect(strays).toEqual([]);
  });

  it('ask for every field the event requires, or make it (an item id, a switch left off)', () => {
    const missing = FORMS.filter((f) => !reshaped.has(f.type)).flatMap((f) => {
      const asked = new Set(f.fields.map((x) => x.name));
      const made = Object.keys(f.data?.({}, 'intent-1') ?? {});
      return Object.entries(shapeOf(f.type))
        .filter(([k, s]) => !s.safeParse(undefined).success && !asked.has(k) && !made.includes(k))
        .map(([k]) => `${f.type}.${k}`);
    });
    expect(missing).toEqual([]);
  });

  it("mark required what the schema requires, save what the server's rule words itself", () => {
    const differ = FORMS.filter((f) => !reshaped.has(f.type)).flatMap((f) =>
      f.fields
        .filter((x) => x.kind !== 'bool')
        .filter(
          (x) =>
            ('required' in x && x.required === true) !==
            !shapeOf(f.type)[x.name]?.safeParse(undefined).success,
        )
        .map((x) => `${f.type}.${x.name}`),
    );
    expect(differ).toEqual(['measure.authorized.legalBasis', 'measure.authorized.authorizedBy']);
  });
});
