import { z } from 'zod';
import { ForbiddenError } from '../../core/errors.ts';
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

/**
 * Events a case's own command route does not take: each is recorded by the office it is
 * addressed to, through its own route, which checks that the caller is that office.
 */
const ADDRESSED: Record<string, string> = {
  'sitrep.acknowledged':
    '已收悉由报送对象签收：POST /api/sitreps/:eventId/acknowledgement (the addressed office acknowledges a report)',
  'escalation.acknowledged':
    '已接收由上报到达的一级签收：POST /api/escalations/:eventId/acknowledgement (the level an escalation reached takes it in hand)',
};

/** Refuse, on a case's command route, an event only its addressee records. */
export function refuseAddressed(type: string): void {
  const why = ADDRESSED[type];
  if (why) throw new ForbiddenError(why);
}
