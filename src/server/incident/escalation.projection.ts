import type { Kysely } from 'kysely';
import { ancestorsOf } from '../accounts/accounts.repo.ts';
import type { Projection } from '../projections/projection.ts';
import type { DB, JurisdictionsTable } from '../store/schema.ts';

/** Jurisdiction levels a plan or a request may name as the place an escalation goes. */
const LEVEL_RANK: Record<string, number> = { village: 1, town: 2, county: 3, city: 4, province: 5 };

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

function levelNamedIn(text: string): string | undefined {
  let best: { at: number; len: number; level: string } | undefined;
  for (const [word, level] of LEVEL_WORDS) {
    const at = text.indexOf(word);
    if (at < 0) continue;
    if (!best || at < best.at || (at === best.at && word.length > best.len))
      best = { at, len: word.length, level };
  }
  return best?.level;
}

/** A jurisdiction and its ancestors, nearest first. */
export async function chainOf(db: Kysely<DB>, code: string): Promise<JurisdictionsTable[]> {
  const self = await db.selectFrom('jurisdictions').selectAll().where('code', '=', code).executeTakeFirst();
  return self ? [self, ...(await ancestorsOf(db, code))] : [];
}

/**
 * The jurisdiction an escalation reaches, from where the incident is and what was named:
 * - a jurisdiction's code on the way up: that one;
 * - a level (`county`, or a level word in a request's text such as “县委县政府”): the nearest
 *   jurisdiction at that level or above, going up from the incident;
 * - one of the plan's own units (`leading-group`, `command`…): the incident's jurisdiction,
 *   whose plan it is, for a missed duty; the jurisdiction above it for a request, since a
 *   request to escalate asks the level above to act.
 */
export async function resolveEscalation(
  db: Kysely<DB>,
  from: string | null,
  target: string,
  kind: 'missed' | 'requested',
): Promise<string | null> {
  if (!from) return null;
  const chain = await chainOf(db, from);
  if (chain.length === 0) return null;
  // codes, never names: a renamed jurisdiction must not move escalations on a rebuild
  const named = chain.find((j) => j.code === target);
  if (named) return named.code;
  const level = LEVEL_RANK[target] ? target : kind === 'requested' ? levelNamedIn(target) : undefined;
  if (level) {
    const rank = LEVEL_RANK[level] ?? 0;
    const reached = chain.find((j) => (LEVEL_RANK[j.level] ?? 0) >= rank);
    return (reached ?? chain[chain.length - 1])?.code ?? null;
  }
  return kind === 'requested' ? ((chain[1] ?? chain[0])?.code ?? null) : from;
}

/** Escalations, each resolved to the jurisdiction whose board it is on. */
export const escalationProjection: Projection = {
  name: 'escalations',
  tables: ['escalations'],
  async apply(db, events) {
    for (const e of events) {
      if (e.type !== 'duty.missed' && e.type !== 'escalation.requested') continue;
      const d = e.data as Record<string, unknown>;
      const incident = await db
        .selectFrom('incidents')
        .select('jurisdiction')
        .where('case_id', '=', e.caseId)
        .executeTakeFirst();
      const from = incident?.jurisdiction ?? null;
      const missed = e.type === 'duty.missed';
      const target = String(missed ? d.escalateTo : d.to);
      await db
        .insertInto('escalations')
        .values({
          event_id: e.id,
          case_id: e.caseId,
          kind: missed ? 'missed' : 'requested',
          duty_id: missed ? String(d.dutyId) : null,
          target,
          from_jurisdiction: from,
          to_jurisdiction: await resolveEscalation(db, from, target, missed ? 'missed' : 'requested'),
          at: new Date(missed ? String(d.dueAt) : e.occurredAt).toISOString(),
          recorded_at: e.recordedAt,
          reason: missed ? String(d.dutyId) : String(d.reason),
        })
        .execute();
    }
  },
};
