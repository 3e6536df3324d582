import { Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Plan } from '../../core/plan/plan.schema.ts';
import type { IncidentDetail } from '../app/api.ts';
import { recordedIds } from '../app/intent.ts';
import { nameOf } from '../app/names.ts';
import { dutyTitle, levelOf } from '../app/plans.ts';
import { beijing } from '../app/time.ts';
import { LevelOverride } from './items/LevelOverride.tsx';

/** The incident's level, title and plan, the plans above it, when it was reported and its state. */
export function IncidentHeader({
  caseId,
  detail,
  plan,
  commander,
}: {
  caseId: string;
  detail: IncidentDetail;
  plan: Plan | undefined;
  commander: boolean;
}) {
  const { t } = useTranslation();
  const inc = detail.incident;
  const level = levelOf(plan, inc.level);
  return (
    <Card size="small">
      <Space wrap align="center">
        <Tag
          color={level?.colour ?? 'default'}
          style={{ fontSize: 16, padding: '4px 10px' }}
          data-testid="incident-level"
        >
          {level?.name ?? t('level.none')}
        </Tag>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="incident-title">
          {inc.title}
        </Typography.Title>
        {inc.level_basis === 'commander' && <Tag color="purple">{t('items.override')}</Tag>}
        {commander && inc.status !== 'closed' && (
          <LevelOverride
            caseId={caseId}
            plan={plan}
            override={inc.level_basis === 'commander'}
            recorded={recordedIds(detail)}
            current={inc.level}
            running={detail.duties.filter((d) => d.status !== 'met').map((d) => dutyTitle(plan, d.duty_id))}
          />
        )}
      </Space>
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} style={{ marginTop: 8 }}>
        <Descriptions.Item label={t('incident.plan')}>{plan?.title ?? inc.plan_id}</Descriptions.Item>
        {detail.upperPlans.map((u) => (
          // the same incident under the plan of a level above, by that plan's own rules
          <Descriptions.Item
            key={u.id}
            label={t('incident.upperPlan', { where: u.jurisdictionName ?? u.jurisdiction })}
          >
            <Space size={4} wrap data-testid={`upper-plan-${u.id}`}>
              <Tag color={u.level?.colour ?? 'default'}>{u.level?.name ?? t('level.none')}</Tag>
              {u.title}
            </Space>
          </Descriptions.Item>
        ))}
        <Descriptions.Item label={t('incident.reported')}>{beijing(inc.reported_at)}</Descriptions.Item>
        <Descriptions.Item label={t('incident.status')}>{nameOf(t, 'status', inc.status)}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
