import type { Kysely } from 'kysely';
import type { StoredEvent } from '../../core/events/event.ts';
import type { Projector } from '../store/event-store.ts';
import type { DB } from '../store/schema.ts';

/** A read model: the tables it owns and how events change them. Rebuildable from the log. */
export interface Projection {
  name: string;
  tables: (keyof DB)[];
  apply(db: Kysely<DB>, events: StoredEvent[]): Promise<void>;
}

/** One projector that writes every read model, for `append(…, { project })`. */
export function projectAll(projections: Projection[]): Projector {
  return async (db, events) => {
    for (const p of projections) await p.apply(db, events);
  };
}
