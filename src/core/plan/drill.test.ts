import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runDrill, ScenarioSchema } from './drill.ts';
import { checkPlan } from './plan.check.ts';
import type { Plan } from './plan.schema.ts';

const plan = checkPlan(parse(readFileSync('plans/zhongxin-village.yaml', 'utf8'))).plan as Plan;
const scenario = (events: unknown[]) =>
  ScenarioSchema.parse({
    title: '演练',
    start: '2026-05-11T09:00:00+08:00',
    events: [
      { at: 'PT0M', type: 'incident.reported', data: { title: '40人聚集', facts: { participants: 40 } } },
      ...events,
    ],
    until: 'PT4H',
  });

describe('drills run through the same decide as live use', () => {
  it('refuses a dialogue with six representatives, as live use does, and the drill fails', () => {
    const r = runDrill(
      plan,
      scenario([
        { at: 'PT40M', type: 'dialogue.held', data: { representatives: 6, with: '村民', summary: '对话' } },
      ]),
    );
    expect(r.review.refused).toMatchObject([
      { at: 'T+40 min', type: 'dialogue.held', error: 'too_many_representatives' },
    ]);
    expect(r.differences[0]).toMatch(
      /T\+40 min dialogue\.held: refused, as live use would \(.*代表人数不超过5人/,
    );
  });

  it('refuses the response on the scene after the close, as live use does, and takes what is owed', () => {
    const r = runDrill(
      plan,
      scenario([
        { at: 'PT1H', type: 'incident.closed', data: { summary: '结束' } },
        { at: 'PT2H', type: 'arrival.recorded', data: { position: 'principal' } },
        { at: 'PT3H', type: 'log.entry', data: { text: '回访' } },
      ]),
    );
    expect(r.review.refused.map((x) => [x.type, x.error])).toEqual([['arrival.recorded', 'closed']]);
  });

  it('keeps to the record what live use keeps: five representatives are heard', () => {
    const r = runDrill(
      plan,
      scenario([
        { at: 'PT40M', type: 'dialogue.held', data: { representatives: 5, with: '村民', summary: '对话' } },
      ]),
    );
    expect(r.review.refused).toEqual([]);
    expect(r.differences).toEqual([]);
  });
});

describe('what a scenario expects is checked against the plan', () => {
  it('names a misspelt duty as a slip, not as a duty that never started, and lists the levels', () => {
    const duty = plan.duties[0]?.id ?? '';
    const s = ScenarioSchema.parse({
      title: '演练',
      start: '2026-05-11T09:00:00+08:00',
      events: [
        { at: 'PT0M', type: 'incident.reported', data: { title: '40人聚集', facts: { participants: 40 } } },
      ],
      until: 'PT4H',
      expect: { level: 'huge', missed: [`${duty}x`] },
    });
    const { differences } = runDrill(plan, s);
    expect(differences).toContain(`duty ${duty}x: the plan has no duty "${duty}x" — did you mean "${duty}"?`);
    expect(differences.find((d) => d.startsWith('expect.level'))).toBe(
      `expect.level "huge" is no level of plan zhongxin-village (levels: ${plan.levels.map((l) => `${l.id} ${l.name}`).join(', ')})`,
    );
  });
});
