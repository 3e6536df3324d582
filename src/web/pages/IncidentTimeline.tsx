import { useQueryClient } from '@tanstack/react-query';
import {
  App,
  Badge,
  Button,
  Form,
  Input,
  Popover,
  Select,
  Space,
  Switch,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isLateEntry, lateEntryAfterMs } from '../../core/incident/late-entry.ts';
import { ownersOf, type Plan } from '../../core/plan/plan.schema.ts';
import {
  ApiError,
  type Appended,
  api,
  type CaseParts,
  type IncidentDetail,
  type TimelineEntry,
  type TimelinePage,
} from '../api.ts';
import { recordedIds, useIntent, usePendingIntent } from '../intent.ts';
import { dutyTitle, useUnitName } from '../plans.ts';
import { beijing } from '../time.ts';
import { Unsent } from '../Unsent.tsx';

/** Entries a reviewer reads first; derived bookkeeping (tasks assigned, duties started) is hidden by the filter. */
const SIGNIFICANT = new Set([
  'incident.reported',
  'incident.level.set',
  'sitrep.submitted',
  'escalation.requested',
  'dialogue.held',
  'demand.registered',
  'commitment.made',
  'statement.published',
  'measure.authorized',
  'measure.ended',
  'incident.stabilized',
  'incident.closed',
  'incident.settled',
  'duty.warned',
  'duty.missed',
  'duty.met',
  'arrival.recorded',
]);

/**
 * The organisation unit an entry concerns: a task's group, a duty's owner, who arrived.
 * Entries of people's own doing (a log line, a statement) belong to no group.
 */
function groupOf(e: TimelineEntry, d: IncidentDetail, plan: Plan | undefined): string | undefined {
  const taskId = typeof e.data.taskId === 'string' ? e.data.taskId : undefined;
  if (taskId) {
    if (typeof e.data.group === 'string') return e.data.group;
    const row = d.tasks.find((x) => x.task_id === taskId);
    return typeof row?.grp === 'string' ? row.grp : undefined;
  }
  if (typeof e.data.dutyId === 'string') {
    if (typeof e.data.owner === 'string') return e.data.owner;
    const owner = plan?.duties.find((x) => x.id === e.data.dutyId)?.owner;
    return owner === undefined ? undefined : ownersOf(owner).ids[0];
  }
  if (e.type === 'arrival.recorded' && typeof e.data.position === 'string') return e.data.position;
  return undefined;
}

/** At most this many entries a request for earlier ones brings. */
const PAGE = 100;

/**
 * The timeline as far back as the user has scrolled: the newest page comes with the incident
 * (and follows it live); earlier pages are loaded on demand, and a gap left when the newest
 * page moved on is filled, so the entries shown are always one unbroken stretch.
 */
function useTimeline(caseId: string, detail: IncidentDetail) {
  const [older, setOlder] = useState<TimelineEntry[]>([]);
  const [olderBefore, setOlderBefore] = useState<number | null>(null);
  const [loading, setLoading] = useState(false);
  const [failed, setFailed] = useState(false);
  const busy = useRef(false);
  const newest = detail.timeline;
  const newestMin = newest[0]?.seq ?? Number.POSITIVE_INFINITY;
  const kept = older.filter((e) => e.seq < newestMin);
  const olderMax = kept[kept.length - 1]?.seq;
  const gap = olderMax !== undefined && olderMax + 1 < newestMin;
  const before = kept.length > 0 ? olderBefore : detail.timelinePage.before;

  const fetchPage = useCallback(
    async (at: number, limit: number, place: (page: TimelinePage) => void) => {
      if (busy.current) return;
      busy.current = true;
      setLoading(true);
      setFailed(false);
      try {
        place(
          await api<TimelinePage>('GET', `/api/incidents/${caseId}/timeline?before=${at}&limit=${limit}`),
        );
      } catch {
        setFailed(true);
      } finally {
        busy.current = false;
        setLoading(false);
      }
    },
    [caseId],
  );

  // the newest page moved on past what was loaded before it: fetch what lies between
  useEffect(() => {
    if (!gap || olderMax === undefined || failed) return;
    const limit = Math.min(500, newestMin - olderMax - 1);
    void fetchPage(newestMin, limit, (page) =>
      setOlder((was) => [
        ...was.filter((e) => e.seq <= olderMax),
        ...page.timeline.filter((e) => e.seq > olderMax),
      ]),
    );
  }, [gap, olderMax, newestMin, failed, fetchPage]);

  const loadEarlier = () => {
    if (before === null || gap) return;
    void fetchPage(before, PAGE, (page) => {
      setOlder((was) => [...page.timeline, ...was]);
      setOlderBefore(page.before);
    });
  };
  const shown = gap ? newest : [...kept, ...newest];
  const first = shown[0]?.seq ?? 1;
  return { entries: shown, earlier: before === null ? 0 : first - 1, loading, failed, loadEarlier };
}

