import { z } from 'zod';
import { eventView } from '../incident/event.view.ts';
import type { AppendResult } from '../store/event-store.ts';

/** A command's body on the routes of every kind of case: the client's event id, its data, its field time. */
export const CommandIn = z
  .object({
    id: z.uuid({ version: 'v7', message: 'id is the client-made UUIDv7 of the event (the retry key)' }),
    data: z.record(z.string(), z.unknown()),
    occurredAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

/** What a command recorded, as the routes answer it (core/api `Appended`). */
export function appended(r: AppendResult) {
  return {
    caseId: r.caseId,
    seq: r.events[r.events.length - 1]?.seq ?? 0,
    duplicate: r.duplicate,
    events: r.events.map(eventView),
  };
}
