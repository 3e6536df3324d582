import { randomUUID } from 'node:crypto';
import type { Clock } from '../../core/clock.ts';
import type { EventStore } from '../store/event-store.ts';

/** How long a write the database refused keeps the server reported as unable to write. */
const REMEMBER_MS = 30_000;

/**
 * Whether this server can write: a test write of its own row, and whether a request's write
 * was refused by the database (disk full, read-only, unreachable) in the last 30 seconds — a
 * full disk may still take a small update while every report fails.
 */
export class StorageHealth {
  private readonly server = randomUUID();
  private lastFailure: { at: number; reason: string } | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  /** A request's write was refused for this reason. */
  failed(reason: string): void {
    this.lastFailure = { at: this.clock.now().getTime(), reason };
  }

  async check(): Promise<{ writable: true } | { writable: false; reason: string }> {
    const now = this.clock.now();
    try {
      await this.store.transaction(async (db) => {
        await db
          .insertInto('health_probes')
          .values({ server: this.server, at: now.toISOString() })
          .onConflict((oc) => oc.column('server').doUpdateSet({ at: now.toISOString() }))
          .execute();
        // servers that stopped a day ago are forgotten
        await db
          .deleteFrom('health_probes')
          .where('at', '<', new Date(now.getTime() - 86_400_000).toISOString())
          .execute();
      });
    } catch (e) {
      return { writable: false, reason: (e as Error).message || String(e) };
    }
    const f = this.lastFailure;
    if (f && now.getTime() - f.at < REMEMBER_MS)
      return {
        writable: false,
        reason: `a write was refused ${Math.round((now.getTime() - f.at) / 1000)} s ago: ${f.reason}`,
      };
    return { writable: true };
  }
}