/**
 * The incident's record: significant entries only or all, by kind, by group; each correction
 * shown against the entry it corrects, and a correction added to any entry.
 */
export function IncidentTimeline({ caseId, detail, plan }: CaseParts) {
  const { t } = useTranslation();
  const [significantOnly, setSignificantOnly] = useState(true);
  const [kinds, setKinds] = useState<string[]>([]);
  const [group, setGroup] = useState<string | undefined>();
  const unitName = useUnitName(plan);
  const timeline = useTimeline(caseId, detail);
  // scrolled up to the start of what is loaded: load earlier entries, once each time it comes
  // into view (not again and again while it stays there)
  const sentinel = useRef<HTMLDivElement>(null);
  const loadEarlier = useRef(timeline.loadEarlier);
  loadEarlier.current = timeline.loadEarlier;
  const hasEarlier = timeline.earlier > 0;
  useEffect(() => {
    const el = sentinel.current;
    if (!hasEarlier || !el || typeof IntersectionObserver === 'undefined') return;
    const seen = new IntersectionObserver((xs) => {
      if (xs.some((x) => x.isIntersecting)) loadEarlier.current();
    });
    seen.observe(el);
    return () => seen.disconnect();
  }, [hasEarlier]);
  // corrections are shown under what they correct, not as entries of their own
  const all = timeline.entries.filter((e) => e.type !== 'entry.corrected');
  const groups = [...new Set(all.map((e) => groupOf(e, detail, plan)).filter((g) => g !== undefined))];
  const types = [...new Set(all.map((e) => e.type))];
  // a kind or a group asked for is shown whole: "significant only" is for the plain timeline
  const filtered = kinds.length > 0 || group !== undefined;
  const entries = all.filter(
    (e) =>
      (!significantOnly ||
        filtered ||
        SIGNIFICANT.has(e.type) ||
        (e.type === 'log.entry' && e.data.significant !== false)) &&
      (kinds.length === 0 || kinds.includes(e.type)) &&
      (!group || groupOf(e, detail, plan) === group),
  );
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap data-testid="timeline-filters">
        <Space>
          <Switch
            size="small"
            checked={significantOnly && !filtered}
            disabled={filtered}
            onChange={setSignificantOnly}
          />
          <Typography.Text type="secondary">{t('incident.significantOnly')}</Typography.Text>
        </Space>
        <Select
          mode="multiple"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('incident.byKind')}
          style={{ minWidth: 200 }}
          value={kinds}
          onChange={setKinds}
          options={types.map((x) => ({ value: x, label: t(`events.${x}`, { defaultValue: x }) }))}
          data-testid="filter-kind"
        />
        <Select
          allowClear
          placeholder={t('incident.byGroup')}
          style={{ minWidth: 180 }}
          value={group}
          onChange={setGroup}
          options={groups.map((g) => ({
            value: g,
            label: unitName(g),
          }))}
          data-testid="filter-group"
        />
      </Space>
      {timeline.earlier > 0 && (
        <div ref={sentinel}>
          <Button
            size="small"
            loading={timeline.loading}
            onClick={timeline.loadEarlier}
            data-testid="timeline-earlier"
          >
            {t('incident.earlier', { count: timeline.earlier })}
          </Button>
          {timeline.failed && <Typography.Text type="danger"> {t('incident.earlierFailed')}</Typography.Text>}
        </div>
      )}
      <Timeline
        data-testid="timeline"
        items={entries.map((e) => ({
          key: e.id,
          color:
            e.type === 'duty.missed'
              ? 'red'
              : e.type === 'duty.warned'
                ? 'orange'
                : e.actor.role === 'system'
                  ? 'gray'
                  : 'blue',
          content: <Entry e={e} caseId={caseId} detail={detail} plan={plan} />,
        }))}
      />
    </Space>
  );
}

