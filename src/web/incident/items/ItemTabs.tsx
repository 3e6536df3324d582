import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Plan } from '../../../core/plan/plan.schema.ts';
import { recordedIds } from '../../app/intent.ts';
import { useUnitName } from '../../app/plans.ts';
import { type On, s } from './actions.tsx';
import { CommitmentsTable } from './CommitmentsTable.tsx';
import { DemandsTable } from './DemandsTable.tsx';
import { MeasuresTable } from './MeasuresTable.tsx';
import { StatementsTable } from './StatementsTable.tsx';
import { TasksTable } from './TasksTable.tsx';
import type { Items } from './types.ts';

/** Tasks per group, demands, commitments, measures and statements, with what can be done next. */
export function ItemTabs({ caseId, items, plan }: { caseId: string; items: Items; plan: Plan | undefined }) {
  const { t } = useTranslation();
  const unitName = useUnitName(plan);
  const on: On = { caseId, recorded: recordedIds(items) };
  const groupName = (id: unknown) => (id ? unitName(s(id)) : t('items.noGroup'));
  return (
    <Tabs
      size="small"
      items={[
        {
          key: 'tasks',
          label: `${t('items.tasks')} (${items.tasks.length})`,
          children: <TasksTable on={on} tasks={items.tasks} groupName={groupName} />,
        },
        {
          key: 'demands',
          label: `${t('items.demands')} (${items.demands.length})`,
          children: <DemandsTable on={on} demands={items.demands} />,
        },
        {
          key: 'commitments',
          label: `${t('items.commitments')} (${items.commitments.length})`,
          children: <CommitmentsTable on={on} commitments={items.commitments} />,
        },
        {
          key: 'measures',
          label: `${t('items.measures')} (${items.measures.length})`,
          children: <MeasuresTable on={on} measures={items.measures} />,
        },
        {
          key: 'statements',
          label: `${t('items.statements')} (${items.statements.length})`,
          children: <StatementsTable statements={items.statements} />,
        },
      ]}
    />
  );
}
