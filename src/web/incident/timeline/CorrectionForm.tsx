import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type Appended } from '../../app/api.ts';
import { useApi } from '../../app/api-context.tsx';
import { useIntent } from '../../app/intent.ts';
import { queryKeys } from '../../app/query-keys.ts';
import { Unsent } from '../../app/Unsent.tsx';

/** The intent of a correction to one entry. */
export const correctionKey = (caseId: string, eventId: string) => `${caseId}:entry.corrected:${eventId}`;

/** A correction never changes the entry: it is a new entry pointing at it, with a reason. */
export function CorrectionForm({
  caseId,
  eventId,
  recorded,
  onDone,
}: {
  caseId: string;
  eventId: string;
  recorded: ReadonlySet<string>;
  onDone: () => void;
}) {
  const api = useApi();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const send = useIntent<{ correction: string; reason: string }, Appended>({
    key: correctionKey(caseId, eventId),
    recorded,
    send: ({ id, values }) =>
      api.send('POST', `/api/incidents/${caseId}/events/entry.corrected`, {
        id,
        data: { eventId, ...values },
      }),
    onSuccess: () => {
      void message.success(t('cmd.recorded'));
      form.resetFields();
      onDone();
      void qc.invalidateQueries({ queryKey: queryKeys.incident(caseId) });
    },
  });
  useEffect(() => {
    if (send.restored) form.setFieldsValue(send.restored.values);
  }, [form, send.restored]);
  return (
    <Form
      form={form}
      name={`correct-${eventId}`}
      layout="vertical"
      size="small"
      style={{ width: 280 }}
      onFinish={(v) => send.submit(v)}
    >
      <Form.Item
        name="correction"
        label={t('incident.correction')}
        rules={[{ required: true, message: t('cmd.required') }]}
      >
        <Input.TextArea autoSize={{ minRows: 2 }} />
      </Form.Item>
      <Form.Item
        name="reason"
        label={t('fields.reason')}
        rules={[{ required: true, message: t('cmd.required') }]}
      >
        <Input />
      </Form.Item>
      {send.error instanceof ApiError && !send.unsent && (
        <Typography.Text type="danger">{send.error.message}</Typography.Text>
      )}
      {send.unsent && <Unsent compact error={send.error} onDiscard={send.discard} />}
      <Button type="primary" htmlType="submit" loading={send.sending} style={{ marginTop: 8 }}>
        {t('cmd.submit')}
      </Button>
    </Form>
  );
}
