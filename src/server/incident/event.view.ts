import type { StoredEvent } from '../../core/events/event.ts';

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
