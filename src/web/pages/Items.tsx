import { useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Input, Modal, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ASSESSMENTS } from '../../core/incident/incident.events.ts';
import type { Plan } from '../../core/plan/plan.schema.ts';
import { type Appended, api, type IncidentDetail } from '../api.ts';
import { recordedIds, unsure, useIntent } from '../intent.ts';
import { useUnitName } from '../plans.ts';
import { beijing } from '../time.ts';

/** What the items tab shows of the incident page's answer; the case's log: what it holds is recorded. */
export type Items = Pick<IncidentDetail, 'tasks' | 'demands' | 'commitments' | 'statements' | 'measures'> & {
  timeline: { id: string }[];
};

/** The case an action records on, and the event ids its log holds as the page has it. */
interface On {
  caseId: string;
  recorded: ReadonlySet<string>;
}

/**
 * Record one event on the case, one intent per action on one item (`task.completed` of task
 * t-…): pressing again after a lost answer, or after a reload, sends the same event id.
 */
function useAction<V>(
  { caseId, recorded }: On,
  type: string,
  item: string,
  data: (v: V) => Record<string, unknown>,
  onDone?: () => void,
) {
  const qc = useQueryClient();
  const { t } = useTranslation();
  const { message } = App.useApp();
  return useIntent<V, Appended>({
    key: `${caseId}:${type}:${item}`,
    recorded,
    send: ({ id, values }) =>
      api('POST', `/api/incidents/${caseId}/events/${type}`, { id, data: data(values) }),
    onSuccess: () => {
      onDone?.();
      void qc.invalidateQueries({ queryKey: ['incident', caseId] });
    },
    onError: (e) => void (unsure(e) ? message.warning(t('intent.noAnswer'), 8) : message.error(e.message)),
  });
}

/** An action's label, marked while an earlier press of it has no confirmed answer */
function Marked({ pending, children }: { pending: boolean; children: string }) {
  const { t } = useTranslation();
  return pending ? (
    <Badge dot title={t('intent.pending')} offset={[4, -2]}>
      <span>{children}</span>
    </Badge>
  ) : (
    children
  );
}

/** A button that records at once (acknowledge a task). */
function Act({
  on,
  type,
  item,
  data,
  label,
}: {
  on: On;
  type: string;
  item: string;
  data: Record<string, unknown>;
  label: string;
}) {
  const act = useAction<Record<string, never>>(on, type, item, () => data);
  return (
    <Button size="small" loading={act.sending} onClick={() => act.submit({})}>
      <Marked pending={act.pending !== undefined && !act.sending}>{label}</Marked>
    </Button>
  );
}

/** A button that asks for one line of text (a result, an answer, evidence) and records it. */
function Ask({
  on,
  type,
  item,
  data,
  label,
}: {
  on: On;
  type: string;
  item: string;
  data: (text: string) => Record<string, unknown>;
  label: string;
}) {
  const [open, setOpen] = useState(false);
  const ask = useAction<{ text: string }>(
    on,
    type,
    item,
    (v) => data(v.text),
    () => {
      setText('');
      setOpen(false);
    },
  );
  // a text whose sending was not confirmed before a reload is there again when the box opens
  const [text, setText] = useState(() => ask.restored?.values.text ?? '');
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>
        <Marked pending={ask.pending !== undefined && !ask.sending}>{label}</Marked>
      </Button>
      <Modal
        open={open}
        title={label}
        onCancel={() => setOpen(false)}
        okButtonProps={{ disabled: !text.trim() }}
        confirmLoading={ask.sending}
        onOk={() => ask.submit({ text: text.trim() })}
      >
        <Input.TextArea autoSize={{ minRows: 2 }} value={text} onChange={(e) => setText(e.target.value)} />
      </Modal>
    </>
  );
}

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

