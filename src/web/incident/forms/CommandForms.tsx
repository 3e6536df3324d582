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
import type { TFunction } from 'i18next';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Plan } from '../../../core/plan/plan.schema.ts';
import { ApiError, type Appended, type CaseParts, type IncidentDetail } from '../../app/api.ts';
import { useApi } from '../../app/api-context.tsx';
import { recordedIds, useIntent, usePendingIntents } from '../../app/intent.ts';
import { nameOf } from '../../app/names.ts';
import { queryKeys } from '../../app/query-keys.ts';
import { dayjs } from '../../app/time.ts';
import { Unsent } from '../../app/Unsent.tsx';
import { FORMS } from './catalogue.ts';
import type { CommandForm, Field, Stored } from './fields.ts';

const WALL = 'YYYY-MM-DDTHH:mm:ss';
const isDayjs = (v: unknown): v is Dayjs => typeof (v as Dayjs | undefined)?.format === 'function';

function control(f: Field, t: TFunction, d: IncidentDetail, plan: Plan | undefined) {
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
          allowClear
          options={f.options.map((o) => ({
            value: o,
            label: nameOf(t, f.dict ?? 'fields.options', o),
          }))}
        />
      );
    case 'multi':
      return (
        <Select mode="multiple" options={f.options.map((o) => ({ value: o, label: nameOf(t, f.dict, o) }))} />
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

/** A form's intent; the log entry form's is not the quick log's (Incident.tsx), which records the same type. */
const intentKey = (caseId: string, type: string) =>
  type === 'log.entry' ? `${caseId}:log.entry#form` : `${caseId}:${type}`;

/** A form to open with values: a duty's one-tap action (n tells one tap from the next). */
export interface FormRequest {
  type: string;
  values: Stored;
  n: number;
}

export function CommandForms({ caseId, detail, plan, request }: CaseParts & { request?: FormRequest }) {
  const { t } = useTranslation();
  // a form whose sending was not confirmed is marked, and the first of them opens
  const pending = usePendingIntents(`${caseId}:`);
  const [active, setActive] = useState(
    () => FORMS.find((f) => pending.has(intentKey(caseId, f.type)))?.type ?? FORMS[0]?.type ?? '',
  );
  useEffect(() => {
    if (request && FORMS.some((f) => f.type === request.type)) setActive(request.type);
  }, [request]);
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
              <span style={{ color: 'inherit' }}>{nameOf(t, 'events', f.type)}</span>
            </Badge>
          ) : (
            nameOf(t, 'events', f.type)
          ),
        }))}
      />
      {/* every form stays mounted: what was typed in one survives a look at another */}
      {FORMS.map((f) => (
        <div key={f.type} style={{ display: f.type === active ? undefined : 'none' }}>
          <OneForm
            caseId={caseId}
            form={f}
            detail={detail}
            plan={plan}
            request={request?.type === f.type ? request : undefined}
          />
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
  request,
}: {
  caseId: string;
  form: CommandForm;
  detail: IncidentDetail;
  plan: Plan | undefined;
  request?: FormRequest;
}) {
  const api = useApi();
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const send = useIntent<Stored, Appended>({
    key: intentKey(caseId, spec.type),
    recorded: recordedIds(detail),
    send: ({ id, values }) =>
      api.send('POST', `/api/incidents/${caseId}/events/${spec.type}`, {
        id,
        data: spec.data ? spec.data(values, id) : values,
      }),
    onSuccess: () => {
      void message.success(t('cmd.recorded'));
      form.resetFields();
      void qc.invalidateQueries({ queryKey: queryKeys.incident(caseId) });
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
  // a duty's one-tap action: the form filled in as the duty asks, and in view
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!request) return;
    form.setFieldsValue(fromStored(spec, request.values));
    box.current?.scrollIntoView({ block: 'center' });
  }, [form, spec, request]);
  const submit = (v: Record<string, unknown>) => {
    const values = toStored(v);
    const doubts = spec.implausible?.(values) ?? [];
    if (doubts.length === 0) return send.submit(values);
    // possible, but an extra zero sets the level and reaches the county: asked once more
    modal.confirm({
      title: t('cmd.implausible'),
      content: doubts.join('；'),
      okText: t('cmd.confirmSend'),
      cancelText: t('cmd.check'),
      onOk: () => send.submit(values),
    });
  };
  const refused = send.error instanceof ApiError && !send.unsent ? send.error : null;
  const unplaced =
    refused && !refused.issues.some((i) => spec.fields.some((f) => f.name === i.path.split('.').pop()));
  return (
    <div ref={box}>
      <Form
        form={form}
        layout="vertical"
        size="small"
        initialValues={spec.initial?.(detail) ?? {}}
        onFinish={submit}
        data-testid={`form-${spec.type}`}
        // field ids are name_field: unique across the forms, so each label finds its own input
        name={spec.type.replace('.', '_')}
      >
        {spec.fields.map((f) => (
          <Form.Item
            key={f.name}
            name={f.name}
            label={nameOf(t, 'fields', f.name)}
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
    </div>
  );
}
