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
    // several cases at once: SQLite commits them together; on PostgreSQL each holds a claim
    // (one pooled connection) while it works, so fewer run at once than the pool has
    const width = this.deps.store.engine === 'sqlite' ? 16 : 4;
    const queue = due.map((d) => d.case_id);
    const worker = async () => {
      for (let caseId = queue.shift(); caseId !== undefined; caseId = queue.shift()) {
        const id = caseId;
        const r = await withCaseClaim(this.deps.store.db, this.deps.store.engine, id, () =>
          tickIncident(this.deps, id),
        );
        if (r && !r.duplicate) {
          results.push(r);
          this.opts.onTick?.(r);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(width, queue.length) }, worker));
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

  /**
   * How long to sleep after a pass: until just after the next duty falls due or warns, but
   * never longer than the interval (a duty started meanwhile, another server's work).
   */
  async untilNext(every: number): Promise<number> {
    const now = this.deps.clock.now();
    const iso = now.toISOString();
    const db = this.deps.store.db;
    const [due, warn] = await Promise.all([
      db
        .selectFrom('duties')
        .select((eb) => eb.fn.min('due_at').as('at'))
        .where('status', '=', 'open')
        .where('due_at', '>=', iso)
        .executeTakeFirst(),
      db
        .selectFrom('duties')
        .select((eb) => eb.fn.min('warn_at').as('at'))
        .where('status', '=', 'open')
        .where('warn_at', '>', iso)
        .executeTakeFirst(),
    ]);
    const next = Math.min(
      ...[due?.at, warn?.at].filter((x): x is string => typeof x === 'string').map((x) => Date.parse(x)),
    );
    // a duty is missed once its time is strictly past: wake a moment after it
    return Number.isFinite(next) ? Math.max(0, Math.min(every, next - now.getTime() + 5)) : every;
  }

  start(): void {
    const every = this.opts.intervalMs ?? 1000;
    const report = (e: unknown) => (this.opts.onError ?? ((x) => console.error('duty clock:', x)))(e);
    const loop = () => {
      this.running = this.runOnce()
        .catch(report)
        .then(() => this.untilNext(every))
        .catch((e: unknown) => {
          report(e);
          return every;
        })
        .then((wait) => {
          if (this.timer !== undefined) this.timer = setTimeout(loop, wait);
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
