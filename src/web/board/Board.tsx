import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, Empty, List, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DisputeList } from '../../core/api/disputes.ts';
import type { DutyList, EscalationList, IncidentList } from '../../core/api/incidents.ts';
import type { OverdueList } from '../../core/api/overdue.ts';
import type { DutyRow } from '../app/api.ts';
import { useApi } from '../app/api-context.tsx';
import { useLive } from '../app/live.ts';
import { nameOf } from '../app/names.ts';
import { dutyTitle, levelOf, usePlans, useUpperPlans } from '../app/plans.ts';
import { queryKeys } from '../app/query-keys.ts';
import { beijing, span } from '../app/time.ts';
import { useNow } from '../app/useNow.ts';
import { ReceivedReports } from '../incident/ReceivedReports.tsx';
import { armSound, chime, setSound, soundOn } from './chime.ts';

/** Where a case of a kind is read: an incident's page, a dispute's, the screening page. */
const caseLink = (kind: string, caseId: string) =>
  kind === 'dispute' ? `/disputes/${caseId}` : kind === 'screening' ? '/screening' : `/incidents/${caseId}`;

/** 值班台: the live incidents of the user's jurisdiction, their clocks, and what was escalated here. */
export default function Board() {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const now = useNow();
  const opened = useRef(new Date(api.serverNow()).toISOString());
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const incidents = useQuery({
    queryKey: queryKeys.incidentsLive,
    queryFn: () => api.send<IncidentList>('GET', '/api/incidents'),
    select: (r) => r.incidents.filter((i) => i.status !== 'closed' && i.status !== 'settled'),
  });
  const duties = useQuery({
    queryKey: queryKeys.duties,
    queryFn: () => api.send<DutyList>('GET', '/api/duties'),
  });
  const escalations = useQuery({
    queryKey: queryKeys.escalations,
    queryFn: () => api.send<EscalationList>('GET', '/api/escalations?limit=50'),
  });
  const overdue = useQuery({
    queryKey: queryKeys.overdue,
    queryFn: () => api.send<OverdueList>('GET', '/api/overdue?limit=50'),
    select: (r) => r.overdue,
  });
  const highRisk = useQuery({
    queryKey: queryKeys.disputesHigh,
    queryFn: () => api.send<DisputeList>('GET', '/api/disputes?risk=high&limit=50'),
    select: (r) => r.disputes.filter((d) => ['registered', 'accepted'].includes(d.status)),
  });
  const plans = usePlans([
    ...(incidents.data ?? []),
    ...(escalations.data?.escalations ?? []),
    ...(overdue.data ?? []),
  ]);
  // a duty of a plan above the case's (a village incident's town duty) is named by that plan
  useUpperPlans([
    ...(duties.data?.duties ?? []).map((d) => d.duty_id),
    ...(escalations.data?.escalations ?? []).map((e) => e.duty_id),
    ...(overdue.data ?? []).map((o) => o.duty_id),
  ]);

  // an escalation arriving while the board is open is highlighted, with a desktop notice if allowed
  const onEvent = useCallback(
    (type: string, data: { caseId: string }) => {
      if (type !== 'duty.missed' && type !== 'escalation.requested') return;
      setFresh((s) => new Set(s).add(data.caseId));
      if (soundOn()) chime();
      if ('Notification' in window && Notification.permission === 'granted')
        new Notification(t('board.escalations'), { tag: data.caseId });
    },
    [t],
  );
  useLive(onEvent);

  const byCase = new Map<string, DutyRow[]>();
  for (const d of duties.data?.duties ?? []) byCase.set(d.case_id, [...(byCase.get(d.case_id) ?? []), d]);
  const lang = i18n.language;
  const canNotify = 'Notification' in window && Notification.permission === 'default';
  const [sound, setSoundState] = useState(soundOn);
  useEffect(() => {
    if (soundOn()) armSound();
  }, []);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={t('board.escalations')}
        size="small"
        extra={
          <Space>
            <Button
              size="small"
              data-testid="sound"
              onClick={() => {
                setSound(!sound);
                setSoundState(!sound);
              }}
            >
              {sound ? t('board.soundOff') : t('board.soundOn')}
            </Button>
            {canNotify && (
              <Button size="small" onClick={() => void Notification.requestPermission()}>
                {t('board.notify')}
              </Button>
            )}
          </Space>
        }
      >
        <List
          data-testid="escalations"
          locale={{ emptyText: t('board.noEscalations') }}
          dataSource={escalations.data?.escalations ?? []}
          renderItem={(e) => {
            const isNew = fresh.has(e.case_id) || e.recorded_at > opened.current;
            const plan = plans.get(`${e.plan_id}@${e.plan_version}`);
            return (
              <List.Item
                style={isNew ? { background: '#fff1f0' } : undefined}
                data-testid="escalation"
                data-case={e.case_id}
              >
                <Space wrap>
                  {isNew && <Badge status="error" />}
                  <Link to={caseLink(e.case_kind, e.case_id)}>{e.title}</Link>
                  {e.case_kind !== 'incident' && <Tag>{nameOf(t, 'overdue.kinds', e.case_kind)}</Tag>}
                  {e.exercise && <Tag>{t('board.exercise')}</Tag>}
                  <Typography.Text type="secondary">
                    {e.kind === 'missed'
                      ? `${t('duty.missed')}: ${
                          e.duty_id?.startsWith('commitment:')
                            ? t('overdue.commitment')
                            : dutyTitle(plan, e.duty_id ?? '')
                        }`
                      : e.reason}
                  </Typography.Text>
                  <Typography.Text type="secondary">{beijing(e.at)}</Typography.Text>
                </Space>
              </List.Item>
            );
          }}
        />
      </Card>
      <Card title={t('received.title')} size="small">
        <ReceivedReports />
      </Card>
      <Card title={t('overdue.title')} size="small">
        <List
          data-testid="overdue"
          locale={{ emptyText: t('overdue.none') }}
          dataSource={overdue.data ?? []}
          renderItem={(o) => {
            const plan = plans.get(`${o.plan_id}@${o.plan_version}`);
            return (
              <List.Item data-testid="overdue-item" data-case={o.case_id} data-duty={o.duty_id}>
                <Space wrap>
                  <Tag color="red">{nameOf(t, 'overdue.kinds', o.case_kind)}</Tag>
                  <Link to={caseLink(o.case_kind, o.case_id)}>{o.title}</Link>
                  <Typography.Text>
                    {o.duty_id.startsWith('commitment:')
                      ? t('overdue.commitment')
                      : dutyTitle(plan, o.duty_id)}
                  </Typography.Text>
                  {o.exercise && <Tag>{t('board.exercise')}</Tag>}
                  <Typography.Text type="secondary">
                    {t('board.overdueBy', { d: span(now - Date.parse(o.due_at), lang) })}
                  </Typography.Text>
                </Space>
              </List.Item>
            );
          }}
        />
      </Card>
      <Card title={t('ledger.highRisk')} size="small">
        <List
          data-testid="high-risk"
          locale={{ emptyText: t('ledger.noHighRisk') }}
          dataSource={highRisk.data ?? []}
          renderItem={(d) => (
            <List.Item data-testid="high-risk-dispute" data-case={d.case_id}>
              <Space wrap>
                <Link to={`/disputes/${d.case_id}`}>{d.title}</Link>
                <Tag>{nameOf(t, 'd.status', d.status)}</Tag>
                {d.unit && (
                  <Typography.Text type="secondary">
                    {d.unit}
                    {d.lead_position ? ` · ${d.lead_position}` : ''}
                  </Typography.Text>
                )}
              </Space>
            </List.Item>
          )}
        />
      </Card>
      <Card title={t('board.live')} size="small">
        {incidents.isError && <Alert type="error" title={t('errors.generic')} />}
        {incidents.data && incidents.data.length === 0 && <Empty description={t('board.none')} />}
        <List
          data-testid="incidents"
          dataSource={incidents.data ?? []}
          renderItem={(i) => {
            const plan = plans.get(`${i.plan_id}@${i.plan_version}`);
            const level = levelOf(plan, i.level);
            const clocks = (byCase.get(i.case_id) ?? []).slice(0, 4);
            return (
              <List.Item data-testid="incident" data-case={i.case_id}>
                <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                  <Space wrap>
                    <Tag color={level?.colour ?? 'default'} data-testid="level">
                      {level?.name ?? t('level.none')}
                    </Tag>
                    <Link to={`/incidents/${i.case_id}`} style={{ fontWeight: 600 }}>
                      {i.title}
                    </Link>
                    {i.exercise && <Tag>{t('board.exercise')}</Tag>}
                    <Typography.Text type="secondary">
                      {nameOf(t, 'status', i.status)} ·{' '}
                      {t('board.elapsed', { d: span(now - Date.parse(i.reported_at), lang) })}
                    </Typography.Text>
                    {i.overdue_duties > 0 && (
                      <Tag color="red">
                        {t('board.overdue')} {i.overdue_duties}
                      </Tag>
                    )}
                  </Space>
                  <Space wrap size={[8, 4]} styles={{ item: { maxWidth: '100%' } }}>
                    {clocks.map((d) => {
                      const left = Date.parse(d.due_at) - now;
                      const late = d.status === 'missed' || left < 0;
                      return (
                        <Tag
                          key={d.duty_id}
                          color={late ? 'red' : left < 5 * 60_000 ? 'orange' : 'blue'}
                          data-testid="clock"
                          style={{ whiteSpace: 'normal', marginInlineEnd: 0 }}
                        >
                          {dutyTitle(plan, d.duty_id)} ·{' '}
                          {late
                            ? t('board.overdueBy', { d: span(-left, lang) })
                            : t('board.dueIn', { d: span(left, lang) })}
                        </Tag>
                      );
                    })}
                  </Space>
                </Space>
              </List.Item>
            );
          }}
        />
      </Card>
    </Space>
  );
}
