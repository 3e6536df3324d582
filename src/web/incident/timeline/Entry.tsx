import { Badge, Button, Popover, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isLateEntry, lateEntryAfterMs } from '../../../core/incident/late-entry.ts';
import type { Plan } from '../../../core/plan/plan.schema.ts';
import type { IncidentDetail, TimelineEntry } from '../../app/api.ts';
import { authorText } from '../../app/author.ts';
import { recordedIds, usePendingIntent } from '../../app/intent.ts';
import { nameOf } from '../../app/names.ts';
import { dutyTitle } from '../../app/plans.ts';
import { beijing } from '../../app/time.ts';
import { useMayRecord } from '../recordable.tsx';
import { CorrectionForm, correctionKey } from './CorrectionForm.tsx';
import { SitrepContent } from './SitrepContent.tsx';

/** What an entry says, in a line: its text, or the duty or task it concerns by name. */
function entryText(e: TimelineEntry, d: IncidentDetail, plan: Plan | undefined): string {
  const str = (k: string) => (typeof e.data[k] === 'string' ? (e.data[k] as string) : undefined);
  const taskId = str('taskId');
  const task = taskId ? d.tasks.find((x) => x.task_id === taskId) : undefined;
  const dutyId = str('dutyId');
  return (
    str('text') ??
    str('title') ??
    str('summary') ??
    (dutyId ? dutyTitle(plan, dutyId) : undefined) ??
    (task ? [String(task.title), str('result')].filter(Boolean).join('：') : undefined) ??
    str('note') ??
    ''
  );
}

/** One entry of the record: when, what, by whom, its corrections, and a correction added to it. */
export function Entry({
  e,
  caseId,
  detail,
  plan,
}: {
  e: TimelineEntry;
  caseId: string;
  detail: IncidentDetail;
  plan: Plan | undefined;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const text = entryText(e, detail, plan);
  // a correction whose sending was not confirmed is marked on the entry it corrects
  const pending = usePendingIntent(correctionKey(caseId, e.id));
  const unconfirmed = pending !== undefined && !recordedIds(detail).has(pending.id);
  const late = isLateEntry(e, lateEntryAfterMs(plan));
  const mayCorrect = useMayRecord()('entry.corrected');
  return (
    <div data-testid="entry" data-type={e.type} data-late={late ? 'true' : undefined}>
      <Typography.Text type="secondary">{beijing(e.occurredAt, 'MM-DD HH:mm:ss')} </Typography.Text>
      <Tag>{nameOf(t, 'events', e.type)}</Tag> {text}
      {late && (
        <Tag color="orange" data-testid="late-entry">
          {t('incident.lateEntry', {
            happened: beijing(e.occurredAt, 'MM-DD HH:mm'),
            recorded: beijing(e.recordedAt, 'MM-DD HH:mm'),
          })}
        </Tag>
      )}
      {e.actor.role !== 'system' && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="entry-author">
          {' '}
          {authorText(e.actor, t)}
        </Typography.Text>
      )}
      {e.actor.role !== 'system' && mayCorrect && (
        <Popover
          trigger="click"
          open={open}
          onOpenChange={setOpen}
          title={t('incident.correctTitle')}
          content={
            <CorrectionForm
              caseId={caseId}
              eventId={e.id}
              recorded={recordedIds(detail)}
              onDone={() => setOpen(false)}
            />
          }
        >
          <Button type="link" size="small" data-testid="correct">
            <Badge dot={unconfirmed} title={t('intent.pending')} offset={[4, -2]}>
              <span style={{ color: 'inherit' }}>{t('incident.correct')}</span>
            </Badge>
          </Button>
        </Popover>
      )}
      {e.type === 'sitrep.submitted' && (
        <SitrepContent
          data={e.data}
          print={`/incidents/${caseId}/sitreps/${e.id}/print`}
          ack={detail.timeline.find((x) => x.type === 'sitrep.acknowledged' && x.data.sitrepId === e.id)}
        />
      )}
      {e.corrections.map((c) => (
        <div key={c.id} data-testid="correction">
          <Tag color="gold">{t('incident.corrected')}</Tag>
          {String(c.correction)} <Typography.Text type="secondary">({String(c.reason)})</Typography.Text>
        </div>
      ))}
    </div>
  );
}
