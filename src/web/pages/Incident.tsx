import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Grid,
  Input,
  List,
  Row,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { may } from '../../core/accounts/permissions.ts';
import { useMe } from '../App.tsx';
import { type Appended, api, type DutyRow, type IncidentDetail } from '../api.ts';
import { dutyAction } from '../command-forms.ts';
import { recordedIds, useIntent } from '../intent.ts';
import { useLive } from '../live.ts';
import { dutyTitle, levelOf, rememberDuties, usePlan } from '../plans.ts';
import { beijing, span } from '../time.ts';
import { Unsent } from '../Unsent.tsx';
import { useNow } from '../useNow.ts';
import { CommandForms, type FormRequest } from './CommandForms.tsx';
import { FindingsTable } from './Findings.tsx';
import { IncidentTimeline } from './IncidentTimeline.tsx';
import { ItemTabs, LevelOverride } from './Items.tsx';
import { ReviewCard } from './ReviewCard.tsx';

export default function Incident() {
  const { caseId = '' } = useParams();
  // another incident is another page: nothing typed for one shows on the other
  return <IncidentPage key={caseId} caseId={caseId} />;
}

function IncidentPage({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const qc = useQueryClient();
  const me = useMe();
  const wide = Grid.useBreakpoint().lg ?? true;
  const detail = useQuery({
    queryKey: ['incident', caseId],
    queryFn: () => api<IncidentDetail>('GET', `/api/incidents/${caseId}`),
  });
  const log = useIntent<{ text: string }, Appended>({
    key: `${caseId}:log.entry`,
    recorded: detail.data ? recordedIds(detail.data) : undefined,
    send: ({ id, values }) => api('POST', `/api/incidents/${caseId}/events/log.entry`, { id, data: values }),
    onSuccess: (sent) => {
      // what was typed meanwhile stays
      setText((typed) => (typed.trim() === sent.values.text ? '' : typed));
      void qc.invalidateQueries({ queryKey: ['incident', caseId] });
    },
  });
  const [text, setText] = useState(() => log.restored?.values.text ?? '');
  const [request, setRequest] = useState<FormRequest>();
  useLive();
  const inc = detail.data?.incident;
  const plan = usePlan(inc?.plan_id, inc?.plan_version);
  if (detail.isError) return <Alert type="error" title={detail.error.message} />;
  if (!detail.data || !inc) return null;
  const level = levelOf(plan.data, inc.level);
  for (const u of detail.data.upperPlans) rememberDuties(u.id, u.duties);
  const commander = may(me.data?.user.role ?? '', 'case.command');
  const lang = i18n.language;
  const saveLog = () => text.trim() && log.submit({ text: text.trim() });
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

  return (
    <>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
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
                plan={plan.data}
                override={inc.level_basis === 'commander'}
                recorded={recordedIds(detail.data)}
              />
            )}
          </Space>
          <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} style={{ marginTop: 8 }}>
            <Descriptions.Item label={t('incident.plan')}>
              {plan.data?.title ?? inc.plan_id}
            </Descriptions.Item>
            {detail.data.upperPlans.map((u) => (
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
            <Descriptions.Item label={t('incident.status')}>{t(`status.${inc.status}`)}</Descriptions.Item>
          </Descriptions>
        </Card>
        <Row gutter={[12, 12]}>
          <Col xs={24} lg={14}>
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              <Card size="small" title={t('incident.duties')}>
                <Table<DutyRow>
                  size="small"
                  rowKey="duty_id"
                  pagination={false}
                  dataSource={detail.data.duties}
                  data-testid="duties"
                  columns={[
                    {
                      title: t('incident.duties'),
                      render: (_, d) => {
                        // a duty of a plan above: its title there, and whose plan it is
                        const above = detail.data.upperPlans.find((u) => d.duty_id.startsWith(`${u.id}:`));
                        if (!above) return dutyTitle(plan.data, d.duty_id);
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
                    { title: t('duty.due'), render: (_, d) => beijing(d.due_at, 'HH:mm') },
                    {
                      title: '',
                      render: (_, d) => {
                        // its state, and how to meet it: one tap opens the form that does, filled
                        // in as the duty asks (the two wrap on a phone)
                        const action = d.status === 'met' ? undefined : dutyAction(plan.data, d.duty_id);
                        return (
                          <Space size={4} wrap>
                            {dutyState(d)}
                            {action && (
                              <Button
                                size="small"
                                data-testid={`meet-${d.duty_id}`}
                                onClick={() =>
                                  action.section === 'review'
                                    ? document
                                        .getElementById('review-card')
                                        ?.scrollIntoView({ behavior: 'smooth' })
                                    : setRequest((r) => ({ ...action, n: (r?.n ?? 0) + 1 }))
                                }
                              >
                                {t(`events.${action.type}`)}
                              </Button>
                            )}
                          </Space>
                        );
                      },
                    },
                  ]}
                />
              </Card>
              <Card size="small" data-testid="items">
                <ItemTabs caseId={caseId} items={detail.data} plan={plan.data} />
              </Card>
              <Card size="small" title={t('incident.timeline')}>
                <IncidentTimeline caseId={caseId} detail={detail.data} plan={plan.data} />
              </Card>
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
                  <ReviewCard caseId={caseId} canWrite={may(me.data?.user.role ?? '', 'case.record')} />
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
            </Space>
          </Col>
          <Col xs={24} lg={10}>
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              {wide && (
                <Card size="small" title={t('incident.quickLog')}>
                  {quickLog}
                </Card>
              )}
              <Card size="small" title={t('cmd.record')}>
                <CommandForms caseId={caseId} detail={detail.data} plan={plan.data} request={request} />
              </Card>
              <Card
                size="small"
                title={t('incidentLinks.disputes')}
                extra={
                  may(me.data?.user.role ?? '', 'case.record') && inc.status !== 'settled' ? (
                    <Link to={`/disputes/new?incident=${caseId}`}>{t('incidentLinks.toDispute')}</Link>
                  ) : null
                }
              >
                <List
                  size="small"
                  data-testid="incident-disputes"
                  dataSource={detail.data.disputes}
                  locale={{ emptyText: '—' }}
                  renderItem={(x) => (
                    <List.Item>
                      <Space wrap>
                        <Link to={`/disputes/${x.case_id}`}>{x.title}</Link>
                        <Tag>{t(`d.status.${x.status}`)}</Tag>
                        {x.risk && <Tag>{t(`d.risk.${x.risk}`)}</Tag>}
                        {may(me.data?.user.role ?? '', 'case.record') && x.status !== 'settled' && (
                          <CarryForward caseId={caseId} disputeId={x.case_id} detail={detail.data} />
                        )}
                      </Space>
                    </List.Item>
                  )}
                />
              </Card>
            </Space>
          </Col>
        </Row>
      </Space>
      {!wide && (
        // on a phone the log box stays at the bottom of the screen, whatever is scrolled to
        <div
          style={{
            position: 'sticky',
            bottom: 0,
            zIndex: 10,
            marginTop: 12,
            padding: 8,
            background: '#fff',
            boxShadow: '0 -2px 8px rgba(0,0,0,0.12)',
          }}
        >
          {quickLog}
        </div>
      )}
    </>
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
      api('POST', `/api/incidents/${caseId}/events/obligations.carried`, {
        id,
        data: { disputeId, ...values },
      }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['incident', caseId] }),
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
