import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, Select, Switch } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError, type Appended } from '../../app/api.ts';
import { useApi } from '../../app/api-context.tsx';
import { useIntent } from '../../app/intent.ts';
import { nameOf } from '../../app/names.ts';
import { queryKeys } from '../../app/query-keys.ts';
import { Unsent } from '../../app/Unsent.tsx';
import { type Field, filled, plain, type Spec, type Values } from './specs.ts';

/** The input of one field of a form. */
function control(f: Field, t: TFunction) {
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
      return <Select options={f.options.map((o) => ({ value: o, label: nameOf(t, `d.${f.ns}`, o) }))} />;
  }
}

/** One kind of entry: its form, sent as its own intent. */
export function OneForm({
  caseId,
  spec,
  recorded,
}: {
  caseId: string;
  spec: Spec;
  recorded: ReadonlySet<string>;
}) {
  const api = useApi();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const send = useIntent<Values, Appended>({
    key: `${caseId}:d:${spec.type}`,
    recorded,
    send: ({ id, values }) =>
      api.send('POST', `/api/disputes/${caseId}/events/${spec.type}`, {
        id,
        data: filled(spec.data ? spec.data(values, id) : values),
      }),
    onSuccess: () => {
      void message.success(t('cmd.recorded'));
      form.resetFields();
      void qc.invalidateQueries({ queryKey: queryKeys.dispute(caseId) });
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
          label={nameOf(t, 'df', f.name)}
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