/** Who recorded an entry: role, then the account (display name and username) when known. */
export function authorText(
  actor: { id: string; role: string; name?: string; username?: string },
  t: (key: string, o?: Record<string, unknown>) => string,
): string {
  const role = t(`roles.${actor.role}`, { defaultValue: actor.role });
  return [role, actor.name, actor.username].filter(Boolean).join(' · ');
}

/** A situation report as it was sent: to whom, which report, and every field it holds. */
function SitrepContent({
  data,
  ack,
  print,
}: {
  data: Record<string, unknown>;
  ack?: TimelineEntry;
  print: string;
}) {
  const { t } = useTranslation();
  const to = (data.to ?? {}) as { level?: string; jurisdiction?: string; office?: string };
  const fields = Object.entries((data.fields ?? {}) as Record<string, unknown>).filter(
    ([, v]) => v !== undefined && v !== null && String(v).trim() !== '',
  );
  const whom = [
    to.level ? t(`fields.options.${to.level}`, { defaultValue: to.level }) : undefined,
    to.jurisdiction,
    to.office,
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div data-testid="sitrep-content" style={{ fontSize: 13, marginTop: 2 }}>
      <Typography.Text type="secondary">
        {t(`fields.options.${String(data.kind)}`, { defaultValue: String(data.kind) })} → {whom}
      </Typography.Text>{' '}
      {ack ? (
        <Tag color="green" data-testid="sitrep-acknowledged">
          {t('received.acknowledged', { at: beijing(ack.recordedAt, 'MM-DD HH:mm') })} ·{' '}
          {authorText(ack.actor, t)}
        </Tag>
      ) : (
        // a report to a level of the tree is acknowledged there; one to the national bureau is not
        to.level && to.level !== 'national' && <Tag data-testid="sitrep-waiting">{t('received.waiting')}</Tag>
      )}
      <Link to={print} data-testid="sitrep-print">
        {t('print.document')}
      </Link>
      {fields.map(([k, v]) => (
        <div key={k}>
          <Typography.Text type="secondary">{t(`fields.${k}`, { defaultValue: k })}：</Typography.Text>
          {String(v)}
        </div>
      ))}
    </div>
  );
}

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

function Entry({
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
  return (
    <div data-testid="entry" data-type={e.type} data-late={late ? 'true' : undefined}>
      <Typography.Text type="secondary">{beijing(e.occurredAt, 'MM-DD HH:mm:ss')} </Typography.Text>
      <Tag>{t(`events.${e.type}`, { defaultValue: e.type })}</Tag> {text}
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
      {e.actor.role !== 'system' && (
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

const correctionKey = (caseId: string, eventId: string) => `${caseId}:entry.corrected:${eventId}`;

/** A correction never changes the entry: it is a new entry pointing at it, with a reason. */
function CorrectionForm({
  caseId,
  eventId,
  recorded,
  onDone,
}: {
  caseId: string;
  eventId: string;
  recorded: ReadonlySet<string>;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const send = useIntent<{ correction: string; reason: string }, Appended>({
    key: correctionKey(caseId, eventId),
    recorded,
    send: ({ id, values }) =>
      api('POST', `/api/incidents/${caseId}/events/entry.corrected`, { id, data: { eventId, ...values } }),
    onSuccess: () => {
      void message.success(t('cmd.recorded'));
      form.resetFields();
      onDone();
      void qc.invalidateQueries({ queryKey: ['incident', caseId] });
    },
  });
  useEffect(() => {
    if (send.restored) form.setFieldsValue(send.restored.values);
  }, [form, send.restored]);
  return (
    <Form
      form={form}
      name={`correct-${eventId}`}
      layout="vertical"
      size="small"
      style={{ width: 280 }}
      onFinish={(v) => send.submit(v)}
    >
      <Form.Item
        name="correction"
        label={t('incident.correction')}
        rules={[{ required: true, message: t('cmd.required') }]}
      >
        <Input.TextArea autoSize={{ minRows: 2 }} />
      </Form.Item>
      <Form.Item
        name="reason"
        label={t('fields.reason')}
        rules={[{ required: true, message: t('cmd.required') }]}
      >
        <Input />
      </Form.Item>
      {send.error instanceof ApiError && !send.unsent && (
        <Typography.Text type="danger">{send.error.message}</Typography.Text>
      )}
      {send.unsent && <Unsent compact error={send.error} onDiscard={send.discard} />}
      <Button type="primary" htmlType="submit" loading={send.sending} style={{ marginTop: 8 }}>
        {t('cmd.submit')}
      </Button>
    </Form>
  );
}
