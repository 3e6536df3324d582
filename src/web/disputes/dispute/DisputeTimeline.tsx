import { Card, Space, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DisputeDetail } from '../../../core/api/disputes.ts';
import type { Plan } from '../../../core/plan/plan.schema.ts';
import { authorText } from '../../app/author.ts';
import { nameOf } from '../../app/names.ts';
import { dutyTitle } from '../../app/plans.ts';
import { beijing } from '../../app/time.ts';

/** The dispute's log, newest first (`bare`: without its card). */
export function DisputeTimeline({
  detail,
  plan,
  bare = false,
}: {
  detail: DisputeDetail;
  plan: Plan | undefined;
  bare?: boolean;
}) {
  const { t } = useTranslation();
  // a commitment's clock is named by what was promised
  const clockTitle = (dutyId: string) => {
    const c = detail.commitments.find((x) => `commitment:${x.commitment_id}` === dutyId);
    return c ? `${t('overdue.commitment')}：${c.text}` : dutyTitle(plan, dutyId);
  };
  const timeline = (
    <Timeline
      data-testid="dispute-timeline"
      items={[...detail.events].reverse().map((e) => ({
        key: e.id,
        color: e.type === 'duty.missed' ? 'red' : e.type.startsWith('duty.') ? 'gray' : 'blue',
        content: (
          <Space orientation="vertical" size={0}>
            <Typography.Text strong>
              {e.type === 'duty.met' && Number(e.data.lateSeconds) > 0
                ? t('dispute.metLate')
                : nameOf(t, 'de', e.type)}
              {e.type.startsWith('duty.') && typeof e.data.dutyId === 'string'
                ? `：${clockTitle(e.data.dutyId)}`
                : ''}
            </Typography.Text>
            <Typography.Text type="secondary">
              {beijing(e.occurredAt, 'YYYY-MM-DD HH:mm')}
              {e.actor.role !== 'system' && (
                <span data-testid="entry-author"> · {authorText(e.actor, t)}</span>
              )}
            </Typography.Text>
            <EventText data={e.data} />
          </Space>
        ),
      }))}
    />
  );
  return bare ? (
    timeline
  ) : (
    <Card size="small" title={t('dispute.timeline')}>
      {timeline}
    </Card>
  );
}

/** The words of an event: its text fields, shortened. */
function EventText({ data }: { data: Record<string, unknown> }) {
  const text = ['summary', 'text', 'note', 'reason', 'basis', 'unit', 'leadPosition', 'said', 'evidence']
    .map((k) => data[k])
    .filter((x): x is string => typeof x === 'string')
    .join(' · ');
  return text ? (
    <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{text.slice(0, 300)}</Typography.Text>
  ) : null;
}
