import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { decide, fold, initialState, type LoggedEvent, tick } from '../incident/incident.decider.ts';
import { runDrill, ScenarioSchema } from './drill.ts';
import { checkPlan } from './plan.check.ts';
import type { Plan } from './plan.schema.ts';

/** docs/examples/format-2.yaml: each format-2 construct once, each with its drill. */
const DIR = 'docs/examples';
const checked = checkPlan(parse(readFileSync(`${DIR}/format-2.yaml`, 'utf8')));

describe('the format-2 example plan', () => {
  it('passes plan check', () => {
    expect(checked.problems).toEqual([]);
  });

  const drills = readdirSync(`${DIR}/format-2.drills`).filter((f) => f.endsWith('.yaml'));
  it('has a drill for each construct', () => {
    expect(drills.length).toBeGreaterThanOrEqual(9);
  });
  for (const file of drills) {
    it(`drill ${file} meets its expectations`, () => {
      const scenario = ScenarioSchema.parse(parse(readFileSync(`${DIR}/format-2.drills/${file}`, 'utf8')));
      const { differences } = runDrill(checked.plan as Plan, scenario);
      expect(differences).toEqual([]);
    });
  }
});

describe('format 2, what it changes and what it refuses', () => {
  const base = parse(readFileSync(`${DIR}/format-2.yaml`, 'utf8')) as Record<string, unknown>;
  const problems = (change: (p: Record<string, unknown>) => void) => {
    const p = structuredClone(base);
    change(p);
    return checkPlan(p).problems.map((x) => `${x.path.join('.')}: ${x.message}`);
  };

  it('refuses a level with neither a rule nor setBy, and format-2 writing in a format-1 plan', () => {
    expect(
      problems((p) => {
        (p.levels as Record<string, unknown>[])[2] = { id: 'declared', name: '宣布', colour: '#722ed1' };
      }),
    ).toEqual([
      'levels.2: level "declared" has no rule, so it would take every incident: give it a rule, or say setBy: commander (only a commander sets it) or, for the lowest, setBy: default',
    ]);
    const old = problems((p) => {
      delete p.format;
    });
    expect(old).toEqual(
      expect.arrayContaining([
        'duties.0.owner: several owners is format 2: say format: 2 at the top of the plan',
        'duties.1.satisfiedBy: a duty met by several events is format 2: say format: 2 at the top of the plan',
        'duties.5.repeat: a repeated duty is format 2: say format: 2 at the top of the plan',
        'organisation.external: an external body is format 2: say format: 2 at the top of the plan',
      ]),
    );
  });

  it('names a misspelt position of a class, a deputy for no one, an unknown escalation target, a zero repeat', () => {
    const found = problems((p) => {
      const duties = p.duties as Record<string, unknown>[];
      const staff = duties[3] as { classes: { positions: string[] }[] };
      (staff.classes[0] as { positions: string[] }).positions = ['on-shift-staf'];
      (duties[2] as { escalateTo: string }).escalateTo = 'district-bureu';
      (duties[5] as { repeat: { every: string } }).repeat.every = 'PT0M';
      const positions = (p.organisation as { positions: { actsFor?: string[] }[] }).positions;
      (positions[1] as { actsFor: string[] }).actsFor = ['commander-in-chef'];
    });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^duties\.3\.classes\.0\.positions\.0: "on-shift-staf" is no position .*on-shift-staff/,
        ),
        expect.stringMatching(/^duties\.2\.escalateTo: escalateTo "district-bureu" is neither/),
        expect.stringMatching(/^duties\.5\.repeat\.every: every "PT0M" leaves no time/),
        expect.stringMatching(
          /^organisation\.positions\.1\.actsFor\.0: "commander-in-chef" is no unit .*commander-in-chief/,
        ),
      ]),
    );
  });
});

describe('what time alone starts, in the log', () => {
  it('records a fallback start and a next round when the clock brings them, before their misses', () => {
    const plan = checked.plan as Plan;
    const log: LoggedEvent[] = [];
    const at = (min: number) => new Date(Date.parse('2026-05-11T01:00:00Z') + min * 60_000).toISOString();
    for (const d of decide(
      initialState(),
      {
        id: '01a24bf2-7d63-7250-8a33-4fce1d3f0000',
        type: 'incident.reported',
        actor: { id: 'x', role: 'officer' },
        data: {
          title: '20名员工聚集',
          location: { text: '厂区' },
          startedAt: at(0),
          source: '电话',
          facts: { participants: 20 },
        },
      },
      plan,
      at(0),
    ))
      log.push({ ...d, seq: log.length + 1 });
    // no warning came: the evacuation clock starts at 60 by its fallback, and is missed at 80;
    // the hourly update is missed at 60 and its second round starts then
    const drafts = tick(fold(log), plan, at(90), 'c1');
    const seen = drafts.map(
      (d) => `${d.type}:${String((d.data as { dutyId?: string }).dutyId)}@${d.occurredAt}`,
    );
    expect(seen).toEqual(
      expect.arrayContaining([
        `duty.started:evacuate@${at(60)}`,
        `duty.missed:evacuate@${at(80)}`,
        `duty.missed:situation-updates@${at(60)}`,
        `duty.started:situation-updates.2@${at(60)}`,
      ]),
    );
    expect(seen.indexOf(`duty.started:evacuate@${at(60)}`)).toBeLessThan(
      seen.indexOf(`duty.missed:evacuate@${at(80)}`),
    );
    // folded in, nothing is recorded twice
    for (const d of drafts) log.push({ ...d, seq: log.length + 1 });
    expect(tick(fold(log), plan, at(90), 'c1')).toEqual([]);
  });
});
