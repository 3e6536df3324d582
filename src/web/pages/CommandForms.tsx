import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Form, Input, InputNumber, Radio, Select, Space, Switch } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import { SITREP_FIELDS } from '../../core/incident/incident.events.ts';
import type { Plan } from '../../core/plan/plan.schema.ts';
import { ApiError, api, type CaseParts, type IncidentDetail } from '../api.ts';
import { beijing, dayjs, TZ } from '../time.ts';

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

/** A picked wall time in Beijing, as an instant with its offset. */
const beijingInstant = (v: unknown) =>
  v && typeof (v as Dayjs).format === 'function'
    ? dayjs.tz((v as Dayjs).format('YYYY-MM-DDTHH:mm:ss'), TZ).format()
    : undefined;

interface CommandForm {
  type: string;
  fields: Field[];
  /** the event's data from the form's values */
  data?: (v: Record<string, unknown>) => Record<string, unknown>;
}

/** A new item's id: unique even when two officers record in the same instant. */
const id = (prefix: string) => `${prefix}-${uuidv7()}`;

/** The forms of what is recorded during an incident; the server's rules answer each one. */
const FORMS: CommandForm[] = [
  {
    type: 'sitrep.submitted',
    fields: [
      {
        name: 'toLevel',
        kind: 'select',
        options: ['village', 'town', 'county', 'city', 'province'],
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
    data: (v) => ({ ...v, measureId: id('m'), recording: v.recording === true }),
  },
  {
    type: 'arrival.recorded',
    fields: [
      { name: 'position', kind: 'text', required: true },
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
    data: (v) => ({ ...v, taskId: id('t'), dueAt: beijingInstant(v.dueAt) }),
  },
  {
    type: 'demand.registered',
    fields: [
      { name: 'text', kind: 'textarea', required: true },
      { name: 'people', kind: 'number', required: true },
      { name: 'department', kind: 'text', required: true },
    ],
    data: (v) => ({ ...v, demandId: id('d') }),
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
    data: (v) => ({ ...v, commitmentId: id('c'), dueAt: beijingInstant(v.dueAt) }),
  },
  {
    type: 'statement.published',
    fields: [
      { name: 'channel', kind: 'text', required: true },
      { name: 'text', kind: 'textarea', required: true },
    ],
    data: (v) => ({ ...v, statementId: id('s') }),
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
  { type: 'review.submitted', fields: [{ name: 'text', kind: 'textarea', required: true }] },
];

/** The situation report, filled in from what the log already says (seed 002 §5(二)). */
function sitrepDefaults(d: IncidentDetail): Record<string, unknown> {
  const reported = d.timeline.find((e) => e.type === 'incident.reported')?.data ?? {};
  const facts = (reported.facts ?? {}) as Record<string, unknown>;
  const location = (reported.location ?? {}) as { text?: string };
  const measures = d.timeline
    .filter((e) => e.type === 'measure.authorized')
    .map((e) => `${String(e.data.kind)}（${String(e.data.legalBasis)}）`);
  const sent = d.timeline.some((e) => e.type === 'sitrep.submitted');
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

export function CommandForms({ caseId, detail, plan }: CaseParts) {
  const { t } = useTranslation();
  const [active, setActive] = useState(FORMS[0]?.type ?? '');
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
        options={FORMS.map((f) => ({ value: f.type, label: t(`events.${f.type}`) }))}
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
  const send = useMutation({
    mutationFn: (v: Record<string, unknown>) =>
      api('POST', `/api/incidents/${caseId}/events/${spec.type}`, {
        id: uuidv7(),
        data: spec.data ? spec.data(v) : v,
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
  const unplaced =
    send.error instanceof ApiError &&
    !send.error.issues.some((i) => spec.fields.some((f) => f.name === i.path.split('.').pop()));
  return (
    <Form
      form={form}
      layout="vertical"
      size="small"
      initialValues={spec.type === 'sitrep.submitted' ? sitrepDefaults(detail) : {}}
      onFinish={(v) =>
        send.mutate(Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== '')))
      }
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
      {unplaced && send.error && (
        <Alert type="error" title={send.error.message} style={{ marginBottom: 12 }} />
      )}
      <Button type="primary" htmlType="submit" loading={send.isPending}>
        {t('cmd.submit')}
      </Button>
    </Form>
  );
}
