import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, List, Select, Space, Spin, Table, Tabs, Tag, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { may } from '../../core/accounts/permissions.ts';
import type { PlanList, PlanVersion, PlanVersionList } from '../../core/api/plans.ts';
import { type Condition, describeCondition } from '../../core/plan/condition.ts';
import { describeConditionZh } from '../../core/plan/describe.ts';
import { describeDuration } from '../../core/plan/duration.ts';
import { judgedBy } from '../../core/plan/engine.ts';
import { type Duty, ownerText, type Plan } from '../../core/plan/plan.schema.ts';
import { useMe } from '../App.tsx';
import { api } from '../api.ts';
import { usePlan, useUnitName } from '../plans.ts';
import { beijing } from '../time.ts';
import { DrillRuns } from './DrillRuns.tsx';

// the editor is large: loaded when an admin opens the upload tab
const PlanUpload = lazy(() => import('./PlanUpload.tsx'));
const PlanDiff = lazy(() => import('./PlanDiff.tsx'));

/**
 * 预案库: each plan as a person reads it — levels, organisation, duties with their time limits,
 * what was left out — its versions, and (for admins) the upload of a new one.
 */
export default function Plans() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const list = useQuery({
    queryKey: ['plans'],
    queryFn: () => api<PlanList>('GET', '/api/plans'),
  });
  const id = params.get('plan') ?? list.data?.plans[0]?.id;
  const version = params.get('version') ? Number(params.get('version')) : undefined;
  const [tab, setTab] = useState('view');
  const choose = (plan: string | undefined, v?: number) =>
    setParams(plan ? { plan, ...(v ? { version: String(v) } : {}) } : {}, { replace: true });
  const versions = useQuery({
    queryKey: ['plan-versions', id],
    queryFn: () => api<PlanVersionList>('GET', `/api/plans/${id}/versions`),
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

/** One plan version, rendered for reading. */
function PlanView({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const words = useWords();
  const o = plan.organisation;
  // duties name the plan's units by id: shown by name (a jurisdiction level stays as it is)
  const unit = useUnitName(plan);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {
        <>
          <Card size="small" title={plan.title} data-testid="plan-view">
            <Descriptions size="small" column={{ xs: 1, md: 2 }}>
              <Descriptions.Item label={t('plans.jurisdiction')}>{plan.jurisdiction.name}</Descriptions.Item>
              <Descriptions.Item label={t('plans.version')}>
                v{plan.version} · {plan.effective}
              </Descriptions.Item>
              <Descriptions.Item label={t('plans.source')}>{plan.source}</Descriptions.Item>
            </Descriptions>
          </Card>
          <Card size="small" title={t('plans.levels')}>
            <Table
              data-testid="plan-levels"
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={plan.levels}
              columns={[
                {
                  title: t('incident.level'),
                  render: (_, l) => <Tag color={l.colour ?? 'default'}>{l.name}</Tag>,
                },
                {
                  title: t('plans.rule'),
                  render: (_, l) => (l.rule ? words(l.rule) : t('plans.anyIncident')),
                },
                { title: t('plans.description'), dataIndex: 'description' },
              ]}
            />
          </Card>
          <Card size="small" title={t('plans.duties')}>
            <Table<Duty>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={plan.duties}
              data-testid="plan-duties"
              columns={[
                { title: t('plans.duty'), dataIndex: 'title' },
                { title: t('plans.owner'), render: (_, d) => ownerText(d.owner, unit) },
                {
                  title: t('plans.within'),
                  render: (_, d) =>
                    `${describeDuration(d.within)}${judgedBy(d) === 'recording' ? t('plans.byRecording') : ''}`,
                },
                { title: t('plans.escalateTo'), render: (_, d) => unit(d.escalateTo) },
                {
                  title: t('plans.basis'),
                  dataIndex: 'basis',
                  render: (b?: string) => <Typography.Text type="secondary">{b}</Typography.Text>,
                },
              ]}
            />
          </Card>
          {plan.disputes && <PlanDisputes plan={plan} />}
          <Card size="small" title={t('plans.organisation')}>
            <List
              size="small"
              dataSource={[o?.leadingGroup, o?.office, ...(o?.groups ?? []), ...(o?.positions ?? [])].filter(
                (u) => u !== undefined,
              )}
              renderItem={(u) => (
                <List.Item>
                  <Typography.Text strong>{u.name}</Typography.Text>
                  {'duties' in u && Array.isArray(u.duties) && (
                    <Typography.Text type="secondary"> — {u.duties.join('；')}</Typography.Text>
                  )}
                </List.Item>
              )}
            />
          </Card>
          <Card size="small" title={t('plans.checklists')}>
            {Object.entries(plan.checklists).map(([level, items]) => (
              <div key={level} style={{ marginBottom: 8 }}>
                <Tag>{plan.levels.find((l) => l.id === level)?.name ?? level}</Tag>
                {items.map((i) => i.title).join('；')}
              </div>
            ))}
          </Card>
          <Card size="small" title={t('plans.omitted')}>
            <Typography.Paragraph type="secondary">{t('plans.omittedWhy')}</Typography.Paragraph>
            <List
              size="small"
              dataSource={plan.omitted}
              data-testid="plan-omitted"
              renderItem={(x) => (
                <List.Item>
                  <Space orientation="vertical" size={0}>
                    <Typography.Text delete>{x.passage}</Typography.Text>
                    <Typography.Text type="secondary">{x.reason}</Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          </Card>
        </>
      }
    </Space>
  );
}

/** The plan's dispute section: risk rules, clocks counted in days, commitments, screening cadences. */
function PlanDisputes({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const words = useWords();
  const unit = useUnitName(plan);
  const d = plan.disputes;
  if (!d) return null;
  const days = (x: { days: number; count: string }) =>
    t(x.count === 'working' ? 'planDisputes.workingDays' : 'planDisputes.calendarDays', { n: x.days });
  const event = (type: string) => t(`de.${type}`, { defaultValue: type });
  return (
    <Card size="small" title={t('planDisputes.title')} data-testid="plan-disputes">
      <Space orientation="vertical" style={{ width: '100%' }}>
        {d.risk.length > 0 && (
          <List
            size="small"
            header={t('planDisputes.risk')}
            dataSource={d.risk}
            renderItem={(r) => (
              <List.Item>
                <Space wrap>
                  <Tag color={r.risk === 'high' ? 'red' : 'orange'}>{t(`d.risk.${r.risk}`)}</Tag>
                  <span>{words(r.rule)}</span>
                  {r.basis && <Typography.Text type="secondary">{r.basis}</Typography.Text>}
                </Space>
              </List.Item>
            )}
          />
        )}
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={d.duties}
          data-testid="plan-dispute-duties"
          columns={[
            { title: t('plans.duty'), dataIndex: 'title' },
            { title: t('planDisputes.start'), render: (_, x) => event(x.start.on) },
            {
              title: t('plans.within'),
              render: (_, x) => `${days(x.within)}${x.extendable ? t('planDisputes.extendable') : ''}`,
            },
            {
              title: t('planDisputes.metBy'),
              render: (_, x) => x.satisfiedBy.map((s) => event(s.on)).join('、'),
            },
            { title: t('plans.owner'), render: (_, x) => unit(x.owner) },
            { title: t('plans.escalateTo'), render: (_, x) => unit(x.escalateTo) },
            {
              title: t('plans.basis'),
              dataIndex: 'basis',
              render: (b?: string) => <Typography.Text type="secondary">{b}</Typography.Text>,
            },
          ]}
        />
        {d.commitments && (
          <Typography.Text>
            {t('planDisputes.commitments', { to: unit(d.commitments.escalateTo) })}
          </Typography.Text>
        )}
        {d.screening.length > 0 && (
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={d.screening}
            data-testid="plan-screening"
            columns={[
              { title: t('planDisputes.cadence'), dataIndex: 'title' },
              { title: t('screening.kind'), render: (_, c) => t(`d.screeningKind.${c.kind}`) },
              {
                title: t('planDisputes.by'),
                render: (_, c) => t(`planDisputes.every.${c.every}`, { n: c.by }),
              },
              { title: t('plans.owner'), render: (_, c) => unit(c.owner) },
              { title: t('plans.escalateTo'), render: (_, c) => unit(c.escalateTo) },
              {
                title: t('plans.basis'),
                dataIndex: 'basis',
                render: (b?: string) => <Typography.Text type="secondary">{b}</Typography.Text>,
              },
            ]}
          />
        )}
      </Space>
    </Card>
  );
}

/** A rule as the plan's reader says it: in Chinese words, or as written for the English reader. */
function useWords(): (c: Condition) => string {
  const { i18n } = useTranslation();
  return i18n.language.startsWith('zh') ? describeConditionZh : describeCondition;
}
