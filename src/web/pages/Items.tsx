import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Input, Modal, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import { ASSESSMENTS } from '../../core/incident/incident.events.ts';
import type { Plan } from '../../core/plan/plan.schema.ts';
import { ApiError, api } from '../api.ts';
import { useUnitName } from '../plans.ts';
import { beijing } from '../time.ts';

type Row = Record<string, unknown>;
export interface Items {
  tasks: Row[];
  demands: Row[];
  commitments: Row[];
  statements: Row[];
  measures: Row[];
}

/** Record one event on the case; the caller refreshes the incident afterwards. */
function useRecord(caseId: string) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  return useMutation({
    mutationFn: ({ type, data }: { type: string; data: Record<string, unknown> }) =>
      api('POST', `/api/incidents/${caseId}/events/${type}`, { id: uuidv7(), data }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['incident', caseId] }),
    onError: (e) => void message.error(e instanceof ApiError ? e.message : String(e)),
  });
}

/** A button that asks for one line of text (a result, an answer, evidence) and records it. */
function Ask({ label, onText }: { label: string; onText: (text: string) => void }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>
        {label}
      </Button>
      <Modal
        open={open}
        title={label}
        onCancel={() => setOpen(false)}
        okButtonProps={{ disabled: !text.trim() }}
        onOk={() => {
          onText(text.trim());
          setText('');
          setOpen(false);
        }}
      >
        <Input.TextArea autoSize={{ minRows: 2 }} value={text} onChange={(e) => setText(e.target.value)} />
      </Modal>
    </>
  );
}

const s = (x: unknown) => (x === null || x === undefined ? '' : String(x));

/** Tasks per group, demands, commitments, measures and statements, with what can be done next. */
export function ItemTabs({ caseId, items, plan }: { caseId: string; items: Items; plan: Plan | undefined }) {
  const { t } = useTranslation();
  const record = useRecord(caseId);
  const unitName = useUnitName(plan);
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
                          <Button
                            size="small"
                            onClick={() =>
                              record.mutate({ type: 'task.acknowledged', data: { taskId: r.task_id } })
                            }
                          >
                            {t('items.acknowledge')}
                          </Button>
                        )}
                        <Ask
                          label={t('items.complete')}
                          onText={(result) =>
                            record.mutate({ type: 'task.completed', data: { taskId: r.task_id, result } })
                          }
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
                      <Select
                        size="small"
                        placeholder={t('items.assess')}
                        style={{ minWidth: 120 }}
                        options={ASSESSMENTS.map((a) => ({ value: a, label: t(`items.assessments.${a}`) }))}
                        onChange={(assessment) =>
                          record.mutate({
                            type: 'demand.assessed',
                            data: { demandId: r.demand_id, assessment, basis: t('items.assessedOnPage') },
                          })
                        }
                      />
                    ),
                },
                {
                  title: t('items.answer'),
                  render: (_, r) =>
                    r.answer ? (
                      s(r.answer)
                    ) : (
                      <Ask
                        label={t('items.answer')}
                        onText={(answer) =>
                          record.mutate({ type: 'demand.answered', data: { demandId: r.demand_id, answer } })
                        }
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
                        label={t('items.fulfil')}
                        onText={(evidence) =>
                          record.mutate({
                            type: 'commitment.fulfilled',
                            data: { commitmentId: r.commitment_id, evidence },
                          })
                        }
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
                        label={t('items.end')}
                        onText={(outcome) =>
                          record.mutate({ type: 'measure.ended', data: { measureId: r.measure_id, outcome } })
                        }
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
}: {
  caseId: string;
  plan: Plan | undefined;
  override: boolean;
}) {
  const { t } = useTranslation();
  const record = useRecord(caseId);
  const [level, setLevel] = useState<string | undefined>();
  const [reason, setReason] = useState('');
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
        onClick={() =>
          record.mutate(
            { type: 'incident.level.set', data: { level, basis: 'commander', reason: reason.trim() } },
            { onSuccess: () => setReason('') },
          )
        }
      >
        {t('items.override')}
      </Button>
      {override && (
        <Button
          size="small"
          disabled={!reason.trim()}
          onClick={() =>
            record.mutate(
              { type: 'incident.level.set', data: { basis: 'rule', reason: reason.trim() } },
              { onSuccess: () => setReason('') },
            )
          }
        >
          {t('items.lift')}
        </Button>
      )}
    </Space.Compact>
  );
}
