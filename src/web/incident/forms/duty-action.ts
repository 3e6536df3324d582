import { howToMeetDuty } from '../../../core/plan/meet.ts';
import type { Plan } from '../../../core/plan/plan.schema.ts';

import { FORMS } from './catalogue.ts';
import type { Stored } from './fields.ts';

/** Where the event types without a form here are recorded. */
export const RECORDED_ELSEWHERE: Record<string, string> = {
  'incident.reported': 'the report page (/report)',
  'incident.level.set': 'the level control at the top of the incident page',
  'entry.corrected': 'each timeline entry',
  'obligations.carried': 'the incident page’s 承接未了事项',
  'dispute.linked': 'a dispute’s page (由此报告事件) and the link on the incident page',
  'review.drafted': 'the incident page’s 总结 card, once it is closed',
  'review.submitted': 'the incident page’s 总结 card, once it is closed',
  'review.returned': 'the 总结 card, by a leader of the level above',
  'review.approved': 'the 总结 card, by a leader of the level above',
  'sitrep.acknowledged': 'the board’s 收到的报告, by the office the report is addressed to',
  'escalation.acknowledged': 'the board’s escalations (上报), by the level the escalation reached',
  'finding.disposed':
    'the findings (问责) page and the incident page’s findings, by a leader or auditor of the level above',
};

/**
 * A duty's one-tap action: the form that meets it and the values to fill in, or undefined when
 * no form here records what meets it.
 */
export function dutyAction(
  plan: Plan | undefined,
  dutyId: string,
): { type: string; values: Stored; section?: 'review' } | undefined {
  // a commitment's clock is met by keeping it
  if (dutyId.startsWith('commitment:'))
    return { type: 'commitment.fulfilled', values: { commitmentId: dutyId.slice('commitment:'.length) } };
  const how = plan ? howToMeetDuty(plan, dutyId) : undefined;
  // the review (总结) is written in its own card: the action leads there
  if (how?.type === 'review.submitted' || how?.type === 'review.drafted')
    return { type: 'review.submitted', values: {}, section: 'review' };
  const spec = how && FORMS.find((f) => f.type === how.type);
  if (!how || !spec) return undefined;
  return { type: how.type, values: spec.fromData ? spec.fromData(how.data) : how.data };
}
