import { z } from 'zod';
import { TREE_LEVELS } from '../accounts/accounts.ts';
import { Text } from '../events/fields.ts';

/**
 * Where an escalation goes: a rule of the domain, decided over the chain of jurisdictions from
 * the incident's up to the top of the tree. Pure: the server reads the chain, this decides.
 */

/** A jurisdiction on the way up, as the rule needs it. */
export interface ChainLink {
  code: string;
  /** a level of the tree, or `unit` */
  level: string;
}

/** How high a level stands (village 1 … province 5); 0 for a unit or anything else. */
export function levelRank(level: string): number {
  const i = (TREE_LEVELS as readonly string[]).indexOf(level);
  return i < 0 ? 0 : TREE_LEVELS.length - i;
}

/** Level words in a free-text addressee (“县委县政府”, “市信访局”); the earliest one wins. */
const LEVEL_WORDS: [string, string][] = [
  ['社区', 'village'],
  ['街道', 'town'],
  ['省', 'province'],
  ['市', 'city'],
  ['县', 'county'],
  ['区', 'county'],
  ['镇', 'town'],
  ['乡', 'town'],
  ['村', 'village'],
];

/** The level a free-text addressee names, if any. */
export function levelNamedIn(text: string): string | undefined {
  let best: { at: number; len: number; level: string } | undefined;
  for (const [word, level] of LEVEL_WORDS) {
    const at = text.indexOf(word);
    if (at < 0) continue;
    if (!best || at < best.at || (at === best.at && word.length > best.len))
      best = { at, len: word.length, level };
  }
  return best?.level;
}

/**
 * The jurisdiction an escalation reaches, given the chain from the incident's jurisdiction up
 * (nearest first) and what was named:
 * - a jurisdiction's code on the way up: that one;
 * - a level (`county`, or a level word in a request's text such as “县委县政府”): the nearest
 *   jurisdiction at that level or above, going up from the incident (the top of the chain when
 *   none is that high);
 * - one of the plan's own units (`leading-group`, `command`…): the incident's jurisdiction,
 *   whose plan it is, for a missed duty; the jurisdiction above it for a request, since a
 *   request to escalate asks the level above to act.
 * Null when the incident has no jurisdiction. Codes, never names: a renamed jurisdiction must
 * not move escalations on a rebuild.
 */
export function escalationTarget(
  chain: readonly ChainLink[],
  target: string,
  kind: 'missed' | 'requested',
): string | null {
  const from = chain[0];
  if (!from) return null;
  const named = chain.find((j) => j.code === target);
  if (named) return named.code;
  const level = levelRank(target) > 0 ? target : kind === 'requested' ? levelNamedIn(target) : undefined;
  if (level) {
    const rank = levelRank(level);
    const reached = chain.find((j) => levelRank(j.level) >= rank);
    return (reached ?? chain[chain.length - 1] ?? from).code;
  }
  return kind === 'requested' ? (chain[1] ?? from).code : from.code;
}

/**
 * `escalation.acknowledged`, on the log of the case that escalated (an incident's, a dispute's,
 * a screening register's): the level an escalation reached has taken it in hand (已接收), by the
 * escalating event's id. Who and when are the event's own actor and time.
 */
export const EscalationAcknowledged = z
  .object({ escalationId: z.string().min(1).max(100), note: Text(500).optional() })
  .strict();

/** Why an escalation no longer needs a hand: its duty was met (late), or its case was closed. */
export type EscalationResolution = 'met' | 'closed';

/** The statuses in which a case's response is over: an incident closed or settled, a dispute resolved, ended or settled. */
const CLOSED: Record<string, readonly string[]> = {
  incident: ['closed', 'settled'],
  dispute: ['resolved', 'ended', 'settled'],
};

/**
 * Whether an escalation is resolved, and why: a missed duty met late, or the case it came from
 * closed. A request to escalate stands until the case closes (or someone takes it in hand,
 * which the board shows beside it).
 */
export function escalationResolution(
  kind: string,
  caseKind: string,
  caseStatus: string,
  dutyStatus: string | null,
): EscalationResolution | null {
  if (kind === 'missed' && dutyStatus === 'met') return 'met';
  return CLOSED[caseKind]?.includes(caseStatus) ? 'closed' : null;
}
