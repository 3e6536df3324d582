import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import type { FindingRow } from '../../core/api/findings.ts';
import { findingsOf } from '../../core/findings/findings.ts';
import { addFormats } from '../../core/words/words.ts';
import { en, zh } from '../app/strings.ts';
import { wordsOf } from './words.ts';

/** The page's dictionaries with the page's formats, as web/app/i18n.ts sets them up. */
function page(lng: 'zh' | 'en') {
  const i18n = i18next.createInstance();
  void i18n.init({
    resources: { zh: { translation: zh }, en: { translation: en } },
    lng,
    initAsync: false,
    interpolation: { escapeValue: false },
  });
  addFormats(i18n);
  return i18n.t;
}

const at = (hhmm: string) => `2026-05-11T${hhmm}:00.000Z`;
const [late] = findingsOf(
  [
    {
      id: 'e1',
      type: 'duty.met',
      data: { dutyId: 'report-county', lateSeconds: 7_500 },
      actor: { id: 's', role: 'system' },
      occurredAt: at('03:35'),
      recordedAt: at('03:35'),
    },
  ],
  { kind: 'incident', lateEntryAfterMs: 3_600_000, title: () => 'report-county' },
);
const row = (said: FindingRow['said']): FindingRow =>
  ({ id: late?.id, subject: 'report-county', text: late?.text, said }) as FindingRow;

describe('a finding on the page', () => {
  it('reads in the page’s language, the duty by its title in the plan', () => {
    const title = (id: string) => (id === 'report-county' ? '30 分钟内报告县委' : id);
    expect(wordsOf(page('zh'), row(late?.said ?? null), title)).toBe(
      '“30 分钟内报告县委”迟 2 小时 5 分钟 完成',
    );
    expect(wordsOf(page('en'), row(late?.said ?? null), title)).toBe(
      '“30 分钟内报告县委” was done 2 h 5 min late',
    );
  });

  it('derived before its words were kept, reads as core wrote it', () => {
    expect(wordsOf(page('en'), row(null), (id) => id)).toBe('“report-county”迟 2 小时 5 分钟 完成');
  });
});
