import { v7 as uuidv7 } from 'uuid';
import type { NewEvent } from '../../src/core/events/event.ts';

let n = 0;
/** A well-formed event with a fresh UUIDv7 id. */
export function ev(
  type = 'log.entry',
  data: Record<string, unknown> = {},
  over: Partial<NewEvent> = {},
): NewEvent {
  n += 1;
  return {
    id: uuidv7(),
    type,
    data: { text: `entry ${n}`, ...data },
    actor: { id: 'officer-1', role: 'officer' },
    occurredAt: '2026-05-11T09:00:00+08:00',
    ...over,
  };
}
