import { Badge, Empty, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { BoardIncident } from '../../core/api/board.ts';
import type { Plan } from '../../core/plan/plan.schema.ts';
import type { DutyRow } from '../app/api.ts';
import { nameOf } from '../app/names.ts';
import { dutyTitle, levelOf } from '../app/plans.ts';
import { beijing, span } from '../app/time.ts';

const TIER_COLOUR = { overdue: 'red', warning: 'orange', due: 'blue' } as const;

/** How a clock stands now: its tier by the time now (the server's order may be seconds old). */
function tierNow(c: { due_at: string; warn_at: string | null; status: string }, now: number) {
  if (c.status === 'missed' || Date.parse(c.due_at) <= now) return 'overdue' as const;
  if (c.warn_at && Date.parse(c.warn_at) <= now) return 'warning' as const;
  return 'due' as const;
}

/** One live incident on the board: what a duty officer needs without opening it. */
function Row({
  i,
  plans,
  clocks,
  now,
  isNew,
}: {
  i: BoardIncident;
  plans: Map<string, Plan>;
  clocks: DutyRow[];
  now: number;
  isNew: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const plan = plans.get(`${i.plan_id}@${i.plan_version}`);
  const level = levelOf(plan, i.level);
  const c = i.clock;
  const tier = c ? tierNow(c, now) : 'due';
  const others = clocks.filter((d) => d.duty_id !== c?.duty_id).slice(0, 2);
  const countdown = (due: string, status: string) => {
    const left = Date.parse(due) - now;
    return status === 'missed' || left < 0
      ? t('board.overdueBy', { d: span(-left, lang) })
      : t('board.dueIn', { d: span(left, lang) });
  };
  return (
    <List.Item
      data-testid="incident"
      data-case={i.case_id}
      data-urgency={tier}
      style={isNew ? { background: '#fff1f0' } : undefined}
    >
      <Space orientation="vertical" size={2} style={{ width: '100%' }}>
        <Space wrap size={[6, 2]}>
          {isNew && <Badge status="error" text={t('board.newMark')} />}
          <Tag color={TIER_COLOUR[tier]} data-testid="urgency">
            {t(`board.urgency.${tier}`)}
          </Tag>
          <Tag color={level?.colour ?? 'default'} data-testid="level">
            {level?.name ?? t('level.none')}
          </Tag>
          <Link to={`/incidents/${i.case_id}`} style={{ fontWeight: 600 }}>
            {i.title}
          </Link>
          {i.exercise && <Tag>{t('board.exercise')}</Tag>}
        </Space>
        <Typography.Text type="secondary" data-testid="where">
          {[
            i.jurisdiction_name ?? i.jurisdiction,
            i.place,
            i.participants !== null ? t('board.people', { n: i.participants }) : null,
            nameOf(t, 'status', i.status),
            t('board.elapsed', { d: span(now - Date.parse(i.reported_at), lang) }),
          ]
            .filter(Boolean)
            .join(' · ')}
        </Typography.Text>
        <Space wrap size={[6, 2]} styles={{ item: { maxWidth: '100%' } }}>
          {c ? (
            <Tag
              color={TIER_COLOUR[tier]}
              data-testid="clock"
              style={{ whiteSpace: 'normal', marginInlineEnd: 0, fontWeight: 600 }}
            >
              {dutyTitle(plan, c.duty_id)} · {countdown(c.due_at, c.status)}
              {c.on_duty ? ` · ${t('board.onDuty', { name: c.on_duty.name })}` : ''}
            </Tag>
          ) : (
            <Tag>{t('board.noClock')}</Tag>
          )}
          {others.map((d) => (
            <Tag key={d.duty_id} data-testid="clock" style={{ whiteSpace: 'normal', marginInlineEnd: 0 }}>
              {dutyTitle(plan, d.duty_id)} · {countdown(d.due_at, d.status)}
            </Tag>
          ))}
          {clocks.length - others.length - (c ? 1 : 0) > 0 && (
            <Typography.Text type="secondary">
              {t('board.moreClocks', { n: clocks.length - others.length - (c ? 1 : 0) })}
            </Typography.Text>
          )}
          {i.first_report_at ? (
            <Tag color="green" data-testid="first-report">
              {t('board.firstReport', { t: beijing(i.first_report_at, 'HH:mm') })}
            </Tag>
          ) : (
            <Tag color="volcano" data-testid="first-report">
              {t('board.noFirstReport')}
            </Tag>
          )}
        </Space>
      </Space>
    </List.Item>
  );
}

/** The live incidents, most urgent first (the server's order), each with its clocks. */
export function LiveIncidents({
  rows,
  plans,
  clocks,
  now,
  since,
  testId,
}: {
  rows: BoardIncident[];
  plans: Map<string, Plan>;
  clocks: Map<string, DutyRow[]>;
  now: number;
  /** what was reported after this is new */
  since: string | null | undefined;
  testId: string;
}) {
  const { t } = useTranslation();
  if (rows.length === 0) return <Empty description={t('board.none')} image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <List
      data-testid={testId}
      size="small"
      dataSource={rows}
      renderItem={(i) => (
        <Row
          key={i.case_id}
          i={i}
          plans={plans}
          clocks={clocks.get(i.case_id) ?? []}
          now={now}
          isNew={since !== undefined && since !== null && i.reported_at > since}
        />
      )}
    />
  );
}
