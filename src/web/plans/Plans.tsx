import { useQuery } from '@tanstack/react-query';
import { Select, Space, Spin, Table, Tabs, Tag } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { may } from '../../core/accounts/permissions.ts';
import type { PlanList, PlanVersion, PlanVersionList } from '../../core/api/plans.ts';
import { useApi } from '../app/api-context.tsx';
import { usePlan } from '../app/plans.ts';
import { queryKeys } from '../app/query-keys.ts';
import { beijing } from '../app/time.ts';
import { DrillRuns } from '../drills/DrillRuns.tsx';
import { useMe } from '../session/me.ts';
import { PlanView } from './PlanView.tsx';

// the editor is large: loaded when an admin opens the upload tab
const PlanUpload = lazy(() => import('./PlanUpload.tsx'));
const PlanDiff = lazy(() => import('./PlanDiff.tsx'));

/**
 * 预案库: each plan as a person reads it — levels, organisation, duties with their time limits,
 * what was left out — its versions, and (for admins) the upload of a new one.
 */
export default function Plans() {
  const api = useApi();
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const list = useQuery({
    queryKey: queryKeys.plans,
    queryFn: () => api.send<PlanList>('GET', '/api/plans'),
  });
  const id = params.get('plan') ?? list.data?.plans[0]?.id;
  const version = params.get('version') ? Number(params.get('version')) : undefined;
  const [tab, setTab] = useState('view');
  const choose = (plan: string | undefined, v?: number) =>
    setParams(plan ? { plan, ...(v ? { version: String(v) } : {}) } : {}, { replace: true });
  const versions = useQuery({
    queryKey: queryKeys.planVersions(id),
    queryFn: () => api.send<PlanVersionList>('GET', `/api/plans/${id}/versions`),
    enabled: Boolean(id),
  });
  const admin = may(me.data?.user.role ?? '', 'plan.publish');
  // a stored version is shown in its plan's history
  const showStored = (planId: string) => {
    choose(planId);
    setTab('versions');
  };
  const previous = (version: number) => versions.data?.versions.find((v) => v.version < version)?.version;
  const plan = usePlan(id, version).data;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap style={{ width: '100%' }}>
        <Select
          style={{ width: 'min(640px, 92vw)' }}
          value={id}
          onChange={(v) => choose(v)}
          options={(list.data?.plans ?? []).map((p) => ({
            value: p.id,
            label: `${p.title} (v${p.version})`,
          }))}
          data-testid="plan-select"
        />
        <Select
          style={{ width: 200 }}
          value={version ?? versions.data?.versions[0]?.version}
          onChange={(v) => choose(id, v === versions.data?.versions[0]?.version ? undefined : v)}
          options={(versions.data?.versions ?? []).map((v, i) => ({
            value: v.version,
            label: `v${v.version}${i === 0 ? ` · ${t('plans.current')}` : ''}`,
          }))}
          data-testid="plan-version"
        />
        {id && (
          <Link to={`/drills?plan=${id}`} data-testid="plan-drill">
            {t('plans.runDrill')}
          </Link>
        )}
      </Space>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'view', label: t('plans.read'), children: plan && <PlanView plan={plan} /> },
          {
            key: 'versions',
            label: t('plans.versions'),
            children: (
              <Table<PlanVersion>
                size="small"
                rowKey="version"
                pagination={false}
                dataSource={versions.data?.versions ?? []}
                data-testid="plan-versions"
                expandable={{
                  // what changed from the version before: newest first, so the next row
                  rowExpandable: (v) => previous(v.version) !== undefined,
                  expandedRowRender: (v) => (
                    <Suspense fallback={<Spin size="small" />}>
                      <PlanDiff planId={id ?? ''} from={previous(v.version) ?? v.version} to={v.version} />
                    </Suspense>
                  ),
                }}
                columns={[
                  { title: t('plans.version'), render: (_, v) => `v${v.version}` },
                  { title: t('plans.effective'), dataIndex: 'effective' },
                  {
                    title: t('plans.origin'),
                    render: (_, v) =>
                      v.origin === 'bundled' ? (
                        <Tag>{t('plans.bundled')}</Tag>
                      ) : (
                        // who uploaded it is shown to admins and auditors over where it was uploaded
                        <Tag color="blue">
                          {v.uploadedBy
                            ? t('plans.uploadedBy', { who: v.uploadedBy, at: beijing(v.uploadedAt ?? '') })
                            : beijing(v.uploadedAt ?? '')}
                        </Tag>
                      ),
                  },
                  { title: t('plans.note'), dataIndex: 'note' },
                ]}
              />
            ),
          },
          ...(id
            ? [
                {
                  key: 'runs',
                  label: t('drillRuns.title'),
                  children: <DrillRuns planId={id} />,
                },
              ]
            : []),
          ...(admin && id
            ? [
                {
                  key: 'upload',
                  label: t('plans.upload'),
                  children: (
                    <Suspense fallback={<Spin />}>
                      <PlanUpload key={id} planId={id} onStored={showStored} />
                    </Suspense>
                  ),
                },
                {
                  key: 'new',
                  label: t('plans.newPlan'),
                  children: (
                    <Suspense fallback={<Spin />}>
                      <PlanUpload key="new" onStored={showStored} />
                    </Suspense>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Space>
  );
}
