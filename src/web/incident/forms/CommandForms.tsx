import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Badge, Button, Form, Radio, Select, Space } from 'antd';
import type { TFunction } from 'i18next';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Plan } from '../../../core/plan/plan.schema.ts';
import { ApiError, type Appended, type CaseParts, type IncidentDetail } from '../../app/api.ts';
import { useApi } from '../../app/api-context.tsx';
import { useDraft } from '../../app/draft.ts';
import { recordedIds, useIntent, usePendingIntents } from '../../app/intent.ts';
import { nameOf } from '../../app/names.ts';
import { dutyTitle } from '../../app/plans.ts';
import { queryKeys } from '../../app/query-keys.ts';
import { Unsent } from '../../app/Unsent.tsx';
import { useMayRecord } from '../recordable.tsx';
import { FORMS } from './catalogue.ts';
import { control, fromStored, toStored } from './controls.tsx';
import type { CommandForm, Stored } from './fields.ts';

/** What is still open in an incident: tasks not done, demands not answered, commitments not kept, duties not met. */
function stillOpen(d: IncidentDetail, plan: Plan | undefined, t: TFunction): string[] {
  return [
    ...d.tasks.filter((x) => x.status !== 'done').map((x) => t('items.openTask', { x: x.title })),
    ...d.demands.filter((x) => !x.answer).map((x) => t('items.openDemand', { x: x.text })),
    ...d.commitments.filter((x) => !x.fulfilled_at).map((x) => t('items.openCommitment', { x: x.text })),
    ...d.duties
      .filter((x) => x.status !== 'met')
      .map((x) => t('items.openDuty', { x: dutyTitle(plan, x.duty_id) })),
  ];
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

/** What a commander records on the scene, first on a phone: 到场, 报告, 诉求, 承诺, 措施, 发布, 记录. */
const PHONE_FIRST = [
  'arrival.recorded',
  'sitrep.submitted',
  'demand.registered',
  'commitment.made',
  'measure.authorized',
  'statement.published',
  'log.entry',
];

export function CommandForms({
  caseId,
  detail,
  plan,
  request,
  phone = false,
}: CaseParts & { request?: FormRequest; phone?: boolean }) {
  const { t } = useTranslation();
  // only the forms the user may use on this case now (its state, their role)
  const can = useMayRecord();
  const forms = useMemo(() => FORMS.filter((f) => can(f.type)), [can]);
  // a form whose sending was not confirmed is marked, and the first of them opens
  const pending = usePendingIntents(`${caseId}:`);
  const [active, setActive] = useState(
    () => forms.find((f) => pending.has(intentKey(caseId, f.type)))?.type ?? forms[0]?.type ?? '',
  );
  useEffect(() => {
    if (request && forms.some((f) => f.type === request.type)) setActive(request.type);
  }, [request, forms]);
  // a form that went away with the case's state (closed) gives way to the first there is
  const shown = forms.some((f) => f.type === active) ? active : (forms[0]?.type ?? '');
  const label = (type: string) =>
    pending.has(intentKey(caseId, type)) ? (
      <Badge dot offset={[4, -2]} title={t('intent.pending')}>
        <span style={{ color: 'inherit' }}>{nameOf(t, 'events', type)}</span>
      </Badge>
    ) : (
      nameOf(t, 'events', type)
    );
  // on a phone the commander's actions lead, big enough for a thumb; the rest behind one select
  const lead = phone ? forms.filter((f) => PHONE_FIRST.includes(f.type)) : forms;
  const rest = phone ? forms.filter((f) => !PHONE_FIRST.includes(f.type)) : [];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Radio.Group
        value={shown}
        onChange={(e) => setActive(e.target.value)}
        optionType="button"
        buttonStyle="solid"
        size={phone ? 'large' : 'small'}
        data-testid="form-picker"
        style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}
        options={lead.map((f) => ({ value: f.type, label: label(f.type) }))}
      />
      {rest.length > 0 && (
        <Select
          data-testid="form-more"
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: '100%' }}
          placeholder={t('cmd.more')}
          value={rest.some((f) => f.type === shown) ? shown : undefined}
          onChange={(v: string) => setActive(v)}
          options={rest.map((f) => ({ value: f.type, label: nameOf(t, 'events', f.type) }))}
        />
      )}
      {/* every form stays mounted: what was typed in one survives a look at another (one
          box for them all, so the hidden ones take no room) */}
      <div>
        {forms.map((f) => (
          <div key={f.type} style={{ display: f.type === shown ? undefined : 'none' }}>
            <OneForm
              caseId={caseId}
              form={f}
              detail={detail}
              plan={plan}
              request={request?.type === f.type ? request : undefined}
              phone={phone}
            />
          </div>
        ))}
      </div>
    </Space>
  );
}

function OneForm({
  caseId,
  form: spec,
  detail,
  plan,
  request,
  phone,
}: {
  caseId: string;
  form: CommandForm;
  detail: IncidentDetail;
  plan: Plan | undefined;
  request?: FormRequest;
  phone: boolean;
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
      draft.clear();
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
  // what is typed survives a reload and Back until it is sent
  const codec = useMemo(
    () => ({ encode: toStored, decode: (v: unknown) => fromStored(spec, v as Stored) }),
    [spec],
  );
  const draft = useDraft<Record<string, unknown>>(
    intentKey(caseId, spec.type),
    form,
    codec,
    send.restored !== undefined,
  );
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
    // 结案 is asked once more, with what is still open
    if (spec.type === 'incident.closed') {
      const open = stillOpen(detail, plan, t);
      modal.confirm({
        title: t('items.closeTitle'),
        content: (
          <div data-testid="close-confirm">
            <p>{open.length > 0 ? t('items.closeNote') : t('items.closeNothing')}</p>
            <ul>
              {open.map((o) => (
                <li key={o}>{o}</li>
              ))}
            </ul>
          </div>
        ),
        okText: t('items.closeOk'),
        cancelText: t('cmd.check'),
        onOk: () => send.submit(values),
      });
      return;
    }
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
        onValuesChange={draft.onValuesChange}
        // Enter in a one-line field moves on, it does not send: only the button sends
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'INPUT') e.preventDefault();
        }}
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
            rules={[
              ...('required' in f && f.required ? [{ required: true, message: t('cmd.required') }] : []),
              ...(f.kind === 'number'
                ? [{ type: 'number' as const, min: 0, message: t('cmd.notNegative') }]
                : []),
              ...('max' in f && f.max ? [{ max: f.max, message: t('cmd.tooLong', { max: f.max }) }] : []),
            ]}
          >
            {control(f, t, detail, plan, phone)}
          </Form.Item>
        ))}
        {unplaced && <Alert type="error" title={refused.message} style={{ marginBottom: 12 }} />}
        {send.unsent && <Unsent error={send.error} onDiscard={send.discard} />}
        <Button
          type="primary"
          htmlType="submit"
          loading={send.sending}
          block={phone}
          size={phone ? 'large' : undefined}
        >
          {t('cmd.submit')}
        </Button>
      </Form>
    </div>
  );
}
