import { Button, Card, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Plan } from '../../core/plan/plan.schema.ts';
import type { DutyRow, IncidentDetail } from '../app/api.ts';
import { nameOf } from '../app/names.ts';
import { dutyTitle } from '../app/plans.ts';
import { near, span } from '../app/time.ts';
import { useNow } from '../app/useNow.ts';
import type { FormRequest } from './forms/CommandForms.tsx';
import { dutyAction } from './forms/duty-action.ts';
import { useMayRecord } from './recordable.tsx';

/** The incident's duty clocks, each with the one tap that meets it. */
export function DutiesCard({
  detail,
  plan,
  setRequest,
}: {
  detail: IncidentDetail;
  plan: Plan | undefined;
  setRequest: (next: (r: FormRequest | undefined) => FormRequest) => void;
}) {
  const { t, i18n } = useTranslation();
  const can = useMayRecord();
  const now = useNow();
  const lang = i18n.language;
  const dutyState = (d: DutyRow) => {
    if (d.status === 'met')
      return (
        <Tag color={d.late_seconds ? 'orange' : 'green'}>
          {d.late_seconds ? t('duty.late', { d: span(d.late_seconds * 1000, lang) }) : t('duty.met')}
        </Tag>
      );
    const left = Date.parse(d.due_at) - now;
    if (d.status === 'missed' || left < 0)
      return <Tag color="red">{t('board.overdueBy', { d: span(-left, lang) })}</Tag>;
    return (
      <Tag color={left < 5 * 60_000 ? 'orange' : 'blue'}>{t('board.dueIn', { d: span(left, lang) })}</Tag>
    );
  };
  return (
    <Card size="small" title={t('incident.duties')}>
      <Table<IncidentDetail['duties'][number]>
        size="small"
        rowKey="duty_id"
        pagination={false}
        dataSource={detail.duties}
        data-testid="duties"
        columns={[
          {
            title: t('incident.duties'),
            render: (_, d) => {
              // a duty of a plan above: its title there, and whose plan it is
              const above = detail.upperPlans.find((u) => d.duty_id.startsWith(`${u.id}:`));
              if (d.duty_id.startsWith('commitment:')) {
                const id = d.duty_id.slice('commitment:'.length);
                const c = detail.commitments.find((x) => x.commitment_id === id);
                return t('duty.commitment', { text: c?.text ?? id });
              }
              if (!above) return dutyTitle(plan, d.duty_id);
              const own = d.duty_id.slice(above.id.length + 1);
              return (
                <Space size={4} wrap>
                  <Tag color="geekblue" data-testid="upper-duty">
                    {t('incident.upperPlan', {
                      where: above.jurisdictionName ?? above.jurisdiction,
                    })}
                  </Tag>
                  {above.duties.find((x) => x.id === own)?.title ?? own}
                </Space>
              );
            },
          },
          { title: t('duty.due'), render: (_, d) => near(d.due_at, now) },
          {
            title: '',
            render: (_, d) => {
              // its state, and how to meet it: one tap opens the form that does, filled
              // in as the duty asks (the two wrap on a phone)
              const found = d.status === 'met' ? undefined : dutyAction(plan, d.duty_id);
              const action = found && can(found.type) ? found : undefined;
              return (
                <Space size={4} wrap>
                  {dutyState(d)}
                  {d.status !== 'met' && d.on_duty && (
                    <Typography.Text type="secondary" data-testid="duty-on-duty">
                      {t('board.onDuty', { name: d.on_duty.name })}
                    </Typography.Text>
                  )}
                  {action && (
                    <Button
                      size="small"
                      data-testid={`meet-${d.duty_id}`}
                      onClick={() =>
                        action.section === 'review'
                          ? document.getElementById('review-card')?.scrollIntoView({ behavior: 'smooth' })
                          : setRequest((r) => ({ ...action, n: (r?.n ?? 0) + 1 }))
                      }
                    >
                      {nameOf(t, 'events', action.type)}
                    </Button>
                  )}
                </Space>
              );
            },
          },
        ]}
      />
    </Card>
  );
}
