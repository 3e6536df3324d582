import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TimelineEntry } from '../../app/api.ts';
import { authorText } from '../../app/author.ts';
import { nameOf } from '../../app/names.ts';
import { beijing } from '../../app/time.ts';

/** A situation report as it was sent: to whom, which report, and every field it holds. */
export function SitrepContent({
  data,
  ack,
  print,
}: {
  data: Record<string, unknown>;
  ack?: TimelineEntry;
  print: string;
}) {
  const { t } = useTranslation();
  const to = (data.to ?? {}) as { level?: string; jurisdiction?: string; office?: string };
  const fields = Object.entries((data.fields ?? {}) as Record<string, unknown>).filter(
    ([, v]) => v !== undefined && v !== null && String(v).trim() !== '',
  );
  const whom = [to.level ? nameOf(t, 'fields.options', to.level) : undefined, to.jurisdiction, to.office]
    .filter(Boolean)
    .join(' ');
  return (
    <div data-testid="sitrep-content" style={{ fontSize: 13, marginTop: 2 }}>
      <Typography.Text type="secondary">
        {nameOf(t, 'fields.options', String(data.kind))} → {whom}
      </Typography.Text>{' '}
      {ack ? (
        <Tag color="green" data-testid="sitrep-acknowledged">
          {t('received.acknowledged', { at: beijing(ack.recordedAt, 'MM-DD HH:mm') })} ·{' '}
          {authorText(ack.actor, t)}
        </Tag>
      ) : (
        // a report to a level of the tree is acknowledged there; one to the national bureau is not
        to.level && to.level !== 'national' && <Tag data-testid="sitrep-waiting">{t('received.waiting')}</Tag>
      )}
      <Link to={print} data-testid="sitrep-print">
        {t('print.document')}
      </Link>
      {fields.map(([k, v]) => (
        <div key={k}>
          <Typography.Text type="secondary">{nameOf(t, 'fields', k)}：</Typography.Text>
          {String(v)}
        </div>
      ))}
    </div>
  );
}
