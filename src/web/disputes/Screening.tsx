import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  List,
  Segmented,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { v7 as uuidv7 } from 'uuid';
import { may } from '../../core/accounts/permissions.ts';
import type { ScreeningOverview } from '../../core/api/screening.ts';
import { SCREENING_KINDS } from '../../core/screening/screening.events.ts';
import { ApiError, type Appended } from '../app/api.ts';
import { useApi } from '../app/api-context.tsx';
import { useIntent } from '../app/intent.ts';
import { useJurisdictionName } from '../app/jurisdictions.ts';
import { useLive } from '../app/live.ts';
import { nameOf } from '../app/names.ts';
import { dutyTitle, usePlans } from '../app/plans.ts';
import { queryKeys } from '../app/query-keys.ts';
import { beijing, span } from '../app/time.ts';
import { Unsent } from '../app/Unsent.tsx';
import { useNow } from '../app/useNow.ts';
import { useMe } from '../session/me.ts';

interface Values {
  kind: string;
  scope: string;
  participants: string[];
  found?: number;
  note?: string;
  zeroReport: boolean;
  roundId: string;
}

/** The last scope and units typed on this device: a round is mostly the same people each time. */
const LAST = 'huajie.screening.last';
function lastRound(): Partial<Values> {
  try {
    return JSON.parse(localStorage.getItem(LAST) ?? '{}') as Partial<Values>;
  } catch {
    return {};
  }
}

/**
 * 排查: record a round one-handed on a phone — 零报告 in one tap, or what it found and then
 * each dispute registered from it — and see the cadence clocks and the rounds in scope.
 */
