import { useQuery } from '@tanstack/react-query';
import { Card, DatePicker, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { JurisdictionList } from '../../core/api/accounts.ts';
import type { IncidentList as Answer, Incident } from '../../core/api/incidents.ts';
import { useApi } from '../app/api-context.tsx';
import { useJurisdictionName } from '../app/jurisdictions.ts';
import { nameOf } from '../app/names.ts';
import { levelOf, usePlans } from '../app/plans.ts';
import { queryKeys } from '../app/query-keys.ts';
import { beijing, dayjs } from '../app/time.ts';

const STATUSES = ['open', 'stabilized', 'closed', 'settled'] as const;
const KEYS = ['q', 'status', 'level', 'jurisdiction', 'from', 'to', 'exercise'] as const;

/**
 * 事件列表: every incident of the user's jurisdiction and below, closed and settled ones too,
 * searched by words of the title or place or the start of the code, narrowed by status, level,
 * jurisdiction, days and exercise. The filters live in the address, so a list can be sent on.
 */
export default function IncidentList() {
  const api = useApi();
  const { t } = useTranslation();
  const name = useJurisdictionName();
  const [params, setParams] = useSearchParams();
  const query = new URLSearchParams(KEYS.flatMap((k) => (params.get(k) ? [[k, params.get(k) ?? '']] : [])));
  const list = useQuery({
    queryKey: queryKeys.incidents(query.toString()),
    queryFn: () => api.send<Answer>('GET', `/api/incidents?${query.toString()}`),
  });
  const tree = useQuery({
    queryKey: queryKeys.jurisdictions,
    queryFn: () => api.send<JurisdictionList>('GET', '/api/jurisdictions'),
    staleTime: 60_000,
  });
  const rows = list.data?.incidents ?? [];
  const plans = usePlans(rows);
  const set = (k: (typeof KEYS)[number], v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const day = (k: 'from' | 'to') => (params.get(k) ? dayjs(params.get(k)) : null);
  return (
    <Card title={t('list.title')} size="small">
      <Space wrap style={{ marginBottom: 12 }} data-testid="incident-filters">
        <Input.Search
          allowClear
          placeholder={t('list.search')}
          defaultValue={params.get('q') ?? ''}
          onSearch={(v) => set('q', v.trim() || undefined)}
          style={{ width: 240 }}
          data-testid="incident-search"
        />
        <Select
          allowClear
          placeholder={t('list.status')}
          style={{ width: 120 }}
          value={params.get('status') ?? undefined}
          onChange={(v?: string) => set('status', v)}
          options={STATUSES.map((s) => ({ value: s, label: nameOf(t, 'status', s) }))}
        />
        <Select
          allowClear
          placeholder={t('list.jurisdiction')}
          style={{ width: 160 }}
          value={params.get('jurisdiction') ?? undefined}
          onChange={(v?: string) => set('jurisdiction', v)}
          options={(tree.data?.jurisdictions ?? []).map((j) => ({ value: j.code, label: j.name }))}
        />
        <DatePicker.RangePicker
          value={[day('from'), day('to')]}
          onChange={(r) => {
            const [a, b] = (r ?? [null, null]) as [Dayjs | null, Dayjs | null];
            const next = new URLSearchParams(params);
            for (const [k, d] of [
              ['from', a],
              ['to', b],
            ] as const)
              if (d) next.set(k, d.format('YYYY-MM-DD'));
              else next.delete(k);
            setParams(next, { replace: true });
          }}
        />
        <Select
          style={{ width: 130 }}
          value={params.get('exercise') ?? 'all'}
          onChange={(v: string) => set('exercise', v === 'all' ? undefined : v)}
          options={[
            { value: 'all', label: t('list.exercises.all') },
            { value: 'false', label: t('list.exercises.real') },
            { value: 'true', label: t('list.exercises.only') },
          ]}
        />
      </Space>
      <Typography.Paragraph type="secondary">{t('list.count', { n: rows.length })}</Typography.Paragraph>
      <Table<Incident>
        size="small"
        rowKey="case_id"
        loading={list.isPending}
        dataSource={rows}
        locale={{ emptyText: t('list.none') }}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        onRow={(r) => ({ 'data-testid': 'incident-row', 'data-case': r.case_id }) as object}
        columns={[
          {
            title: t('list.level'),
            render: (_, r) => {
              const level = levelOf(plans.get(`${r.plan_id}@${r.plan_version}`), r.level);
              return <Tag color={level?.colour ?? 'default'}>{level?.name ?? t('level.none')}</Tag>;
            },
          },
          {
            title: t('board.live'),
            render: (_, r) => (
              <Space size={4}>
                <Link to={`/incidents/${r.case_id}`}>{r.title}</Link>
                {r.exercise && <Tag>{t('board.exercise')}</Tag>}
              </Space>
            ),
          },
          { title: t('list.jurisdiction'), render: (_, r) => name(r.jurisdiction) },
          { title: t('list.place'), dataIndex: 'place' },
          { title: t('list.people'), dataIndex: 'participants' },
          { title: t('list.status'), render: (_, r) => nameOf(t, 'status', r.status) },
          { title: t('list.reported'), render: (_, r) => beijing(r.reported_at, 'YYYY-MM-DD HH:mm') },
        ]}
      />
    </Card>
  );
}
