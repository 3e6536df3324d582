import { useQuery } from '@tanstack/react-query';
import { List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DisputeList } from '../../core/api/disputes.ts';
import type { OverdueList as Overdue } from '../../core/api/overdue.ts';
import type { Plan } from '../../core/plan/plan.schema.ts';
import { useApi } from '../app/api-context.tsx';
import { nameOf } from '../app/names.ts';
import { dutyTitle } from '../app/plans.ts';
import { queryKeys } from '../app/query-keys.ts';
import { span } from '../app/time.ts';
import { caseLink } from './Escalations.tsx';

/** 逾期: what is overdue across every case in scope, most overdue first. */
export function OverdueList({
  rows,
  plans,
  now,
}: {
  rows: Overdue['overdue'];
  plans: Map<string, Plan>;
  now: number;
}) {
  const { t, i18n } = useTranslation();
  return (
    <List
      data-testid="overdue"
      size="small"
      locale={{ emptyText: t('overdue.none') }}
      dataSource={rows}
      renderItem={(o) => {
        const plan = plans.get(`${o.plan_id}@${o.plan_version}`);
        return (
          <List.Item data-testid="overdue-item" data-case={o.case_id} data-duty={o.duty_id}>
            <Space wrap size={[6, 2]}>
              <Tag color="red">{nameOf(t, 'overdue.kinds', o.case_kind)}</Tag>
              <Link to={caseLink(o.case_kind, o.case_id)}>{o.title}</Link>
              <Typography.Text>
                {o.duty_id.startsWith('commitment:') ? t('overdue.commitment') : dutyTitle(plan, o.duty_id)}
              </Typography.Text>
              {o.exercise && <Tag>{t('board.exercise')}</Tag>}
              <Typography.Text type="secondary">
                {t('board.overdueBy', { d: span(now - Date.parse(o.due_at), i18n.language) })}
              </Typography.Text>
            </Space>
          </List.Item>
        );
      }}
    />
  );
}

/** The high-risk disputes still being worked on. */
export function HighRisk() {
  const { t } = useTranslation();
  const api = useApi();
  const highRisk = useQuery({
    queryKey: queryKeys.disputesHigh,
    queryFn: () => api.send<DisputeList>('GET', '/api/disputes?risk=high&limit=50'),
    select: (r) => r.disputes.filter((d) => ['registered', 'accepted'].includes(d.status)),
  });
  return (
    <List
      data-testid="high-risk"
      size="small"
      locale={{ emptyText: t('ledger.noHighRisk') }}
      dataSource={highRisk.data ?? []}
      renderItem={(d) => (
        <List.Item data-testid="high-risk-dispute" data-case={d.case_id}>
          <Space wrap>
            <Link to={`/disputes/${d.case_id}`}>{d.title}</Link>
            <Tag>{nameOf(t, 'd.status', d.status)}</Tag>
            {d.unit && (
              <Typography.Text type="secondary">
                {d.unit}
                {d.lead_position ? ` · ${d.lead_position}` : ''}
              </Typography.Text>
            )}
          </Space>
        </List.Item>
      )}
    />
  );
}
