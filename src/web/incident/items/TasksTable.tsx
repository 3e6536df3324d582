import { Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Act, Ask, type On, s } from './actions.tsx';
import type { Items } from './types.ts';

/** The tasks, by group: acknowledge one, or complete it with its result. */
export function TasksTable({
  on,
  tasks,
  groupName,
}: {
  on: On;
  tasks: Items['tasks'];
  groupName: (id: unknown) => string;
}) {
  const { t } = useTranslation();
  return (
    <Table
      size="small"
      rowKey={(r) => s(r.task_id)}
      pagination={false}
      dataSource={[...tasks].sort((a, b) => groupName(a.grp).localeCompare(groupName(b.grp)))}
      columns={[
        { title: t('items.group'), render: (_, r) => groupName(r.grp) },
        { title: t('items.task'), render: (_, r) => s(r.title) },
        {
          title: '',
          render: (_, r) =>
            r.status === 'done' ? (
              <Tag color="green">{t('items.done')}</Tag>
            ) : (
              <Space>
                {r.status === 'open' && (
                  <Act
                    on={on}
                    type="task.acknowledged"
                    item={s(r.task_id)}
                    data={{ taskId: r.task_id }}
                    label={t('items.acknowledge')}
                  />
                )}
                <Ask
                  on={on}
                  type="task.completed"
                  item={s(r.task_id)}
                  label={t('items.complete')}
                  data={(result) => ({ taskId: r.task_id, result })}
                />
              </Space>
            ),
        },
      ]}
    />
  );
}
