import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Collapse, Grid, Input, Row, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { may } from '../../core/accounts/permissions.ts';
import type { EventType } from '../../core/incident/incident.events.ts';
import { mayRecord } from '../../core/incident/recordable.ts';
import type { Appended, IncidentDetail } from '../app/api.ts';
import { useApi } from '../app/api-context.tsx';
import { recordedIds, useIntent } from '../app/intent.ts';
import { useLive } from '../app/live.ts';
import { rememberDuties, usePlan } from '../app/plans.ts';
import { queryKeys } from '../app/query-keys.ts';
import { Unsent } from '../app/Unsent.tsx';
import { FindingsTable } from '../findings/Findings.tsx';
import { useMe } from '../session/me.ts';
import { DutiesCard } from './DutiesCard.tsx';
import { CommandForms, type FormRequest } from './forms/CommandForms.tsx';
import { FORMS } from './forms/catalogue.ts';
import { IncidentHeader } from './IncidentHeader.tsx';
import { ItemTabs } from './items/ItemTabs.tsx';
import { LinkedDisputes } from './LinkedDisputes.tsx';
import { ReviewCard } from './ReviewCard.tsx';
import { RecordableProvider } from './recordable.tsx';
import { IncidentTimeline } from './timeline/IncidentTimeline.tsx';

export default function Incident() {
  const { caseId = '' } = useParams();
  // another incident is another page: nothing typed for one shows on the other
  return <IncidentPage key={caseId} caseId={caseId} />;
}

function IncidentPage({ caseId }: { caseId: string }) {
  const api = useApi();
  const { t } = useTranslation();
  const qc = useQueryClient();
  const me = useMe();
  const wide = Grid.useBreakpoint().lg ?? true;
  const detail = useQuery({
    queryKey: queryKeys.incident(caseId),
    queryFn: () => api.send<IncidentDetail>('GET', `/api/incidents/${caseId}`),
  });
  const log = useIntent<{ text: string }, Appended>({
    key: `${caseId}:log.entry`,
    recorded: detail.data ? recordedIds(detail.data) : undefined,
    send: ({ id, values }) =>
      api.send('POST', `/api/incidents/${caseId}/events/log.entry`, { id, data: values }),
    onSuccess: (sent) => {
      // what was typed meanwhile stays
      setText((typed) => (typed.trim() === sent.values.text ? '' : typed));
      void qc.invalidateQueries({ queryKey: queryKeys.incident(caseId) });
    },
  });
  const [text, setText] = useState(() => log.restored?.values.text ?? '');
  const [request, setRequest] = useState<FormRequest>();
  useLive();
  const inc = detail.data?.incident;
  const plan = usePlan(inc?.plan_id, inc?.plan_version);
  if (detail.isError) return <Alert type="error" title={detail.error.message} />;
  if (!detail.data || !inc) return null;
  for (const u of detail.data.upperPlans) rememberDuties(u.id, u.duties);
  const role = me.data?.user.role ?? '';
  const can = (type: EventType) => mayRecord(role, type, inc.status);
  const commander = can('incident.level.set');
  const forms = FORMS.some((f) => can(f.type as EventType));
  const saveLog = () => text.trim() && log.submit({ text: text.trim() });
  const quickLog = (
    <>
      <Space.Compact style={{ width: '100%' }}>
        <Input
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={t('incident.logPlaceholder')}
          onPressEnter={saveLog}
          data-testid="quick-log"
        />
        <Button type="primary" loading={log.sending} disabled={!text.trim()} onClick={saveLog}>
          {t('incident.save')}
        </Button>
      </Space.Compact>
      {log.unsent && <Unsent compact error={log.error} onDiscard={log.discard} />}
      {log.error && !log.unsent && (
        <Typography.Text type="danger" data-testid="quick-log-error">
          {log.error.message}
        </Typography.Text>
      )}
    </>
  );

  const recorder = may(role, 'case.record');
  const commandCard = forms && (
    <Card size="small" title={t('cmd.record')}>
      <CommandForms caseId={caseId} detail={detail.data} plan={plan.data} request={request} phone={!wide} />
    </Card>
  );
  const duties = <DutiesCard detail={detail.data} plan={plan.data} setRequest={setRequest} />;
  const items = (
    <Card size="small" data-testid="items">
      <ItemTabs caseId={caseId} items={detail.data} plan={plan.data} />
    </Card>
  );
  const timeline = (
    <Card size="small" title={t('incident.timeline')}>
      <IncidentTimeline caseId={caseId} detail={detail.data} plan={plan.data} />
    </Card>
  );
  const after = (
    <>
      {(inc.status === 'closed' || inc.status === 'settled') && (
        <Card
          size="small"
          title={t('review.title')}
          id="review-card"
          extra={
            <Link to={`/incidents/${caseId}/review/print`} data-testid="review-print">
              {t('print.review')}
            </Link>
          }
        >
          <ReviewCard caseId={caseId} canWrite={recorder} />
        </Card>
      )}
      <Card
        size="small"
        title={t('findings.caseTitle')}
        data-testid="incident-findings"
        extra={
          <Link to={`/incidents/${caseId}/findings/print`} data-testid="findings-print">
            {t('print.findings')}
          </Link>
        }
      >
        <FindingsTable caseId={caseId} />
      </Card>
    </>
  );
  const linked = <LinkedDisputes caseId={caseId} detail={detail.data} canRecord={recorder} />;

  return (
    <RecordableProvider role={role} status={inc.status}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <IncidentHeader caseId={caseId} detail={detail.data} plan={plan.data} commander={commander} />
        {wide ? (
          <Row gutter={[12, 12]}>
            <Col span={14}>
              <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
                {duties}
                {items}
                {timeline}
                {after}
              </Space>
            </Col>
            <Col span={10}>
              <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
                {can('log.entry') && (
                  <Card size="small" title={t('incident.quickLog')}>
                    {quickLog}
                  </Card>
                )}
                {commandCard}
                {linked}
              </Space>
            </Col>
          </Row>
        ) : (
          // on a phone the commander's actions lead; the clocks follow; the rest is folded below
          <>
            {commandCard}
            {duties}
            <Collapse
              size="small"
              data-testid="folded"
              items={[
                {
                  key: 'more',
                  label: t('cmd.folded'),
                  children: (
                    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
                      {items}
                      {timeline}
                    </Space>
                  ),
                },
              ]}
            />
            {after}
            {linked}
          </>
        )}
      </Space>
    </RecordableProvider>
  );
}
