import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Badge,
  Button,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Switch,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TREE_LEVELS } from '../../core/accounts/accounts.ts';
import { SITREP_FIELDS } from '../../core/incident/incident.events.ts';
import type { Plan } from '../../core/plan/plan.schema.ts';
import { ApiError, type Appended, api, type CaseParts, type IncidentDetail } from '../api.ts';
import { recordedIds, useIntent, usePendingIntents } from '../intent.ts';
import { beijing, dayjs, TZ } from '../time.ts';
import { Unsent } from '../Unsent.tsx';

type Field =
  | { name: string; kind: 'text' | 'textarea'; required?: boolean }
  | { name: string; kind: 'number'; required?: boolean }
  | { name: string; kind: 'bool' }
  /** a time, picked and shown as Beijing wall time */
  | { name: string; kind: 'datetime'; required?: boolean }
  | { name: string; kind: 'select'; options: readonly string[]; required?: boolean }
  /** a choice among what the incident or its plan holds (its demands, the plan's groups) */
  | {
      name: string;
      kind: 'choice';
      choices: (d: IncidentDetail, plan: Plan | undefined) => { value: string; label: string }[];
      required?: boolean;
    };

/**
 * A form's values as they are kept with its intent (JSON, to survive a reload): a picked time
 * as its Beijing wall time, YYYY-MM-DDTHH:mm:ss.
 */
type Stored = Record<string, unknown>;
const WALL = 'YYYY-MM-DDTHH:mm:ss';
const isDayjs = (v: unknown): v is Dayjs => typeof (v as Dayjs | undefined)?.format === 'function';

/** A kept wall time in Beijing, as an instant with its offset. */
const beijingInstant = (v: unknown) => (typeof v === 'string' && v ? dayjs.tz(v, TZ).format() : undefined);

interface CommandForm {
  type: string;
  fields: Field[];
  /** the event's data from the form's kept values and the intent's id */
  data?: (v: Stored, intentId: string) => Record<string, unknown>;
}

/**
 * A new item's id, made from the intent's: unique even when two officers record in the same
 * instant, and the same in every retry.
 */
const itemId = (prefix: string, intentId: string) => `${prefix}-${intentId}`;

/** The forms of what is recorded during an incident; the server's rules answer each one. */
const FORMS: CommandForm[] = [
  {
    type: 'sitrep.submitted',
    fields: [
      {
        name: 'toLevel',
        kind: 'select',
        options: [...TREE_LEVELS].reverse(),
        required: true,
      },
      { name: 'office', kind: 'text' },
      { name: 'kind', kind: 'select', options: ['initial', 'update', 'final'], required: true },
      ...SITREP_FIELDS.map(
        (f): Field => ({ name: f, kind: f === 'participants' || f === 'onlookers' ? 'number' : 'textarea' }),
      ),
    ],
    data: (v) => ({
      to: { level: v.toLevel, ...(v.office ? { office: v.office } : {}) },
      kind: v.kind,
      fields: Object.fromEntries(
        SITREP_FIELDS.filter((f) => v[f] !== undefined && v[f] !== '').map((f) => [f, v[f]]),
      ),
    }),
  },
  {
    type: 'measure.authorized',
    fields: [
      { name: 'kind', kind: 'text', required: true },
      { name: 'legalBasis', kind: 'text' },
      { name: 'authorizedBy', kind: 'text' },
      { name: 'scope', kind: 'textarea', required: true },
      { name: 'recording', kind: 'bool' },
    ],
    data: (v, i) => ({ ...v, measureId: itemId('m', i), recording: v.recording === true }),
  },
  {
    type: 'arrival.recorded',
    fields: [
      // picked by name from the plan's positions (and units): the id a duty waits on
      {
        name: 'position',
        kind: 'choice',
        required: true,
        choices: (_, plan) =>
          plan
            ? [
                ...plan.organisation.positions,
                plan.organisation.leadingGroup,
                plan.organisation.office,
                ...plan.organisation.groups,
              ]
                .filter((u) => u !== undefined)
                .map((u) => ({ value: u.id, label: u.name }))
            : [],
      },
      { name: 'note', kind: 'text' },
    ],
  },
  {
    type: 'task.assigned',
    fields: [
      { name: 'title', kind: 'text', required: true },
      {
        name: 'group',
        kind: 'choice',
        choices: (_, plan) =>
          plan
            ? [plan.organisation.office, ...plan.organisation.groups]
                .filter((u) => u !== undefined)
                .map((u) => ({ value: u.id, label: u.name }))
            : [],
      },
      { name: 'assignee', kind: 'text' },
      { name: 'dueAt', kind: 'datetime' },
    ],
    data: (v, i) => ({ ...v, taskId: itemId('t', i), dueAt: beijingInstant(v.dueAt) }),
  },
  {
    type: 'demand.registered',
    fields: [
      { name: 'text', kind: 'textarea', required: true },
      { name: 'people', kind: 'number', required: true },
      { name: 'department', kind: 'text', required: true },
    ],
    data: (v, i) => ({ ...v, demandId: itemId('d', i) }),
  },
  {
    type: 'dialogue.held',
    fields: [
      { name: 'representatives', kind: 'number', required: true },
      { name: 'with', kind: 'text', required: true },
      { name: 'summary', kind: 'textarea', required: true },
    ],
  },
  {
    type: 'commitment.made',
    fields: [
      { name: 'text', kind: 'textarea', required: true },
      { name: 'owner', kind: 'text', required: true },
      { name: 'dueAt', kind: 'datetime', required: true },
      {
        name: 'demandId',
        kind: 'choice',
        choices: (d) => d.demands.map((x) => ({ value: String(x.demand_id), label: String(x.text) })),
      },
    ],
    data: (v, i) => ({ ...v, commitmentId: itemId('c', i), dueAt: beijingInstant(v.dueAt) }),
  },
  {
    type: 'statement.published',
    fields: [
      { name: 'channel', kind: 'text', required: true },
      { name: 'text', kind: 'textarea', required: true },
    ],
    data: (v, i) => ({ ...v, statementId: itemId('s', i) }),
  },
  {
    type: 'escalation.requested',
    fields: [
      { name: 'to', kind: 'text', required: true },
      { name: 'reason', kind: 'textarea', required: true },
    ],
  },
  { type: 'incident.stabilized', fields: [{ name: 'note', kind: 'textarea', required: true }] },
  { type: 'incident.closed', fields: [{ name: 'summary', kind: 'textarea', required: true }] },
  { type: 'incident.settled', fields: [{ name: 'note', kind: 'textarea' }] },
  { type: 'review.submitted', fields: [{ name: 'text', kind: 'textarea', required: true }] },
];

