import { Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { beijing } from '../../app/time.ts';
import { s } from './actions.tsx';
import type { Items } from './types.ts';

/** The public statements, as published. */
export function StatementsTable({ statements }: { statements: Items['statements'] }) {
  const { t } = useTranslation();
  return (
    <Table
      size="small"
      rowKey={(r) => s(r.statement_id)}
      pagination={false}
      dataSource={statements}
      columns={[
        { title: t('fields.channel'), render: (_, r) => s(r.channel) },
        { title: t('fields.text'), render: (_, r) => <Typography.Text>{s(r.text)}</Typography.Text> },
        { title: t('incident.reported'), render: (_, r) => beijing(s(r.published_at)) },
      ]}
    />
  );
}
