import { Badge, Select, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { ASSESSMENTS } from '../../../core/incident/incident.events.ts';
import { nameOf } from '../../app/names.ts';
import { useMayRecord } from '../recordable.tsx';
import { Ask, type On, s, useAction } from './actions.tsx';
import type { Items } from './types.ts';

/** The assessment of a demand, recorded as soon as it is picked. */
function Assess({ on, demandId }: { on: On; demandId: string }) {
  const { t } = useTranslation();
  const assess = useAction<{ assessment: string }>(on, 'demand.assessed', demandId, (v) => ({
    demandId,
    assessment: v.assessment,
    basis: t('items.assessedOnPage'),
  }));
  // shown while it is on its way; after a failure it is picked again (the same intent)
  const showing = assess.sending ? assess.pending?.values.assessment : undefined;
  if (!useMayRecord()('demand.assessed')) return null;
  return (
    <Badge dot={assess.pending !== undefined && !assess.sending} title={t('intent.pending')}>
      <Select
        size="small"
        placeholder={t('items.assess')}
        style={{ minWidth: 120 }}
        value={showing}
        loading={assess.sending}
        disabled={assess.sending}
        options={ASSESSMENTS.map((a) => ({ value: a, label: t(`items.assessments.${a}`) }))}
        onChange={(assessment: string) => assess.submit({ assessment })}
      />
    </Badge>
  );
}

/** The demands: assess each, and answer it. */
export function DemandsTable({ on, demands }: { on: On; demands: Items['demands'] }) {
  const { t } = useTranslation();
  return (
    <Table
      size="small"
      rowKey={(r) => s(r.demand_id)}
      pagination={false}
      dataSource={demands}
      columns={[
        { title: t('fields.text'), render: (_, r) => s(r.text) },
        { title: t('fields.people'), render: (_, r) => s(r.people) },
        { title: t('fields.department'), render: (_, r) => s(r.department) },
        {
          title: t('items.assessment'),
          render: (_, r) =>
            r.assessment ? (
              <Tag>{nameOf(t, 'items.assessments', s(r.assessment))}</Tag>
            ) : (
              <Assess on={on} demandId={s(r.demand_id)} />
            ),
        },
        {
          title: t('items.answer'),
          render: (_, r) =>
            r.answer ? (
              s(r.answer)
            ) : (
              <Ask
                on={on}
                type="demand.answered"
                item={s(r.demand_id)}
                label={t('items.answer')}
                data={(answer) => ({ demandId: r.demand_id, answer })}
              />
            ),
        },
      ]}
    />
  );
}
