import { useTranslation } from 'react-i18next';
import { type Condition, describeCondition } from '../../core/plan/condition.ts';
import { describeConditionZh } from '../../core/plan/describe.ts';

/** A rule as the plan's reader says it: in Chinese words, or as written for the English reader. */
export function useWords(): (c: Condition) => string {
  const { i18n } = useTranslation();
  return i18n.language.startsWith('zh') ? describeConditionZh : describeCondition;
}
