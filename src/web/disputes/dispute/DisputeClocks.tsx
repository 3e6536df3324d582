import { Card, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DisputeDetail } from '../../../core/api/disputes.ts';
import type { Plan } from '../../../core/plan/plan.schema.ts';
import { dutyTitle } from '../../app/plans.ts';
import { beijing, span } from '../../app/time.ts';
import { useNow } from '../../app/useNow.ts';

/** The dispute's clocks: its plan's duties and its commitments, each due, met or late. */
export function DisputeClocks({ detail, plan }: { detail: DisputeDetail; plan: Plan | undefined }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const lang = i18n.language;
  return (
    <Card size="small" title={t('dispute.clocks')}>
      <List
        data-testid="dispute-clocks"
        dataSource={detail.duties}
        locale={{ emptyText: '—' }}
        renderItem={(x) => {
          const left = Date.parse(x.due_at) - now;
          const late = x.status === 'missed' || (x.status === 'open' && left < 0);
          const commitment = x.duty_id.startsWith('commitment:')
            ? detail.commitments.find((c) => `commitment:${c.commitment_id}` === x.duty_id)
            : undefined;
          return (
            <List.Item data-testid="dispute-clock">
              <Space wrap>
                <span>
                  {commitment ? `${t('overdue.commitment')}：${commitment.text}` : dutyTitle(plan, x.duty_id)}
                </span>
                <Tag color={x.status === 'met' ? 'green' : late ? 'red' : 'blue'}>
                  {x.status === 'met'
                    ? t('duty.met')
                    : late
                      ? t('board.overdueBy', { d: span(-left, lang) })
                      : t('board.dueIn', { d: span(left, lang) })}
                </Tag>
                <Typography.Text type="secondary">{beijing(x.due_at, 'YYYY-MM-DD HH:mm')}</Typography.Text>
              </Space>
            </List.Item>
          );
        }}
      />
    </Card>
  );
}
