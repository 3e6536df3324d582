import type { Clock } from '../../core/clock.ts';
import type { EventStore } from '../store/event-store.ts';
import { purgeDisputeContacts, purgeReplyChannels } from './contact-purge.queries.ts';

/**
 * How to reach a representative — a side of a dispute, the raisers of an incident's demand — is
 * kept outside the log, and only until a set time after the case is settled (销号): the
 * deployment sets how long (HUAJIE_CONTACT_RETENTION_DAYS, `--contact-retention-days`). The
 * settling append stamps the case's contacts with when it was recorded; this purge deletes those
 * whose time has come, on a timer of the server (and `huajie purge-contacts`). The logs of reads
 * stay: they say who read, when and why, never the contact.
 */

/** How long contacts are kept after 销号 when the deployment says nothing. */
export const DEFAULT_CONTACT_RETENTION_DAYS = 30;
/** The most a deployment may keep them: ten years. */
export const MAX_CONTACT_RETENTION_DAYS = 3650;
const DAY_MS = 86_400_000;

/**
 * The retention in days from a setting's text (`from` names it in the message); none given:
 * the default. A whole number of days from 0 (purged at the next pass after 销号) to 3650.
 */
export function contactRetentionDays(
  value: string | number | undefined,
  from = 'HUAJIE_CONTACT_RETENTION_DAYS',
): number {
  if (value === undefined || (typeof value === 'string' && value.trim() === ''))
    return DEFAULT_CONTACT_RETENTION_DAYS;
  const n = typeof value === 'number' ? value : Number(value.trim());
  if (!Number.isInteger(n) || n < 0 || n > MAX_CONTACT_RETENTION_DAYS)
    throw new Error(
      `${from}: "${value}" is not a number of days; give a whole number from 0 to ${MAX_CONTACT_RETENTION_DAYS} (default ${DEFAULT_CONTACT_RETENTION_DAYS})`,
    );
  return n;
}

/** When a contact of a case settled at `settledAt` is purged (ISO-8601), under `retentionDays`. */
export function purgeDueAt(settledAt: string, retentionDays: number): string {
  return new Date(Date.parse(settledAt) + retentionDays * DAY_MS).toISOString();
}

export interface PurgeResult {
  /** contacts of disputes deleted */
  contacts: number;
  /** reply channels of incidents deleted */
  replyChannels: number;
  /** cases settled at or before this had theirs deleted */
  cutoff: string;
}

/** One purge, now: every contact and reply channel of a case settled `retentionDays` ago or earlier. */
export async function purgeContacts(
  store: EventStore,
  clock: Clock,
  retentionDays: number,
): Promise<PurgeResult> {
  const cutoff = new Date(clock.now().getTime() - retentionDays * DAY_MS).toISOString();
  return store.transaction(async (tx) => ({
    contacts: await purgeDisputeContacts(tx, cutoff),
    replyChannels: await purgeReplyChannels(tx, cutoff),
    cutoff,
  }));
}

/** The purge on a timer: once at start, then every `intervalMs` (default an hour); never keeps the process alive. */
export class ContactPurge {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly opts: {
      retentionDays?: number;
      intervalMs?: number;
      /** a failed pass is reported and the next one tries again */
      onError?: (e: unknown) => void;
      onPurge?: (r: PurgeResult) => void;
    } = {},
  ) {}

  get retentionDays(): number {
    return this.opts.retentionDays ?? DEFAULT_CONTACT_RETENTION_DAYS;
  }

  runOnce(): Promise<PurgeResult> {
    return purgeContacts(this.store, this.clock, this.retentionDays);
  }

  start(): void {
    const every = this.opts.intervalMs ?? 3_600_000;
    const loop = () => {
      this.running = this.runOnce()
        .then((r) => {
          if (r.contacts + r.replyChannels > 0) this.opts.onPurge?.(r);
        })
        .catch((e: unknown) => (this.opts.onError ?? ((x) => console.error('contact purge:', x)))(e))
        .finally(() => {
          if (this.timer !== undefined) {
            this.timer = setTimeout(loop, every);
            this.timer.unref();
          }
        });
    };
    this.timer = setTimeout(loop, 0);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
