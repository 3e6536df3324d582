import { Bar } from '@ant-design/plots';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Progress,
  Row,
  Select,
  Space,
  Spin,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JurisdictionList } from '../../core/api/accounts.ts';
import type { FiguresOut } from '../../core/api/figures.ts';
import { useApi } from '../app/api-context.tsx';
import { nameOf } from '../app/names.ts';
import { queryKeys } from '../app/query-keys.ts';

type Rate = { n: number; of: number; rate: number | null };
const OUTCOMES = ['on_time', 'late', 'missed', 'open'] as const;
const COLOURS = { on_time: '#52c41a', late: '#faad14', missed: '#f5222d', open: '#bfbfbf' };

/**
 * 统计: the figures of a jurisdiction and below for a month, computed by the server from the
 * record (exercises left out) — duties on time by duty and by owning unit, time to the first
 * report and statement, dispute rates, screening, findings — set against the plans' targets; and
 * the exports: the figures as a workbook, the month's report as Word and Excel.
 */
export default function Figures() {
  const api = useApi();
  const { t } = useTranslation();
  // no month chosen: the server's own (its clock decides what this month is)
  const [month, setMonth] = useState<Dayjs | undefined>();
  const [jurisdiction, setJurisdiction] = useState<string | undefined>();
  const tree = useQuery({
    queryKey: queryKeys.jurisdictions,
    queryFn: () => api.send<JurisdictionList>('GET', '/api/jurisdictions'),
  });
  const query = (m: string | undefined) =>
    [m && `month=${m}`, jurisdiction && `jurisdiction=${encodeURIComponent(jurisdiction)}`]
      .filter(Boolean)
      .join('&');
  const asked = query(month?.format('YYYY-MM'));
  const figures = useQuery({
    queryKey: queryKeys.figures(asked),
    queryFn: () => api.send<FiguresOut>('GET', `/api/figures?${asked}`),
  });
  const f = figures.data;
  // the exports are of the month shown
  const qs = query(month?.format('YYYY-MM') ?? f?.from.slice(0, 7));
  const rate = (r: Rate) => (r.rate === null ? t('figures.noData') : `${r.rate}%`);
  const sub = (r: Rate) => (r.of ? t('figures.outOf', { n: r.n, of: r.of }) : '');
  const minutes = (m: number | null) => (m === null ? t('figures.noData') : t('figures.minutes', { n: m }));
  const stat = (key: string, title: string, value: string, note = '') => (
    <Col xs={12} md={8} xl={4} key={key}>
      <Card size="small" data-testid={`figure-${key}`}>
        <Statistic title={title} value={value} />
        <Typography.Text type="secondary">{note}</Typography.Text>
      </Card>
    </Col>
  );
  const byOwner = (f?.duties.byOwner ?? []).flatMap((o) =>
    OUTCOMES.map((k) => ({ owner: o.owner, outcome: t(`figures.${k}`), count: o[k] })),
  );
  const countCols = OUTCOMES.map((k) => ({
    title: t(`figures.${k}`),
    dataIndex: k,
    width: 80,
    align: 'right' as const,
  }));
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="figures">
      <Space wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('figures.title')}
        </Typography.Title>
        <Select
          aria-label={t('figures.jurisdiction')}
          style={{ minWidth: 160 }}
          placeholder={t('figures.jurisdiction')}
          value={jurisdiction ?? f?.jurisdiction.code}
          onChange={setJurisdiction}
          options={(tree.data?.jurisdictions ?? []).map((j) => ({ value: j.code, label: j.name }))}
          data-testid="figures-jurisdiction"
        />
        <DatePicker
          picker="month"
          aria-label={t('figures.month')}
          value={month ?? (f ? dayjs(f.from) : undefined)}
          allowClear={false}
          onChange={(d) => d && setMonth(d)}
          inputReadOnly
          data-testid="figures-month"
        />
        <Button href={`/api/figures?${qs}&format=xlsx`} data-testid="figures-xlsx">
          {t('figures.exportXlsx')}
        </Button>
        <Button href={`/api/reports/monthly?${qs}&format=docx`} data-testid="monthly-docx">
          {t('figures.monthlyDocx')}
        </Button>
        <Button href={`/api/reports/monthly?${qs}&format=xlsx`} data-testid="monthly-xlsx">
          {t('figures.monthlyXlsx')}
        </Button>
      </Space>
      <Typography.Text type="secondary">{t('figures.note')}</Typography.Text>
      {figures.error && <Alert type="error" title={String(figures.error.message)} />}
      {!f ? (
        <Spin />
      ) : (
        <>
          <Typography.Text data-testid="figures-period">
            {f.jurisdiction.name} · {f.from} — {f.to} · {t('figures.incidents', { n: f.incidents.reported })}{' '}
            ·{' '}
            {t('figures.disputes', {
              n: f.disputes.registered,
              accepted: f.disputes.accepted,
              notAccepted: f.disputes.notAccepted,
              repeat: f.disputes.repeatVisits,
            })}
          </Typography.Text>
          <Row gutter={[12, 12]}>
            {stat('duties', t('figures.dutiesOnTime'), rate(f.duties.onTime), sub(f.duties.onTime))}
            {stat('resolved', t('figures.resolved'), rate(f.disputes.resolved), sub(f.disputes.resolved))}
            {stat(
              'handled',
              t('figures.handledOnTime'),
              rate(f.disputes.handledOnTime),
              sub(f.disputes.handledOnTime),
            )}
            {stat(
              'accepted',
              t('figures.acceptedOnTime'),
              rate(f.disputes.acceptedOnTime),
              sub(f.disputes.acceptedOnTime),
            )}
            {stat('satisfied', t('figures.satisfied'), rate(f.disputes.satisfied), sub(f.disputes.satisfied))}
            {stat('screening', t('figures.screening'), rate(f.screening), sub(f.screening))}
            {stat('first-report', t('figures.firstReport'), minutes(f.incidents.firstReport.median))}
            {stat('first-statement', t('figures.firstStatement'), minutes(f.incidents.firstStatement.median))}
            {stat(
              'found',
              t('figures.foundByScreening'),
              rate(f.disputes.foundByScreening),
              sub(f.disputes.foundByScreening),
            )}
          </Row>
          {f.targets.length > 0 && (
            <Card size="small" title={t('figures.targets')}>
              <Table
                size="small"
                pagination={false}
                rowKey={(r) => `${r.planId}:${r.id}`}
                dataSource={f.targets}
                // on a phone the table scrolls sideways rather than squeezing the targets' names
                scroll={{ x: 640 }}
                data-testid="figures-targets"
                columns={[
                  { title: t('figures.target'), dataIndex: 'title', width: 240 },
                  { title: t('figures.plan'), dataIndex: 'planTitle', responsive: ['lg'] },
                  {
                    title: t('figures.required'),
                    dataIndex: 'atLeast',
                    width: 90,
                    render: (v: number) => `≥ ${v}%`,
                  },
                  {
                    title: t('figures.actual'),
                    dataIndex: 'actual',
                    width: 200,
                    render: (v: number | null, r) =>
                      v === null ? (
                        t('figures.noData')
                      ) : (
                        <Progress
                          percent={v}
                          size="small"
                          status={r.met ? 'success' : 'exception'}
                          format={(p) => `${p}%`}
                        />
                      ),
                  },
                  {
                    title: '',
                    dataIndex: 'met',
                    width: 90,
                    render: (m: boolean | null) =>
                      m === null ? (
                        <Tag>{t('figures.noData')}</Tag>
                      ) : m ? (
                        <Tag color="green">{t('figures.met')}</Tag>
                      ) : (
                        <Tag color="red">{t('figures.notMet')}</Tag>
                      ),
                  },
                ]}
              />
            </Card>
          )}
          <Row gutter={[12, 12]}>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('figures.byOwner')} data-testid="figures-by-owner">
                {byOwner.length > 0 ? (
                  <Bar
                    data={byOwner}
                    xField="owner"
                    yField="count"
                    colorField="outcome"
                    stack
                    height={Math.max(160, 40 * (f?.duties.byOwner.length ?? 0) + 60)}
                    scale={{
                      color: {
                        domain: OUTCOMES.map((k) => t(`figures.${k}`)),
                        range: OUTCOMES.map((k) => COLOURS[k]),
                      },
                    }}
                  />
                ) : (
                  <Typography.Text type="secondary">{t('figures.noData')}</Typography.Text>
                )}
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('figures.byDuty')}>
                <Table
                  size="small"
                  pagination={{ pageSize: 8, hideOnSinglePage: true }}
                  rowKey={(r) => `${r.planId}:${r.dutyId}`}
                  dataSource={f.duties.byDuty}
                  scroll={{ x: 560 }}
                  data-testid="figures-by-duty"
                  columns={[{ title: t('figures.duty'), dataIndex: 'title' }, ...countCols]}
                />
              </Card>
            </Col>
          </Row>
          <Card size="small" title={t('figures.findings')}>
            <Table
              size="small"
              pagination={false}
              rowKey="kind"
              dataSource={f.findings}
              scroll={{ x: 560 }}
              data-testid="figures-findings"
              columns={[
                {
                  title: t('figures.kind'),
                  dataIndex: 'kind',
                  render: (k: string) => nameOf(t, 'findings.kinds', k),
                },
                { title: t('figures.total'), dataIndex: 'total', align: 'right' },
                ...(['accepted', 'explained', 'dismissed'] as const).map((d) => ({
                  title: t(`findings.dispositions.${d}`),
                  dataIndex: d,
                  align: 'right' as const,
                })),
                { title: t('figures.pending'), dataIndex: 'pending', align: 'right' },
              ]}
            />
          </Card>
        </>
      )}
    </Space>
  );
}
