import { Card, Collapse, Descriptions, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DisputeDetail } from '../../../core/api/disputes.ts';
import { useJurisdictionName } from '../../app/jurisdictions.ts';
import { nameOf } from '../../app/names.ts';
import { beijing } from '../../app/time.ts';
import { RISK_COLOURS } from '../risk.ts';

/**
 * The dispute's title, state and risk, what it is about and who has it in hand (包案); on a
 * phone (`folded`) what it is about is one tap away, so that what to record comes next.
 */
export function DisputeHeader({ d, folded = false }: { d: DisputeDetail['dispute']; folded?: boolean }) {
  const { t } = useTranslation();
  const place = useJurisdictionName();
  const about = (
    <>
      <Typography.Paragraph>{d.summary}</Typography.Paragraph>
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} data-testid="dispute-facts">
        <Descriptions.Item label={t('df.category')}>{nameOf(t, 'd.category', d.category)}</Descriptions.Item>
        <Descriptions.Item label={t('df.source')}>{nameOf(t, 'd.source', d.source)}</Descriptions.Item>
        {d.people !== null && <Descriptions.Item label={t('df.people')}>{d.people}</Descriptions.Item>}
        {d.households !== null && (
          <Descriptions.Item label={t('df.households')}>{d.households}</Descriptions.Item>
        )}
        {d.amount !== null && <Descriptions.Item label={t('df.amount')}>{d.amount}</Descriptions.Item>}
        {d.unit && <Descriptions.Item label={t('df.unit')}>{d.unit}</Descriptions.Item>}
        {d.lead_position && (
          <Descriptions.Item label={t('df.leadPosition')}>{d.lead_position}</Descriptions.Item>
        )}
        {d.tier && <Descriptions.Item label={t('df.tier')}>{nameOf(t, 'd.tier', d.tier)}</Descriptions.Item>}
        {d.due_at && (
          <Descriptions.Item label={t('df.dueAt')}>{beijing(d.due_at, 'YYYY-MM-DD')}</Descriptions.Item>
        )}
        <Descriptions.Item label={t('ledger.jurisdiction')}>{place(d.jurisdiction)}</Descriptions.Item>
      </Descriptions>
    </>
  );
  return (
    <Card
      size="small"
      title={
        <Space wrap>
          <span data-testid="dispute-title">{d.title}</span>
          <Tag data-testid="dispute-status">{nameOf(t, 'd.status', d.status)}</Tag>
          {d.risk && (
            <Tag color={RISK_COLOURS[d.risk]} data-testid="dispute-risk">
              {t('dispute.risk')} {nameOf(t, 'd.risk', d.risk)}
            </Tag>
          )}
        </Space>
      }
      styles={folded ? { body: { padding: 0 } } : undefined}
    >
      {folded ? (
        <Collapse
          ghost
          size="small"
          items={[{ key: 'about', label: t('dispute.facts'), children: about, forceRender: true }]}
        />
      ) : (
        about
      )}
    </Card>
  );
}
