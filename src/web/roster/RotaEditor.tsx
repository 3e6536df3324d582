import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Form, Input, Select, Space, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Roster } from '../../core/api/roster.ts';
import type { Rota } from '../../core/roster/roster.ts';
import { ApiError } from '../app/api.ts';
import { useApi } from '../app/api-context.tsx';
import { queryKeys } from '../app/query-keys.ts';

const DAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;

/** The rota of a jurisdiction as its admins and commanders set it: weekly shifts, and exceptions on dates. */
export function RotaEditor({ code, roster }: { code: string; roster: Roster }) {
  const { t } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Rota>();
  useEffect(() => form.setFieldsValue(roster.rota), [form, roster.rota]);
  const save = useMutation({
    mutationFn: (rota: Rota) => api.send<Roster>('PUT', `/api/roster/${code}`, rota),
    onSuccess: () => {
      void message.success(t('roster.saved'));
      void qc.invalidateQueries({ queryKey: queryKeys.roster(code) });
    },
  });
  const posts = roster.posts.map((p) => ({ value: p.post, label: p.name }));
  const staff = roster.staff.map((s) => ({ value: s.id, label: s.name }));
  const shift = (name: number, remove: () => void, dated: boolean) => (
    <Space key={name} wrap align="start" data-testid={dated ? 'exception' : 'slot'}>
      <Form.Item name={[name, 'post']} rules={[{ required: true }]} style={{ marginBottom: 8 }}>
        <Select placeholder={t('roster.post')} options={posts} style={{ width: 180 }} />
      </Form.Item>
      {dated ? (
        <Form.Item name={[name, 'date']} rules={[{ required: true }]} style={{ marginBottom: 8 }}>
          <Input type="date" />
        </Form.Item>
      ) : (
        <Form.Item name={[name, 'days']} rules={[{ required: true }]} style={{ marginBottom: 8 }}>
          <Checkbox.Group
            options={DAYS.map((d) => ({ value: Number(d), label: t(`roster.weekdays.${d}`) }))}
          />
        </Form.Item>
      )}
      <Form.Item name={[name, 'start']} rules={[{ required: true }]} style={{ marginBottom: 8 }}>
        <Input type="time" aria-label={t('roster.start')} />
      </Form.Item>
      <Form.Item name={[name, 'end']} rules={[{ required: true }]} style={{ marginBottom: 8 }}>
        <Input type="time" aria-label={t('roster.end')} />
      </Form.Item>
      <Form.Item name={[name, 'account']} rules={[{ required: true }]} style={{ marginBottom: 8 }}>
        <Select placeholder={t('roster.account')} options={staff} style={{ width: 160 }} />
      </Form.Item>
      <Button onClick={remove}>{t('roster.remove')}</Button>
    </Space>
  );
  const refused = save.error instanceof ApiError ? save.error : null;
  return (
    <Form form={form} onFinish={(v) => save.mutate({ slots: v.slots ?? [], exceptions: v.exceptions ?? [] })}>
      <Typography.Paragraph type="secondary">{t('roster.overnight')}</Typography.Paragraph>
      <Form.List name="slots">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => shift(f.name, () => remove(f.name), false))}
            <Button onClick={() => add({ days: [1, 2, 3, 4, 5, 6, 7] })} data-testid="add-slot">
              {t('roster.add')}
            </Button>
          </>
        )}
      </Form.List>
      <Typography.Title level={5}>{t('roster.exceptions')}</Typography.Title>
      <Form.List name="exceptions">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => shift(f.name, () => remove(f.name), true))}
            <Button onClick={() => add({})}>{t('roster.addException')}</Button>
          </>
        )}
      </Form.List>
      {refused && (
        <Alert
          type="error"
          style={{ marginTop: 12 }}
          title={refused.issues.length ? undefined : refused.message}
          description={
            refused.issues.length ? (
              <ul>
                {refused.issues.map((i) => (
                  <li key={`${i.path}${i.message}`}>
                    {i.path}: {i.message}
                  </li>
                ))}
              </ul>
            ) : undefined
          }
        />
      )}
      <Button
        type="primary"
        htmlType="submit"
        loading={save.isPending}
        style={{ marginTop: 12 }}
        data-testid="save-rota"
      >
        {t('roster.save')}
      </Button>
    </Form>
  );
}
