import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Form, Input, Modal, Radio, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import type { FindingRow } from '../../core/api/findings.ts';
import { DISPOSITIONS } from '../../core/findings/disposition.ts';
import { ApiError } from '../app/api.ts';
import { useApi } from '../app/api-context.tsx';
import { queryKeys } from '../app/query-keys.ts';

import { wordsOf } from './words.ts';

/** Disposing of a finding: accepted, explained or dismissed, always with a reason. */
export function DisposeModal({
  f,
  title,
  onClose,
}: {
  f: FindingRow;
  title: (id: string) => string;
  onClose: () => void;
}) {
  const api = useApi();
  const { t } = useTranslation();
  const [form] = Form.useForm<{ disposition: (typeof DISPOSITIONS)[number]; reason: string }>();
  const queries = useQueryClient();
  // one event id per opening of the dialog: a retry records it once
  const [id] = useState(() => uuidv7());
  const send = useMutation({
    mutationFn: (v: { disposition: string; reason: string }) =>
      api.send('POST', `/api/findings/${f.caseId}/dispositions`, { id, findingId: f.id, ...v }),
    onSuccess: () => {
      void queries.invalidateQueries({ queryKey: queryKeys.findingsAll });
      onClose();
    },
  });
  const refused = send.error instanceof ApiError ? send.error : null;
  return (
    <Modal
      open
      title={t('findings.disposeTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('findings.disposeOk')}
      confirmLoading={send.isPending}
      data-testid="dispose-modal"
    >
      <Typography.Paragraph>{wordsOf(t, f, title)}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => send.mutate(v)}>
        <Form.Item
          name="disposition"
          label={t('findings.disposition')}
          rules={[{ required: true, message: t('findings.pick') }]}
        >
          <Radio.Group
            options={DISPOSITIONS.map((d) => ({ value: d, label: t(`findings.dispositions.${d}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('findings.reason')}
          rules={[{ required: true, whitespace: true, message: t('findings.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
      </Form>
      {refused && <Alert type="error" showIcon title={refused.message} />}
    </Modal>
  );
}
