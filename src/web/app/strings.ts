import * as said from '../../core/words/words.ts';
import * as audit from '../audit/audit.strings.ts';
import * as board from '../board/board.strings.ts';
import * as disputeEvents from '../disputes/dispute-events.strings.ts';
import * as disputeWords from '../disputes/dispute-words.strings.ts';
import * as disputes from '../disputes/disputes.strings.ts';
import * as drills from '../drills/drills.strings.ts';
import * as figures from '../figures/figures.strings.ts';
import * as findings from '../findings/findings.strings.ts';
import * as events from '../incident/events.strings.ts';
import * as fields from '../incident/forms/fields.strings.ts';
import * as incident from '../incident/incident.strings.ts';
import * as list from '../incident/list.strings.ts';
import * as report from '../incident/report.strings.ts';
import * as notices from '../notices/notices.strings.ts';
import * as plans from '../plans/plans.strings.ts';
import * as roster from '../roster/roster.strings.ts';
import * as session from '../session/session.strings.ts';
import * as shell from './app.strings.ts';
import type { Strings } from './strings.types.ts';

/**
 * Every string of the interface: each feature's own, put together. Chinese first (the
 * interface's language); English as a switch, with the same keys (checked by the type and by
 * i18n.test.ts). The server's words (findings, notifications: core/words) are among them, so what
 * the server says reads the same here and switches with the page.
 */
export const zh = {
  ...shell.zh,
  ...session.zh,
  ...board.zh,
  ...incident.zh,
  ...report.zh,
  ...list.zh,
  ...events.zh,
  ...fields.zh,
  ...disputes.zh,
  ...disputeWords.zh,
  ...disputeEvents.zh,
  ...findings.zh,
  ...plans.zh,
  ...drills.zh,
  ...audit.zh,
  ...figures.zh,
  ...roster.zh,
  ...notices.zh,
  ...said.zh,
};

export type Dictionary = typeof zh;

export const en: Strings<Dictionary> = {
  ...shell.en,
  ...session.en,
  ...board.en,
  ...incident.en,
  ...report.en,
  ...list.en,
  ...events.en,
  ...fields.en,
  ...disputes.en,
  ...disputeWords.en,
  ...disputeEvents.en,
  ...findings.en,
  ...plans.en,
  ...drills.en,
  ...audit.en,
  ...figures.en,
  ...roster.en,
  ...notices.en,
  ...said.en,
};
