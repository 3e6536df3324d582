import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Collapse, Grid, Row, Space, Spin } from 'antd';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { DisputeDetail } from '../../core/api/disputes.ts';
import type { DisputeEventType } from '../../core/dispute/dispute.events.ts';
import { mayRecord } from '../../core/dispute/recordable.ts';
import { useApi } from '../app/api-context.tsx';
import { RecordableProvider } from '../app/forms/recordable.tsx';
import { useLive } from '../app/live.ts';
import { usePlan } from '../app/plans.ts';
import { queryKeys } from '../app/query-keys.ts';
import { FindingsTable } from '../findings/Findings.tsx';
import { useMe } from '../session/me.ts';
import { DisputeContacts } from './DisputeContacts.tsx';
import { DISPUTE_FORMS } from './dispute/catalogue.ts';
import { DisputeClocks } from './dispute/DisputeClocks.tsx';
import { DisputeCommitments } from './dispute/DisputeCommitments.tsx';
import { DisputeForms } from './dispute/DisputeForms.tsx';
import { DisputeHeader } from './dispute/DisputeHeader.tsx';
import { DisputeIncidents } from './dispute/DisputeIncidents.tsx';
import { DisputeTimeline } from './dispute/DisputeTimeline.tsx';

export default function Dispute() {
  const { caseId = '' } = useParams();
  // another dispute is another page: nothing typed for one shows on the other
  return <DisputePage key={caseId} caseId={caseId} />;
}

/**
 * 矛盾纠纷: its facts, 包案, clocks, commitments, linked incidents, what to record, and its log.
 * On a phone what a cadre records leads, the clocks follow, and the lists are folded below.
 */
function DisputePage({ caseId }: { caseId: string }) {
  const api = useApi();
  const { t } = useTranslation();
  const me = useMe();
  const wide = Grid.useBreakpoint().lg ?? true;
  useLive();
  const q = useQuery({
    queryKey: queryKeys.dispute(caseId),
    queryFn: () => api.send<DisputeDetail>('GET', `/api/disputes/${caseId}`),
  });
  const d = q.data?.dispute;
  const plan = usePlan(d?.plan_id, d?.plan_version ?? undefined).data;
  const role = me.data?.user.role ?? '';
  const status = d?.status ?? '';
  // only what the user's role may record, and what the dispute's state still takes (core's table)
  const can = useCallback(
    (type: string) => mayRecord(role, type as DisputeEventType, status),
    [role, status],
  );
  const ids = useMemo(() => new Set(q.data?.events.map((e) => e.id)), [q.data]);
  if (q.isPending) return <Spin />;
  if (q.isError || !q.data || !d)
    return <Alert type="error" title={(q.error as Error | null)?.message ?? ''} />;
  const detail = q.data;
  const open = detail.commitments.filter((c) => !c.fulfilled_at && !c.discharged_at).length;

  const forms = DISPUTE_FORMS.some((f) => can(f.type)) && (
    <Card size="small" title={t('dispute.record')} data-testid="dispute-forms">
      <DisputeForms caseId={caseId} detail={detail} plan={plan} recorded={ids} phone={!wide} />
    </Card>
  );
  const clocks = <DisputeClocks detail={detail} plan={plan} />;
  // on a phone the lists lie in folded panels of their own names: no card around them there
  const commitments = <DisputeCommitments caseId={caseId} detail={detail} recorded={ids} bare={!wide} />;
  const incidents = <DisputeIncidents caseId={caseId} detail={detail} bare={!wide} />;
  const timeline = <DisputeTimeline detail={detail} plan={plan} bare={!wide} />;
  const after = (
    <>
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
    </>
  );

  return (
    <RecordableProvider can={can}>
      {wide ? (
        <Row gutter={[12, 12]}>
          <Col span={14}>
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              <DisputeHeader d={d} />
              {clocks}
              {commitments}
              {incidents}
            </Space>
          </Col>
          <Col span={10}>
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              {forms}
              {after}
              {timeline}
            </Space>
          </Col>
        </Row>
      ) : (
        // on a phone the cadre's actions lead; the clocks follow; the lists are folded below
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <DisputeHeader d={d} folded />
          {forms}
          {clocks}
          <Collapse
            size="small"
            data-testid="folded"
            items={[
              {
                key: 'commitments',
                label: `${t('dispute.commitments')}${open > 0 ? ` · ${t('dispute.openCount', { n: open })}` : ''}`,
                children: commitments,
                forceRender: true,
              },
              { key: 'incidents', label: t('dispute.incidents'), children: incidents, forceRender: true },
              { key: 'timeline', label: t('dispute.timeline'), children: timeline, forceRender: true },
            ]}
          />
          {after}
        </Space>
      )}
    </RecordableProvider>
  );
}
