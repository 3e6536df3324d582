import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import type { JurisdictionList } from '../../core/api/accounts.ts';
import { DISPUTE_CATEGORIES, DISPUTE_SOURCES, SIDE_KINDS } from '../../core/dispute/dispute.events.ts';
import { ApiError } from '../app/api.ts';
import { useApi } from '../app/api-context.tsx';
import { useDraft } from '../app/draft.ts';
import { enterNeverSends } from '../app/forms/keys.ts';
import { useIntent } from '../app/intent.ts';
import { nameOf } from '../app/names.ts';
import { queryKeys } from '../app/query-keys.ts';
import type { Dictionary } from '../app/strings.ts';
import { Unsent } from '../app/Unsent.tsx';
import { useMe } from '../session/me.ts';

interface RegisterValues {
  jurisdiction?: string;
  title: string;
  summary: string;
  source: string;
  category: string;
  people?: number;
  households?: number;
  amount?: number;
  department?: string;
  sides: { kind: string; description: string }[];
}

/** What is typed is kept as it is (no dates): JSON already. */
const AS_IS = { encode: (v: RegisterValues) => v, decode: (v: unknown) => v as Partial<RegisterValues> };

/**
 * 登记矛盾纠纷: one column on a phone; what is typed survives a reload and Back until it is sent. From a screening round (?round=…&jurisdiction=…) the
 * source is 排查 and the round is named; from an incident (?incident=…) the source is 事件转入.
 */
