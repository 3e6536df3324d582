import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Appended, IncidentDetail } from '../app/api.ts';
import { useApi } from '../app/api-context.tsx';
import { recordedIds, useIntent } from '../app/intent.ts';
import { nameOf } from '../app/names.ts';
import { queryKeys } from '../app/query-keys.ts';

/** The disputes the incident led to, and carrying its open demands and commitments into one. */
export function LinkedDisputes({
  caseId,
  detail,
  canRecord,
}: {
  caseId: string;
  detail: IncidentDetail;
  canRecord: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      title={t('incidentLinks.disputes')}
      extra={
        canRecord && detail.incident.status !== 'settled' ? (
          <Link to={`/disputes/new?incident=${caseId}`}>{t('incidentLinks.toDispute')}</Link>
        ) : null
      }
    >
      <List
        size="small"
        data-testid="incident-disputes"
        dataSource={detail.disputes}
        locale={{ emptyText: '—' }}
        renderItem={(x) => (
          <List.Item>
            <Space wrap>
              <Link to={`/disputes/${x.case_id}`}>{x.title}</Link>
              <Tag>{nameOf(t, 'd.status', x.status)}</Tag>
              {x.risk && <Tag>{nameOf(t, 'd.risk', x.risk)}</Tag>}
              {canRecord && x.status !== 'settled' && (
                <CarryForward caseId={caseId} disputeId={x.case_id} detail={detail} />
              )}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

/**
 * 承接未了事项: the incident's open demands and unkept commitments carried into a linked
 * dispute, which owns them from then on; the incident can then be settled (销号).
 */
function CarryForward({
  caseId,
  disputeId,
  detail,
}: {
  caseId: string;
  disputeId: string;
  detail: IncidentDetail;
}) {
  const api = useApi();
  const { t } = useTranslation();
  const qc = useQueryClient();
  const demandIds = detail.demands.filter((d) => d.answered_at === null).map((d) => String(d.demand_id));
  const commitmentIds = detail.commitments
    .filter((c) => c.fulfilled_at === null && c.discharged_at === null)
    .map((c) => String(c.commitment_id));
  const send = useIntent<{ demandIds: string[]; commitmentIds: string[] }, Appended>({
    key: `${caseId}:carry:${disputeId}`,
    recorded: recordedIds(detail),
    send: ({ id, values }) =>
      api.send('POST', `/api/incidents/${caseId}/events/obligations.carried`, {
        id,
        data: { disputeId, ...values },
      }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: queryKeys.incident(caseId) }),
  });
  if (demandIds.length + commitmentIds.length === 0) return null;
  return (
    <>
      <Button
        size="small"
        loading={send.sending}
        onClick={() => send.submit({ demandIds, commitmentIds })}
        data-testid="carry-forward"
      >
        {t('incidentLinks.carry', { n: demandIds.length + commitmentIds.length })}
      </Button>
      {send.error && !send.unsent && <Typography.Text type="danger">{send.error.message}</Typography.Text>}
    </>
  );
}
