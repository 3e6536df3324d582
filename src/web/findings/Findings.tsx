import { useQuery } from '@tanstack/react-query';
import { Button, DatePicker, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { FindingList, FindingRow } from '../../core/api/findings.ts';
import { DISPOSITIONS } from '../../core/findings/disposition.ts';
import { FINDING_KINDS } from '../../core/findings/findings.ts';
import { useApi } from '../app/api-context.tsx';
import { useLive } from '../app/live.ts';
import { nameOf } from '../app/names.ts';
import { dutyTitle, usePlans, useUnitName } from '../app/plans.ts';
import { queryKeys } from '../app/query-keys.ts';
import { beijing } from '../app/time.ts';
import { DisposeModal } from './DisposeModal.tsx';
import { wordsOf } from './words.ts';

const COLOURS = { accepted: 'red', explained: 'blue', dismissed: 'default' } as const;

/** Who answers for a finding, in words: a unit or position of the plan, a level, a department, a role. */
function useOwnerName() {
  const { t } = useTranslation();
  return (owner: string, unitName: (id: string) => string) =>
    owner.startsWith('role:')
      ? t('findings.byRole', { role: nameOf(t, 'roles', owner.slice(5)) })
      : unitName(owner);
}

/**
 * 问责意见 of the cases in scope (or of one case): what each is, who answers for it, the events
 * it rests on, and its disposition — given here by a leader or auditor of the level above, with a
 * reason.
 */
export function FindingsTable({ caseId, filters }: { caseId?: string; filters?: string }) {
  const api = useApi();
  const { t } = useTranslation();
  const query = caseId ? `?caseId=${caseId}` : (filters ?? '');
  const findings = useQuery({
    queryKey: queryKeys.findings(query),
    queryFn: () => api.send<FindingList>('GET', `/api/findings${query}`),
    select: (r) => r.findings,
  });
  const plans = usePlans(findings.data ?? []);
  const [disposing, setDisposing] = useState<FindingRow | null>(null);
  const ownerName = useOwnerName();
  return (
    <>
      <Table<FindingRow>
        size="small"
        rowKey={(f) => `${f.caseId}/${f.id}`}
        loading={findings.isLoading}
        dataSource={findings.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: true }}
        data-testid="findings"
        locale={{ emptyText: t('findings.none') }}
        onRow={(f) => ({ 'data-finding': f.id }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('findings.arose'), render: (_, f) => beijing(f.arose, 'MM-DD HH:mm') },
          ...(caseId
            ? []
            : [
                {
                  title: t('findings.case'),
                  render: (_: unknown, f: FindingRow) => (
                    <Link
                      to={
                        f.caseKind === 'incident'
                          ? `/incidents/${f.caseId}`
                          : f.caseKind === 'dispute'
                            ? `/disputes/${f.caseId}`
                            : '/screening'
                      }
                    >
                      {f.caseTitle}
                    </Link>
                  ),
                },
              ]),
          { title: t('findings.kind'), render: (_, f) => <Tag>{t(`findings.kinds.${f.kind}`)}</Tag> },
          {
            title: t('findings.what'),
            render: (_, f) => {
              const plan = plans.get(`${f.plan_id}@${f.plan_version}`);
              return <FindingText f={f} title={(id) => dutyTitle(plan, id)} />;
            },
          },
          {
            title: t('findings.owner'),
            render: (_, f) => (
              <OwnerCell
                f={f}
                name={(o, u) => ownerName(o, u)}
                plan={plans.get(`${f.plan_id}@${f.plan_version}`)}
              />
            ),
          },
          {
            title: t('findings.disposition'),
            render: (_, f) =>
              f.disposition ? (
                <Space orientation="vertical" size={0} data-testid="finding-disposition">
                  <Tag color={COLOURS[f.disposition.value]}>
                    {t(`findings.dispositions.${f.disposition.value}`)}
                  </Tag>
                  <Typography.Text>{f.disposition.reason}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {[nameOf(t, 'roles', f.disposition.by.role), f.disposition.by.name]
                      .filter(Boolean)
                      .join(' · ')}{' '}
                    {beijing(f.disposition.at, 'MM-DD HH:mm')}
                  </Typography.Text>
                </Space>
              ) : (
                <Tag color="orange">{t('findings.open')}</Tag>
              ),
          },
          {
            title: '',
            render: (_, f) =>
              f.mayDispose && (
                <Button size="small" onClick={() => setDisposing(f)} data-testid="dispose">
                  {f.disposition ? t('findings.redispose') : t('findings.dispose')}
                </Button>
              ),
          },
        ]}
      />
      {disposing && (
        <DisposeModal
          f={disposing}
          title={(id) => dutyTitle(plans.get(`${disposing.plan_id}@${disposing.plan_version}`), id)}
          onClose={() => setDisposing(null)}
        />
      )}
    </>
  );
}

function OwnerCell({
  f,
  name,
  plan,
}: {
  f: FindingRow;
  name: (owner: string, unitName: (id: string) => string) => string;
  plan: Parameters<typeof useUnitName>[0];
}) {
  const unitName = useUnitName(plan);
  return <>{name(f.owner, unitName)}</>;
}

function FindingText({ f, title }: { f: FindingRow; title: (id: string) => string }) {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" size={0}>
      <span>{wordsOf(t, f, title)}</span>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('findings.evidence')}：
        {f.evidence.map((e) => `${nameOf(t, 'events', e.type)} ${beijing(e.at, 'MM-DD HH:mm')}`).join('；')}
      </Typography.Text>
    </Space>
  );
}

/** 问责: the findings of the caller's jurisdiction and below, by period, kind and disposition. */
export default function Findings() {
  const { t } = useTranslation();
  const [month, setMonth] = useState<Dayjs | null>(null);
  const [kind, setKind] = useState<string | undefined>();
  const [disposition, setDisposition] = useState<string | undefined>();
  const [exercise, setExercise] = useState(false);
  const params = new URLSearchParams();
  if (month) {
    params.set('from', month.startOf('month').toISOString());
    params.set('to', month.startOf('month').add(1, 'month').toISOString());
  }
  if (kind) params.set('kind', kind);
  if (disposition) params.set('disposition', disposition);
  if (exercise) params.set('exercise', 'true');
  const filters = params.size ? `?${params.toString()}` : '';
  // a new finding or a disposition anywhere in scope shows without a reload
  useLive();
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('findings.title')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('findings.help')}</Typography.Text>
      <Space wrap data-testid="findings-filters">
        <DatePicker picker="month" value={month} onChange={setMonth} placeholder={t('findings.month')} />
        <Select
          allowClear
          style={{ minWidth: 180 }}
          placeholder={t('findings.kind')}
          value={kind}
          onChange={setKind}
          options={FINDING_KINDS.map((k) => ({ value: k, label: t(`findings.kinds.${k}`) }))}
          data-testid="findings-kind"
        />
        <Select
          allowClear
          style={{ minWidth: 160 }}
          placeholder={t('findings.disposition')}
          value={disposition}
          onChange={setDisposition}
          options={[
            { value: 'open', label: t('findings.open') },
            ...DISPOSITIONS.map((d) => ({ value: d, label: t(`findings.dispositions.${d}`) })),
          ]}
          data-testid="findings-disposition"
        />
        <Space>
          <Switch size="small" checked={exercise} onChange={setExercise} />
          <Typography.Text type="secondary">{t('findings.exercises')}</Typography.Text>
        </Space>
      </Space>
      <FindingsTable filters={filters} />
    </Space>
  );
}