/** The situation report, filled in from what the log already says (seed 002 §5(二)). */
function sitrepDefaults(d: IncidentDetail): Record<string, unknown> {
  const reported = d.report?.data ?? {};
  const facts = (reported.facts ?? {}) as Record<string, unknown>;
  const location = (reported.location ?? {}) as { text?: string };
  const measures = d.measures.map((m) => `${String(m.kind)}（${String(m.legal_basis)}）`);
  const sent = d.sitrepSent;
  return {
    kind: sent ? 'update' : 'initial',
    toLevel: 'town',
    time:
      typeof reported.startedAt === 'string' ? beijing(reported.startedAt, 'YYYY-MM-DD HH:mm') : undefined,
    place: location.text,
    source: reported.source,
    participants: facts.participants,
    onlookers: facts.onlookers,
    casualties:
      facts.injured !== undefined || facts.dead !== undefined
        ? `伤 ${String(facts.injured ?? 0)}，亡 ${String(facts.dead ?? 0)}`
        : undefined,
    scene: reported.summary,
    measures: measures.length ? measures.join('；') : undefined,
  };
}

function control(
  f: Field,
  t: (k: string, o?: { defaultValue: string }) => string,
  d: IncidentDetail,
  plan: Plan | undefined,
) {
  switch (f.kind) {
    case 'datetime':
      return (
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
      );
    case 'choice':
      return <Select allowClear options={f.choices(d, plan)} />;
    case 'text':
      return <Input />;
    case 'textarea':
      return <Input.TextArea autoSize={{ minRows: 1, maxRows: 6 }} />;
    case 'number':
      return <InputNumber min={0} precision={0} style={{ width: '100%' }} />;
    case 'bool':
      return <Switch />;
    case 'select':
      return (
        <Select
          options={f.options.map((o) => ({ value: o, label: t(`fields.options.${o}`, { defaultValue: o }) }))}
        />
      );
  }
}

