import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { type Param, type Said, said, sayLines, words } from '../../core/words/words.ts';
import type { OnDutyPerson } from '../roster/roster.queries.ts';
import type { DB } from '../store/schema.ts';
import { insertNotice } from './notices.queries.ts';

/** What a notice for the person on duty says, and of what. */
export interface NoticeOf {
  kind: 'warning' | 'escalation';
  /** what it is of: one notice per account and source */
  sourceId: string;
  caseId: string;
  /** the jurisdiction whose duty it is: the case's for a warning, the one reached for an escalation */
  jurisdiction: string;
  exercise: boolean;
  link: string;
  /** the due time warned of, or when it was escalated */
  at: string;
  /** when it was recorded */
  now: string;
  title: Said;
  lines: readonly Param[];
}

/**
 * 值班提醒: the person on duty for a warning or an escalation gets it in the app too, beside the
 * group robot's mention — kept said (core/words), so it reads in their language. Nobody on duty:
 * nothing (the group still hears of it). In the transaction of the event it comes from.
 */
export async function noticeOnDuty(db: Kysely<DB>, onDuty: OnDutyPerson | null, n: NoticeOf): Promise<void> {
  if (!onDuty) return;
  await insertNotice(db, {
    id: uuidv7(),
    account_id: onDuty.account,
    source_id: n.sourceId,
    kind: n.kind,
    case_id: n.caseId,
    jurisdiction_code: n.jurisdiction,
    exercise: n.exercise ? 1 : 0,
    link: n.link,
    at: n.at,
    title: said(n.title),
    text: sayLines(words(), n.lines),
    said: JSON.stringify({ title: n.title, lines: n.lines }),
    created_at: n.now,
  });
}
