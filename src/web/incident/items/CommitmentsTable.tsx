import { Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { beijing } from '../../app/time.ts';
import { Ask, type On, s } from './actions.tsx';
import type { Items } from './types.ts';

/** The commitments made to the people: each fulfilled with its evidence. */
export function CommitmentsTable({ on, commitments }: { on: On; commitments: Items['commitments'] }) {
  const { t } = useTranslation();
  return (
    <Table
      size="small"
      rowKey={(r) => s(r.commitment_id)}
      pagination={false}
      dataSource={commitments}
      columns={[
        { title: t('fields.text'), render: (_, r) => s(r.text) },
        { title: t('plans.owner'), render: (_, r) => s(r.owner) },
        { title: t('duty.due'), render: (_, r) => beijing(s(r.due_at), 'YYYY-MM-DD') },
        {
          title: '',
          render: (_, r) =>
            r.fulfilled_at ? (
              <Tag color="green">{t('items.fulfilled')}</Tag>
            ) : (
              <Ask
                on={on}
                type="commitment.fulfilled"
                item={s(r.commitment_id)}
                label={t('items.fulfil')}
                data={(evidence) => ({ commitmentId: r.commitment_id, evidence })}
              />
            ),
        },
      ]}
    />
  );
}
