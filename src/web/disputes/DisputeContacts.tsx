import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Input, List, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { may } from '../../core/accounts/permissions.ts';
import type { ContactRead, ContactsKept } from '../../core/api/contacts.ts';
import { useApi } from '../app/api-context.tsx';
import { queryKeys } from '../app/query-keys.ts';
import { beijing } from '../app/time.ts';
import { useMe } from '../session/me.ts';

/**
 * 代表联系方式: how to reach a side's representatives, if they gave it — kept outside the log,
 * read only with a reason (the read is logged), purged a set time after 销号. The page shows
 * which sides have one, never the contact, until someone who answers reads it.
 */
export function DisputeContacts({
  caseId,
  sides,
  settled,
}: {
  caseId: string;
  sides: { kind: string; description: string }[];
  settled: boolean;
}) {
  const api = useApi();
  const { t } = useTranslation();
  const me = useMe();
  const role = me.data?.user.role ?? '';
  const kept = useQuery({
    queryKey: queryKeys.disputeContacts(caseId),
    queryFn: () => api.send<ContactsKept>('GET', `/api/disputes/${caseId}/contacts`),
  });
  return (
    <Card size="small" title={t('contacts.title')} data-testid="dispute-contacts">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('contacts.why', { days: kept.data?.retentionDays ?? '—' })}
      </Typography.Paragraph>
      <List
        size="small"
        dataSource={sides.map((s, i) => ({ ...s, index: i }))}
        renderItem={(s) => {
          const k = kept.data?.contacts.find((c) => c.side === s.index);
          return (
            <List.Item data-testid="side-contact">
              <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                <Typography.Text strong>{s.description}</Typography.Text>
                {k ? (
                  <>
                    <Typography.Text type="secondary">
                      {t('contacts.kept', { at: beijing(k.kept_at, 'YYYY-MM-DD') })}
                      {k.purge_after
                        ? ` · ${t('contacts.purgeAfter', { at: beijing(k.purge_after, 'YYYY-MM-DD') })}`
                        : ''}
                    </Typography.Text>
                    {may(role, 'case.reply-channel.read') && <ReadContact caseId={caseId} side={s.index} />}
                  </>
                ) : (
                  <Typography.Text type="secondary">{t('contacts.none')}</Typography.Text>
                )}
                {may(role, 'case.record') && !settled && <KeepContact caseId={caseId} side={s.index} />}
              </Space>
            </List.Item>
          );
        }}
      />
    </Card>
  );
}

function KeepContact({ caseId, side }: { caseId: string; side: number }) {
  const api = useApi();
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const keep = useMutation({
    mutationFn: () =>
      api.send('PUT', `/api/disputes/${caseId}/sides/${side}/contact`, { contact: text.trim() }),
    onSuccess: () => {
      setOpen(false);
      setText('');
      void qc.invalidateQueries({ queryKey: queryKeys.disputeContacts(caseId) });
    },
  });
  if (!open)
    return (
      <Button size="small" onClick={() => setOpen(true)}>
        {t('contacts.keep')}
      </Button>
    );
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Input
        value={text}
        maxLength={200}
        onChange={(e) => setText(e.target.value)}
        placeholder={t('contacts.placeholder')}
        aria-label={t('contacts.keep')}
      />
      <Button type="primary" loading={keep.isPending} disabled={!text.trim()} onClick={() => keep.mutate()}>
        {t('cmd.submit')}
      </Button>
      {keep.error && <Alert type="error" title={keep.error.message} />}
    </Space.Compact>
  );
}

function ReadContact({ caseId, side }: { caseId: string; side: number }) {
  const api = useApi();
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const read = useMutation({
    mutationFn: () =>
      api.send<ContactRead>('POST', `/api/disputes/${caseId}/sides/${side}/contact/read`, {
        reason: reason.trim(),
      }),
  });
  if (read.data)
    return (
      <Alert
        type="info"
        title={read.data.contact}
        description={t('contacts.logged', { at: beijing(read.data.logged.at, 'MM-DD HH:mm') })}
      />
    );
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Input
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        placeholder={t('contacts.reason')}
        aria-label={t('contacts.reason')}
      />
      <Button loading={read.isPending} disabled={!reason.trim()} onClick={() => read.mutate()}>
        {t('contacts.read')}
      </Button>
    </Space.Compact>
  );
}
