import { useQueries } from '@tanstack/react-query';
import { Spin, Typography } from 'antd';
import { diffLines } from 'diff';
import { useTranslation } from 'react-i18next';
import type { PlanSource } from '../../core/api/plans.ts';
import { useApi } from '../app/api-context.tsx';
import { queryKeys } from '../app/query-keys.ts';

/** Lines kept around each change, as a reviewer reads a diff. */
const CONTEXT = 2;

interface Line {
  kind: 'same' | 'added' | 'removed' | 'gap';
  text: string;
  /** the line's number in the newer text (added, same) or the older (removed) */
  n?: number;
}

/** What changed from one version of a plan to the next, line by line. */
export default function PlanDiff({ planId, from, to }: { planId: string; from: number; to: number }) {
  const api = useApi();
  const { t } = useTranslation();
  const [older, newer] = useQueries({
    queries: [from, to].map((v) => ({
      queryKey: queryKeys.planSource(planId, v),
      queryFn: () => api.send<PlanSource>('GET', `/api/plans/${planId}/source?version=${v}`),
      staleTime: Number.POSITIVE_INFINITY,
    })),
  });
  if (!older?.data || !newer?.data) return <Spin size="small" />;

  const all: Line[] = [];
  let oldN = 0;
  let newN = 0;
  for (const part of diffLines(older.data.yaml, newer.data.yaml)) {
    for (const text of part.value.replace(/\n$/, '').split('\n')) {
      if (part.added) all.push({ kind: 'added', text, n: ++newN });
      else if (part.removed) all.push({ kind: 'removed', text, n: ++oldN });
      else {
        oldN++;
        all.push({ kind: 'same', text, n: ++newN });
      }
    }
  }
  // only the changes and a little around them
  const near = all.map((_, i) =>
    all.slice(Math.max(0, i - CONTEXT), i + CONTEXT + 1).some((l) => l.kind !== 'same'),
  );
  const shown: Line[] = [];
  all.forEach((l, i) => {
    if (near[i]) shown.push(l);
    else if (shown.at(-1)?.kind !== 'gap') shown.push({ kind: 'gap', text: '' });
  });
  const changes = all.filter((l) => l.kind !== 'same').length;
  if (changes === 0) return <Typography.Text type="secondary">{t('plans.noChange')}</Typography.Text>;

  const colour = { added: '#f6ffed', removed: '#fff1f0', same: undefined, gap: '#fafafa' } as const;
  const mark = { added: '+', removed: '−', same: ' ', gap: '⋯' } as const;
  return (
    <div data-testid="plan-diff" style={{ fontFamily: 'monospace', fontSize: 12, overflowX: 'auto' }}>
      <Typography.Text type="secondary">
        {t('plans.diffOf', {
          from,
          to,
          added: all.filter((l) => l.kind === 'added').length,
          removed: all.filter((l) => l.kind === 'removed').length,
        })}
      </Typography.Text>
      {shown.map((l, i) => (
        <div
          // biome-ignore lint/suspicious/noArrayIndexKey: the lines of one diff never reorder
          key={i}
          data-kind={l.kind}
          style={{ background: colour[l.kind], whiteSpace: 'pre', paddingInline: 4 }}
        >
          <span style={{ display: 'inline-block', width: 40, color: '#999' }}>{l.n ?? ''}</span>
          {mark[l.kind]} {l.text}
        </div>
      ))}
    </div>
  );
}
