import { useCallback, useEffect, useRef, useState } from 'react';
import type { IncidentDetail, TimelineEntry, TimelinePage } from '../../app/api.ts';
import { useApi } from '../../app/api-context.tsx';

/** At most this many entries a request for earlier ones brings. */
const PAGE = 100;

/**
 * The timeline as far back as the user has scrolled: the newest page comes with the incident
 * (and follows it live); earlier pages are loaded on demand, and a gap left when the newest
 * page moved on is filled, so the entries shown are always one unbroken stretch.
 */
export function useTimeline(caseId: string, detail: IncidentDetail) {
  const api = useApi();
  const [older, setOlder] = useState<TimelineEntry[]>([]);
  const [olderBefore, setOlderBefore] = useState<number | null>(null);
  const [loading, setLoading] = useState(false);
  const [failed, setFailed] = useState(false);
  const busy = useRef(false);
  const newest = detail.timeline;
  const newestMin = newest[0]?.seq ?? Number.POSITIVE_INFINITY;
  const kept = older.filter((e) => e.seq < newestMin);
  const olderMax = kept[kept.length - 1]?.seq;
  const gap = olderMax !== undefined && olderMax + 1 < newestMin;
  const before = kept.length > 0 ? olderBefore : detail.timelinePage.before;

  const fetchPage = useCallback(
    async (at: number, limit: number, place: (page: TimelinePage) => void) => {
      if (busy.current) return;
      busy.current = true;
      setLoading(true);
      setFailed(false);
      try {
        place(
          await api.send<TimelinePage>(
            'GET',
            `/api/incidents/${caseId}/timeline?before=${at}&limit=${limit}`,
          ),
        );
      } catch {
        setFailed(true);
      } finally {
        busy.current = false;
        setLoading(false);
      }
    },
    [api, caseId],
  );

  // the newest page moved on past what was loaded before it: fetch what lies between
  useEffect(() => {
    if (!gap || olderMax === undefined || failed) return;
    const limit = Math.min(500, newestMin - olderMax - 1);
    void fetchPage(newestMin, limit, (page) =>
      setOlder((was) => [
        ...was.filter((e) => e.seq <= olderMax),
        ...page.timeline.filter((e) => e.seq > olderMax),
      ]),
    );
  }, [gap, olderMax, newestMin, failed, fetchPage]);

  const loadEarlier = () => {
    if (before === null || gap) return;
    void fetchPage(before, PAGE, (page) => {
      setOlder((was) => [...page.timeline, ...was]);
      setOlderBefore(page.before);
    });
  };
  const shown = gap ? newest : [...kept, ...newest];
  const first = shown[0]?.seq ?? 1;
  return { entries: shown, earlier: before === null ? 0 : first - 1, loading, failed, loadEarlier };
}
