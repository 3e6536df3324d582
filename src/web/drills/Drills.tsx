import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { DrillAnswer, DrillScenarioList, PlanList } from '../../core/api/plans.ts';
import { ApiError } from '../app/api.ts';
import { useApi } from '../app/api-context.tsx';
import { dutyTitle, levelOf, usePlan, useUnitName } from '../app/plans.ts';
import { queryKeys } from '../app/query-keys.ts';
import { beijing, span } from '../app/time.ts';
import { ProblemList } from '../plans/ProblemList.tsx';
import type { LineProblem } from '../plans/YamlEditor.tsx';
import { DrillRuns } from './DrillRuns.tsx';

const YamlEditor = lazy(() => import('../plans/YamlEditor.tsx'));

const COMPOSE = '';

/** A new scenario to start from: one report, four hours of simulated time. */
const TEMPLATE = `title: 自拟情景
start: 2026-05-11T09:00:00+08:00
events:
  - at: PT0M
    type: incident.reported
    data:
      title: 30名群众聚集
      facts: { participants: 30 }
  - at: PT20M
    type: sitrep.submitted
    data: { to: { level: town }, kind: initial, fields: { participants: 30 } }
until: PT4H
`;

/**
 * 演练: run a plan against a scenario on a simulated clock — one shipped with the plan, or one
 * composed here — and read the review the same engine gives a live incident.
 */
