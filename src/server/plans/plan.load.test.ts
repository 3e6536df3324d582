import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ScenarioSchema } from '../../core/plan/drill.ts';
import { LIMITS } from '../../core/plan/limits.ts';
import { checkPlanText, checkYamlText } from './plan.load.ts';

const VALID = readFileSync('test/fixtures/plans/valid.yaml', 'utf8');
const V1 = readFileSync('plans/town-mass-incident.yaml', 'utf8');
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
/**
 * The small valid plan with `n` checklists for levels that do not exist: n problems. Not the
 * shipped plan: that one grows with each version, and 20,000 of these beside it would pass the
 * size limit, which refuses the text before anything in it is checked.
 */
const badKeys = (n: number) =>
  VALID.replace(
    /^checklists:\n/m,
    `checklists:\n${Array.from({ length: n }, (_, i) => `  k${i}: []\n`).join('')}`,
  );

describe('plan check is bounded', () => {
  it('lists the first problems, says there were more, and locates each on its line in linear time', () => {
    const text = badKeys(20_000);
    expect(text.length).toBeLessThanOrEqual(LIMITS.planChars);
    const started = performance.now();
    const r = checkPlanText('p.yaml', text);
    const ms = performance.now() - started;
    expect(r.problems).toHaveLength(LIMITS.problems);
    expect(r.truncated).toBe(true);
    expect(r.problems[0]).toMatchObject({ line: lineOf(text, '  k0: []'), path: 'checklists.k0' });
    expect(r.problems[99]).toMatchObject({ line: lineOf(text, '  k99: []'), path: 'checklists.k99' });
    // each location searched again across the document took 11 s or more here; one pass, well under
    expect(ms).toBeLessThan(5000);
  });

  it('refuses a lone surrogate a double-quoted string decodes to, at its line', () => {
    const text = V1.replace(/^title: .*$/m, 'title: "乡镇预案\\ud800"');
    const r = checkPlanText('p.yaml', text);
    expect(r.plan).toBeUndefined();
    expect(r.problems).toEqual([
      expect.objectContaining({
        line: lineOf(text, 'title:'),
        path: 'title',
        message: expect.stringContaining('lone UTF-16 surrogate'),
      }),
    ]);
  });

  it('says nothing of more when every problem is listed', () => {
    const r = checkPlanText('p.yaml', badKeys(3));
    expect(r.problems.map((p) => p.path)).toEqual(['checklists.k0', 'checklists.k1', 'checklists.k2']);
    expect(r.truncated).toBe(false);
  });

  it('refuses a text over the size limit before reading it', () => {
    const r = checkPlanText('p.yaml', `${VALID}\n# ${'x'.repeat(LIMITS.planChars)}`);
    expect(r.problems).toEqual([
      expect.objectContaining({ line: 1, message: expect.stringContaining(`at most ${LIMITS.planChars}`) }),
    ]);
  });

  it('names nesting past the limit, flow or block, at its line', () => {
    const flow = checkPlanText('p.yaml', `${VALID}x: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`);
    expect(flow.problems[0]?.message).toMatch(/nested more than 32 levels deep/);
    const block = `${VALID}x:\n${Array.from({ length: 40 }, (_, i) => `${'  '.repeat(i + 1)}k${i}:`).join('\n')} 1\n`;
    const b = checkPlanText('p.yaml', block);
    expect(b.problems[0]).toMatchObject({
      line: lineOf(block, '  k31:'),
      message: 'nested more than 32 levels deep',
    });
  });

  it('finds a key used twice in linear time, at its line', () => {
    const twice = VALID.replace('source: test fixture', 'source: test fixture\nsource: again');
    expect(checkPlanText('p.yaml', twice).problems).toEqual([
      expect.objectContaining({ line: lineOf(twice, 'source: again'), message: 'Map keys must be unique' }),
    ]);
    // the yaml library's own check compares each key with all before it: 20,000 keys took 6 s
    const keys = `${VALID}x: {${Array.from({ length: 20_000 }, (_, i) => `k${i}: 1`).join(', ')}}\n`;
    const started = performance.now();
    expect(checkPlanText('p.yaml', keys).problems[0]?.message).toContain('不认识的字段');
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('refuses more aliases than the limit, and an alias bomb', () => {
    const aliases = `${VALID}x: &a 1\ny: [${Array.from({ length: LIMITS.aliases + 1 }, () => '*a').join(', ')}]\n`;
    expect(checkPlanText('p.yaml', aliases).problems[0]?.message).toContain(
      `at most ${LIMITS.aliases} aliases`,
    );
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]']
      .concat(['c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]', 'title: [*c, *c, *c, *c, *c, *c, *c, *c, *c]'])
      .join('\n');
    expect(checkPlanText('p.yaml', bomb).problems[0]?.message).toMatch(/alias/i);
  });

  it('never repeats a long value back: messages and paths are cut short', () => {
    const owner = VALID.replace('owner: village', `owner: ${'某'.repeat(3000)}`);
    const r = checkPlanText('p.yaml', owner);
    expect(r.problems[0]?.message).toMatch(/^owner "某+…" is neither/);
    expect(r.problems[0]?.message.length).toBeLessThanOrEqual(301);
    const keys = `${VALID}${Array.from({ length: 5000 }, (_, i) => `unknown-key-${i}: 1`).join('\n')}\n`;
    expect(checkPlanText('p.yaml', keys).problems[0]?.message.length).toBeLessThanOrEqual(301);
    const long = checkPlanText('p.yaml', VALID.replace('title: 测试预案', `title: ${'长'.repeat(5000)}`));
    expect(long.problems[0]).toMatchObject({
      path: 'title',
      message: expect.stringContaining('at most 4000'),
    });
  });

  it('bounds what a plan may hold: durations, lists, conditions', () => {
    const within = checkPlanText('p.yaml', VALID.replace('within: PT20M', 'within: P99999999D'));
    expect(within.problems[0]).toMatchObject({ path: 'duties.0.within', message: 'at most P366D' });
    const rule = `{ any: [${Array.from({ length: 40 }, () => '{ fact: participants, gte: 1 }').join(', ')}] }`;
    const cond = checkPlanText(
      'p.yaml',
      VALID.replace('rule: { fact: participants, gte: 50 }', `rule: ${rule}`),
    );
    expect(cond.problems[0]).toMatchObject({
      path: 'levels.1.rule',
      message: expect.stringContaining('at most 32 parts'),
    });
  });
});

describe('drill scenarios are bounded', () => {
  const scenario = (body: string) => `title: t\nstart: 2026-05-11T09:00:00+08:00\n${body}`;
  const event = '  - { at: PT0M, type: incident.reported, data: { title: x } }';

  it('refuses an until of 100,000 digits at its line, at once', () => {
    const text = scenario(`events:\n${event}\nuntil: P${'1'.repeat(100_000)}\n`);
    const started = performance.now();
    const r = checkYamlText('s.yaml', text, ScenarioSchema);
    expect(r.problems).toEqual([
      expect.objectContaining({
        path: 'until',
        line: 5,
        message: expect.stringContaining('at most 32 characters'),
      }),
    ]);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('refuses more events than the limit and an until past a year', () => {
    const many = scenario(`events:\n${Array.from({ length: 1001 }, () => event).join('\n')}\nuntil: PT1H\n`);
    expect(checkYamlText('s.yaml', many, ScenarioSchema).problems[0]?.message).toContain(
      'at most 1000 events',
    );
    const far = scenario(`events:\n${event}\nuntil: P400D\n`);
    expect(checkYamlText('s.yaml', far, ScenarioSchema).problems[0]).toMatchObject({
      path: 'until',
      message: 'at most P366D',
    });
  });
});