export default function Screening() {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const me = useMe();
  const now = useNow();
  useLive();
  const [form] = Form.useForm<Values>();
  const overview = useQuery({
    queryKey: queryKeys.screening,
    queryFn: () => api.send<ScreeningOverview>('GET', '/api/screening'),
  });
  const plans = usePlans(overview.data?.registers ?? []);
  const planOf = (caseId: string) => {
    const g = overview.data?.registers.find((r) => r.case_id === caseId);
    return g ? plans.get(`${g.plan_id}@${g.plan_version}`) : undefined;
  };
  const writer = me.data ? may(me.data.user.role, 'case.record') : false;
  const place = useJurisdictionName();
  // the clocks still running first, soonest due first; then those met or missed, latest first
  const clocks = [...(overview.data?.clocks ?? [])].sort((a, b) =>
    a.status === 'open' && b.status === 'open'
      ? a.due_at.localeCompare(b.due_at)
      : a.status === 'open'
        ? -1
        : b.status === 'open'
          ? 1
          : b.due_at.localeCompare(a.due_at),
  );
  // the round the form sends: its id made with the intent, so a retry names the same round
  const sent = useRef<Values | null>(null);
  const send = useIntent<Values, Appended>({
    key: 'screening-round',
    send: ({ id, values: v }) =>
      api.send<Appended>('POST', '/api/screening/rounds', {
        id,
        data: {
          roundId: v.roundId,
          kind: v.kind,
          scope: v.scope,
          participants: v.participants.map((unit) => ({ unit })),
          zeroReport: v.zeroReport,
          found: v.zeroReport ? 0 : (v.found ?? 0),
          ...(v.note ? { note: v.note } : {}),
        },
      }),
    onSuccess: ({ values: v }) => {
      localStorage.setItem(
        LAST,
        JSON.stringify({ kind: v.kind, scope: v.scope, participants: v.participants }),
      );
      void qc.invalidateQueries({ queryKey: queryKeys.screening });
      if (v.zeroReport) void message.success(t('screening.zeroDone'));
      else navigate(`/disputes/new?round=${encodeURIComponent(v.roundId)}`);
      sent.current = null;
    },
    onError: (e) => {
      if (e instanceof ApiError)
        form.setFields(
          e.issues.flatMap((i) => {
            const name = i.path.split('.')[1];
            return name && ['kind', 'scope', 'participants', 'found', 'note'].includes(name)
              ? [{ name: name as keyof Values, errors: [i.message] }]
              : [];
          }),
        );
    },
  });
  const submit = (zeroReport: boolean) =>
    form
      .validateFields(zeroReport ? ['kind', 'scope', 'participants'] : undefined)
      .then(() => {
        const v = form.getFieldsValue(true) as Values;
        // a pending round keeps its id; a new one gets one
        const roundId = send.pending?.values.roundId ?? `r-${uuidv7()}`;
        send.submit({ ...v, zeroReport, roundId });
      })
      .catch(() => undefined);
  const refused = send.error instanceof ApiError && !send.unsent ? send.error : null;
  const last = lastRound();
  const lang = i18n.language;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 720 }}>
      {writer && (
        <Card size="small" title={t('screening.title')} data-testid="screening-form">
          <Form
            form={form}
            layout="vertical"
            name="screening"
            initialValues={{
              kind: last.kind ?? 'regular',
              scope: last.scope ?? '',
              participants: last.participants ?? [],
            }}
            onKeyDown={(e) => {
              // Enter in a field never sends a round by accident
              if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'INPUT') e.preventDefault();
            }}
          >
            <Form.Item name="kind" label={t('screening.kind')}>
              <Segmented
                block
                options={SCREENING_KINDS.map((k) => ({ value: k, label: t(`d.screeningKind.${k}`) }))}
              />
            </Form.Item>
            <Form.Item
              name="scope"
              label={t('screening.scope')}
              rules={[{ required: true, message: t('cmd.required') }]}
            >
              <Input count={{ show: true, max: 500 }} />
            </Form.Item>
            <Form.Item
              name="participants"
              label={t('screening.participants')}
              extra={t('screening.participantsHint')}
              rules={[{ required: true, message: t('cmd.required') }]}
            >
              <Select mode="tags" tokenSeparators={[',', '，', '、']} open={false} suffixIcon={null} />
            </Form.Item>
            <Button
              type="primary"
              size="large"
              block
              onClick={() => void submit(true)}
              loading={send.sending && send.pending?.values.zeroReport === true}
              data-testid="zero-report"
              style={{ height: 56, fontSize: 18, marginBottom: 16 }}
            >
              {t('screening.zeroReport')}
            </Button>
            <Form.Item name="found" label={t('screening.found')}>
              <InputNumber min={1} max={1000} precision={0} inputMode="numeric" style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="note" label={t('screening.note')}>
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} count={{ show: true, max: 2000 }} />
            </Form.Item>
            {refused && <Alert type="error" title={refused.message} style={{ marginBottom: 12 }} />}
            {send.unsent && <Unsent error={send.error} onDiscard={send.discard} />}
            <Button
              size="large"
              block
              onClick={() => void submit(false)}
              loading={send.sending && send.pending?.values.zeroReport === false}
              data-testid="record-found"
            >
              {t('screening.recordFound')}
            </Button>
          </Form>
        </Card>
      )}
      <Card size="small" title={t('screening.clocks')}>
        <List
          data-testid="cadence-clocks"
          dataSource={clocks}
          locale={{ emptyText: '—' }}
          renderItem={(c) => {
            const left = Date.parse(c.due_at) - now;
            const late = c.status === 'missed' || (c.status === 'open' && left < 0);
            const g = overview.data?.registers.find((r) => r.case_id === c.case_id);
            return (
              <List.Item data-testid="cadence-clock">
                <Space wrap>
                  <span>{dutyTitle(planOf(c.case_id), c.duty_id)}</span>
                  <Typography.Text type="secondary">{place(g?.jurisdiction)}</Typography.Text>
                  <Tag color={c.status === 'met' ? 'green' : late ? 'red' : 'blue'}>
                    {c.status === 'met'
                      ? t('duty.met')
                      : late
                        ? t('board.overdueBy', { d: span(-left, lang) })
                        : t('board.dueIn', { d: span(left, lang) })}
                  </Tag>
                </Space>
              </List.Item>
            );
          }}
        />
      </Card>
      <Card size="small" title={t('screening.rounds')}>
        <List
          data-testid="rounds"
          dataSource={overview.data?.rounds ?? []}
          locale={{ emptyText: t('screening.noRounds') }}
          renderItem={(r) => (
            <List.Item data-testid="round" data-round={r.round_id}>
              <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                <Space wrap>
                  <Tag>{nameOf(t, 'd.screeningKind', r.kind)}</Tag>
                  <span>{r.scope}</span>
                  {r.zero_report ? (
                    <Tag color="green" data-testid="zero">
                      {t('screening.zeroReport')}
                    </Tag>
                  ) : (
                    <Tag color="orange">
                      {t('screening.found')} {r.found} · {t('screening.registered', { n: r.registered })}
                    </Tag>
                  )}
                </Space>
                <Typography.Text type="secondary">
                  {beijing(r.held_at, 'YYYY-MM-DD HH:mm')} · {place(r.jurisdiction)} ·{' '}
                  {r.participants.map((p) => p.unit).join('、')}
                </Typography.Text>
                {writer && !r.zero_report && r.registered < r.found && (
                  <Link
                    to={`/disputes/new?round=${encodeURIComponent(r.round_id)}&jurisdiction=${r.jurisdiction}`}
                  >
                    {t('screening.registerFound')}
                  </Link>
                )}
              </Space>
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}
