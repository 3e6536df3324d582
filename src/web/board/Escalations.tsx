import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Badge, Button, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { v7 as uuidv7 } from 'uuid';
import type { BoardEscalation } from '../../core/api/incidents.ts';
import type { Plan } from '../../core/plan/plan.schema.ts';
import { useApi } from '../app/api-context.tsx';
import { nameOf } from '../app/names.ts';
import { dutyTitle } from '../app/plans.ts';
import { queryKeys } from '../app/query-keys.ts';
import { beijing } from '../app/time.ts';
import { errorText } from '../session/errors.ts';

/** Where a case of a kind is read: an incident's page, a dispute's, the screening page. */
export const caseLink = (kind: string, caseId: string) =>
  kind === 'dispute' ? `/disputes/${caseId}` : kind === 'screening' ? '/screening' : `/incidents/${caseId}`;

/** How many escalations that still stand show before the rest fold. */
const SHOWN = 5;

/** An escalation needs a hand while it stands (not resolved) and nobody has taken it in hand. */
export const needsHand = (e: BoardEscalation) => e.resolved === null && e.acknowledged_at === null;

/**
 * Missed duties and requests escalated to this level or below: those still standing first (the
 * first few, the rest folded), each taken in hand by the level it reached (已接收: who and when);
 * then those resolved — their duty done late or their case closed — greyed.
 */
export function Escalations({
  rows,
  plans,
  since,
  fresh,
  mine,
  mayAcknowledge,
}: {
  rows: BoardEscalation[];
  plans: Map<string, Plan>;
  since: string | null | undefined;
  fresh: Set<string>;
  /** the user's own jurisdiction: only what reached it is theirs to take in hand */
  mine: string;
  mayAcknowledge: boolean;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const [open, setOpen] = useState(false);
  const ack = useMutation({
    mutationFn: (e: BoardEscalation) =>
      api.send('POST', `/api/escalations/${e.event_id}/acknowledgement`, { id: uuidv7() }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.escalations }),
    onError: (e) => message.error(errorText(t, e)),
  });
  const standing = rows.filter((e) => e.resolved === null);
  const resolved = rows.filter((e) => e.resolved !== null);
  // what this level must take in hand first, then what a level below has not, then what is
  // taken in hand, each newest first
  const rank = (e: BoardEscalation) => (needsHand(e) ? (e.to_jurisdiction === mine ? 0 : 1) : 2);
  standing.sort((a, b) => rank(a) - rank(b) || Number(a.exercise) - Number(b.exercise));
  const shown = open ? standing : standing.slice(0, SHOWN);
  const item = (e: BoardEscalation) => {
    const plan = plans.get(`${e.plan_id}@${e.plan_version}`);
    const isNew = fresh.has(e.case_id) || (since !== undefined && since !== null && e.recorded_at > since);
    const what =
      e.kind === 'missed'
        ? `${t('duty.missed')}: ${
            e.duty_id?.startsWith('commitment:') ? t('overdue.commitment') : dutyTitle(plan, e.duty_id ?? '')
          }`
        : e.reason;
    return (
      <List.Item
        key={e.event_id}
        data-testid="escalation"
        data-case={e.case_id}
        data-event={e.event_id}
        style={{
          ...(isNew && e.resolved === null ? { background: '#fff1f0' } : {}),
          ...(e.resolved ? { opacity: 0.6 } : {}),
        }}
        actions={
          mayAcknowledge && needsHand(e) && e.to_jurisdiction === mine
            ? [
                <Button
                  key="ack"
                  size="small"
                  type="primary"
                  data-testid="acknowledge"
                  loading={ack.isPending && ack.variables?.event_id === e.event_id}
                  onClick={() => ack.mutate(e)}
                >
                  {t('board.acknowledge')}
                </Button>,
              ]
            : undefined
        }
      >
        <Space wrap size={[6, 2]}>
          {isNew && e.resolved === null && <Badge status="error" text={t('board.newMark')} />}
          <Link to={caseLink(e.case_kind, e.case_id)}>{e.title}</Link>
          {e.case_kind !== 'incident' && <Tag>{nameOf(t, 'overdue.kinds', e.case_kind)}</Tag>}
          {e.exercise && <Tag>{t('board.exercise')}</Tag>}
          <Typography.Text type="secondary">{what}</Typography.Text>
          <Typography.Text type="secondary">{beijing(e.at)}</Typography.Text>
          {e.acknowledged_at && (
            <Tag color="green" data-testid="acknowledged">
              {t('board.acknowledged', {
                name: e.acknowledged_by_name ?? e.acknowledged_by ?? '',
                t: beijing(e.acknowledged_at),
              })}
            </Tag>
          )}
          {e.resolved && <Tag data-testid="resolved">{t(`board.resolved.${e.resolved}`)}</Tag>}
        </Space>
      </List.Item>
    );
  };
  return (
    <>
      <List
        data-testid="escalations"
        size="small"
        locale={{ emptyText: t('board.noEscalations') }}
        dataSource={shown}
        renderItem={item}
      />
      {standing.length > SHOWN && (
        <Button type="link" size="small" data-testid="more-escalations" onClick={() => setOpen(!open)}>
          {open ? t('board.fewerEscalations') : t('board.moreEscalations', { n: standing.length - SHOWN })}
        </Button>
      )}
      {resolved.length > 0 && (
        <details>
          <summary>
            <Typography.Text type="secondary">
              {t('board.resolvedCount', { n: resolved.length })}
            </Typography.Text>
          </summary>
          <List size="small" dataSource={resolved} renderItem={item} />
        </details>
      )}
    </>
  );
}
