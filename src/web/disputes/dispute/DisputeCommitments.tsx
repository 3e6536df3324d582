import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Input, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DisputeDetail } from '../../../core/api/disputes.ts';
import { ApiError, type Appended } from '../../app/api.ts';
import { useApi } from '../../app/api-context.tsx';
import type { Stored } from '../../app/forms/fields.ts';
import { useMayRecord } from '../../app/forms/recordable.tsx';
import { useIntent } from '../../app/intent.ts';
import { queryKeys } from '../../app/query-keys.ts';
import { beijing } from '../../app/time.ts';
import { Unsent } from '../../app/Unsent.tsx';

/** What was promised to the people, and whether it was kept (`bare`: without its card). */
export function DisputeCommitments({
  caseId,
  detail,
  recorded,
  bare = false,
}: {
  caseId: string;
  detail: DisputeDetail;
  recorded: ReadonlySet<string>;
  bare?: boolean;
}) {
  const { t } = useTranslation();
  const can = useMayRecord();
  const list = (
    <List
      data-testid="dispute-commitments"
      dataSource={detail.commitments}
      locale={{ emptyText: '—' }}
      renderItem={(c) => (
        <List.Item data-testid="dispute-commitment" data-commitment={c.commitment_id}>
          <Space orientation="vertical" size={4} style={{ width: '100%' }}>
            <Space wrap>
              <span>{c.text}</span>
              <Typography.Text type="secondary">
                {c.owner} · {t('dispute.due', { d: beijing(c.due_at, 'YYYY-MM-DD') })}
              </Typography.Text>
              <Tag color={c.fulfilled_at ? 'green' : c.discharged_at ? 'default' : 'orange'}>
                {c.fulfilled_at
                  ? t('dispute.fulfilled')
                  : c.discharged_at
                    ? t('dispute.discharged')
                    : t('dispute.open')}
              </Tag>
            </Space>
            {!c.fulfilled_at && !c.discharged_at && (
              <CommitmentActions
                caseId={caseId}
                commitmentId={String(c.commitment_id)}
                recorded={recorded}
                fulfil={can('commitment.fulfilled')}
                discharge={can('commitment.discharged')}
              />
            )}
          </Space>
        </List.Item>
      )}
    />
  );
  return bare ? (
    list
  ) : (
    <Card size="small" title={t('dispute.commitments')}>
      {list}
    </Card>
  );
}

/** Fulfil a commitment (with what was done), or discharge it (with why): what the user may of the two. */
function CommitmentActions({
  caseId,
  commitmentId,
  recorded,
  fulfil,
  discharge,
}: {
  caseId: string;
  commitmentId: string;
  recorded: ReadonlySet<string>;
  fulfil: boolean;
  discharge: boolean;
}) {
  const api = useApi();
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [mode, setMode] = useState<'fulfil' | 'discharge' | null>(null);
  const [text, setText] = useState('');
  const type = mode === 'discharge' ? 'commitment.discharged' : 'commitment.fulfilled';
  const send = useIntent<Stored, Appended>({
    key: `${caseId}:${commitmentId}:${mode ?? 'fulfil'}`,
    recorded,
    send: ({ id, values }) =>
      api.send('POST', `/api/disputes/${caseId}/events/${type}`, { id, data: values }),
    onSuccess: () => {
      setMode(null);
      setText('');
      void qc.invalidateQueries({ queryKey: queryKeys.dispute(caseId) });
    },
  });
  if (!fulfil && !discharge) return null;
  if (!mode)
    return (
      <Space>
        {fulfil && (
          <Button size="small" type="primary" onClick={() => setMode('fulfil')}>
            {t('dispute.fulfil')}
          </Button>
        )}
        {discharge && (
          <Button size="small" onClick={() => setMode('discharge')}>
            {t('dispute.discharge')}
          </Button>
        )}
      </Space>
    );
  const refused = send.error instanceof ApiError && !send.unsent ? send.error : null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="commitment-action">
      <Input.TextArea
        autoSize
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={mode === 'fulfil' ? t('dispute.evidence') : t('dispute.dischargeReason')}
        aria-label={mode === 'fulfil' ? t('dispute.evidence') : t('dispute.dischargeReason')}
      />
      {refused && <Alert type="error" title={refused.message} />}
      {send.unsent && <Unsent error={send.error} onDiscard={send.discard} />}
      <Space>
        <Button
          size="small"
          type="primary"
          loading={send.sending}
          disabled={!text.trim()}
          onClick={() =>
            send.submit(mode === 'fulfil' ? { commitmentId, evidence: text } : { commitmentId, reason: text })
          }
        >
          {t('cmd.submit')}
        </Button>
        <Button size="small" onClick={() => setMode(null)}>
          ×
        </Button>
      </Space>
    </Space>
  );
}
