import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  List,
  Radio,
  Row,
  Select,
  Space,
  Spin,
  Switch,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { may } from '../../core/accounts/permissions.ts';
import type { DisputeDetail } from '../../core/api/disputes.ts';
import {
  ANSWER_DECISIONS,
  EVALUATIONS,
  MEDIATION_METHODS,
  MEDIATION_OUTCOMES,
  REVIEW_DECISIONS,
  REVIEW_KINDS,
  TIERS,
} from '../../core/dispute/dispute.events.ts';
import { RISKS } from '../../core/dispute/dispute.facts.ts';
import { useMe } from '../App.tsx';
import { ApiError, type Appended, api } from '../api.ts';
import { useIntent } from '../intent.ts';
import { useJurisdictionName } from '../jurisdictions.ts';
import { useLive } from '../live.ts';
import { dutyTitle, usePlan } from '../plans.ts';
import { beijing, dayjs, span, TZ } from '../time.ts';
import { Unsent } from '../Unsent.tsx';
import { useNow } from '../useNow.ts';
import { DisputeContacts } from './DisputeContacts.tsx';
import { FindingsTable } from './Findings.tsx';
import { authorText } from './IncidentTimeline.tsx';
import { RISK_COLOURS } from './Ledger.tsx';

type Values = Record<string, unknown>;
type Field =
  | { name: string; kind: 'text' | 'textarea' | 'date' | 'datetime' | 'bool' | 'number'; required?: boolean }
  | { name: string; kind: 'select'; options: readonly string[]; ns: string; required?: boolean };

interface Spec {
  type: string;
  fields: Field[];
  /** an agreement's clauses */
  clauses?: boolean;
  data?: (v: Values, intentId: string) => Values;
}

/**
 * A form's values as kept with its intent (JSON, to survive a reload): a picked time as its
 * Beijing wall time, YYYY-MM-DDTHH:mm:ss.
 */
function plain(v: unknown): unknown {
  if (dayjs.isDayjs(v)) return (v as Dayjs).format('YYYY-MM-DDTHH:mm:ss');
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}
/** A kept wall time as the instant it is in Beijing. */
const instant = (v: unknown) => (typeof v === 'string' && v ? dayjs.tz(v, TZ).format() : undefined);
/** A kept day as its end (24:00 in Beijing): what "by the 20th" means. */
const endOfDay = (v: unknown) =>
  typeof v === 'string' && v ? dayjs.tz(v.slice(0, 10), TZ).endOf('day').format() : undefined;

const sel = (name: string, options: readonly string[], ns: string, required = true): Field => ({
  name,
  kind: 'select',
  options,
  ns,
  required,
});

