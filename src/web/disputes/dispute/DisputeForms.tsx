import { useMemo } from 'react';
import type { DisputeDetail } from '../../../core/api/disputes.ts';
import type { Plan } from '../../../core/plan/plan.schema.ts';
import { CaseForm } from '../../app/forms/CaseForm.tsx';
import { FormPicker } from '../../app/forms/FormPicker.tsx';
import { useMayRecord } from '../../app/forms/recordable.tsx';
import { usePendingIntents } from '../../app/intent.ts';
import { queryKeys } from '../../app/query-keys.ts';
import { DISPUTE_FORMS } from './catalogue.ts';

/** A form's intent and draft: the dispute's and the form's. */
const intentKey = (caseId: string, type: string) => `${caseId}:d:${type}`;

/**
 * What a town cadre records on a dispute most, first on a phone. 受理 opens the work (offered
 * only until it is decided); 化解进展 is the everyday entry — a call, a visit to the village, a
 * meeting —; 调解 is how most disputes are resolved (人民调解法); 作出承诺 is what the people were
 * promised, each tracked by its own clock; 回访 follows every resolution; 处理意见书 is the
 * written answer 信访工作条例 Art. 32 requires. The rest — 包案, 研判, the agreement, extensions,
 * reviews, the outcome and 销号 — are fewer and decided at a desk: behind one select.
 */
const PHONE_FIRST = [
  'dispute.accepted',
  'progress.noted',
  'mediation.held',
  'commitment.made',
  'visit.made',
  'answer.issued',
];

/** The dispute page's forms: only those the user may use on this dispute now (its state, their role). */
export function DisputeForms({
  caseId,
  detail,
  plan,
  recorded,
  phone,
}: {
  caseId: string;
  detail: DisputeDetail;
  plan: Plan | undefined;
  recorded: ReadonlySet<string>;
  phone: boolean;
}) {
  const can = useMayRecord();
  const forms = useMemo(() => DISPUTE_FORMS.filter((f) => can(f.type)), [can]);
  const pending = usePendingIntents(`${caseId}:d:`);
  return (
    <FormPicker
      types={forms.map((f) => f.type)}
      names="de"
      phone={phone}
      phoneFirst={PHONE_FIRST}
      pending={(type) => pending.has(intentKey(caseId, type))}
      render={(type) => {
        const f = forms.find((x) => x.type === type);
        return (
          f && (
            <CaseForm
              form={f}
              detail={detail}
              plan={plan}
              phone={phone}
              naming={{ labels: 'df', options: 'd' }}
              intentKey={intentKey(caseId, f.type)}
              recorded={recorded}
              endpoint={`/api/disputes/${caseId}/events`}
              refresh={queryKeys.dispute(caseId)}
            />
          )
        );
      }}
    />
  );
}
