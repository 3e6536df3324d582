import type { IncidentDeps } from '../incident/incident.handler.ts';
import { tickIncident } from '../incident/incident.handler.ts';
import { enqueueWarning } from '../notifications/outbox.ts';
import { withCaseClaim } from '../store/dialect.ts';
import type { AppendResult } from '../store/event-store.ts';

/**
 * The clock: every so often, find the cases with a duty past due and let time act on them —
 * the miss is recorded (stamped with the true due time) and escalated as the plan says.
 * After a restart the first pass fires whatever fell due while the server was down.
 * Time comes from deps.clock; tests call `runOnce` and move the clock by hand.
 */
export class DutyClock {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly deps: IncidentDeps,
    private readonly opts: {
      intervalMs?: number;
      batch?: number;
      onTick?: (r: AppendResult) => void;
      /** a failed pass is reported and the next one tries again */
      onError?: (e: unknown) => void;
    } = {},
  ) {}

  /** One pass: returns the appends it made (one per case that had something fall due). */
  async runOnce(): Promise<AppendResult[]> {
    const now = this.deps.clock.now().toISOString();
    const due = await this.deps.store.db
      .selectFrom('duties')
      .select('case_id')
      .distinct()
      .where('status', '=', 'open')
      .where('due_at', '<', now)
      .limit(this.opts.batch ?? 500)
      .execute();
    const results: AppendResult[] = [];
    for (const { case_id } of due) {
      const r = await withCaseClaim(this.deps.store.db, this.deps.store.engine, case_id, () =>
        tickIncident(this.deps, case_id),
      );
      if (r && !r.duplicate) {
        results.push(r);
        this.opts.onTick?.(r);
      }
    }
    // after the misses: a failing warning pass never holds back an escalation
    await this.warnOnce(now).catch((e: unknown) =>
      (this.opts.onError ?? ((x) => console.error('duty warnings:', x)))(e),
    );
    return results;
  }

  /**
   * Warnings: duties whose warning time (due − the plan's warnBefore) has come and that are
   * still open and not yet due, each warned once. Returns how many were warned now.
   */
  async warnOnce(now = this.deps.clock.now().toISOString()): Promise<number> {
    const coming = await this.deps.store.db
      .selectFrom('duties as d')
      .select(['d.case_id', 'd.duty_id', 'd.due_at', 'd.owner'])
      .where('d.status', '=', 'open')
      .where('d.warn_at', '<=', now)
      .where('d.due_at', '>', now)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('duty_warnings as w')
              .select('w.duty_id')
              .whereRef('w.case_id', '=', 'd.case_id')
              .whereRef('w.duty_id', '=', 'd.duty_id'),
          ),
        ),
      )
      .limit(this.opts.batch ?? 500)
      .execute();
    let n = 0;
    for (const duty of coming) {
      const first = await this.deps.store.transaction((db) => enqueueWarning(db, this.deps.plans, duty, now));
      if (first) n++;
    }
    return n;
  }

  start(): void {
    const every = this.opts.intervalMs ?? 1000;
    const loop = () => {
      this.running = this.runOnce()
        .catch((e: unknown) => (this.opts.onError ?? ((x) => console.error('duty clock:', x)))(e))
        .finally(() => {
          if (this.timer !== undefined) this.timer = setTimeout(loop, every);
        });
    };
    this.timer = setTimeout(loop, 0);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