/** What is recorded in a dispute, in the order the work goes; the server's rules answer each. */
const SPECS: Spec[] = [
  { type: 'dispute.accepted', fields: [{ name: 'note', kind: 'textarea' }] },
  {
    type: 'dispute.not_accepted',
    fields: [
      { name: 'reason', kind: 'textarea', required: true },
      { name: 'routesTold', kind: 'textarea', required: true },
    ],
  },
  {
    type: 'dispute.assigned',
    fields: [
      { name: 'unit', kind: 'text', required: true },
      { name: 'leadPosition', kind: 'text', required: true },
      sel('tier', TIERS, 'tier'),
      { name: 'dueAt', kind: 'date' },
      { name: 'note', kind: 'textarea' },
    ],
    data: (v) => ({ ...v, dueAt: endOfDay(v.dueAt) }),
  },
  {
    type: 'dispute.assessed',
    fields: [
      { name: 'people', kind: 'number' },
      { name: 'households', kind: 'number' },
      { name: 'amount', kind: 'number' },
      { name: 'collective', kind: 'bool' },
      sel('risk', RISKS, 'risk'),
      { name: 'basis', kind: 'textarea', required: true },
    ],
    data: (v) => ({
      facts: Object.fromEntries(
        ['people', 'households', 'amount', 'collective']
          .filter((k) => v[k] !== undefined && v[k] !== null)
          .map((k) => [k, v[k]]),
      ),
      risk: v.risk,
      basis: v.basis,
    }),
  },
  {
    type: 'mediation.held',
    fields: [
      { name: 'mediator', kind: 'text', required: true },
      sel('method', MEDIATION_METHODS, 'method'),
      { name: 'public', kind: 'bool' },
      sel('outcome', MEDIATION_OUTCOMES, 'outcome'),
      { name: 'summary', kind: 'textarea', required: true },
      { name: 'refusedBy', kind: 'text' },
      { name: 'routesTold', kind: 'textarea' },
    ],
    data: (v, id) => ({ ...v, public: v.public === true, sessionId: `s-${id}` }),
  },
  {
    type: 'agreement.reached',
    fields: [sel('form', ['written', 'oral'], 'form')],
    clauses: true,
    data: (v, id) => ({
      agreementId: `a-${id}`,
      form: v.form,
      clauses: ((v.clauses as Values[] | undefined) ?? []).map((c, i) => ({
        commitmentId: `a-${id}-${i + 1}`,
        text: c.text,
        method: c.method,
        owner: c.owner,
        dueAt: endOfDay(c.dueAt),
      })),
    }),
  },
  {
    type: 'answer.issued',
    fields: [
      sel('decision', ANSWER_DECISIONS, 'decision'),
      { name: 'request', kind: 'textarea', required: true },
      { name: 'facts', kind: 'textarea', required: true },
      { name: 'reasons', kind: 'textarea', required: true },
      { name: 'legalBasis', kind: 'textarea', required: true },
    ],
    data: (v, id) => ({ ...v, answerId: `ans-${id}` }),
  },
  {
    type: 'extension.approved',
    fields: [
      { name: 'days', kind: 'number', required: true },
      { name: 'approvedBy', kind: 'text', required: true },
      { name: 'reason', kind: 'textarea', required: true },
      { name: 'noticeGivenAt', kind: 'datetime', required: true },
    ],
    data: (v) => ({ ...v, noticeGivenAt: instant(v.noticeGivenAt) }),
  },
  { type: 'progress.noted', fields: [{ name: 'text', kind: 'textarea', required: true }] },
  {
    type: 'commitment.made',
    fields: [
      { name: 'text', kind: 'textarea', required: true },
      { name: 'owner', kind: 'text', required: true },
      { name: 'dueAt', kind: 'date', required: true },
    ],
    data: (v, id) => ({ ...v, commitmentId: `c-${id}`, dueAt: endOfDay(v.dueAt) }),
  },
  {
    type: 'review.requested',
    fields: [sel('kind', REVIEW_KINDS, 'reviewKind'), { name: 'request', kind: 'textarea', required: true }],
  },
  {
    type: 'review.decided',
    fields: [
      sel('kind', REVIEW_KINDS, 'reviewKind'),
      sel('decision', REVIEW_DECISIONS, 'reviewDecision'),
      { name: 'reasons', kind: 'textarea', required: true },
      { name: 'legalBasis', kind: 'textarea', required: true },
    ],
  },
  {
    type: 'visit.made',
    fields: [
      sel('method', ['in_person', 'phone', 'online'], 'visitMethod'),
      { name: 'summary', kind: 'textarea', required: true },
      sel('evaluation', EVALUATIONS, 'evaluation', false),
      { name: 'said', kind: 'textarea' },
    ],
  },
  { type: 'dispute.resolved', fields: [{ name: 'summary', kind: 'textarea', required: true }] },
  {
    type: 'dispute.ended',
    fields: [
      { name: 'reason', kind: 'textarea', required: true },
      { name: 'routesTold', kind: 'textarea', required: true },
    ],
  },
  { type: 'dispute.settled', fields: [{ name: 'note', kind: 'textarea' }] },
];

/** The values of a form without what was left empty. */
const filled = (v: Values): Values =>
  Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== null && x !== ''));

