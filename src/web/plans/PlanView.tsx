import { Card, Descriptions, List, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { describeDuration } from '../../core/plan/duration.ts';
import { judgedBy } from '../../core/plan/engine.ts';
import { type Duty, ownerText, type Plan } from '../../core/plan/plan.schema.ts';
import { useUnitName } from '../app/plans.ts';

import { PlanDisputes } from './PlanDisputes.tsx';
import { useWords } from './words.ts';

/** One plan version, rendered for reading. */
export function PlanView({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const words = useWords();
  const o = plan.organisation;
  // duties name the plan's units by id: shown by name (a jurisdiction level stays as it is)
  const unit = useUnitName(plan);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {
        <>
          <Card size="small" title={plan.title} data-testid="plan-view">
            <Descriptions size="small" column={{ xs: 1, md: 2 }}>
              <Descriptions.Item label={t('plans.jurisdiction')}>{plan.jurisdiction.name}</Descriptions.Item>
              <Descriptions.Item label={t('plans.version')}>
                v{plan.version} · {plan.effective}
              </Descriptions.Item>
              <Descriptions.Item label={t('plans.source')}>{plan.source}</Descriptions.Item>
            </Descriptions>
          </Card>
          <Card size="small" title={t('plans.levels')}>
            <Table
              data-testid="plan-levels"
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={plan.levels}
              columns={[
                {
                  title: t('incident.level'),
                  render: (_, l) => <Tag color={l.colour ?? 'default'}>{l.name}</Tag>,
                },
                {
                  title: t('plans.rule'),
                  render: (_, l) => (l.rule ? words(l.rule) : t('plans.anyIncident')),
                },
                { title: t('plans.description'), dataIndex: 'description' },
              ]}
            />
          </Card>
          <Card size="small" title={t('plans.duties')}>
            <Table<Duty>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={plan.duties}
              data-testid="plan-duties"
              columns={[
                { title: t('plans.duty'), dataIndex: 'title' },
                { title: t('plans.owner'), render: (_, d) => ownerText(d.owner, unit) },
                {
                  title: t('plans.within'),
                  render: (_, d) =>
                    `${describeDuration(d.within)}${judgedBy(d) === 'recording' ? t('plans.byRecording') : ''}`,
                },
                { title: t('plans.escalateTo'), render: (_, d) => unit(d.escalateTo) },
                {
                  title: t('plans.basis'),
                  dataIndex: 'basis',
                  render: (b?: string) => <Typography.Text type="secondary">{b}</Typography.Text>,
                },
              ]}
            />
          </Card>
          {plan.disputes && <PlanDisputes plan={plan} />}
          <Card size="small" title={t('plans.organisation')}>
            <List
              size="small"
              dataSource={[o?.leadingGroup, o?.office, ...(o?.groups ?? []), ...(o?.positions ?? [])].filter(
                (u) => u !== undefined,
              )}
              renderItem={(u) => (
                <List.Item>
                  <Typography.Text strong>{u.name}</Typography.Text>
                  {'duties' in u && Array.isArray(u.duties) && (
                    <Typography.Text type="secondary"> — {u.duties.join('；')}</Typography.Text>
                  )}
                </List.Item>
              )}
            />
          </Card>
          <Card size="small" title={t('plans.checklists')}>
            {Object.entries(plan.checklists).map(([level, items]) => (
              <div key={level} style={{ marginBottom: 8 }}>
                <Tag>{plan.levels.find((l) => l.id === level)?.name ?? level}</Tag>
                {items.map((i) => i.title).join('；')}
              </div>
            ))}
          </Card>
          <Card size="small" title={t('plans.omitted')}>
            <Typography.Paragraph type="secondary">{t('plans.omittedWhy')}</Typography.Paragraph>
            <List
              size="small"
              dataSource={plan.omitted}
              data-testid="plan-omitted"
              renderItem={(x) => (
                <List.Item>
                  <Space orientation="vertical" size={0}>
                    <Typography.Text delete>{x.passage}</Typography.Text>
                    <Typography.Text type="secondary">{x.reason}</Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          </Card>
        </>
      }
    </Space>
  );
}
