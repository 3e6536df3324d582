import type { TFunction } from 'i18next';
import type { FindingRow } from '../../core/api/findings.ts';
import { type Said, say, type Translate } from '../../core/words/words.ts';

/**
 * A finding's words in the reader's language (core/words), a duty named by its title in the plan;
 * a finding derived before its words were kept, as core wrote it then.
 */
export function wordsOf(t: TFunction, f: FindingRow, title: (id: string) => string): string {
  if (!f.said) return f.text;
  const m = f.said as Said;
  const duty = (m.params?.what as Said | undefined)?.key === 'findingText.duty';
  const named: Said = duty
    ? {
        ...m,
        params: { ...m.params, what: { key: 'findingText.duty', params: { title: title(f.subject) } } },
      }
    : m;
  return say(t as unknown as Translate, named);
}