/** 矛盾纠纷: its facts, 包案, clocks, commitments, linked incidents, what to record, and its log. */
export default function Dispute() {
  const { caseId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const me = useMe();
  const now = useNow();
  const place = useJurisdictionName();
  useLive();
  const q = useQuery({
    queryKey: ['dispute', caseId],
    queryFn: () => api<DisputeDetail>('GET', `/api/disputes/${caseId}`),
  });
  const d = q.data?.dispute;
  const plan = usePlan(d?.plan_id, d?.plan_version ?? undefined).data;
  if (q.isPending) return <Spin />;
  if (q.isError || !q.data || !d)
    return <Alert type="error" title={(q.error as Error | null)?.message ?? ''} />;
  const detail = q.data;
  const writer = me.data ? may(me.data.user.role, 'case.record') : false;
  const lang = i18n.language;
  const ids = new Set(detail.events.map((e) => e.id));
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} lg={14}>
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Card
            size="small"
            title={
              <Space wrap>
                <span data-testid="dispute-title">{d.title}</span>
                <Tag data-testid="dispute-status">{t(`d.status.${d.status}`)}</Tag>
                {d.risk && (
                  <Tag color={RISK_COLOURS[d.risk]} data-testid="dispute-risk">
                    {t('dispute.risk')} {t(`d.risk.${d.risk}`)}
                  </Tag>
                )}
              </Space>
            }
          >
            <Typography.Paragraph>{d.summary}</Typography.Paragraph>
            <Descriptions size="small" column={{ xs: 1, sm: 2 }} data-testid="dispute-facts">
              <Descriptions.Item label={t('df.category')}>{t(`d.category.${d.category}`)}</Descriptions.Item>
              <Descriptions.Item label={t('df.source')}>{t(`d.source.${d.source}`)}</Descriptions.Item>
              {d.people !== null && <Descriptions.Item label={t('df.people')}>{d.people}</Descriptions.Item>}
              {d.households !== null && (
                <Descriptions.Item label={t('df.households')}>{d.households}</Descriptions.Item>
              )}
              {d.amount !== null && <Descriptions.Item label={t('df.amount')}>{d.amount}</Descriptions.Item>}
              {d.unit && <Descriptions.Item label={t('df.unit')}>{d.unit}</Descriptions.Item>}
              {d.lead_position && (
                <Descriptions.Item label={t('df.leadPosition')}>{d.lead_position}</Descriptions.Item>
              )}
              {d.tier && <Descriptions.Item label={t('df.tier')}>{t(`d.tier.${d.tier}`)}</Descriptions.Item>}
              {d.due_at && (
                <Descriptions.Item label={t('df.dueAt')}>{beijing(d.due_at, 'YYYY-MM-DD')}</Descriptions.Item>
              )}
              <Descriptions.Item label={t('ledger.jurisdiction')}>{place(d.jurisdiction)}</Descriptions.Item>
            </Descriptions>
          </Card>
          <Card size="small" title={t('dispute.clocks')}>
            <List
              data-testid="dispute-clocks"
              dataSource={detail.duties}
              locale={{ emptyText: '—' }}
              renderItem={(x) => {
                const left = Date.parse(x.due_at) - now;
                const late = x.status === 'missed' || (x.status === 'open' && left < 0);
                const commitment = x.duty_id.startsWith('commitment:')
                  ? detail.commitments.find((c) => `commitment:${c.commitment_id}` === x.duty_id)
                  : undefined;
                return (
                  <List.Item data-testid="dispute-clock">
                    <Space wrap>
                      <span>
                        {commitment
                          ? `${t('overdue.commitment')}：${commitment.text}`
                          : dutyTitle(plan, x.duty_id)}
                      </span>
                      <Tag color={x.status === 'met' ? 'green' : late ? 'red' : 'blue'}>
                        {x.status === 'met'
                          ? t('duty.met')
                          : late
                            ? t('board.overdueBy', { d: span(-left, lang) })
                            : t('board.dueIn', { d: span(left, lang) })}
                      </Tag>
                      <Typography.Text type="secondary">
                        {beijing(x.due_at, 'YYYY-MM-DD HH:mm')}
                      </Typography.Text>
                    </Space>
                  </List.Item>
                );
              }}
            />
          </Card>
          <Card size="small" title={t('dispute.commitments')}>
            <List
              data-testid="dispute-commitments"
              dataSource={detail.commitments}
              locale={{ emptyText: '—' }}
              renderItem={(c) => (
                <List.Item data-testid="dispute-commitment" data-commitment={c.commitment_id}>
                  <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                    <Space wrap>
                      <span>{c.text}</span>
                      <Typography.Text type="secondary">
                        {c.owner} · {t('dispute.due', { d: beijing(c.due_at, 'YYYY-MM-DD') })}
                      </Typography.Text>
                      <Tag color={c.fulfilled_at ? 'green' : c.discharged_at ? 'default' : 'orange'}>
                        {c.fulfilled_at
                          ? t('dispute.fulfilled')
                          : c.discharged_at
                            ? t('dispute.discharged')
                            : t('dispute.open')}
                      </Tag>
                    </Space>
                    {writer && !c.fulfilled_at && !c.discharged_at && d.status !== 'settled' && (
                      <CommitmentActions
                        caseId={caseId}
                        commitmentId={String(c.commitment_id)}
                        recorded={ids}
                      />
                    )}
                  </Space>
                </List.Item>
              )}
            />
          </Card>
          <Card
            size="small"
            title={t('dispute.incidents')}
            extra={
              writer && d.status !== 'settled' ? (
                <Link to={`/report?dispute=${caseId}`}>{t('dispute.reportIncident')}</Link>
              ) : null
            }
          >
            {detail.incidents.length === 0 ? (
              <Typography.Text type="secondary">{t('dispute.noIncidents')}</Typography.Text>
            ) : (
              <List
                data-testid="dispute-incidents"
                dataSource={detail.incidents}
                renderItem={(i) => (
                  <List.Item>
                    <Space wrap>
                      <Link to={`/incidents/${i.case_id}`}>{i.title}</Link>
                      <Tag>{t(`status.${i.status}`)}</Tag>
                      <Typography.Text type="secondary">{beijing(i.reported_at)}</Typography.Text>
                    </Space>
                  </List.Item>
                )}
              />
            )}
          </Card>
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
          <Card size="small" title={t('dispute.timeline')}>
            <Timeline
              data-testid="dispute-timeline"
              items={[...detail.events].reverse().map((e) => ({
                key: e.id,
                color: e.type === 'duty.missed' ? 'red' : e.type.startsWith('duty.') ? 'gray' : 'blue',
                content: (
                  <Space orientation="vertical" size={0}>
                    <Typography.Text strong>
                      {e.type === 'duty.met' && Number(e.data.lateSeconds) > 0
                        ? t('dispute.metLate')
                        : t(`de.${e.type}`, { defaultValue: e.type })}
                      {e.type.startsWith('duty.') && typeof e.data.dutyId === 'string'
                        ? `：${dutyTitle(plan, e.data.dutyId)}`
                        : ''}
                    </Typography.Text>
                    <Typography.Text type="secondary">
                      {beijing(e.occurredAt, 'YYYY-MM-DD HH:mm')}
                      {e.actor.role !== 'system' && (
                        <span data-testid="entry-author"> · {authorText(e.actor, t)}</span>
                      )}
                    </Typography.Text>
                    <EventText data={e.data} />
                  </Space>
                ),
              }))}
            />
          </Card>
        </Space>
      </Col>
    </Row>
  );
}