export function RegisterDispute() {
  const api = useApi();
  const { t } = useTranslation();
  // a negative count is refused by its field, never turned into 0
  const notNegative = { type: 'number' as const, min: 0, message: t('cmd.notNegative') };
  const { message } = App.useApp();
  const navigate = useNavigate();
  const me = useMe();
  const [params] = useSearchParams();
  const round = params.get('round');
  const incident = params.get('incident');
  const [form] = Form.useForm<RegisterValues>();
  // the case the server made for the registration (a retry is answered with the same)
  const registered = useRef<string | null>(null);
  const tree = useQuery({
    queryKey: queryKeys.jurisdictions,
    queryFn: () => api.send<JurisdictionList>('GET', '/api/jurisdictions'),
    select: (r) => r.jurisdictions.filter((j) => j.plan),
  });
  // a registration from a round or an incident is its own form, with its own draft
  const key = `dispute-register${round ? `:${round}` : ''}${incident ? `:${incident}` : ''}`;
  const send = useIntent<RegisterValues, { caseId: string; duplicate: boolean }>({
    key,
    send: ({ id, values: v }) =>
      api
        .send<{ caseId: string; duplicate: boolean }>('POST', '/api/disputes', {
          id,
          ...(v.jurisdiction ? { jurisdiction: v.jurisdiction } : {}),
          data: {
            title: v.title,
            summary: v.summary,
            source: v.source,
            category: v.category,
            facts: Object.fromEntries(
              (['people', 'households', 'amount'] as const)
                .filter((k) => typeof v[k] === 'number')
                .map((k) => [k, v[k]]),
            ),
            sides: v.sides,
            ...(v.department ? { department: v.department } : {}),
            ...(round ? { screeningRoundId: round } : {}),
            ...(incident ? { fromIncident: incident } : {}),
          },
        })
        .then((r) => {
          registered.current = r.caseId;
          return r;
        }),
    onSuccess: () => {
      void message.success(t('cmd.recorded'));
      draft.clear();
      if (registered.current) navigate(`/disputes/${registered.current}`);
    },
    onError: (e) => {
      if (!(e instanceof ApiError)) return;
      form.setFields(
        e.issues.flatMap((i) => {
          const path = i.path.replace(/^data\.(facts\.)?/, '').split('.');
          const name = path.map((x) => (/^\d+$/.test(x) ? Number(x) : x));
          return name[0] ? [{ name: name as never, errors: [i.message] }] : [];
        }),
      );
    },
  });
  const draft = useDraft<RegisterValues>(key, form, AS_IS, send.restored !== undefined);
  // what was being sent when the page was left comes back into the form
  useEffect(() => {
    if (send.restored) form.setFieldsValue(send.restored.values);
  }, [form, send.restored]);
  const refused = send.error instanceof ApiError && !send.unsent ? send.error : null;
  const opts = (values: readonly string[], ns: keyof Dictionary['d']) =>
    values.map((v) => ({ value: v, label: nameOf(t, `d.${ns}`, v) }));
  return (
    <Card size="small" title={t('ledger.register')} style={{ maxWidth: 640 }}>
      {round && <Alert type="info" title={t('ledger.fromRound', { round })} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        name="register"
        initialValues={{
          jurisdiction: params.get('jurisdiction') ?? me.data?.user.jurisdiction,
          source: round ? 'screening' : incident ? 'incident' : undefined,
          sides: [{ kind: 'group', description: '' }],
        }}
        onFinish={(v) => send.submit(v)}
        onValuesChange={draft.onValuesChange}
        onKeyDown={enterNeverSends}
        data-testid="register-dispute"
      >
        <Form.Item name="jurisdiction" label={t('ledger.jurisdiction')}>
          <Select
            options={(tree.data ?? []).map((j) => ({ value: j.code, label: j.name }))}
            showSearch
            optionFilterProp="label"
          />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('df.title')}
          rules={[{ required: true, message: t('cmd.required') }]}
        >
          <Input count={{ show: true, max: 200 }} />
        </Form.Item>
        <Form.Item
          name="summary"
          label={t('df.summary')}
          rules={[{ required: true, message: t('cmd.required') }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} count={{ show: true, max: 4000 }} />
        </Form.Item>
        <Space wrap style={{ width: '100%' }}>
          <Form.Item
            name="source"
            label={t('df.source')}
            rules={[{ required: true, message: t('cmd.required') }]}
          >
            <Select options={opts(DISPUTE_SOURCES, 'source')} style={{ minWidth: 140 }} />
          </Form.Item>
          <Form.Item
            name="category"
            label={t('df.category')}
            rules={[{ required: true, message: t('cmd.required') }]}
          >
            <Select options={opts(DISPUTE_CATEGORIES, 'category')} style={{ minWidth: 140 }} />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="people" label={t('df.people')} rules={[notNegative]}>
            <InputNumber max={1_000_000} precision={0} inputMode="numeric" />
          </Form.Item>
          <Form.Item name="households" label={t('df.households')} rules={[notNegative]}>
            <InputNumber max={1_000_000} precision={0} inputMode="numeric" />
          </Form.Item>
          <Form.Item name="amount" label={t('df.amount')} rules={[notNegative]}>
            <InputNumber max={1e12} inputMode="decimal" />
          </Form.Item>
        </Space>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('ledger.sidesHint')}
        </Typography.Paragraph>
        <Form.List name="sides">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="start" wrap style={{ width: '100%' }}>
                  <Form.Item name={[f.name, 'kind']} label={t('ledger.sideKind')}>
                    <Select options={opts(SIDE_KINDS, 'side')} style={{ width: 96 }} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'description']}
                    label={t('ledger.sideDescription')}
                    rules={[{ required: true, message: t('cmd.required') }]}
                    style={{ minWidth: 220, flex: 1 }}
                  >
                    <Input count={{ show: true, max: 200 }} />
                  </Form.Item>
                  {fields.length > 1 && (
                    <Button size="small" onClick={() => remove(f.name)} style={{ marginTop: 30 }}>
                      ×
                    </Button>
                  )}
                </Space>
              ))}
              {fields.length < 10 && (
                <Button size="small" onClick={() => add({ kind: 'group', description: '' })}>
                  {t('ledger.addSide')}
                </Button>
              )}
            </>
          )}
        </Form.List>
        <Form.Item name="department" label={t('df.department')} style={{ marginTop: 12 }}>
          <Input count={{ show: true, max: 200 }} />
        </Form.Item>
        {refused && <Alert type="error" title={refused.message} style={{ marginBottom: 12 }} />}
        {send.unsent && <Unsent error={send.error} onDiscard={send.discard} />}
        <Button type="primary" htmlType="submit" loading={send.sending} block>
          {t('ledger.register')}
        </Button>
      </Form>
    </Card>
  );
}
