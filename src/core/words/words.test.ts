import { describe, expect, it } from 'vitest';
import { findingsOf } from '../findings/findings.ts';
import { en, said, say, words, zh } from './words.ts';

function leaves(d: unknown, prefix = ''): string[] {
  return Object.entries(d as Record<string, unknown>).flatMap(([k, v]) =>
    v !== null && typeof v === 'object' ? leaves(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

const at = (hhmm: string) => `2026-05-11T${hhmm}:00.000Z`;
const ev = (
  id: string,
  type: string,
  data: Record<string, unknown>,
  occurredAt: string,
  recordedAt = occurredAt,
) => ({
  id,
  type,
  data,
  actor: { id: 'u1', role: type.startsWith('duty.') ? 'system' : 'commander' },
  occurredAt,
  recordedAt,
});

describe('the server’s words', () => {
  it('have every key in both languages, and the same placeholders in each', () => {
    expect(leaves(en)).toEqual(leaves(zh));
    const holes = (s: string) => [...s.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();
    const get = (d: unknown, key: string) =>
      key.split('.').reduce<unknown>((x, k) => (x as Record<string, unknown>)[k], d) as string;
    for (const key of leaves(zh)) expect(holes(get(en, key)), key).toEqual(holes(get(zh, key)));
  });

  it('put times in Beijing wall time and gaps in hours and minutes, in each language', () => {
    const m = {
      key: 'findingText.lateEntry',
      params: { at: at('01:20'), recorded: at('03:25'), gap: 125 },
    } as const;
    expect(said(m)).toBe('补录：2026-05-11 09:20 发生的记录，2026-05-11 11:25 才录入，晚 2 小时 5 分钟');
    expect(said(m, 'en')).toBe(
      'Late entry: what happened at 2026-05-11 09:20 was entered at 2026-05-11 11:25, 2 h 5 min late',
    );
    expect(said({ key: 'findingText.late', params: { what: 'x', late: 45 } }, 'en')).toBe(
      'x was done 45 min late',
    );
  });

  it('put nested words first and join a list in the language’s way', () => {
    const m = {
      key: 'findingText.sitrep',
      params: {
        report: { key: 'findingText.sitrepKinds.initial' },
        fields: [{ key: 'findingText.sitrepFields.place' }, { key: 'findingText.sitrepFields.participants' }],
      },
    } as const;
    expect(said(m)).toBe('首报缺少地点、参与人数（种子文件 002 五(二)）');
    expect(said(m, 'en')).toBe('The first report lacks place, number of participants (seed 002 五(二))');
  });

  it('say a finding in the reader’s language, and in Chinese as documents print it', () => {
    const [f] = findingsOf(
      [
        ev('e1', 'duty.started', { dutyId: 'report-county', owner: 'town' }, at('01:00')),
        ev(
          'e2',
          'duty.missed',
          { dutyId: 'report-county', dueAt: at('01:30'), escalateTo: 'county' },
          at('01:30'),
        ),
      ],
      { kind: 'incident', lateEntryAfterMs: 3_600_000, title: () => '报告县委' },
    );
    expect(f?.text).toBe('“报告县委”未在 2026-05-11 09:30（北京时间）前完成，已上报县');
    expect(say(words('en'), f?.said ?? { key: 'words.minutes' })).toBe(
      '“报告县委” was not done by 2026-05-11 09:30 (Beijing time); escalated to county',
    );
  });
});
