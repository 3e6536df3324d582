import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Grid,
  Input,
  InputNumber,
  Select,
  Switch,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { v7 as uuidv7 } from 'uuid';
import type { JurisdictionList } from '../../core/api/accounts.ts';
import { REPORT_SOURCES } from '../../core/incident/incident.events.ts';
import { classify } from '../../core/plan/engine.ts';
import { BLOCKING_TARGETS, GATHERING_FORMS, VISIT_LEVELS } from '../../core/plan/facts.ts';
import { ApiError } from '../app/api.ts';
import { useApi } from '../app/api-context.tsx';
import { useDraft } from '../app/draft.ts';
import { NativeDate } from '../app/forms/controls.tsx';
import { useIntent } from '../app/intent.ts';
import { levelOf, usePlan } from '../app/plans.ts';
import { queryKeys } from '../app/query-keys.ts';
import { dayjs } from '../app/time.ts';
import { Unsent } from '../app/Unsent.tsx';
import { useMe } from '../session/me.ts';
import { factsOf, implausibleFacts } from './forms/fields.ts';

interface Values {
  title: string;
  location: string;
  jurisdiction: string;
  /** 事发时间, as picked (a Dayjs); kept with the intent as its instant */
  startedAt?: Dayjs | string;
  form?: (typeof GATHERING_FORMS)[number];
  participants?: number;
  onlookers?: number;
  visitLevel?: (typeof VISIT_LEVELS)[number];
  visitPeople?: number;
  blocking?: (typeof BLOCKING_TARGETS)[number][];
  injured?: number;
  dead?: number;
  violence?: boolean;
  summary?: string;
  source: string;
  /** who brought it: the scene's unit's own report may meet the plan's duty to report */
  sourceKind?: (typeof REPORT_SOURCES)[number];
}

/** The report's values as a draft keeps them: the time as text. */
const REPORT_CODEC = {
  encode: (v: Values) => ({
    ...v,
    startedAt: v.startedAt && typeof v.startedAt !== 'string' ? v.startedAt.toISOString() : v.startedAt,
  }),
  decode: (stored: unknown) => {
    const { startedAt, ...rest } = stored as Values & { startedAt?: string };
    return {
      ...rest,
      ...(typeof startedAt === 'string' && startedAt ? { startedAt: dayjs(startedAt) } : {}),
    } as Partial<Values>;
  },
};

