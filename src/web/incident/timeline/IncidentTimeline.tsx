import { Button, Space, Timeline, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseParts } from '../../app/api.ts';
import { useUnitName } from '../../app/plans.ts';
import { Entry } from './Entry.tsx';
import { groupOf, SIGNIFICANT } from './filters.ts';
import { TimelineFilters } from './TimelineFilters.tsx';
import { useTimeline } from './useTimeline.ts';

/**
 * The incident's record: significant entries only or all, by kind, by group; each correction
 * shown against the entry it corrects, and a correction added to any entry.
 */
export function IncidentTimeline({ caseId, detail, plan }: CaseParts) {
  const { t } = useTranslation();
  const [significantOnly, setSignificantOnly] = useState(true);
  const [kinds, setKinds] = useState<string[]>([]);
  const [group, setGroup] = useState<string | undefined>();
  const unitName = useUnitName(plan);
  const timeline = useTimeline(caseId, detail);
  // scrolled up to the start of what is loaded: load earlier entries, once each time it comes
  // into view (not again and again while it stays there)
  const sentinel = useRef<HTMLDivElement>(null);
  const loadEarlier = useRef(timeline.loadEarlier);
  loadEarlier.current = timeline.loadEarlier;
  const hasEarlier = timeline.earlier > 0;
  useEffect(() => {
    const el = sentinel.current;
    if (!hasEarlier || !el || typeof IntersectionObserver === 'undefined') return;
    const seen = new IntersectionObserver((xs) => {
      if (xs.some((x) => x.isIntersecting)) loadEarlier.current();
    });
    seen.observe(el);
    return () => seen.disconnect();
  }, [hasEarlier]);
  // corrections are shown under what they correct, not as entries of their own
  const all = timeline.entries.filter((e) => e.type !== 'entry.corrected');
  const groups = [...new Set(all.map((e) => groupOf(e, detail, plan)).filter((g) => g !== undefined))];
  const types = [...new Set(all.map((e) => e.type))];
  // a kind or a group asked for is shown whole: "significant only" is for the plain timeline
  const filtered = kinds.length > 0 || group !== undefined;
  const entries = all.filter(
    (e) =>
      (!significantOnly ||
        filtered ||
        SIGNIFICANT.has(e.type) ||
        (e.type === 'log.entry' && e.data.significant !== false)) &&
      (kinds.length === 0 || kinds.includes(e.type)) &&
      (!group || groupOf(e, detail, plan) === group),
  );
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <TimelineFilters
        significantOnly={significantOnly}
        setSignificantOnly={setSignificantOnly}
        filtered={filtered}
        types={types}
        kinds={kinds}
        setKinds={setKinds}
        groups={groups}
        group={group}
        setGroup={setGroup}
        unitName={unitName}
      />
      {timeline.earlier > 0 && (
        <div ref={sentinel}>
          <Button
            size="small"
            loading={timeline.loading}
            onClick={timeline.loadEarlier}
            data-testid="timeline-earlier"
          >
            {t('incident.earlier', { count: timeline.earlier })}
          </Button>
          {timeline.failed && <Typography.Text type="danger"> {t('incident.earlierFailed')}</Typography.Text>}
        </div>
      )}
      <Timeline
        data-testid="timeline"
        items={entries.map((e) => ({
          key: e.id,
          color:
            e.type === 'duty.missed'
              ? 'red'
              : e.type === 'duty.warned'
                ? 'orange'
                : e.actor.role === 'system'
                  ? 'gray'
                  : 'blue',
          content: <Entry e={e} caseId={caseId} detail={detail} plan={plan} />,
        }))}
      />
    </Space>
  );
}
