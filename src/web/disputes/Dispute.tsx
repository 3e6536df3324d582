import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Row, Space, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { may } from '../../core/accounts/permissions.ts';
import type { DisputeDetail } from '../../core/api/disputes.ts';
import { useApi } from '../app/api-context.tsx';
import { useLive } from '../app/live.ts';
import { usePlan } from '../app/plans.ts';
import { queryKeys } from '../app/query-keys.ts';
import { FindingsTable } from '../findings/Findings.tsx';
import { useMe } from '../session/me.ts';
import { DisputeContacts } from './DisputeContacts.tsx';
import { DisputeClocks } from './dispute/DisputeClocks.tsx';
import { DisputeCommitments } from './dispute/DisputeCommitments.tsx';
import { DisputeForms } from './dispute/DisputeForms.tsx';
import { DisputeHeader } from './dispute/DisputeHeader.tsx';
import { DisputeIncidents } from './dispute/DisputeIncidents.tsx';
import { DisputeTimeline } from './dispute/DisputeTimeline.tsx';

/** 矛盾纠纷: its facts, 包案, clocks, commitments, linked incidents, what to record, and its log. */
export default function Dispute() {
  const api = useApi();
  const { caseId = '' } = useParams();
  const { t } = useTranslation();
  const me = useMe();
  useLive();
  const q = useQuery({
    queryKey: queryKeys.dispute(caseId),
    queryFn: () => api.send<DisputeDetail>('GET', `/api/disputes/${caseId}`),
  });
  const d = q.data?.dispute;
  const plan = usePlan(d?.plan_id, d?.plan_version ?? undefined).data;
  if (q.isPending) return <Spin />;
  if (q.isError || !q.data || !d)
    return <Alert type="error" title={(q.error as Error | null)?.message ?? ''} />;
  const detail = q.data;
  const writer = me.data ? may(me.data.user.role, 'case.record') : false;
  const ids = new Set(detail.events.map((e) => e.id));
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} lg={14}>
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <DisputeHeader d={d} />
          <DisputeClocks detail={detail} plan={plan} />
          <DisputeCommitments caseId={caseId} detail={detail} writer={writer} recorded={ids} />
          <DisputeIncidents caseId={caseId} detail={detail} writer={writer} />
        </Space>
      </Col>
      <Col xs={24} lg={10}>
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          {writer && d.status !== 'settled' && (
            <Card size="small" title={t('dispute.record')}>
              <DisputeForms caseId={caseId} recorded={ids} />
            </Card>
          )}
          <DisputeContacts
            caseId={caseId}
            sides={(detail.events[0]?.data.sides ?? []) as { kind: string; description: string }[]}
            settled={d.status === 'settled'}
          />
          <Card
            size="small"
            title={t('findings.caseTitle')}
            data-testid="dispute-findings"
            extra={
              <Link to={`/disputes/${caseId}/findings/print`} data-testid="findings-print">
                {t('print.findings')}
              </Link>
            }
          >
            <FindingsTable caseId={caseId} />
          </Card>
          <DisputeTimeline detail={detail} plan={plan} />
        </Space>
      </Col>
    </Row>
  );
}
