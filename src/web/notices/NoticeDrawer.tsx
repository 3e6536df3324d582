import { Button, Drawer, Empty, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Notice } from '../../core/api/notices.ts';
import { type Param, type Said, say, sayLines, type Translate } from '../../core/words/words.ts';
import { beijing } from '../app/time.ts';

/** The user's notices, newest first, in their language; opening one goes to its case. */
export default function NoticeDrawer({
  notices,
  unread,
  reading,
  onReadAll,
  onOpen,
  onClose,
}: {
  notices: Notice[];
  unread: number;
  reading: boolean;
  onReadAll: () => void;
  onOpen: (n: Notice) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Drawer
      open
      onClose={onClose}
      title={t('notices.title')}
      size="default"
      styles={{ wrapper: { maxWidth: '100vw' } }}
      extra={
        <Button size="small" disabled={unread === 0} loading={reading} onClick={onReadAll}>
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
            <NoticeItem key={n.id} n={n} onOpen={() => onOpen(n)} />
          ))}
        </Space>
      )}
    </Drawer>
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
