import type { Kysely } from 'kysely';
import type { StoredEvent } from '../../core/events/event.ts';
import { accountNames } from '../accounts/accounts.queries.ts';
import type { DB } from '../store/schema.ts';

/** An event as the API and the live streams show it. */
export function eventView(e: StoredEvent) {
  return {
    caseId: e.caseId,
    id: e.id,
    seq: e.seq,
    type: e.type,
    data: e.data,
    actor: { id: e.actorId, role: e.actorRole },
    occurredAt: e.occurredAt,
    recordedAt: e.recordedAt,
  };
}

/**
 * Events as a timeline shows them: each names its author, the account's username and display
 * name beside its role (Huajie's own entries have none), read in one query for the page.
 */
export async function authoredViews(db: Kysely<DB>, events: readonly StoredEvent[]) {
  const ids = [...new Set(events.filter((e) => e.actorRole !== 'system').map((e) => e.actorId))];
  const authors = new Map(
    (await accountNames(db, ids)).map((a) => [a.id, { username: a.username, name: a.display_name }]),
  );
  return events.map((e) => {
    const v = eventView(e);
    const author = authors.get(e.actorId);
    return author ? { ...v, actor: { ...v.actor, ...author } } : v;
  });
}
