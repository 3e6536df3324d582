import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { eventsDoc } from './events-doc.ts';

describe('docs/events.md', () => {
  it('is what the zod catalogues say (npm run events:doc writes it)', () => {
    expect(readFileSync('docs/events.md', 'utf8')).toBe(eventsDoc());
  });

  it('names every field of an event as a plan condition reads it, with its values', () => {
    const doc = eventsDoc();
    expect(doc).toContain('### `sitrep.submitted` · ');
    expect(doc).toContain('| `to.level` | province · city · county · town · village · national |  |');
    expect(doc).toContain('### `agreement.reached` · 达成协议');
    expect(doc).toContain('| `clauses[].dueAt` | date-time (ISO-8601, with offset) | yes |');
    expect(doc).toContain('### `screening.round.recorded` · 排查');
  });
});
