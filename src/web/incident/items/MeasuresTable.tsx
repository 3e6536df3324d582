import { Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Ask, type On, s } from './actions.tsx';
import type { Items } from './types.ts';

/** The measures taken (with their legal basis): each ended with its outcome. */
export function MeasuresTable({ on, measures }: { on: On; measures: Items['measures'] }) {
  const { t } = useTranslation();
  return (
    <Table
      size="small"
      rowKey={(r) => s(r.measure_id)}
      pagination={false}
      dataSource={measures}
      columns={[
        { title: t('fields.kind'), render: (_, r) => s(r.kind) },
        { title: t('fields.legalBasis'), render: (_, r) => s(r.legal_basis) },
        { title: t('fields.authorizedBy'), render: (_, r) => s(r.authorized_by) },
        { title: t('fields.scope'), render: (_, r) => s(r.scope) },
        {
          title: '',
          render: (_, r) =>
            r.ended_at ? (
              <Tag>{t('items.ended')}</Tag>
            ) : (
              <Ask
                on={on}
                type="measure.ended"
                item={s(r.measure_id)}
                label={t('items.end')}
                data={(outcome) => ({ measureId: r.measure_id, outcome })}
              />
            ),
        },
      ]}
    />
  );
}
