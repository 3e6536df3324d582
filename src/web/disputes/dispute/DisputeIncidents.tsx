import { Card, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DisputeDetail } from '../../../core/api/disputes.ts';
import { useMayRecord } from '../../app/forms/recordable.tsx';
import { nameOf } from '../../app/names.ts';
import { beijing } from '../../app/time.ts';

/** The incidents the dispute led to, and reporting one (`bare`: without its card, the link first). */
export function DisputeIncidents({
  caseId,
  detail,
  bare = false,
}: {
  caseId: string;
  detail: DisputeDetail;
  bare?: boolean;
}) {
  const { t } = useTranslation();
  // a settled dispute that flares up again is linked to the incident it becomes
  const report = useMayRecord()('incident.linked') ? (
    <Link to={`/report?dispute=${caseId}`}>{t('dispute.reportIncident')}</Link>
  ) : null;
  const list =
    detail.incidents.length === 0 ? (
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
    );
  return bare ? (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {report}
      {list}
    </Space>
  ) : (
    <Card size="small" title={t('dispute.incidents')} extra={report}>
      {list}
    </Card>
  );
}
