import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Row, Space, Switch, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { may } from '../../core/accounts/permissions.ts';
import type { Board as BoardAnswer } from '../../core/api/board.ts';
import type { DutyList, EscalationList } from '../../core/api/incidents.ts';
import type { OverdueList as Overdue } from '../../core/api/overdue.ts';
import type { DutyRow } from '../app/api.ts';
import { useApi } from '../app/api-context.tsx';
import { useLive } from '../app/live.ts';
import { usePlans, useUpperPlans } from '../app/plans.ts';
import { queryKeys } from '../app/query-keys.ts';
import { beijing } from '../app/time.ts';
import { useNow } from '../app/useNow.ts';
import { ReceivedReports } from '../incident/ReceivedReports.tsx';
import { useMe } from '../session/me.ts';
import { armSound, chime, setSound, soundOn } from './chime.ts';
import { Escalations, needsHand } from './Escalations.tsx';
import { LiveIncidents } from './LiveIncidents.tsx';
import { HighRisk, OverdueList } from './SideLists.tsx';
import { useBoardVisit } from './useBoardVisit.ts';

const EXERCISES_KEY = 'huajie.board.exercises';

/**
 * 值班台: the live incidents of the user's jurisdiction and below, most urgent first; what was
 * escalated here, to be taken in hand; what is overdue. On a desk the incidents hold the left
 * and the rest the right, so escalations never push the incidents below the fold.
 */
export default function Board() {
  const api = useApi();
  const { t } = useTranslation();
  const me = useMe().data?.user;
  const now = useNow();
  const since = useBoardVisit();
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const [exercises, setExercises] = useState(() => localStorage.getItem(EXERCISES_KEY) !== 'hide');
  const board = useQuery({
    queryKey: queryKeys.board,
    queryFn: () => api.send<BoardAnswer>('GET', '/api/board'),
    // a clock crosses into its warning or past its limit without any event: look again
    refetchInterval: 30_000,
  });
  const duties = useQuery({
    queryKey: queryKeys.duties,
    queryFn: () => api.send<DutyList>('GET', '/api/duties'),
  });
  const escalations = useQuery({
    queryKey: queryKeys.escalations,
    queryFn: () => api.send<EscalationList>('GET', '/api/escalations?limit=100'),
    select: (r) => r.escalations,
  });
  const overdue = useQuery({
    queryKey: queryKeys.overdue,
    queryFn: () => api.send<Overdue>('GET', '/api/overdue?limit=50'),
    select: (r) => r.overdue,
  });
  const incidents = board.data?.incidents ?? [];
  const plans = usePlans([...incidents, ...(escalations.data ?? []), ...(overdue.data ?? [])]);
  // a duty of a plan above the case's (a village incident's town duty) is named by that plan
  useUpperPlans([
    ...(duties.data?.duties ?? []).map((d) => d.duty_id),
    ...(escalations.data ?? []).map((e) => e.duty_id),
    ...(overdue.data ?? []).map((o) => o.duty_id),
  ]);

  // an escalation arriving while the board is open is marked, with a sound and a desktop notice if allowed
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
  const [sound, setSoundState] = useState(soundOn);
  useEffect(() => {
    if (soundOn()) armSound();
  }, []);

  const clocks = useMemo(() => {
    const byCase = new Map<string, DutyRow[]>();
    for (const d of duties.data?.duties ?? []) byCase.set(d.case_id, [...(byCase.get(d.case_id) ?? []), d]);
    return byCase;
  }, [duties.data]);
  const real = incidents.filter((i) => !i.exercise);
  const drills = incidents.filter((i) => i.exercise);
  const alerts =
    (escalations.data ?? []).filter((e) => needsHand(e) && !e.exercise).length +
    real.filter((i) => i.clock && (i.clock.status === 'missed' || Date.parse(i.clock.due_at) <= now)).length;
  // the tab says how many things want a hand, so a board in a background tab is still heard
  useEffect(() => {
    const base = `${t('board.title')} · ${t('app.name')}`;
    document.title = alerts > 0 ? `${t('board.alerts', { n: alerts })}${base}` : base;
    return () => {
      document.title = t('app.name');
    };
  }, [alerts, t]);
  const arrived = (escalations.data ?? []).filter((e) => since && e.recorded_at > since).length;
  const canNotify = 'Notification' in window && Notification.permission === 'default';
  const desk = board.data?.desk;

  return (
    <Space orientation="vertical" size="small" style={{ width: '100%' }}>
      <Space wrap size={[12, 4]} style={{ justifyContent: 'space-between', width: '100%' }}>
        <Space wrap size={[12, 4]}>
          <Typography.Text strong data-testid="desk">
            {desk
              ? t('board.deskOnDuty', { name: desk.name, until: beijing(desk.until, 'HH:mm') })
              : t('board.noDesk')}
          </Typography.Text>
          <Typography.Text type="secondary" data-testid="since">
            {since === undefined
              ? ''
              : since === null
                ? t('board.firstVisit')
                : t('board.sinceVisit', { t: beijing(since), n: arrived })}
          </Typography.Text>
        </Space>
        <Space wrap>
          <Switch
            size="small"
            checked={exercises}
            data-testid="exercises-toggle"
            onChange={(v) => {
              setExercises(v);
              localStorage.setItem(EXERCISES_KEY, v ? 'show' : 'hide');
            }}
            checkedChildren={t('board.showExercises')}
            unCheckedChildren={t('board.hideExercises')}
          />
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
      </Space>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={14}>
          <Space orientation="vertical" size="small" style={{ width: '100%' }}>
            <Card title={t('board.live')} size="small">
              {board.isError && <Alert type="error" title={t('errors.generic')} />}
              <LiveIncidents
                rows={real}
                plans={plans}
                clocks={clocks}
                now={now}
                since={since}
                testId="incidents"
              />
            </Card>
            {exercises && drills.length > 0 && (
              <Card title={t('board.exercises', { n: drills.length })} size="small" data-testid="exercises">
                <LiveIncidents
                  rows={drills}
                  plans={plans}
                  clocks={clocks}
                  now={now}
                  since={since}
                  testId="drills"
                />
              </Card>
            )}
          </Space>
        </Col>
        <Col xs={24} xl={10}>
          <Space orientation="vertical" size="small" style={{ width: '100%' }}>
            <Card title={t('board.escalations')} size="small">
              <Escalations
                rows={(escalations.data ?? []).filter((e) => exercises || !e.exercise)}
                plans={plans}
                since={since}
                fresh={fresh}
                mine={me?.jurisdiction ?? ''}
                mayAcknowledge={me ? may(me.role, 'escalation.acknowledge') : false}
              />
            </Card>
            <Card title={t('received.title')} size="small">
              <ReceivedReports exercises={exercises} />
            </Card>
            <Card title={t('overdue.title')} size="small">
              <OverdueList
                rows={(overdue.data ?? []).filter((o) => exercises || !o.exercise)}
                plans={plans}
                now={now}
              />
            </Card>
            <Card title={t('ledger.highRisk')} size="small">
              <HighRisk />
            </Card>
          </Space>
        </Col>
      </Row>
    </Space>
  );
}
