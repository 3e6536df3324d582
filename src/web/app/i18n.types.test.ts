import { afterAll, describe, expect, it } from 'vitest';
import { typeCheck } from '../../../test/support/typecheck.ts';

const FIXTURES = {
  known: [
    "import i18n from 'i18next';",
    "export const a: string = i18n.t('app.name');",
    "export const b: string = i18n.t('board.dueIn', { d: '5 min' });",
  ],
  missing: [
    "import i18n from 'i18next';",
    "export const a: string = i18n.t('app.name');",
    "export const b: string = i18n.t('no.such.key');",
    "export const c: string = i18n.t('app.nosuchkey', { defaultValue: 'x' });",
  ],
  english: [
    "import { type Dictionary, zh } from '../../src/web/app/strings.ts';",
    "import type { Strings } from '../../src/web/app/strings.types.ts';",
    'export const whole: Strings<Dictionary> = zh;',
    "export const short: Strings<Dictionary> = { ...zh, app: { name: 'Huajie' } };",
  ],
};

describe('the typing of the strings', () => {
  // the compiler on the fixtures, once
  const r = typeCheck('i18n-types', FIXTURES);
  afterAll(r.drop);

  it('accepts the keys the dictionary has', () => {
    expect(r.errorLines('known')).toEqual([]);
    // the compiler ran and found the fixtures: the others' errors are there
    expect(r.output).toContain('missing.ts');
  });

  it('refuses a key the dictionary does not have, even with a default value', () => {
    expect(r.errorLines('missing')).toEqual([3, 4]);
  });

  it('refuses an English dictionary that leaves out a key of the Chinese', () => {
    expect(r.errorLines('english')).toEqual([4]);
  });
});
