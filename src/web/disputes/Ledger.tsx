import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Form, Input, List, Select, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { may } from '../../core/accounts/permissions.ts';
import type { DisputeList } from '../../core/api/disputes.ts';
import { DISPUTE_CATEGORIES, DISPUTE_SOURCES, TIERS } from '../../core/dispute/dispute.events.ts';
import { RISKS } from '../../core/dispute/dispute.facts.ts';
import { useApi } from '../app/api-context.tsx';
import { useJurisdictionName } from '../app/jurisdictions.ts';
import { nameOf } from '../app/names.ts';
import { queryKeys } from '../app/query-keys.ts';
import type { Dictionary } from '../app/strings.ts';
import { beijing } from '../app/time.ts';
import { useMe } from '../session/me.ts';
import { RISK_COLOURS } from './risk.ts';

const STATUSES = ['registered', 'accepted', 'not_accepted', 'resolved', 'ended', 'settled'] as const;

interface Filters {
  q?: string;
  status?: string;
  risk?: string;
  category?: string;
  tier?: string;
  source?: string;
  unit?: string;
  lead?: string;
  from?: string;
  to?: string;
  overdue?: boolean;
}

/** The query string of the filters set (the list and its Excel export use the same). */
function queryOf(f: Filters): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f))
    if (v !== undefined && v !== '' && v !== false) p.set(k, v === true ? 'true' : String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** 矛盾纠纷台账: the disputes of the user's jurisdiction and below, filtered, searched, exported. */
export default function Ledger() {
  const api = useApi();
  const { t } = useTranslation();
  const [filters, setFilters] = useState<Filters>({});
  const qs = queryOf(filters);
  const ledger = useQuery({
    queryKey: queryKeys.disputes(qs),
    queryFn: () => api.send<DisputeList>('GET', `/api/disputes${qs}`),
  });
  const now = api.serverNow();
  const place = useJurisdictionName();
  const me = useMe();
  const writer = me.data ? may(me.data.user.role, 'case.record') : false;
  const opts = (values: readonly string[], ns: keyof Dictionary['d']) =>
    values.map((v) => ({ value: v, label: nameOf(t, `d.${ns}`, v) }));
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        size="small"
        title={t('ledger.title')}
        extra={
          <Space wrap>
            {writer && (
              <Link to="/disputes/new">
                <Button type="primary" size="small">
                  {t('ledger.register')}
                </Button>
              </Link>
            )}
            <Button size="small" href={`/api/disputes.xlsx${qs}`} data-testid="export">
              {t('ledger.export')}
            </Button>
          </Space>
        }
      >
        <Form
          layout="inline"
          size="small"
          onValuesChange={(_, all: Filters) => setFilters(all)}
          data-testid="ledger-filters"
          style={{ rowGap: 8 }}
        >
          <Form.Item name="q">
            <Input.Search allowClear placeholder={t('ledger.search')} style={{ width: 220 }} />
          </Form.Item>
          {(
            [
              ['status', STATUSES, 'status'],
              ['risk', RISKS, 'risk'],
              ['category', DISPUTE_CATEGORIES, 'category'],
              ['tier', TIERS, 'tier'],
              ['source', DISPUTE_SOURCES, 'source'],
            ] as const
          ).map(([name, values, ns]) => (
            <Form.Item key={name} name={name}>
              <Select
                allowClear
                placeholder={t(name === 'status' ? 'ledger.status' : `df.${name}`)}
                options={opts(values, ns)}
                style={{ minWidth: 120 }}
                aria-label={t(name === 'status' ? 'ledger.status' : `df.${name}`)}
              />
            </Form.Item>
          ))}
          <Form.Item name="unit">
            <Input allowClear placeholder={t('df.unit')} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="lead">
            <Input allowClear placeholder={t('df.leadPosition')} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="from" label={t('ledger.from')}>
            <Input type="date" style={{ width: 150 }} />
          </Form.Item>
          <Form.Item name="to" label={t('ledger.to')}>
            <Input type="date" style={{ width: 150 }} />
          </Form.Item>
          <Form.Item name="overdue" label={t('ledger.overdueOnly')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Card>
      {ledger.isError && <Alert type="error" title={(ledger.error as Error).message} />}
      <List
        data-testid="ledger"
        locale={{ emptyText: <Empty description={t('ledger.none')} /> }}
        dataSource={ledger.data?.disputes ?? []}
        renderItem={(d) => {
          const late =
            d.due_at !== null && Date.parse(d.due_at) < now && ['registered', 'accepted'].includes(d.status);
          return (
            <List.Item data-testid="dispute" data-case={d.case_id}>
              <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                <Space wrap>
                  {d.risk && (
                    <Tag color={RISK_COLOURS[d.risk]} data-testid="risk">
                      {t('dispute.risk')} {nameOf(t, 'd.risk', d.risk)}
                    </Tag>
                  )}
                  <Link to={`/disputes/${d.case_id}`} style={{ fontWeight: 600 }}>
                    {d.title}
                  </Link>
                  <Tag>{nameOf(t, 'd.status', d.status)}</Tag>
                  {late && <Tag color="red">{t('overdue.title')}</Tag>}
                  {d.exercise === 1 && <Tag>{t('board.exercise')}</Tag>}
                </Space>
                <Typography.Text type="secondary">
                  {[
                    place(d.jurisdiction),
                    nameOf(t, 'd.category', d.category),
                    nameOf(t, 'd.source', d.source),
                    d.people !== null ? t('ledger.people', { n: d.people }) : null,
                    d.unit ? `${d.unit}${d.lead_position ? ` · ${d.lead_position}` : ''}` : null,
                    t('ledger.registered', { d: beijing(d.registered_at, 'YYYY-MM-DD') }),
                    d.due_at ? t('ledger.due', { d: beijing(d.due_at, 'YYYY-MM-DD') }) : null,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </Typography.Text>
              </Space>
            </List.Item>
          );
        }}
      />
    </Space>
  );
}
