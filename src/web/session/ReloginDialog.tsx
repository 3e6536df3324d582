import { Alert, Button, Form, Input, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type Me } from '../app/api.ts';
import { useApi } from '../app/api-context.tsx';
import { gaveUp, loggedInAgain, onAsk } from './relogin.ts';

/**
 * The dialog that logs the same account in again when its session ended with a page open: the
 * page stays, and the requests that met the 401 go out once more when it succeeds.
 */
export function ReloginDialog({ username }: { username: string }) {
  const api = useApi();
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ password: string }>();
  useEffect(() => onAsk(setOpen), []);
  const submit = async ({ password }: { password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const me = await api.send<Me>('POST', '/api/auth/login', { username, password });
      api.setCsrf(me.csrfToken);
      form.resetFields();
      loggedInAgain();
    } catch (e) {
      const wait = e instanceof ApiError && e.status === 429 ? Number(e.retryAfter ?? 60) : 0;
      setError(wait ? t('login.locked', { minutes: Math.max(1, Math.ceil(wait / 60)) }) : t('login.failed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('login.expired')}
      onCancel={gaveUp}
      footer={null}
      destroyOnHidden
      maskClosable={false}
      data-testid="relogin"
    >
      <Typography.Paragraph type="secondary">{t('login.expiredNote')}</Typography.Paragraph>
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item label={t('login.username')}>
          <Input value={username} disabled autoComplete="username" />
        </Form.Item>
        <Form.Item name="password" label={t('login.password')} rules={[{ required: true }]}>
          <Input.Password autoComplete="current-password" autoFocus data-testid="relogin-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          {t('login.submit')}
        </Button>
        <Button type="link" block onClick={gaveUp}>
          {t('login.cancel')}
        </Button>
      </Form>
    </Modal>
  );
}