/** The form's values as kept with the intent, and back. */
function toStored(v: Record<string, unknown>): Stored {
  return Object.fromEntries(
    Object.entries(v)
      .filter(([, x]) => x !== undefined && x !== null && x !== '')
      .map(([k, x]) => [k, isDayjs(x) ? x.format(WALL) : x]),
  );
}
function fromStored(spec: CommandForm, v: Stored): Record<string, unknown> {
  const times = new Set(spec.fields.filter((f) => f.kind === 'datetime').map((f) => f.name));
  return Object.fromEntries(
    Object.entries(v).map(([k, x]) => [k, times.has(k) && typeof x === 'string' ? dayjs(x) : x]),
  );
}

const intentKey = (caseId: string, type: string) => `${caseId}:${type}`;

export function CommandForms({ caseId, detail, plan }: CaseParts) {
  const { t } = useTranslation();
  // a form whose sending was not confirmed is marked, and the first of them opens
  const pending = usePendingIntents(`${caseId}:`);
  const [active, setActive] = useState(
    () => FORMS.find((f) => pending.has(intentKey(caseId, f.type)))?.type ?? FORMS[0]?.type ?? '',
  );
  // every kind of entry in view at once (they wrap), one touch away on a phone
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Radio.Group
        value={active}
        onChange={(e) => setActive(e.target.value)}
        optionType="button"
        buttonStyle="solid"
        size="small"
        data-testid="form-picker"
        style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}
        options={FORMS.map((f) => ({
          value: f.type,
          label: pending.has(intentKey(caseId, f.type)) ? (
            <Badge dot offset={[4, -2]} title={t('intent.pending')}>
              <span style={{ color: 'inherit' }}>{t(`events.${f.type}`)}</span>
            </Badge>
          ) : (
            t(`events.${f.type}`)
          ),
        }))}
      />
      {/* every form stays mounted: what was typed in one survives a look at another */}
      {FORMS.map((f) => (
        <div key={f.type} style={{ display: f.type === active ? undefined : 'none' }}>
          <OneForm caseId={caseId} form={f} detail={detail} plan={plan} />
        </div>
      ))}
    </Space>
  );
}

function OneForm({
  caseId,
  form: spec,
  detail,
  plan,
}: {
  caseId: string;
  form: CommandForm;
  detail: IncidentDetail;
  plan: Plan | undefined;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const send = useIntent<Stored, Appended>({
    key: intentKey(caseId, spec.type),
    recorded: recordedIds(detail),
    send: ({ id, values }) =>
      api('POST', `/api/incidents/${caseId}/events/${spec.type}`, {
        id,
        data: spec.data ? spec.data(values, id) : values,
      }),
    onSuccess: () => {
      void message.success(t('cmd.recorded'));
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['incident', caseId] });
    },
    onError: (e) => {
      if (!(e instanceof ApiError)) return;
      // the server's issues by the fields they concern (data.legalBasis → legalBasis)
      const names = new Set(spec.fields.map((f) => f.name));
      form.setFields(
        e.issues.flatMap((i) => {
          const name = i.path.split('.').pop() ?? '';
          return names.has(name) ? [{ name, errors: [i.message] }] : [];
        }),
      );
    },
  });
  // what was being sent when the page was left comes back into the form
  useEffect(() => {
    if (send.restored) form.setFieldsValue(fromStored(spec, send.restored.values));
  }, [form, spec, send.restored]);
  const refused = send.error instanceof ApiError && !send.unsent ? send.error : null;
  const unplaced =
    refused && !refused.issues.some((i) => spec.fields.some((f) => f.name === i.path.split('.').pop()));
  return (
    <Form
      form={form}
      layout="vertical"
      size="small"
      initialValues={spec.type === 'sitrep.submitted' ? sitrepDefaults(detail) : {}}
      onFinish={(v) => send.submit(toStored(v))}
      data-testid={`form-${spec.type}`}
      // field ids are name_field: unique across the forms, so each label finds its own input
      name={spec.type.replace('.', '_')}
    >
      {spec.fields.map((f) => (
        <Form.Item
          key={f.name}
          name={f.name}
          label={t(`fields.${f.name}`, { defaultValue: f.name })}
          valuePropName={f.kind === 'bool' ? 'checked' : 'value'}
          rules={'required' in f && f.required ? [{ required: true, message: t('cmd.required') }] : []}
        >
          {control(f, t, detail, plan)}
        </Form.Item>
      ))}
      {unplaced && <Alert type="error" title={refused.message} style={{ marginBottom: 12 }} />}
      {send.unsent && <Unsent error={send.error} onDiscard={send.discard} />}
      <Button type="primary" htmlType="submit" loading={send.sending}>
        {t('cmd.submit')}
      </Button>
    </Form>
  );
}
