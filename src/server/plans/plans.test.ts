import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Condition } from '../../core/plan/condition.ts';
import { evaluate } from '../../core/plan/condition.ts';
import { runDrill, ScenarioSchema } from '../../core/plan/drill.ts';
import { type CaseEvent, classify, deriveCase } from '../../core/plan/engine.ts';
import type { Facts } from '../../core/plan/facts.ts';
import type { Plan } from '../../core/plan/plan.schema.ts';
import { formatProblem, loadPlanFile, loadYamlFile } from './plan.load.ts';
import { PlanRegistry } from './plan.registry.ts';

const PLANS = 'plans';
const planFiles = readdirSync(PLANS)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

function load(file: string): Plan {
  const { plan, problems } = loadPlanFile(join(PLANS, file));
  if (!plan) throw new Error(problems.map(formatProblem).join('\n'));
  return plan;
}

/** Threshold edges read off a level's rule: facts exactly at the edge, and one below it. */
function edges(rule: Condition): { at: Facts; below: Facts; what: string }[] {
  const clauses = 'any' in rule ? rule.any : [rule];
  const out: { at: Facts; below: Facts; what: string }[] = [];
  for (const c of clauses) {
    if ('fact' in c && c.fact && !c.fact.includes('.')) {
      const n = c.gte ?? (c.gt !== undefined ? c.gt + 1 : undefined);
      if (typeof n === 'number' && n > 0) {
        out.push({
          at: { [c.fact]: n } as Facts,
          below: { [c.fact]: n - 1 } as Facts,
          what: `${c.fact} ${n - 1} vs ${n}`,
        });
      }
    }
    if ('all' in c && c.all.length === 2) {
      const lvl = c.all.find((x) => 'fact' in x && x.fact === 'visit.level' && x.eq !== undefined) as
        | { eq: string }
        | undefined;
      const ppl = c.all.find((x) => 'fact' in x && x.fact === 'visit.people' && x.gte !== undefined) as
        | { gte: number }
        | undefined;
      if (lvl && ppl && ppl.gte > 0) {
        const visit = (people: number) => ({ visit: { level: lvl.eq, people } }) as Facts;
        out.push({
          at: visit(ppl.gte),
          below: visit(ppl.gte - 1),
          what: `${lvl.eq} visit ${ppl.gte - 1} vs ${ppl.gte} people`,
        });
      }
    }
  }
  return out;
}

const rankOf = (plan: Plan, facts: Facts) => {
  const id = classify(plan, facts);
  return id ? plan.levels.findIndex((l) => l.id === id) : -1;
};

