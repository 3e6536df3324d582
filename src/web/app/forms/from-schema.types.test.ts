import { afterAll, describe, expect, it } from 'vitest';
import { typeCheck } from '../../../../test/support/typecheck.ts';

const HEAD = [
  "import { z } from 'zod';",
  "import { schemaFields } from '../../src/web/app/forms/from-schema.ts';",
  'const C = {',
  "  'x.made': z.object({ note: z.string(), unnamed: z.string(), tier: z.enum(['village', 'town']), kind: z.enum(['decision']) }),",
  '};',
  "const of = schemaFields(C, { labels: 'df', options: 'd.tier' });",
];

const FIXTURES = {
  good: [
    ...HEAD,
    "export const a = of('x.made').field('note');",
    "export const b = of('x.made').field('unnamed', { label: 'note' });",
    "export const c = of('x.made').field('tier');",
    "export const d = of('x.made').field('kind', { dict: 'logKinds' });",
  ],
  bad: [
    ...HEAD,
    "export const a = of('x.made').field('unnamed');",
    "export const b = of('x.made').field('note', { label: 'noSuchLabel' });",
    "export const c = of('x.made').field('kind');",
    "export const d = of('x.made').field('tier', { dict: 'logKinds' });",
    "export const e = of('x.made').field('noSuchField');",
  ],
};

describe('the typing of a form built from a schema', () => {
  // the compiler on the fixtures, once
  const r = typeCheck('form-types', FIXTURES);
  afterAll(r.drop);

  it('accepts fields whose labels and values the dictionary names', () => {
    expect(r.errorLines('good'), r.output).toEqual([]);
    // the compiler ran and found the fixtures: the others' errors are there
    expect(r.output).toContain('bad.ts');
  });

  it('refuses a field without a label, a label or a value the dictionary lacks, and a field the event has not', () => {
    const at = HEAD.length;
    expect(r.errorLines('bad')).toEqual([at + 1, at + 2, at + 3, at + 4, at + 5]);
  });
});