/** 报告事件: one-handed on a phone; the level the plan gives is shown before sending. */
export default function Report() {
  const api = useApi();
  const { t } = useTranslation();
  const phone = !Grid.useBreakpoint().md;
  // a negative count is refused by its field, never turned into 0
  const notNegative = { type: 'number' as const, min: 0, message: t('cmd.notNegative') };
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const me = useMe();
  const [form] = Form.useForm<Values>();
  // reported from a dispute (its page's 由此报告事件): linked both ways
  const fromDispute = useSearchParams()[0].get('dispute');
  const tree = useQuery({
    queryKey: queryKeys.jurisdictions,
    queryFn: () => api.send<JurisdictionList>('GET', '/api/jurisdictions'),
    select: (r) => r.jurisdictions.filter((j) => j.plan),
  });
  const ownLevel = useQuery({
    queryKey: queryKeys.jurisdictions,
    queryFn: () => api.send<JurisdictionList>('GET', '/api/jurisdictions'),
    select: (r) => r.jurisdictions.find((j) => j.code === me.data?.user.jurisdiction)?.level,
  }).data;
  const where = Form.useWatch('jurisdiction', form) ?? me.data?.user.jurisdiction;
  const planId = tree.data?.find((j) => j.code === where)?.plan;
  const plan = usePlan(planId);
  const values = Form.useWatch([], form) as Partial<Values> | undefined;
  const facts = factsOf((values ?? {}) as Record<string, unknown>);
  const level = plan.data ? levelOf(plan.data, classify(plan.data, facts)) : undefined;

  // one report per press of 报告: a double tap, a lost answer or a reload sends the same event id
  // and the same case id, so the server records one incident whatever arrives twice
  const send = useIntent<Values, { caseId: string; duplicate: boolean }>({
    key: 'report',
    extra: () => ({ caseId: uuidv7() }),
    send: ({ id, at, values: v, extra }) =>
      api.send('POST', '/api/incidents', {
        id,
        caseId: extra.caseId,
        jurisdiction: v.jurisdiction,
        data: {
          title: v.title,
          location: { text: v.location },
          // when it happened, as the reporter gives it; not given: when it is reported
          startedAt: typeof v.startedAt === 'string' && v.startedAt ? v.startedAt : at,
          source: v.source,
          ...(v.sourceKind ? { sourceKind: v.sourceKind } : {}),
          ...(v.summary ? { summary: v.summary } : {}),
          ...(fromDispute ? { fromDispute } : {}),
          facts: factsOf(v as unknown as Record<string, unknown>),
        },
      }),
    onSuccess: ({ extra }) => {
      draft.clear();
      void message.success(t('report.sent'));
      navigate(`/incidents/${extra.caseId}`);
    },
    onError: (e) => {
      if (e instanceof ApiError && e.issues.length)
        form.setFields(
          e.issues.flatMap((i) => {
            const name = fieldOf(i.path);
            return name ? [{ name, errors: [i.message] }] : [];
          }),
        );
    },
  });
  // what is typed survives a reload and Back until it is sent
  const draft = useDraft<Values>('report', form, REPORT_CODEC, send.restored !== undefined);
  // a village's (or a unit's) own account reporting: the scene's unit reports, unless changed
  useEffect(() => {
    if ((ownLevel === 'village' || ownLevel === 'unit') && !form.isFieldTouched('sourceKind'))
      form.setFieldValue('sourceKind', 'scene_unit');
  }, [form, ownLevel]);
  // a report that was on its way when the page was left comes back as it was typed
  useEffect(() => {
    if (!send.restored) return;
    const { startedAt, ...rest } = send.restored.values;
    form.setFieldsValue({
      ...rest,
      ...(typeof startedAt === 'string' ? { startedAt: dayjs(startedAt) } : {}),
    });
  }, [form, send.restored]);
  const submit = (v: Values) => {
    const kept: Values = {
      ...v,
      startedAt: v.startedAt && typeof v.startedAt !== 'string' ? v.startedAt.toISOString() : undefined,
    };
    const doubts = implausibleFacts(factsOf(kept as unknown as Record<string, unknown>));
    if (doubts.length === 0) return send.submit(kept);
    // an extra zero would set the level and reach the county: asked once more
    modal.confirm({
      title: t('cmd.implausible'),
      content: doubts.join('；'),
      okText: t('cmd.confirmSend'),
      cancelText: t('cmd.check'),
      onOk: () => send.submit(kept),
    });
  };
  const refused = send.error instanceof ApiError && !send.unsent ? send.error : null;

  return (
    <Card title={t('report.title')} style={{ maxWidth: 640, margin: '0 auto' }} size="small">
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        onValuesChange={draft.onValuesChange}
        // Enter in a one-line field moves on, it does not send: only the button sends
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'INPUT') e.preventDefault();
        }}
        initialValues={{ jurisdiction: me.data?.user.jurisdiction, source: '电话' }}
        data-testid="report-form"
      >
        <Form.Item name="jurisdiction" label={t('report.jurisdiction')} rules={[{ required: true }]}>
          <Select
            options={(tree.data ?? []).map((j) => ({ value: j.code, label: j.name }))}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Form.Item>
        <Form.Item name="title" label={t('report.eventTitle')} rules={[{ required: true, max: 200 }]}>
          <Input count={{ show: true, max: 200 }} />
        </Form.Item>
        <Form.Item name="location" label={t('report.location')} rules={[{ required: true, max: 500 }]}>
          <Input count={{ show: true, max: 500 }} />
        </Form.Item>
        <Form.Item name="startedAt" label={t('report.startedAt')} extra={t('report.startedAtHint')}>
          {phone ? (
            // the phone's own picker: the calendar with its time column is wider than the screen
            <NativeDate time />
          ) : (
            <DatePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              style={{ width: '100%' }}
              disabledDate={(d) => d.isAfter(dayjs(), 'day')}
              data-testid="report-startedAt"
            />
          )}
        </Form.Item>
        <Form.Item name="form" label={t('report.form')}>
          <Select allowClear options={GATHERING_FORMS.map((f) => ({ value: f, label: t(`forms.${f}`) }))} />
        </Form.Item>
        <Form.Item name="participants" label={t('report.participants')} rules={[notNegative]}>
          <InputNumber precision={0} inputMode="numeric" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="onlookers" label={t('fields.onlookers')} rules={[notNegative]}>
          <InputNumber precision={0} inputMode="numeric" style={{ width: '100%' }} />
        </Form.Item>
        <div style={{ display: 'flex', gap: 12 }}>
          <Form.Item name="visitLevel" label={t('fields.visitLevel')} style={{ flex: 1 }}>
            <Select allowClear options={VISIT_LEVELS.map((x) => ({ value: x, label: t(`visitTo.${x}`) }))} />
          </Form.Item>
          <Form.Item
            name="visitPeople"
            label={t('fields.visitPeople')}
            rules={[notNegative]}
            style={{ flex: 1 }}
          >
            <InputNumber precision={0} inputMode="numeric" style={{ width: '100%' }} />
          </Form.Item>
        </div>
        <Form.Item name="blocking" label={t('report.blocking')}>
          <Select
            mode="multiple"
            options={BLOCKING_TARGETS.map((x) => ({ value: x, label: t(`targets.${x}`) }))}
          />
        </Form.Item>
        <div style={{ display: 'flex', gap: 12 }}>
          <Form.Item name="injured" label={t('report.injured')} rules={[notNegative]} style={{ flex: 1 }}>
            <InputNumber precision={0} inputMode="numeric" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="dead" label={t('report.dead')} rules={[notNegative]} style={{ flex: 1 }}>
            <InputNumber precision={0} inputMode="numeric" style={{ width: '100%' }} />
          </Form.Item>
        </div>
        <Form.Item name="violence" label={t('fields.violence')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="summary" label={t('report.description')}>
          <Input.TextArea rows={3} count={{ show: true, max: 4000 }} />
        </Form.Item>
        <Form.Item name="source" label={t('report.source')} rules={[{ required: true, max: 200 }]}>
          <Input count={{ show: true, max: 200 }} />
        </Form.Item>
        <Form.Item name="sourceKind" label={t('report.sourceKind')} extra={t('report.sourceKindHint')}>
          <Select
            allowClear
            options={REPORT_SOURCES.map((k) => ({ value: k, label: t(`report.sourceKinds.${k}`) }))}
          />
        </Form.Item>
        <div style={{ marginBottom: 16 }} data-testid="level-preview">
          <Typography.Text type="secondary">{t('report.levelPreview')}: </Typography.Text>
          <Tag color={level?.colour ?? 'default'}>{level?.name ?? t('level.none')}</Tag>
          {plan.data && <Typography.Text type="secondary">{plan.data.title}</Typography.Text>}
        </div>
        {refused && !refused.issues.length && (
          <Alert type="error" title={refused.message} style={{ marginBottom: 12 }} />
        )}
        {send.unsent && <Unsent error={send.error} onDiscard={send.discard} />}
        <Button type="primary" htmlType="submit" block size="large" loading={send.sending}>
          {t('report.submit')}
        </Button>
      </Form>
    </Card>
  );
}

/** body.data.title → title: the server's issue paths onto the form's fields */
const FIELDS = [
  'title',
  'location',
  'source',
  'summary',
  'startedAt',
  'participants',
  'onlookers',
  'injured',
  'dead',
] as const;
function fieldOf(path: string): (typeof FIELDS)[number] | undefined {
  const last = path.split('.').pop();
  return FIELDS.find((f) => f === last);
}
