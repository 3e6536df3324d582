import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Plan } from '../../../core/plan/plan.schema.ts';
import type { CaseParts, IncidentDetail } from '../../app/api.ts';
import { CaseForm, type FormRequest } from '../../app/forms/CaseForm.tsx';
import { FormPicker } from '../../app/forms/FormPicker.tsx';
import { recordedIds, usePendingIntents } from '../../app/intent.ts';
import { dutyTitle } from '../../app/plans.ts';
import { queryKeys } from '../../app/query-keys.ts';
import { useMayRecord } from '../recordable.tsx';
import { FORMS } from './catalogue.ts';

export type { FormRequest };

/** What is still open in an incident: tasks not done, demands not answered, commitments not kept, duties not met. */
function stillOpen(d: IncidentDetail, plan: Plan | undefined, t: TFunction): string[] {
  return [
    ...d.tasks.filter((x) => x.status !== 'done').map((x) => t('items.openTask', { x: x.title })),
    ...d.demands.filter((x) => !x.answer).map((x) => t('items.openDemand', { x: x.text })),
    ...d.commitments.filter((x) => !x.fulfilled_at).map((x) => t('items.openCommitment', { x: x.text })),
    ...d.duties
      .filter((x) => x.status !== 'met')
      .map((x) => t('items.openDuty', { x: dutyTitle(plan, x.duty_id) })),
  ];
}

/** A form's intent; the log entry form's is not the quick log's (Incident.tsx), which records the same type. */
const intentKey = (caseId: string, type: string) =>
  type === 'log.entry' ? `${caseId}:log.entry#form` : `${caseId}:${type}`;

/** What a commander records on the scene, first on a phone: 报告, 到场, 记录, 措施, 诉求, 承诺, 发布. */
const PHONE_FIRST = [
  'sitrep.submitted',
  'arrival.recorded',
  'log.entry',
  'measure.authorized',
  'demand.registered',
  'commitment.made',
  'statement.published',
];

/** The incident page's forms: only those the user may use on this case now (its state, their role). */
export function CommandForms({
  caseId,
  detail,
  plan,
  request,
  phone = false,
}: CaseParts & { request?: FormRequest; phone?: boolean }) {
  const { t } = useTranslation();
  const can = useMayRecord();
  const forms = useMemo(() => FORMS.filter((f) => can(f.type)), [can]);
  const pending = usePendingIntents(`${caseId}:`);
  // 结案 is asked once more, with what is still open
  const closing = () => {
    const open = stillOpen(detail, plan, t);
    return {
      title: t('items.closeTitle'),
      content: (
        <div data-testid="close-confirm">
          <p>{open.length > 0 ? t('items.closeNote') : t('items.closeNothing')}</p>
          <ul>
            {open.map((o) => (
              <li key={o}>{o}</li>
            ))}
          </ul>
        </div>
      ),
      okText: t('items.closeOk'),
    };
  };
  return (
    <FormPicker
      types={forms.map((f) => f.type)}
      names="events"
      phone={phone}
      phoneFirst={PHONE_FIRST}
      pending={(type) => pending.has(intentKey(caseId, type))}
      requested={request}
      render={(type) => {
        const f = forms.find((x) => x.type === type);
        return (
          f && (
            <CaseForm
              form={f}
              detail={detail}
              plan={plan}
              phone={phone}
              naming={{ labels: 'fields', options: 'fields.options' }}
              intentKey={intentKey(caseId, f.type)}
              recorded={recordedIds(detail)}
              endpoint={`/api/incidents/${caseId}/events`}
              refresh={queryKeys.incident(caseId)}
              confirm={f.type === 'incident.closed' ? closing : undefined}
              request={request?.type === f.type ? request : undefined}
            />
          )
        );
      }}
    />
  );
}
