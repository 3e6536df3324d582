import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, Empty, List, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DutyList, EscalationList, IncidentList } from '../../core/api/incidents.ts';
import { api, type DutyRow } from '../api.ts';
import { armSound, chime, setSound, soundOn } from '../chime.ts';
import { useLive } from '../live.ts';
import { dutyTitle, levelOf, usePlans } from '../plans.ts';
import { beijing, serverNow, span } from '../time.ts';
import { useNow } from '../useNow.ts';

/** 值班台: the live incidents of the user's jurisdiction, their clocks, and what was escalated here. */
export default function Board() {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const opened = useRef(new Date(serverNow()).toISOString());
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const incidents = useQuery({
    queryKey: ['incidents', 'live'],
    queryFn: () => api<IncidentList>('GET', '/api/incidents'),
    select: (r) => r.incidents.filter((i) => i.status !== 'closed' && i.status !== 'settled'),
  });
  const duties = useQuery({
    queryKey: ['duties'],
    queryFn: () => api<DutyList>('GET', '/api/duties'),
  });
  const escalations = useQuery({
    queryKey: ['escalations'],
    queryFn: () => api<EscalationList>('GET', '/api/escalations?limit=50'),
  });
  const plans = usePlans([...(incidents.data ?? []), ...(escalations.data?.escalations ?? [])]);

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
                  <Link to={`/incidents/${e.case_id}`}>{e.title}</Link>
                  {e.exercise && <Tag>{t('board.exercise')}</Tag>}
                  <Typography.Text type="secondary">
                    {e.kind === 'missed'
                      ? `${t('duty.missed')}: ${dutyTitle(plan, e.duty_id ?? '')}`
                      : e.reason}
                  </Typography.Text>
                  <Typography.Text type="secondary">{beijing(e.at)}</Typography.Text>
                </Space>
              </List.Item>
            );
          }}
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
                      {t(`status.${i.status}`)} ·{' '}
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
