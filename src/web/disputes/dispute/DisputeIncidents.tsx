import { Card, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DisputeDetail } from '../../../core/api/disputes.ts';
import { nameOf } from '../../app/names.ts';
import { beijing } from '../../app/time.ts';

/** The incidents the dispute led to, and reporting one. */
export function DisputeIncidents({
  caseId,
  detail,
  writer,
}: {
  caseId: string;
  detail: DisputeDetail;
  writer: boolean;
}) {
  const { t } = useTranslation();
  const d = detail.dispute;
  return (
    <Card
      size="small"
      title={t('dispute.incidents')}
      extra={
        writer && d.status !== 'settled' ? (
          <Link to={`/report?dispute=${caseId}`}>{t('dispute.reportIncident')}</Link>
        ) : null
      }
    >
      {detail.incidents.length === 0 ? (
        <Typography.Text type="secondary">{t('dispute.noIncidents')}</Typography.Text>
      ) : (
        <List
          data-testid="dispute-incidents"
          dataSource={detail.incidents}
          renderItem={(i) => (
            <List.Item>
              <Space wrap>
                <Link to={`/incidents/${i.case_id}`}>{i.title}</Link>
                <Tag>{nameOf(t, 'status', i.status)}</Tag>
                <Typography.Text type="secondary">{beijing(i.reported_at)}</Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
