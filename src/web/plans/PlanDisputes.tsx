import { Card, List, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Plan } from '../../core/plan/plan.schema.ts';
import { nameOf } from '../app/names.ts';
import { useUnitName } from '../app/plans.ts';
import { useWords } from './words.ts';

/** The plan's dispute section: risk rules, clocks counted in days, commitments, screening cadences. */
export function PlanDisputes({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const words = useWords();
  const unit = useUnitName(plan);
  const d = plan.disputes;
  if (!d) return null;
  const days = (x: { days: number; count: string }) =>
    t(x.count === 'working' ? 'planDisputes.workingDays' : 'planDisputes.calendarDays', { n: x.days });
  const event = (type: string) => nameOf(t, 'de', type);
  return (
    <Card size="small" title={t('planDisputes.title')} data-testid="plan-disputes">
      <Space orientation="vertical" style={{ width: '100%' }}>
        {d.risk.length > 0 && (
          <List
            size="small"
            header={t('planDisputes.risk')}
            dataSource={d.risk}
            renderItem={(r) => (
              <List.Item>
                <Space wrap>
                  <Tag color={r.risk === 'high' ? 'red' : 'orange'}>{t(`d.risk.${r.risk}`)}</Tag>
                  <span>{words(r.rule)}</span>
                  {r.basis && <Typography.Text type="secondary">{r.basis}</Typography.Text>}
                </Space>
              </List.Item>
            )}
          />
        )}
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={d.duties}
          data-testid="plan-dispute-duties"
          columns={[
            { title: t('plans.duty'), dataIndex: 'title' },
            { title: t('planDisputes.start'), render: (_, x) => event(x.start.on) },
            {
              title: t('plans.within'),
              render: (_, x) => `${days(x.within)}${x.extendable ? t('planDisputes.extendable') : ''}`,
            },
            {
              title: t('planDisputes.metBy'),
              render: (_, x) => x.satisfiedBy.map((s) => event(s.on)).join('、'),
            },
            { title: t('plans.owner'), render: (_, x) => unit(x.owner) },
            { title: t('plans.escalateTo'), render: (_, x) => unit(x.escalateTo) },
            {
              title: t('plans.basis'),
              dataIndex: 'basis',
              render: (b?: string) => <Typography.Text type="secondary">{b}</Typography.Text>,
            },
          ]}
        />
        {d.commitments && (
          <Typography.Text>
            {t('planDisputes.commitments', { to: unit(d.commitments.escalateTo) })}
          </Typography.Text>
        )}
        {d.screening.length > 0 && (
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={d.screening}
            data-testid="plan-screening"
            columns={[
              { title: t('planDisputes.cadence'), dataIndex: 'title' },
              { title: t('screening.kind'), render: (_, c) => t(`d.screeningKind.${c.kind}`) },
              {
                title: t('planDisputes.by'),
                render: (_, c) => t(`planDisputes.every.${c.every}`, { n: c.by }),
              },
              { title: t('plans.owner'), render: (_, c) => unit(c.owner) },
              { title: t('plans.escalateTo'), render: (_, c) => unit(c.escalateTo) },
              {
                title: t('plans.basis'),
                dataIndex: 'basis',
                render: (b?: string) => <Typography.Text type="secondary">{b}</Typography.Text>,
              },
            ]}
          />
        )}
      </Space>
    </Card>
  );
}