/** The words of an event: its text fields, shortened. */
function EventText({ data }: { data: Record<string, unknown> }) {
  const text = ['summary', 'text', 'note', 'reason', 'basis', 'unit', 'leadPosition', 'said', 'evidence']
    .map((k) => data[k])
    .filter((x): x is string => typeof x === 'string')
    .join(' · ');
  return text ? (
    <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{text.slice(0, 300)}</Typography.Text>
  ) : null;
}

/** Fulfil a commitment (with what was done), or discharge it (with why). */
function CommitmentActions({
  caseId,
  commitmentId,
  recorded,
}: {
  caseId: string;
  commitmentId: string;
  recorded: ReadonlySet<string>;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [mode, setMode] = useState<'fulfil' | 'discharge' | null>(null);
  const [text, setText] = useState('');
  const type = mode === 'discharge' ? 'commitment.discharged' : 'commitment.fulfilled';
  const send = useIntent<Values, Appended>({
    key: `${caseId}:${commitmentId}:${mode ?? 'fulfil'}`,
    recorded,
    send: ({ id, values }) => api('POST', `/api/disputes/${caseId}/events/${type}`, { id, data: values }),
    onSuccess: () => {
      setMode(null);
      setText('');
      void qc.invalidateQueries({ queryKey: ['dispute', caseId] });
    },
  });
  if (!mode)
    return (
      <Space>
        <Button size="small" type="primary" onClick={() => setMode('fulfil')}>
          {t('dispute.fulfil')}
        </Button>
        <Button size="small" onClick={() => setMode('discharge')}>
          {t('dispute.discharge')}
        </Button>
      </Space>
    );
  const refused = send.error instanceof ApiError && !send.unsent ? send.error : null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="commitment-action">
      <Input.TextArea
        autoSize
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={mode === 'fulfil' ? t('dispute.evidence') : t('dispute.dischargeReason')}
        aria-label={mode === 'fulfil' ? t('dispute.evidence') : t('dispute.dischargeReason')}
      />
      {refused && <Alert type="error" title={refused.message} />}
      {send.unsent && <Unsent error={send.error} onDiscard={send.discard} />}
      <Space>
        <Button
          size="small"
          type="primary"
          loading={send.sending}
          disabled={!text.trim()}
          onClick={() =>
            send.submit(mode === 'fulfil' ? { commitmentId, evidence: text } : { commitmentId, reason: text })
          }
        >
          {t('cmd.submit')}
        </Button>
        <Button size="small" onClick={() => setMode(null)}>
          ×
        </Button>
      </Space>
    </Space>
  );
}

