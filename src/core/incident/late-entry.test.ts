import { describe, expect, it } from 'vitest';
import { isLateEntry, lateEntryAfterMs } from './late-entry.ts';

describe('补录: an entry recorded well after its field time', () => {
  const entry = (occurredAt: string, recordedAt: string, role = 'officer') => ({
    occurredAt,
    recordedAt,
    actor: { role },
  });
  it('is marked past the plan’s tolerance (10 minutes unless the plan says otherwise), never for what Huajie derives', () => {
    const ten = lateEntryAfterMs(undefined);
    expect(ten).toBe(600_000);
    expect(isLateEntry(entry('2026-05-11T01:00:00Z', '2026-05-11T01:10:00Z'), ten)).toBe(false);
    expect(isLateEntry(entry('2026-05-11T01:00:00Z', '2026-05-11T01:10:01Z'), ten)).toBe(true);
    // a duty missed is recorded with its due time, long after: not an entry of a person
    expect(isLateEntry(entry('2026-05-11T01:00:00Z', '2026-05-11T03:00:00Z', 'system'), ten)).toBe(false);
    const plan = { lateEntryAfter: 'PT30M' };
    expect(isLateEntry(entry('2026-05-11T01:00:00Z', '2026-05-11T01:25:00Z'), lateEntryAfterMs(plan))).toBe(
      false,
    );
    expect(isLateEntry(entry('2026-05-11T01:00:00Z', '2026-05-11T01:31:00Z'), lateEntryAfterMs(plan))).toBe(
      true,
    );
  });
});
