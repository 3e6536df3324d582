import { describe, expect, it } from 'vitest';
import { queryKeys as k } from './query-keys.ts';

/** Whether refreshing `root` refreshes `key` (react-query matches keys by their beginning). */
const refreshes = (root: readonly unknown[], key: readonly unknown[]) =>
  root.length <= key.length && root.every((x, i) => x === key[i]);

describe('the query keys', () => {
  it('refresh each family from its root', () => {
    expect(refreshes(k.incidentsAll, k.incidentsLive)).toBe(true);
    expect(refreshes(k.incident('c-1'), k.incidentReview('c-1'))).toBe(true);
    expect(refreshes(k.disputesAll, k.disputes('?risk=high'))).toBe(true);
    expect(refreshes(k.disputesAll, k.disputesHigh)).toBe(true);
    expect(refreshes(k.dispute('d-1'), k.disputeContacts('d-1'))).toBe(true);
    expect(refreshes(k.sitrepsAll, k.sitrepsReceived)).toBe(true);
    expect(refreshes(k.findingsAll, k.findings('?case=c-1'))).toBe(true);
    expect(refreshes(k.planAll, k.plan('p', 2))).toBe(true);
    expect(refreshes(k.planVersionsAll, k.planVersions('p'))).toBe(true);
    expect(refreshes(k.planSourceAll, k.planSource('p', 3))).toBe(true);
  });

  it('keep one case from another', () => {
    expect(refreshes(k.incident('c-1'), k.incident('c-2'))).toBe(false);
    expect(refreshes(k.dispute('c-1'), k.incident('c-1'))).toBe(false);
    expect(k.plan('p')).toEqual(['plan', 'p', 'latest']);
  });
});