const s = (x: unknown) => (x === null || x === undefined ? '' : String(x));

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
          children: (
            <Table
              size="small"
              rowKey={(r) => s(r.task_id)}
              pagination={false}
              dataSource={[...items.tasks].sort((a, b) => groupName(a.grp).localeCompare(groupName(b.grp)))}
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
          ),
        },
        {
          key: 'demands',
          label: `${t('items.demands')} (${items.demands.length})`,
          children: (
            <Table
              size="small"
              rowKey={(r) => s(r.demand_id)}
              pagination={false}
              dataSource={items.demands}
              columns={[
                { title: t('fields.text'), render: (_, r) => s(r.text) },
                { title: t('fields.people'), render: (_, r) => s(r.people) },
                { title: t('fields.department'), render: (_, r) => s(r.department) },
                {
                  title: t('items.assessment'),
                  render: (_, r) =>
                    r.assessment ? (
                      <Tag>{t(`items.assessments.${s(r.assessment)}`)}</Tag>
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
          ),
        },
        {
          key: 'commitments',
          label: `${t('items.commitments')} (${items.commitments.length})`,
          children: (
            <Table
              size="small"
              rowKey={(r) => s(r.commitment_id)}
              pagination={false}
              dataSource={items.commitments}
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
          ),
        },
        {
          key: 'measures',
          label: `${t('items.measures')} (${items.measures.length})`,
          children: (
            <Table
              size="small"
              rowKey={(r) => s(r.measure_id)}
              pagination={false}
              dataSource={items.measures}
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
          ),
        },
        {
          key: 'statements',
          label: `${t('items.statements')} (${items.statements.length})`,
          children: (
            <Table
              size="small"
              rowKey={(r) => s(r.statement_id)}
              pagination={false}
              dataSource={items.statements}
              columns={[
                { title: t('fields.channel'), render: (_, r) => s(r.channel) },
                { title: t('fields.text'), render: (_, r) => <Typography.Text>{s(r.text)}</Typography.Text> },
                { title: t('incident.reported'), render: (_, r) => beijing(s(r.published_at)) },
              ]}
            />
          ),
        },
      ]}
    />
  );
}

/** A commander sets the level (with a reason) or gives it back to the plan's rules. */
export function LevelOverride({
  caseId,
  plan,
  override,
  recorded,
}: {
  caseId: string;
  plan: Plan | undefined;
  override: boolean;
  recorded: ReadonlySet<string>;
}) {
  const { t } = useTranslation();
  const done = () => setReason('');
  type Level = { level?: string; reason: string };
  const on: On = { caseId, recorded };
  const set = useAction<Level>(
    on,
    'incident.level.set',
    'commander',
    (v) => ({ ...v, basis: 'commander' }),
    done,
  );
  const lift = useAction<Level>(on, 'incident.level.set', 'rule', (v) => ({ ...v, basis: 'rule' }), done);
  const kept = set.restored?.values ?? lift.restored?.values;
  const [level, setLevel] = useState<string | undefined>(set.restored?.values.level);
  const [reason, setReason] = useState(kept?.reason ?? '');
  return (
    <Space.Compact>
      <Select
        size="small"
        placeholder={t('items.setLevel')}
        style={{ minWidth: 110 }}
        value={level}
        onChange={setLevel}
        options={(plan?.levels ?? []).map((l) => ({ value: l.id, label: l.name }))}
      />
      <Input
        size="small"
        placeholder={t('items.reason')}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <Button
        size="small"
        disabled={!level || !reason.trim()}
        loading={set.sending}
        onClick={() => set.submit({ level, reason: reason.trim() })}
      >
        <Marked pending={set.pending !== undefined && !set.sending}>{t('items.override')}</Marked>
      </Button>
      {override && (
        <Button
          size="small"
          disabled={!reason.trim()}
          loading={lift.sending}
          onClick={() => lift.submit({ reason: reason.trim() })}
        >
          <Marked pending={lift.pending !== undefined && !lift.sending}>{t('items.lift')}</Marked>
        </Button>
      )}
    </Space.Compact>
  );
}
