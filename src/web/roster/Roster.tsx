import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, List, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { may } from '../../core/accounts/permissions.ts';
import type { JurisdictionList } from '../../core/api/accounts.ts';
import type { Roster as Answer } from '../../core/api/roster.ts';
import { useApi } from '../app/api-context.tsx';
import { queryKeys } from '../app/query-keys.ts';
import { beijing } from '../app/time.ts';
import { errorText } from '../session/errors.ts';
import { useMe } from '../session/me.ts';
import { RotaEditor } from './RotaEditor.tsx';

/**
 * 值班: who is on duty now at a jurisdiction's desk and its plan's posts, its rota (set by its
 * admins and commanders), and the handover of a shift with its record. Staff only.
 */
export default function Roster() {
  const { t } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const me = useMe().data?.user;
  const [code, setCode] = useState(me?.jurisdiction ?? '');
  const tree = useQuery({
    queryKey: queryKeys.jurisdictions,
    queryFn: () => api.send<JurisdictionList>('GET', '/api/jurisdictions'),
  });
  const roster = useQuery({
    queryKey: queryKeys.roster(code),
    queryFn: () => api.send<Answer>('GET', `/api/roster/${code}`),
    enabled: code !== '',
  });
  const [handover] = Form.useForm<{ post: string; to: string; note?: string }>();
  const hand = useMutation({
    mutationFn: (v: { post: string; to: string; note?: string }) =>
      api.send('POST', `/api/roster/${code}/handovers`, v),
    onSuccess: () => {
      handover.resetFields();
      void message.success(t('roster.handedOver'));
      void qc.invalidateQueries({ queryKey: queryKeys.roster(code) });
    },
    onError: (e) => void message.error(errorText(t, e)),
  });
  const r = roster.data;
  const postName = (p: string) => r?.posts.find((x) => x.post === p)?.name ?? p;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Text>{t('roster.jurisdiction')}</Typography.Text>
        <Select
          style={{ minWidth: 200 }}
          value={code}
          onChange={setCode}
          options={(tree.data?.jurisdictions ?? [])
            .filter((j) => j.level !== 'unit')
            .map((j) => ({ value: j.code, label: j.name }))}
        />
      </Space>
      {r && (
        <>
          <Card size="small" title={t('roster.now')}>
            <List
              data-testid="on-duty"
              size="small"
              locale={{ emptyText: t('roster.nobody') }}
              dataSource={r.onDuty}
              renderItem={(d) => (
                <List.Item>
                  <Space wrap>
                    <Typography.Text strong>{postName(d.post)}</Typography.Text>
                    <Typography.Text>{d.name}</Typography.Text>
                    <Typography.Text type="secondary">
                      {t('roster.until', { t: beijing(d.until) })}
                    </Typography.Text>
                    {d.from === 'exception' && <Tag>{t('roster.exception')}</Tag>}
                  </Space>
                </List.Item>
              )}
            />
          </Card>
          {me && may(me.role, 'roster.manage') && (
            <Card size="small" title={t('roster.rota')}>
              <RotaEditor code={code} roster={r} />
            </Card>
          )}
          {me && may(me.role, 'roster.handover') && me.jurisdiction === code && (
            <Card size="small" title={t('roster.handover')}>
              <Form
                form={handover}
                layout="vertical"
                onFinish={(v) => hand.mutate(v)}
                style={{ maxWidth: 480 }}
              >
                <Form.Item name="post" label={t('roster.post')} rules={[{ required: true }]}>
                  <Select options={r.posts.map((p) => ({ value: p.post, label: p.name }))} />
                </Form.Item>
                <Form.Item name="to" label={t('roster.handoverTo')} rules={[{ required: true }]}>
                  <Select
                    options={r.staff
                      .filter((s) => s.id !== me.id)
                      .map((s) => ({ value: s.id, label: s.name }))}
                  />
                </Form.Item>
                <Form.Item name="note" label={t('roster.note')}>
                  <Input.TextArea autoSize={{ minRows: 2 }} count={{ show: true, max: 2000 }} />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={hand.isPending}>
                  {t('roster.handOver')}
                </Button>
              </Form>
            </Card>
          )}
          <Card size="small" title={t('roster.handovers')}>
            <Table
              size="small"
              rowKey="id"
              dataSource={r.handovers}
              pagination={false}
              scroll={{ x: 'max-content' }}
              columns={[
                { title: t('roster.at'), render: (_, h) => beijing(h.at) },
                { title: t('roster.post'), render: (_, h) => postName(h.post) },
                { title: t('roster.from'), render: (_, h) => h.fromName ?? h.from },
                { title: t('roster.handoverTo'), render: (_, h) => h.toName ?? h.to },
                { title: t('roster.note'), dataIndex: 'note' },
                {
                  title: '',
                  render: (_, h) => t('roster.open', { live: h.liveIncidents, esc: h.openEscalations }),
                },
              ]}
            />
          </Card>
        </>
      )}
    </Space>
  );
}
