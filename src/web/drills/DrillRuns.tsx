import { useQuery } from '@tanstack/react-query';
import { Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DrillRun, DrillRunList } from '../../core/api/plans.ts';
import { useApi } from '../app/api-context.tsx';
import { nameOf } from '../app/names.ts';
import { levelOf, usePlan } from '../app/plans.ts';
import { queryKeys } from '../app/query-keys.ts';
import { beijing } from '../app/time.ts';

/**
 * The drills run on a plan, as kept: when, who (role, name, account), which version and
 * scenario, the level reached, duties on time / late / missed, and whether it went as the
 * scenario expected — each run's differences unfolded under it.
 */
export function DrillRuns({ planId }: { planId: string }) {
  const api = useApi();
  const { t } = useTranslation();
  const runs = useQuery({
    queryKey: queryKeys.drillRuns(planId),
    queryFn: () => api.send<DrillRunList>('GET', `/api/plans/${planId}/drill-runs`),
  });
  const plan = usePlan(planId).data;
  return (
    <Table<DrillRun>
      size="small"
      rowKey="id"
      loading={runs.isLoading}
      dataSource={runs.data?.runs ?? []}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      scroll={{ x: true }}
      data-testid="drill-runs"
      locale={{ emptyText: t('drillRuns.none') }}
      expandable={{
        rowExpandable: (r) => r.differences.length > 0,
        expandedRowRender: (r) => (
          <ul style={{ margin: 0, paddingLeft: 18 }}>
            {r.differences.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        ),
      }}
      columns={[
        { title: t('drillRuns.at'), render: (_, r) => beijing(r.at, 'YYYY-MM-DD HH:mm') },
        {
          title: t('drillRuns.by'),
          render: (_, r) =>
            [nameOf(t, 'roles', r.by.role), r.by.name, r.by.username].filter(Boolean).join(' · '),
        },
        { title: t('plans.version'), render: (_, r) => `v${r.version}` },
        {
          title: t('drillRuns.scenario'),
          render: (_, r) => (
            <>
              {r.scenarioTitle}{' '}
              {!r.shipped && <Typography.Text type="secondary">{t('drillRuns.composed')}</Typography.Text>}
            </>
          ),
        },
        {
          title: t('incident.level'),
          render: (_, r) =>
            r.level ? (
              <Tag color={levelOf(plan, r.level)?.colour ?? 'default'}>
                {levelOf(plan, r.level)?.name ?? r.level}
              </Tag>
            ) : (
              t('level.none')
            ),
        },
        {
          title: t('drillRuns.duties'),
          render: (_, r) => t('drillRuns.counts', r.duties),
        },
        {
          title: t('drillRuns.result'),
          render: (_, r) =>
            !r.expected ? (
              <Tag>{t('drillRuns.noExpect')}</Tag>
            ) : r.passed ? (
              <Tag color="green">{t('drills.passed')}</Tag>
            ) : (
              <Tag color="orange">{t('drills.differed', { n: r.differences.length })}</Tag>
            ),
        },
      ]}
    />
  );
}
