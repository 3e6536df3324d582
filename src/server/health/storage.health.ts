import { randomUUID } from 'node:crypto';
import type { Clock } from '../../core/clock.ts';
import { storageUnavailable } from '../store/dialect.ts';
import type { EventStore } from '../store/event-store.ts';
import { forgetProbesBefore, writeProbe } from './health.queries.ts';

/** How long a write the database refused keeps the server reported as unable to write. */
const REMEMBER_MS = 30_000;
/** How long one test write answers for: health checks, however many, write at most this often. */
const PROBE_EVERY_MS = 5_000;

type Verdict = { writable: true } | { writable: false; reason: string };

/**
 * Whether this server can write: a test write of its own row — at most one every 5 seconds,
 * one at a time, its verdict shared by the health checks meanwhile — and whether a request's
 * write was refused by the database (disk full, read-only, unreachable) in the last 30 seconds:
 * a full disk may still take a small update while every report fails.
 */
export class StorageHealth {
  private readonly server = randomUUID();
  private lastFailure: { at: number; reason: string } | null = null;
  private probe: { at: number; verdict: Promise<Verdict> } | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly onProbeFailed: (err: unknown) => void = () => undefined,
  ) {}

  /** A request's write was refused for this reason (our own words, never the database's). */
  failed(reason: string): void {
    this.lastFailure = { at: this.clock.now().getTime(), reason };
  }

  async check(): Promise<Verdict> {
    const now = this.clock.now().getTime();
    if (!this.probe || now - this.probe.at >= PROBE_EVERY_MS)
      this.probe = { at: now, verdict: this.testWrite() };
    const probed = await this.probe.verdict;
    if (!probed.writable) return probed;
    const f = this.lastFailure;
    if (f && now - f.at < REMEMBER_MS)
      return {
        writable: false,
        reason: `a write was refused ${Math.round((now - f.at) / 1000)} s ago: ${f.reason}`,
      };
    return { writable: true };
  }

  private async testWrite(): Promise<Verdict> {
    const now = this.clock.now();
    try {
      await this.store.transaction(async (db) => {
        await writeProbe(db, this.server, now.toISOString());
        // servers that stopped a day ago are forgotten
        await forgetProbesBefore(db, new Date(now.getTime() - 86_400_000).toISOString());
      });
      return { writable: true };
    } catch (e) {
      // the database's own words go to the log, not to whoever asks for /api/health
      this.onProbeFailed(e);
      return { writable: false, reason: storageUnavailable(e) ?? 'the test write failed' };
    }
  }
}