export default function Drills() {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const plans = useQuery({
    queryKey: queryKeys.plans,
    queryFn: () => api.send<PlanList>('GET', '/api/plans'),
  });
  const planId = params.get('plan') ?? plans.data?.plans[0]?.id;
  const scenarios = useQuery({
    queryKey: queryKeys.drills(planId),
    queryFn: () => api.send<DrillScenarioList>('GET', `/api/plans/${planId}/drills`),
    enabled: Boolean(planId),
  });
  const [picked, setPicked] = useState<string | undefined>();
  const [text, setText] = useState<string | null>(null);
  const list = scenarios.data?.scenarios ?? [];
  const name = picked ?? list[0]?.name ?? COMPOSE;
  const shipped = list.find((s) => s.name === name);
  const yaml = text ?? shipped?.yaml ?? TEMPLATE;
  const edited = text !== null && text !== shipped?.yaml;

  const queries = useQueryClient();
  const run = useMutation({
    // each run is kept: the list of runs below (and on the plan's page) shows it
    onSuccess: () => queries.invalidateQueries({ queryKey: queryKeys.drillRuns(planId) }),
    mutationFn: () =>
      api.send<DrillAnswer>(
        'POST',
        '/api/drills',
        shipped && !edited ? { plan: planId, scenario: shipped.name } : { plan: planId, yaml },
      ),
  });
  const refused = run.error instanceof ApiError ? run.error : null;
  const problems = (refused?.issues ?? []) as LineProblem[];
  const r = run.data;
  // the version the drill ran under names the units and levels of its review
  const plan = usePlan(planId, r?.review.version).data;
  const unitName = useUnitName(plan);
  const levelColour = r?.review.level ? levelOf(plan, r.review.level.id)?.colour : undefined;
  const offset = (iso: string) => {
    const ms = r ? Date.parse(iso) - Date.parse(r.start) : 0;
    return `${beijing(iso, 'HH:mm')} (T${ms < 0 ? '−' : '+'}${span(ms, i18n.language)})`;
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title={t('drills.title')}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <Select
              style={{ width: 'min(520px, 92vw)' }}
              value={planId}
              onChange={(v) => {
                setParams({ plan: v }, { replace: true });
                setPicked(undefined);
                setText(null);
                run.reset();
              }}
              options={(plans.data?.plans ?? []).map((p) => ({
                value: p.id,
                label: `${p.title} (v${p.version})`,
              }))}
              data-testid="drill-plan"
            />
            <Select
              style={{ width: 'min(420px, 92vw)' }}
              value={name}
              onChange={(v) => {
                setPicked(v);
                setText(null);
                run.reset();
              }}
              options={[
                ...list.map((s) => ({ value: s.name, label: s.title })),
                { value: COMPOSE, label: t('drills.compose') },
              ]}
              // a plan ships a dozen scenarios and more: found by typing part of the title
              showSearch={{ optionFilterProp: 'label' }}
              data-testid="drill-scenario"
            />
          </Space>
          <Typography.Text type="secondary">{t('drills.help')}</Typography.Text>
          <Suspense fallback={<Spin />}>
            <YamlEditor
              value={yaml}
              onChange={(v) => {
                setText(v);
                run.reset();
              }}
              problems={problems}
              height="320px"
              testId="drill-editor"
            />
          </Suspense>
          {refused && (
            <Alert
              type="error"
              showIcon
              title={problems.length ? t('drills.problems', { n: problems.length }) : refused.message}
              description={problems.length > 0 && <ProblemList problems={problems} />}
            />
          )}
          <Button type="primary" onClick={() => run.mutate()} loading={run.isPending} data-testid="drill-run">
            {t('drills.run')}
          </Button>
        </Space>
      </Card>
      {r && (
        <Card
          size="small"
          title={t('drills.review', { scenario: r.review.scenario })}
          data-testid="drill-review"
        >
          <Space orientation="vertical" style={{ width: '100%' }}>
            {r.expected && (
              <Alert
                type={r.passed ? 'success' : 'warning'}
                showIcon
                data-testid="drill-verdict"
                title={r.passed ? t('drills.passed') : t('drills.differed', { n: r.differences.length })}
                description={
                  r.differences.length > 0 && (
                    <ul style={{ margin: 0, paddingLeft: 18 }}>
                      {r.differences.map((d) => (
                        <li key={d}>{d}</li>
                      ))}
                    </ul>
                  )
                }
              />
            )}
            <Typography.Text type="secondary" data-testid="drill-kept">
              {t('drillRuns.kept')}
            </Typography.Text>
            <Descriptions size="small" column={{ xs: 1, md: 3 }}>
              <Descriptions.Item label={t('incident.level')}>
                {r.review.level ? (
                  <Tag color={levelColour ?? 'default'} data-testid="drill-level">
                    {r.review.level.name}
                  </Tag>
                ) : (
                  t('level.none')
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('plans.version')}>
                {r.review.plan} v{r.review.version}
              </Descriptions.Item>
            </Descriptions>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              scroll={{ x: true }}
              dataSource={r.review.duties}
              data-testid="drill-duties"
              columns={[
                { title: t('plans.duty'), dataIndex: 'title' },
                { title: t('plans.owner'), render: (_, d) => unitName(d.owner) },
                { title: t('drills.started'), render: (_, d) => offset(d.startedAt) },
                { title: t('duty.due'), render: (_, d) => offset(d.dueAt) },
                {
                  title: t('drills.status'),
                  render: (_, d) =>
                    d.status === 'met' ? (
                      d.lateSeconds > 0 ? (
                        <Tag color="orange">
                          {t('duty.late', { d: span(d.lateSeconds * 1000, i18n.language) })}
                        </Tag>
                      ) : (
                        <Tag color="green">{t('duty.met')}</Tag>
                      )
                    ) : d.status === 'missed' ? (
                      <Tag color="red">{t('duty.missed')}</Tag>
                    ) : (
                      <Tag>{t('duty.open')}</Tag>
                    ),
                },
              ]}
            />
            {r.review.escalations.length > 0 && (
              <Card size="small" type="inner" title={t('drills.escalations')}>
                {r.review.escalations.map((e) => (
                  <div key={`${e.dutyId}-${e.at}`}>
                    {offset(e.at)} · {dutyTitle(plan, e.dutyId)} → {unitName(e.to)}
                  </div>
                ))}
              </Card>
            )}
            <Card size="small" type="inner" title={t('items.tasks')}>
              {r.review.tasks.map((x) => (
                <Tag key={x.id} color={x.status === 'done' ? 'green' : undefined}>
                  {x.title}
                </Tag>
              ))}
            </Card>
            {r.review.findings.length > 0 && (
              <Card size="small" type="inner" title={t('drills.findings')}>
                <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="drill-findings">
                  {r.review.findings.map((f) => (
                    <li key={`${f.kind}-${f.dutyId ?? ''}-${f.text}`}>{f.text}</li>
                  ))}
                </ul>
              </Card>
            )}
          </Space>
        </Card>
      )}
      {planId && (
        <Card size="small" title={t('drillRuns.title')}>
          <DrillRuns planId={planId} />
        </Card>
      )}
    </Space>
  );
}
