import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Collapse, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { v7 as uuidv7 } from 'uuid';
import type { ReceivedSitrep, ReceivedSitrepList } from '../../core/api/sitreps.ts';
import { ApiError } from '../app/api.ts';
import { useApi } from '../app/api-context.tsx';
import { nameOf } from '../app/names.ts';
import { queryKeys } from '../app/query-keys.ts';
import { beijing } from '../app/time.ts';

/**
 * 收到的报告: the situation reports addressed to this office (and the offices below), newest
 * first — each read whole here and acknowledged (已收悉) by the office it is addressed to.
 */
/** `exercises`: false leaves the reports of exercise incidents out (the board's 演练 switch). */
export function ReceivedReports({ exercises = true }: { exercises?: boolean }) {
  const api = useApi();
  const { t } = useTranslation();
  const list = useQuery({
    queryKey: queryKeys.sitrepsReceived,
    queryFn: () => api.send<ReceivedSitrepList>('GET', '/api/sitreps/received?limit=30'),
    select: (r) => r.sitreps,
  });
  const shown = (list.data ?? []).filter((s) => exercises || !s.exercise);
  const open = shown.filter((s) => s.mayAcknowledge).length;
  return (
    <List
      data-testid="received-reports"
      size="small"
      loading={list.isLoading}
      locale={{ emptyText: t('received.none') }}
      header={
        open > 0 ? <Typography.Text strong>{t('received.open', { n: open })}</Typography.Text> : undefined
      }
      dataSource={shown}
      renderItem={(s) => <Report s={s} />}
    />
  );
}

function Report({ s }: { s: ReceivedSitrep }) {
  const api = useApi();
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [id] = useState(() => uuidv7());
  const ack = useMutation({
    mutationFn: () => api.send('POST', `/api/sitreps/${s.eventId}/acknowledgement`, { id }),
    onSuccess: () => void queries.invalidateQueries({ queryKey: queryKeys.sitrepsAll }),
  });
  const fields = Object.entries(s.fields).filter(([, v]) => String(v).trim() !== '');
  return (
    <List.Item
      data-testid="received-report"
      data-sitrep={s.eventId}
      style={s.acknowledged ? undefined : { background: '#fffbe6' }}
    >
      <Space orientation="vertical" size={2} style={{ width: '100%' }}>
        <Space wrap>
          <Tag color="blue">{nameOf(t, 'fields.options', s.kind)}</Tag>
          <Link to={`/incidents/${s.caseId}`}>{s.title}</Link>
          <Link to={`/incidents/${s.caseId}/sitreps/${s.eventId}/print`}>{t('print.document')}</Link>
          {s.exercise && <Tag>{t('board.exercise')}</Tag>}
          <Typography.Text type="secondary">
            {t('received.from', { from: s.from.name ?? s.from.jurisdiction ?? '' })} · {beijing(s.sentAt)}
          </Typography.Text>
          {s.acknowledged ? (
            <Tag color="green" data-testid="acknowledged">
              {t('received.acknowledged', { at: beijing(s.acknowledged.at, 'MM-DD HH:mm') })}
            </Tag>
          ) : s.mayAcknowledge ? (
            <Button
              size="small"
              type="primary"
              loading={ack.isPending}
              onClick={() => ack.mutate()}
              data-testid="acknowledge"
            >
              {t('received.acknowledge')}
            </Button>
          ) : (
            <Tag color="orange">{t('received.waiting')}</Tag>
          )}
        </Space>
        <Collapse
          size="small"
          ghost
          items={[
            {
              key: 'read',
              label: t('received.read'),
              children: (
                <div data-testid="received-fields">
                  {fields.map(([k, v]) => (
                    <div key={k}>
                      <Typography.Text type="secondary">{nameOf(t, 'fields', k)}：</Typography.Text>
                      {String(v)}
                    </div>
                  ))}
                </div>
              ),
            },
          ]}
        />
        {ack.error instanceof ApiError && <Alert type="error" showIcon title={ack.error.message} />}
      </Space>
    </List.Item>
  );
}
