import type { QueryKey } from '@tanstack/react-query';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form } from 'antd';
import { type ReactNode, useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Plan } from '../../../core/plan/plan.schema.ts';
import { ApiError, type Appended } from '../api.ts';
import { useApi } from '../api-context.tsx';
import { useDraft } from '../draft.ts';
import { useIntent } from '../intent.ts';
import { Unsent } from '../Unsent.tsx';
import { fromStored, toStored } from './controls.tsx';
import { FieldItem, type Naming } from './FieldItem.tsx';
import { type CommandForm, type Field, type Stored, wire } from './fields.ts';
import { enterNeverSends } from './keys.ts';

/** A form to open with values: a duty's one-tap action (n tells one tap from the next). */
export interface FormRequest {
  type: string;
  values: Stored;
  n: number;
}

/** A question asked once more before a form is sent (结案: with what is still open). */
export interface Confirm {
  title: string;
  content: ReactNode;
  okText: string;
}

/** Where a refused field's words go: its own path, an item of a list, or a field of that last name. */
function placed<D>(fields: Field<D>[], path: string): (string | number)[] | undefined {
  const parts = path.replace(/^data\./, '').split('.');
  const names = new Set(fields.map((f) => f.name));
  const lists = new Set(fields.filter((f) => f.kind === 'list').map((f) => f.name));
  if (names.has(parts.join('.')) && !lists.has(parts.join('.'))) return parts;
  if (parts[0] && lists.has(parts[0]) && parts.length > 2)
    return parts.map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  const last = parts[parts.length - 1] ?? '';
  return names.has(last) && !lists.has(last) ? [last] : undefined;
}

/**
 * One form of what is recorded on a case, sent as its own intent: what is typed survives a
 * reload and Back until it is sent (a draft, under the account), a sending whose outcome is
 * unknown is offered again, the server's refusals stand by the fields they concern, and Enter
 * in a line never sends it.
 */
export function CaseForm<D>({
  form: spec,
  detail,
  plan,
  phone,
  naming,
  intentKey,
  recorded,
  endpoint,
  refresh,
  confirm,
  request,
}: {
  form: CommandForm<D>;
  detail: D;
  plan: Plan | undefined;
  phone: boolean;
  naming: Naming;
  /** the intent's and the draft's key: the case and the form */
  intentKey: string;
  /** the ids of the case's log as the page holds it */
  recorded: ReadonlySet<string>;
  /** where the case's events are posted: …/events, followed by the type */
  endpoint: string;
  /** the query the case's page reads, refreshed once it is recorded */
  refresh: QueryKey;
  /** asked once more before sending, or not */
  confirm?: (values: Stored) => Confirm | undefined;
  request?: FormRequest;
}) {
  const api = useApi();
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const send = useIntent<Stored, Appended>({
    key: intentKey,
    recorded,
    send: ({ id, values }) => {
      const v = wire(spec.fields, values);
      return api.send('POST', `${endpoint}/${spec.type}`, { id, data: spec.data ? spec.data(v, id) : v });
    },
    onSuccess: () => {
      void message.success(t('cmd.recorded'));
      form.resetFields();
      draft.clear();
      void qc.invalidateQueries({ queryKey: refresh });
    },
    onError: (e) => {
      if (!(e instanceof ApiError)) return;
      // the server's issues by the fields they concern (data.facts.people → facts.people)
      form.setFields(
        e.issues.flatMap((i) => {
          const name = placed(spec.fields, i.path);
          return name ? [{ name, errors: [i.message] }] : [];
        }),
      );
    },
  });
  // what is typed survives a reload and Back until it is sent
  const codec = useMemo(
    () => ({ encode: toStored, decode: (v: unknown) => fromStored(spec.fields, v as Stored) }),
    [spec],
  );
  const draft = useDraft<Record<string, unknown>>(intentKey, form, codec, send.restored !== undefined);
  // what was being sent when the page was left comes back into the form
  useEffect(() => {
    if (send.restored) form.setFieldsValue(fromStored(spec.fields, send.restored.values));
  }, [form, spec, send.restored]);
  // a duty's one-tap action: the form filled in as the duty asks, and in view
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!request) return;
    form.setFieldsValue(fromStored(spec.fields, request.values));
    box.current?.scrollIntoView({ block: 'center' });
  }, [form, spec, request]);
  const ask = (c: Confirm, values: Stored) =>
    modal.confirm({ ...c, cancelText: t('cmd.check'), onOk: () => send.submit(values) });
  const submit = (v: Record<string, unknown>) => {
    const values = toStored(v);
    const asked = confirm?.(values);
    if (asked) return ask(asked, values);
    const doubts = spec.implausible?.(values) ?? [];
    if (doubts.length === 0) return send.submit(values);
    // possible, but an extra zero sets the level and reaches the county: asked once more
    ask({ title: t('cmd.implausible'), content: doubts.join('；'), okText: t('cmd.confirmSend') }, values);
  };
  const refused = send.error instanceof ApiError && !send.unsent ? send.error : null;
  const unplaced = refused && !refused.issues.some((i) => placed(spec.fields, i.path));
  return (
    <div ref={box}>
      <Form
        form={form}
        layout="vertical"
        size={phone ? 'middle' : 'small'}
        initialValues={spec.initial?.(detail) ?? {}}
        onFinish={submit}
        onValuesChange={draft.onValuesChange}
        onKeyDown={enterNeverSends}
        data-testid={`form-${spec.type}`}
        // field ids are name_field: unique across the forms, so each label finds its own input
        name={spec.type.replace('.', '_')}
      >
        {spec.fields.map((f) => (
          <FieldItem key={f.name} f={f} detail={detail} plan={plan} phone={phone} naming={naming} />
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
