import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, List, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeCondition } from '../../core/plan/condition.ts';
import { describeDuration } from '../../core/plan/duration.ts';
import type { Duty } from '../../core/plan/plan.schema.ts';
import { api } from '../api.ts';
import { usePlan } from '../plans.ts';

interface PlanSummary {
  id: string;
  title: string;
  version: number;
}

/** 预案库: each plan as a person reads it — levels, organisation, duties with their time limits, what was left out. */
export default function Plans() {
  const { t } = useTranslation();
  const list = useQuery({
    queryKey: ['plans'],
    queryFn: () => api<{ plans: PlanSummary[] }>('GET', '/api/plans'),
  });
  const [chosen, setChosen] = useState<string | undefined>();
  const id = chosen ?? list.data?.plans[0]?.id;
  const plan = usePlan(id).data;
  const o = plan?.organisation;
  // duties name the plan's units by id: shown by name (a jurisdiction level stays as it is)
  const units = new Map(
    [o?.leadingGroup, o?.office, ...(o?.groups ?? []), ...(o?.positions ?? [])]
      .filter((u) => u !== undefined)
      .map((u) => [u.id, u.name]),
  );
  const unit = (id: string) => units.get(id) ?? t(`fields.options.${id}`, { defaultValue: id });
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Select
        style={{ width: '100%', maxWidth: 640 }}
        value={id}
        onChange={setChosen}
        options={(list.data?.plans ?? []).map((p) => ({ value: p.id, label: `${p.title} (v${p.version})` }))}
        data-testid="plan-select"
      />
      {plan && (
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
                  render: (_, l) => (l.rule ? describeCondition(l.rule) : t('plans.anyIncident')),
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
                { title: t('plans.owner'), render: (_, d) => unit(d.owner) },
                { title: t('plans.within'), render: (_, d) => describeDuration(d.within) },
                { title: t('plans.escalateTo'), render: (_, d) => unit(d.escalateTo) },
                {
                  title: t('plans.basis'),
                  dataIndex: 'basis',
                  render: (b?: string) => <Typography.Text type="secondary">{b}</Typography.Text>,
                },
              ]}
            />
          </Card>
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
      )}
    </Space>
  );
}