/** Every kind of entry one touch away; each form is its own intent. */
function DisputeForms({ caseId, recorded }: { caseId: string; recorded: ReadonlySet<string> }) {
  const { t } = useTranslation();
  const [active, setActive] = useState(SPECS[0]?.type ?? '');
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Radio.Group
        value={active}
        onChange={(e) => setActive(e.target.value)}
        optionType="button"
        buttonStyle="solid"
        size="small"
        data-testid="dispute-form-picker"
        style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}
        options={SPECS.map((s) => ({ value: s.type, label: t(`de.${s.type}`) }))}
      />
      {SPECS.map((s) => (
        <div key={s.type} style={{ display: s.type === active ? undefined : 'none' }}>
          <OneForm caseId={caseId} spec={s} recorded={recorded} />
        </div>
      ))}
    </Space>
  );
}

function control(f: Field, t: (k: string) => string) {
  switch (f.kind) {
    case 'text':
      return <Input />;
    case 'textarea':
      return <Input.TextArea autoSize={{ minRows: 1, maxRows: 6 }} />;
    case 'number':
      return <InputNumber min={0} style={{ width: '100%' }} inputMode="numeric" />;
    case 'bool':
      return <Switch />;
    case 'date':
      return <DatePicker style={{ width: '100%' }} />;
    case 'datetime':
      return (
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
      );
    case 'select':
      return <Select options={f.options.map((o) => ({ value: o, label: t(`d.${f.ns}.${o}`) }))} />;
  }
}

function OneForm({ caseId, spec, recorded }: { caseId: string; spec: Spec; recorded: ReadonlySet<string> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const send = useIntent<Values, Appended>({
    key: `${caseId}:d:${spec.type}`,
    recorded,
    send: ({ id, values }) =>
      api('POST', `/api/disputes/${caseId}/events/${spec.type}`, {
        id,
        data: filled(spec.data ? spec.data(values, id) : values),
      }),
    onSuccess: () => {
      void message.success(t('cmd.recorded'));
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['dispute', caseId] });
    },
    onError: (e) => {
      if (!(e instanceof ApiError)) return;
      const names = new Set(spec.fields.map((f) => f.name));
      form.setFields(
        e.issues.flatMap((i) => {
          const name = i.path.split('.').pop() ?? '';
          return names.has(name) ? [{ name, errors: [i.message] }] : [];
        }),
      );
    },
  });
  const refused = send.error instanceof ApiError && !send.unsent ? send.error : null;
  return (
    <Form
      form={form}
      layout="vertical"
      size="small"
      name={spec.type.replace('.', '_')}
      data-testid={`dform-${spec.type}`}
      initialValues={spec.clauses ? { clauses: [{}], form: 'written' } : {}}
      onFinish={(v: Values) => send.submit(filled(plain(v) as Values))}
    >
      {spec.fields.map((f) => (
        <Form.Item
          key={f.name}
          name={f.name}
          label={t(`df.${f.name}`, { defaultValue: f.name })}
          valuePropName={f.kind === 'bool' ? 'checked' : 'value'}
          rules={f.kind !== 'bool' && f.required ? [{ required: true, message: t('cmd.required') }] : []}
        >
          {control(f, t)}
        </Form.Item>
      ))}
      {spec.clauses && (
        <Form.List name="clauses">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, n) => (
                <Card
                  key={f.key}
                  size="small"
                  title={t('dispute.clause', { n: n + 1 })}
                  style={{ marginBottom: 8 }}
                  data-testid="clause"
                  extra={
                    fields.length > 1 ? (
                      <Button size="small" onClick={() => remove(f.name)}>
                        ×
                      </Button>
                    ) : null
                  }
                >
                  <Form.Item
                    name={[f.name, 'text']}
                    label={t('df.text')}
                    rules={[{ required: true, message: t('cmd.required') }]}
                  >
                    <Input.TextArea autoSize />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'method']}
                    label={t('df.clauseMethod')}
                    rules={[{ required: true, message: t('cmd.required') }]}
                  >
                    <Input />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'owner']}
                    label={t('df.owner')}
                    rules={[{ required: true, message: t('cmd.required') }]}
                  >
                    <Input />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'dueAt']}
                    label={t('df.dueAt')}
                    rules={[{ required: true, message: t('cmd.required') }]}
                  >
                    <DatePicker style={{ width: '100%' }} />
                  </Form.Item>
                </Card>
              ))}
              <Button size="small" onClick={() => add({})} style={{ marginBottom: 12 }}>
                {t('dispute.addClause')}
              </Button>
            </>
          )}
        </Form.List>
      )}
      {refused && <Alert type="error" title={refused.message} style={{ marginBottom: 12 }} />}
      {send.unsent && <Unsent error={send.error} onDiscard={send.discard} />}
      <Button type="primary" htmlType="submit" loading={send.sending} block>
        {t('cmd.submit')}
      </Button>
    </Form>
  );
}
