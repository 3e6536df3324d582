import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Select,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { may } from '../../core/accounts/permissions.ts';
import type { JurisdictionList } from '../../core/api/accounts.ts';
import type { DisputeList } from '../../core/api/disputes.ts';
import { DISPUTE_CATEGORIES, DISPUTE_SOURCES, SIDE_KINDS, TIERS } from '../../core/dispute/dispute.events.ts';
import { RISKS } from '../../core/dispute/dispute.facts.ts';
import { useMe } from '../App.tsx';
import { ApiError, api } from '../api.ts';
import { useIntent } from '../intent.ts';
import { useJurisdictionName } from '../jurisdictions.ts';
import { beijing, serverNow } from '../time.ts';
import { Unsent } from '../Unsent.tsx';

const STATUSES = ['registered', 'accepted', 'not_accepted', 'resolved', 'ended', 'settled'] as const;
export const RISK_COLOURS: Record<string, string> = { high: 'red', medium: 'orange', low: 'green' };

interface Filters {
  q?: string;
  status?: string;
  risk?: string;
  category?: string;
  tier?: string;
  source?: string;
  unit?: string;
  lead?: string;
  from?: string;
  to?: string;
  overdue?: boolean;
}

/** The query string of the filters set (the list and its Excel export use the same). */
function queryOf(f: Filters): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f))
    if (v !== undefined && v !== '' && v !== false) p.set(k, v === true ? 'true' : String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** 矛盾纠纷台账: the disputes of the user's jurisdiction and below, filtered, searched, exported. */
export default function Ledger() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<Filters>({});
  const qs = queryOf(filters);
  const ledger = useQuery({
    queryKey: ['disputes', qs],
    queryFn: () => api<DisputeList>('GET', `/api/disputes${qs}`),
  });
  const now = serverNow();
  const place = useJurisdictionName();
  const me = useMe();
  const writer = me.data ? may(me.data.user.role, 'case.record') : false;
  const opts = (values: readonly string[], ns: string) =>
    values.map((v) => ({ value: v, label: t(`d.${ns}.${v}`) }));
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        size="small"
        title={t('ledger.title')}
        extra={
          <Space wrap>
            {writer && (
              <Link to="/disputes/new">
                <Button type="primary" size="small">
                  {t('ledger.register')}
                </Button>
              </Link>
            )}
            <Button size="small" href={`/api/disputes.xlsx${qs}`} data-testid="export">
              {t('ledger.export')}
            </Button>
          </Space>
        }
      >
        <Form
          layout="inline"
          size="small"
          onValuesChange={(_, all: Filters) => setFilters(all)}
          data-testid="ledger-filters"
          style={{ rowGap: 8 }}
        >
          <Form.Item name="q">
            <Input.Search allowClear placeholder={t('ledger.search')} style={{ width: 220 }} />
          </Form.Item>
          {(
            [
              ['status', STATUSES, 'status'],
              ['risk', RISKS, 'risk'],
              ['category', DISPUTE_CATEGORIES, 'category'],
              ['tier', TIERS, 'tier'],
              ['source', DISPUTE_SOURCES, 'source'],
            ] as const
          ).map(([name, values, ns]) => (
            <Form.Item key={name} name={name}>
              <Select
                allowClear
                placeholder={t(name === 'status' ? 'ledger.status' : `df.${name}`)}
                options={opts(values, ns)}
                style={{ minWidth: 120 }}
                aria-label={t(name === 'status' ? 'ledger.status' : `df.${name}`)}
              />
            </Form.Item>
          ))}
          <Form.Item name="unit">
            <Input allowClear placeholder={t('df.unit')} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="lead">
            <Input allowClear placeholder={t('df.leadPosition')} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="from" label={t('ledger.from')}>
            <Input type="date" style={{ width: 150 }} />
          </Form.Item>
          <Form.Item name="to" label={t('ledger.to')}>
            <Input type="date" style={{ width: 150 }} />
          </Form.Item>
          <Form.Item name="overdue" label={t('ledger.overdueOnly')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Card>
      {ledger.isError && <Alert type="error" title={(ledger.error as Error).message} />}
      <List
        data-testid="ledger"
        locale={{ emptyText: <Empty description={t('ledger.none')} /> }}
        dataSource={ledger.data?.disputes ?? []}
        renderItem={(d) => {
          const late =
            d.due_at !== null && Date.parse(d.due_at) < now && ['registered', 'accepted'].includes(d.status);
          return (
            <List.Item data-testid="dispute" data-case={d.case_id}>
              <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                <Space wrap>
                  {d.risk && (
                    <Tag color={RISK_COLOURS[d.risk]} data-testid="risk">
                      {t('dispute.risk')} {t(`d.risk.${d.risk}`)}
                    </Tag>
                  )}
                  <Link to={`/disputes/${d.case_id}`} style={{ fontWeight: 600 }}>
                    {d.title}
                  </Link>
                  <Tag>{t(`d.status.${d.status}`)}</Tag>
                  {late && <Tag color="red">{t('overdue.title')}</Tag>}
                </Space>
                <Typography.Text type="secondary">
                  {[
                    place(d.jurisdiction),
                    t(`d.category.${d.category}`),
                    t(`d.source.${d.source}`),
                    d.people !== null ? t('ledger.people', { n: d.people }) : null,
                    d.unit ? `${d.unit}${d.lead_position ? ` · ${d.lead_position}` : ''}` : null,
                    t('ledger.registered', { d: beijing(d.registered_at, 'YYYY-MM-DD') }),
                    d.due_at ? t('ledger.due', { d: beijing(d.due_at, 'YYYY-MM-DD') }) : null,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </Typography.Text>
              </Space>
            </List.Item>
          );
        }}
      />
    </Space>
  );
}

interface RegisterValues {
  jurisdiction?: string;
  title: string;
  summary: string;
  source: string;
  category: string;
  people?: number;
  households?: number;
  amount?: number;
  department?: string;
  sides: { kind: string; description: string }[];
}

/**
 * 登记矛盾纠纷: one column on a phone. From a screening round (?round=…&jurisdiction=…) the
 * source is 排查 and the round is named; from an incident (?incident=…) the source is 事件转入.
 */
export function RegisterDispute() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const me = useMe();
  const [params] = useSearchParams();
  const round = params.get('round');
  const incident = params.get('incident');
  const [form] = Form.useForm<RegisterValues>();
  // the case the server made for the registration (a retry is answered with the same)
  const registered = useRef<string | null>(null);
  const tree = useQuery({
    queryKey: ['jurisdictions'],
    queryFn: () => api<JurisdictionList>('GET', '/api/jurisdictions'),
    select: (r) => r.jurisdictions.filter((j) => j.plan),
  });
  const send = useIntent<RegisterValues, { caseId: string; duplicate: boolean }>({
    key: `dispute-register${round ? `:${round}` : ''}${incident ? `:${incident}` : ''}`,
    send: ({ id, values: v }) =>
      api<{ caseId: string; duplicate: boolean }>('POST', '/api/disputes', {
        id,
        ...(v.jurisdiction ? { jurisdiction: v.jurisdiction } : {}),
        data: {
          title: v.title,
          summary: v.summary,
          source: v.source,
          category: v.category,
          facts: Object.fromEntries(
            (['people', 'households', 'amount'] as const)
              .filter((k) => typeof v[k] === 'number')
              .map((k) => [k, v[k]]),
          ),
          sides: v.sides,
          ...(v.department ? { department: v.department } : {}),
          ...(round ? { screeningRoundId: round } : {}),
          ...(incident ? { fromIncident: incident } : {}),
        },
      }).then((r) => {
        registered.current = r.caseId;
        return r;
      }),
    onSuccess: () => {
      void message.success(t('cmd.recorded'));
      if (registered.current) navigate(`/disputes/${registered.current}`);
    },
    onError: (e) => {
      if (!(e instanceof ApiError)) return;
      form.setFields(
        e.issues.flatMap((i) => {
          const path = i.path.replace(/^data\.(facts\.)?/, '').split('.');
          const name = path.map((x) => (/^\d+$/.test(x) ? Number(x) : x));
          return name[0] ? [{ name: name as never, errors: [i.message] }] : [];
        }),
      );
    },
  });
  const refused = send.error instanceof ApiError && !send.unsent ? send.error : null;
  const opts = (values: readonly string[], ns: string) =>
    values.map((v) => ({ value: v, label: t(`d.${ns}.${v}`) }));
  return (
    <Card size="small" title={t('ledger.register')} style={{ maxWidth: 640 }}>
      {round && <Alert type="info" title={t('ledger.fromRound', { round })} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        name="register"
        initialValues={{
          jurisdiction: params.get('jurisdiction') ?? me.data?.user.jurisdiction,
          source: round ? 'screening' : incident ? 'incident' : undefined,
          sides: [{ kind: 'group', description: '' }],
        }}
        onFinish={(v) => send.submit(v)}
        data-testid="register-dispute"
      >
        <Form.Item name="jurisdiction" label={t('ledger.jurisdiction')}>
          <Select
            options={(tree.data ?? []).map((j) => ({ value: j.code, label: j.name }))}
            showSearch
            optionFilterProp="label"
          />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('df.title')}
          rules={[{ required: true, message: t('cmd.required') }]}
        >
          <Input maxLength={200} showCount />
        </Form.Item>
        <Form.Item
          name="summary"
          label={t('df.summary')}
          rules={[{ required: true, message: t('cmd.required') }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={4000} showCount />
        </Form.Item>
        <Space wrap style={{ width: '100%' }}>
          <Form.Item
            name="source"
            label={t('df.source')}
            rules={[{ required: true, message: t('cmd.required') }]}
          >
            <Select options={opts(DISPUTE_SOURCES, 'source')} style={{ minWidth: 140 }} />
          </Form.Item>
          <Form.Item
            name="category"
            label={t('df.category')}
            rules={[{ required: true, message: t('cmd.required') }]}
          >
            <Select options={opts(DISPUTE_CATEGORIES, 'category')} style={{ minWidth: 140 }} />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="people" label={t('df.people')}>
            <InputNumber min={0} max={1_000_000} precision={0} inputMode="numeric" />
          </Form.Item>
          <Form.Item name="households" label={t('df.households')}>
            <InputNumber min={0} max={1_000_000} precision={0} inputMode="numeric" />
          </Form.Item>
          <Form.Item name="amount" label={t('df.amount')}>
            <InputNumber min={0} max={1e12} inputMode="decimal" />
          </Form.Item>
        </Space>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('ledger.sidesHint')}
        </Typography.Paragraph>
        <Form.List name="sides">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="start" wrap style={{ width: '100%' }}>
                  <Form.Item name={[f.name, 'kind']} label={t('ledger.sideKind')}>
                    <Select options={opts(SIDE_KINDS, 'side')} style={{ width: 96 }} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'description']}
                    label={t('ledger.sideDescription')}
                    rules={[{ required: true, message: t('cmd.required') }]}
                    style={{ minWidth: 220, flex: 1 }}
                  >
                    <Input maxLength={200} />
                  </Form.Item>
                  {fields.length > 1 && (
                    <Button size="small" onClick={() => remove(f.name)} style={{ marginTop: 30 }}>
                      ×
                    </Button>
                  )}
                </Space>
              ))}
              {fields.length < 10 && (
                <Button size="small" onClick={() => add({ kind: 'group', description: '' })}>
                  {t('ledger.addSide')}
                </Button>
              )}
            </>
          )}
        </Form.List>
        <Form.Item name="department" label={t('df.department')} style={{ marginTop: 12 }}>
          <Input maxLength={200} />
        </Form.Item>
        {refused && <Alert type="error" title={refused.message} style={{ marginBottom: 12 }} />}
        {send.unsent && <Unsent error={send.error} onDiscard={send.discard} />}
        <Button type="primary" htmlType="submit" loading={send.sending} block>
          {t('ledger.register')}
        </Button>
      </Form>
    </Card>
  );
}
