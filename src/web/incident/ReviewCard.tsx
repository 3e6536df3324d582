import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Input, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import type { IncidentReview } from '../../core/api/review.ts';
import { ApiError } from '../app/api.ts';
import { useApi } from '../app/api-context.tsx';
import { queryKeys } from '../app/query-keys.ts';
import { beijing } from '../app/time.ts';

const COLOURS = { none: 'default', draft: 'blue', in_review: 'orange', reviewed: 'green' } as const;

/**
 * 总结: after the close, the author starts from a draft made from the record (course, duties,
 * demands, commitments, measures, statements, damage, findings), writes the lessons and fixes,
 * keeps it as a draft and sends it to the level above, whose leader signs it off or returns it.
 */
export function ReviewCard({ caseId, canWrite }: { caseId: string; canWrite: boolean }) {
  const api = useApi();
  const { t } = useTranslation();
  const queries = useQueryClient();
  const review = useQuery({
    queryKey: queryKeys.incidentReview(caseId),
    queryFn: () => api.send<IncidentReview>('GET', `/api/incidents/${caseId}/review`),
  });
  const [text, setText] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  // 发文字号 and 签发人: the review goes up as a document (GB/T 9704 names both for an upward one)
  const [doc, setDoc] = useState<{ number: string; signer: string } | null>(null);
  const r = review.data;
  useEffect(() => {
    if (text === null && r?.text) setText(r.text);
  }, [r?.text, text]);
  useEffect(() => {
    if (doc === null && r) setDoc({ number: r.document.number ?? '', signer: r.document.signer ?? '' });
  }, [r, doc]);
  const document = Object.fromEntries(
    Object.entries(doc ?? {})
      .map(([k, v]) => [k, v.trim()])
      .filter(([, v]) => v !== ''),
  );
  const record = useMutation({
    mutationFn: (type: 'review.drafted' | 'review.submitted') =>
      api.send('POST', `/api/incidents/${caseId}/events/${type}`, {
        id: uuidv7(),
        data: { text: text ?? '', ...(Object.keys(document).length > 0 ? { document } : {}) },
      }),
    onSuccess: () => void queries.invalidateQueries({ queryKey: queryKeys.incident(caseId) }),
  });
  const decide = useMutation({
    mutationFn: (decision: 'approved' | 'returned') =>
      api.send('POST', `/api/incidents/${caseId}/review/decision`, {
        id: uuidv7(),
        decision,
        ...(reason.trim() ? { reason } : {}),
      }),
    onSuccess: () => void queries.invalidateQueries({ queryKey: queryKeys.incident(caseId) }),
  });
  if (!r) return null;
  const editable = canWrite && (r.state === 'none' || r.state === 'draft');
  const error = [record.error, decide.error].find((e) => e instanceof ApiError) as ApiError | undefined;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="review">
      <Space wrap>
        <Tag color={COLOURS[r.state]} data-testid="review-state">
          {t(`review.states.${r.state}`)}
        </Tag>
        {r.at && <Typography.Text type="secondary">{beijing(r.at)}</Typography.Text>}
        {r.due && (
          <Tag
            color={
              r.due.status === 'met'
                ? r.due.lateSeconds
                  ? 'orange'
                  : 'green'
                : r.due.status === 'missed'
                  ? 'red'
                  : 'default'
            }
            data-testid="review-due"
          >
            {t(`review.due.${r.due.status === 'met' && r.due.lateSeconds ? 'late' : r.due.status}`, {
              at: beijing(r.due.at, 'MM-DD HH:mm'),
            })}
          </Tag>
        )}
      </Space>
      {r.returned && r.state === 'draft' && (
        <Alert type="warning" showIcon title={t('review.returnedBecause', { reason: r.returned })} />
      )}
      {editable ? (
        <>
          <Space wrap>
            <Button onClick={() => setText(r.draft)} data-testid="review-draft">
              {t('review.fromRecord')}
            </Button>
          </Space>
          <Space wrap align="end">
            <label htmlFor={`${caseId}-number`}>
              <Typography.Text type="secondary">{t('review.number')}</Typography.Text>
              <Input
                id={`${caseId}-number`}
                placeholder={t('review.numberHint')}
                value={doc?.number ?? ''}
                onChange={(e) => setDoc({ signer: doc?.signer ?? '', number: e.target.value })}
                maxLength={60}
                style={{ width: 260, maxWidth: '100%', display: 'block' }}
              />
            </label>
            <label htmlFor={`${caseId}-signer`}>
              <Typography.Text type="secondary">{t('review.signer')}</Typography.Text>
              <Input
                id={`${caseId}-signer`}
                value={doc?.signer ?? ''}
                onChange={(e) => setDoc({ number: doc?.number ?? '', signer: e.target.value })}
                maxLength={50}
                style={{ width: 160, maxWidth: '100%', display: 'block' }}
              />
            </label>
          </Space>
          <Input.TextArea
            value={text ?? ''}
            onChange={(e) => setText(e.target.value)}
            autoSize={{ minRows: 8, maxRows: 30 }}
            maxLength={20000}
            showCount
            aria-label={t('review.text')}
          />
          <Space wrap>
            <Button
              disabled={!text?.trim()}
              loading={record.isPending}
              onClick={() => record.mutate('review.drafted')}
            >
              {t('review.save')}
            </Button>
            <Button
              type="primary"
              disabled={!text?.trim()}
              loading={record.isPending}
              onClick={() => record.mutate('review.submitted')}
              data-testid="review-submit"
            >
              {t('review.submit')}
            </Button>
          </Space>
        </>
      ) : (
        r.text && (
          <>
            {(r.document.number || r.document.signer) && (
              <Typography.Text type="secondary" data-testid="review-document">
                {t('review.documentLine', {
                  number: r.document.number ?? '—',
                  signer: r.document.signer ?? '—',
                })}
              </Typography.Text>
            )}
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="review-text">
              {r.text}
            </Typography.Paragraph>
          </>
        )
      )}
      {r.mayDecide && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Input.TextArea
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder={t('review.reason')}
            aria-label={t('review.reason')}
            maxLength={2000}
          />
          <Space>
            <Button
              type="primary"
              loading={decide.isPending}
              onClick={() => decide.mutate('approved')}
              data-testid="review-approve"
            >
              {t('review.approve')}
            </Button>
            <Button
              danger
              loading={decide.isPending}
              onClick={() => decide.mutate('returned')}
              data-testid="review-return"
            >
              {t('review.return')}
            </Button>
          </Space>
        </Space>
      )}
      {error && <Alert type="error" showIcon title={error.message} />}
    </Space>
  );
}