describe.each(planFiles)('plan %s', (file) => {
  const plan = load(file);

  it('checks clean', () => {
    expect(loadPlanFile(join(PLANS, file)).problems).toEqual([]);
  });

  it('builds nothing DESIGN.md refuses: such passages appear only under omitted:', () => {
    const { omitted, ...built } = plan;
    const refused =
      /重点人员|骨干分子|为首者|挑头|劝返|截访|接返|稳控|劝离|布控|舆情导控|舆情管控|删帖|黑名单|watch ?list|ringleader/i;
    const hits = JSON.stringify(built).match(new RegExp(refused.source, 'gi')) ?? [];
    expect(hits, 'refused practices written into duties, tasks or organisation').toEqual([]);
    for (const o of omitted) expect(o.reason.length).toBeGreaterThan(10);
  });

  it('classifies at every threshold edge of every level', () => {
    let tested = 0;
    plan.levels.forEach((level, i) => {
      if (!level.rule) return;
      for (const e of edges(level.rule)) {
        expect(rankOf(plan, e.at), `${level.name}: ${e.what} — at the edge`).toBeGreaterThanOrEqual(i);
        if (!evaluate(level.rule, { facts: e.below as Record<string, unknown> })) {
          expect(rankOf(plan, e.below), `${level.name}: ${e.what} — one below`).toBeLessThan(i);
        }
        tested++;
      }
    });
    expect(tested, 'a plan with leveled rules has at least one threshold').toBeGreaterThan(
      plan.levels.some((l) => l.rule) ? 0 : -1,
    );
  });

  const drillDir = join(PLANS, file.replace(/\.yaml$/, '.drills'));
  const drills = readdirSync(drillDir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();

  it('has at least three drills, each with expectations', () => {
    expect(drills.length).toBeGreaterThanOrEqual(3);
  });

  it.each(drills)('drill %s meets its expectations', (d) => {
    const { value, problems } = loadYamlFile(join(drillDir, d), ScenarioSchema);
    expect(problems.map(formatProblem)).toEqual([]);
    if (!value) return;
    expect(value.expect, 'a drill without expect: tests nothing').toBeDefined();
    const { differences, review } = runDrill(plan, value);
    expect(differences).toEqual([]);
    // a drill shows clocks running, unless it shows that none starts
    if (value.expect?.started?.length !== 0) expect(review.duties.length).toBeGreaterThan(0);
    else expect(review.duties).toEqual([]);
  });

  it('never lowers the level while the facts only grow', () => {
    const growth = fc.array(
      fc.record({
        participants: fc.nat(40),
        dead: fc.nat(2),
        injured: fc.nat(5),
        visitPeople: fc.nat(6),
        visitRise: fc.boolean(),
        block: fc.constantFrom('road', 'government_office', 'railway', 'key_facility', undefined),
        violence: fc.boolean(),
      }),
      { minLength: 1, maxLength: 8 },
    );
    const visitLevels = ['town', 'county', 'city', 'province', 'national'] as const;
    fc.assert(
      fc.property(growth, (steps) => {
        const f = {
          participants: 0,
          dead: 0,
          injured: 0,
          people: 1,
          visit: 0,
          blocking: [] as string[],
          violence: false,
        };
        let last = -1;
        for (const s of steps) {
          f.participants += s.participants;
          f.dead += s.dead;
          f.injured += s.injured;
          f.people += s.visitPeople;
          if (s.visitRise) f.visit = Math.min(f.visit + 1, visitLevels.length - 1);
          if (s.block && !f.blocking.includes(s.block)) f.blocking.push(s.block);
          f.violence ||= s.violence;
          const facts = {
            participants: f.participants,
            dead: f.dead,
            injured: f.injured,
            blocking: [...f.blocking],
            violence: f.violence,
            visit: { level: visitLevels[f.visit], people: f.people },
          } as Facts;
          const r = rankOf(plan, facts);
          expect(r).toBeGreaterThanOrEqual(last);
          last = r;
        }
      }),
      { numRuns: 200 },
    );
  });

  /** Random case histories against this plan: reports, updates, sitreps, arrivals, task completions. */
  const history = fc
    .array(
      fc.record({
        minute: fc.nat(300),
        kind: fc.constantFrom(
          'facts',
          'sitrep-town',
          'sitrep-county',
          'sitrep-city',
          'arrival',
          'task',
          'statement',
          'dialogue',
        ),
        n: fc.nat(80),
        task: fc.constantFrom(
          ...Object.values(plan.checklists)
            .flat()
            .map((t) => t.id),
          'none',
        ),
        position: fc.constantFrom(...plan.organisation.positions.map((p) => p.id), 'principal'),
      }),
      { maxLength: 25 },
    )
    .map((steps) => {
      const start = Date.parse('2026-05-11T01:00:00Z');
      const at = (m: number) => new Date(start + m * 60_000).toISOString();
      const events: CaseEvent[] = [
        { id: 'e0', type: 'incident.reported', data: { facts: { participants: 12 } }, occurredAt: at(0) },
      ];
      steps
        .sort((a, b) => a.minute - b.minute)
        .forEach((s, i) => {
          const id = `e${i + 1}`;
          const t = at(s.minute);
          const add = (type: string, data: Record<string, unknown>) =>
            events.push({ id, type, data, occurredAt: t });
          if (s.kind === 'facts') add('incident.facts.updated', { facts: { participants: 12 + s.n } });
          else if (s.kind.startsWith('sitrep-'))
            add('sitrep.submitted', { to: { level: s.kind.slice(7) }, kind: 'update' });
          else if (s.kind === 'arrival') add('arrival.recorded', { position: s.position });
          else if (s.kind === 'task') add('task.completed', { taskId: s.task });
          else if (s.kind === 'statement')
            add('statement.published', { statementId: id, channel: 'web', text: '通报' });
          else add('dialogue.held', { representatives: 5, with: '镇长', summary: '对话' });
        });
      return events;
    });

  it('gives the same review for the same events, every time', () => {
    fc.assert(
      fc.property(history, (events) => {
        const now = '2026-05-11T08:00:00.000Z';
        const a = deriveCase(plan, events, now);
        const b = deriveCase(plan, structuredClone(events), now);
        expect(b).toEqual(a);
      }),
      { numRuns: 100 },
    );
  });

  it('escalates every missed duty exactly once, and a duty met on time never', () => {
    fc.assert(
      fc.property(history, fc.nat(600), (events, extra) => {
        const now = new Date(Date.parse('2026-05-11T06:00:00Z') + extra * 60_000).toISOString();
        const v = deriveCase(plan, events, now);
        for (const d of v.duties) {
          const n = v.escalations.filter((e) => e.dutyId === d.id).length;
          if (d.status === 'missed' || (d.status === 'met' && d.lateSeconds > 0)) expect(n).toBe(1);
          else expect(n).toBe(0);
          if (d.status === 'missed') expect(Date.parse(d.dueAt)).toBeLessThan(Date.parse(now));
        }
        expect(v.findings.filter((f) => f.kind === 'duty_missed').length).toBe(
          v.duties.filter((d) => d.status === 'missed').length,
        );
      }),
      { numRuns: 100 },
    );
  });
});

describe('the shipped plan files', () => {
  it('keep each earlier version under its own name, and refuse a mislabelled one', () => {
    const registry = PlanRegistry.fromDirectory(PLANS);
    for (const f of planFiles) {
      const kept = /^(.+)@(\d+)\.yaml$/.exec(f);
      const plan = load(f);
      if (kept) expect([plan.id, plan.version]).toEqual([kept[1], Number(kept[2])]);
      // every file's version is held, the newest is the un-suffixed file's
      expect(registry.get(plan.id, plan.version)?.version).toBe(plan.version);
      if (!kept) expect(registry.get(plan.id)?.version).toBe(plan.version);
    }
    const dir = mkdtempSync(join(tmpdir(), 'huajie-plans-'));
    try {
      copyFileSync(join(PLANS, 'town-mass-incident.yaml'), join(dir, 'town-mass-incident.yaml'));
      // version 2's text under version 1's name
      writeFileSync(
        join(dir, 'town-mass-incident@1.yaml'),
        readFileSync(join(PLANS, 'town-mass-incident@2.yaml')),
      );
      expect(() => PlanRegistry.fromDirectory(dir)).toThrow(
        /town-mass-incident@1\.yaml holds town-mass-incident version 2: name it town-mass-incident@2\.yaml/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
