import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Drawer, Empty, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Notice, NoticeList } from '../../core/api/notices.ts';
import { type Param, type Said, say, sayLines, type Translate } from '../../core/words/words.ts';
import { useApi } from '../app/api-context.tsx';
import { queryKeys } from '../app/query-keys.ts';
import { beijing } from '../app/time.ts';

/**
 * 值班提醒: the warnings and escalations that came to the user as the person on duty, beside the
 * group robot's mention. The bell counts the unread; the drawer lists them in the user's language.
 * Opening one reads it and goes to its case.
 */
export function NoticeBell() {
  const api = useApi();
  const { t } = useTranslation();
  const queries = useQueryClient();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const list = useQuery({
    queryKey: queryKeys.notices,
    queryFn: () => api.send<NoticeList>('GET', '/api/notices'),
    // the live stream refreshes it on every event; this, while no page holds the stream
    refetchInterval: 30_000,
  });
  const read = useMutation({
    mutationFn: (ids?: string[]) => api.send('POST', '/api/notices/read', ids ? { ids } : {}),
    onSuccess: () => void queries.invalidateQueries({ queryKey: queryKeys.notices }),
  });
  const unread = list.data?.unread ?? 0;
  const notices = list.data?.notices ?? [];
  const go = (n: Notice) => {
    if (!n.readAt) read.mutate([n.id]);
    setOpen(false);
    void navigate(n.link);
  };
  return (
    <>
      <Badge count={unread} size="small" offset={[-4, 4]}>
        <Button
          size="small"
          icon={<BellOutlined />}
          aria-label={unread > 0 ? t('notices.open', { count: unread }) : t('notices.title')}
          title={t('notices.title')}
          onClick={() => setOpen(true)}
          data-testid="notice-bell"
        />
      </Badge>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        title={t('notices.title')}
        size="default"
        styles={{ wrapper: { maxWidth: '100vw' } }}
        extra={
          <Button
            size="small"
            disabled={unread === 0}
            loading={read.isPending}
            onClick={() => read.mutate(undefined)}
          >
            {t('notices.readAll')}
          </Button>
        }
        data-testid="notices"
      >
        {notices.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notices.none')} />
        ) : (
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            {notices.map((n) => (
              <NoticeItem key={n.id} n={n} onOpen={() => go(n)} />
            ))}
          </Space>
        )}
      </Drawer>
    </>
  );
}

function NoticeItem({ n, onOpen }: { n: Notice; onOpen: () => void }) {
  const { t } = useTranslation();
  const words = t as unknown as Translate;
  return (
    <button
      type="button"
      onClick={onOpen}
      data-testid="notice"
      data-unread={n.readAt ? undefined : 'true'}
      style={{
        all: 'unset',
        cursor: 'pointer',
        display: 'block',
        width: '100%',
        boxSizing: 'border-box',
        padding: 12,
        borderRadius: 8,
        border: '1px solid #f0f0f0',
        borderLeft: `4px solid ${n.readAt ? '#d9d9d9' : n.kind === 'warning' ? '#faad14' : '#ff4d4f'}`,
        background: n.readAt ? undefined : '#fffbe6',
      }}
    >
      <Space size={4} wrap>
        {!n.readAt && <Tag color="blue">{t('notices.unread')}</Tag>}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {beijing(n.createdAt, 'MM-DD HH:mm')}
        </Typography.Text>
      </Space>
      <Typography.Paragraph strong={!n.readAt} style={{ margin: '6px 0 2px' }}>
        {say(words, n.said.title as Said)}
      </Typography.Paragraph>
      <Typography.Paragraph style={{ whiteSpace: 'pre-line', margin: 0 }}>
        {sayLines(words, n.said.lines as Param[])}
      </Typography.Paragraph>
    </button>
  );
}
