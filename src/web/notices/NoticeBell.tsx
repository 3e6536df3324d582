import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Notice, NoticeList } from '../../core/api/notices.ts';
import { useApi } from '../app/api-context.tsx';
import { queryKeys } from '../app/query-keys.ts';

// the list loads when it is opened: the shell carries the bell alone
const NoticeDrawer = lazy(() => import('./NoticeDrawer.tsx'));

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
      {open && (
        <Suspense fallback={null}>
          <NoticeDrawer
            notices={notices}
            unread={unread}
            reading={read.isPending}
            onReadAll={() => read.mutate(undefined)}
            onOpen={go}
            onClose={() => setOpen(false)}
          />
        </Suspense>
      )}
    </>
  );
}
