import { tickDisputeCase } from '../dispute/dispute.handler.ts';
import { tickIncident } from '../incident/incident.handler.ts';
import { tickScreeningCase } from '../screening/screening.handler.ts';
import { withCaseClaim } from '../store/dialect.ts';
import type { AppendResult } from '../store/event-store.ts';
import type { WritePath } from '../write-path.ts';

/**
 * The clock: every so often, find the cases — incidents, disputes, screening registers — with a duty past due or
 * a warning due out and let time act on them — the miss is recorded (stamped with the true due time) and escalated as the
 * plan says; the warning is recorded (duty.warned) and goes out through the outbox.
 * After a restart the first pass fires whatever fell due while the server was down.
 * Time comes from deps.clock; tests call `runOnce` and move the clock by hand.
 */
/** A case with something due, and its kind (incident, dispute). */
interface Due {
  case_id: string;
  kind: string;
}

export class DutyClock {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly deps: WritePath,
    private readonly opts: {
      intervalMs?: number;
      batch?: number;
      onTick?: (r: AppendResult) => void;
      /** a failed pass is reported and the next one tries again */
      onError?: (e: unknown) => void;
    } = {},
  ) {}

  /**
   * One pass: the cases with a duty past due or a warning whose time has come are ticked, each
   * once; returns the appends it made (one per case that had something to record).
   */
  async runOnce(): Promise<AppendResult[]> {
    const now = this.deps.clock.now().toISOString();
    const batch = this.opts.batch ?? 500;
    const [due, warn] = await Promise.all([this.dueCases(now, batch), this.warnCases(now, batch)]);
    const cases = new Map([...due, ...warn].map((c) => [c.case_id, c]));
    return this.tickCases([...cases.values()]);
  }

  /**
   * Only the warnings: ticks the cases with a warning whose time has come (and whatever else fell
   * due in them). Returns how many warnings were recorded.
   */
  async warnOnce(now = this.deps.clock.now().toISOString()): Promise<number> {
    const results = await this.tickCases(await this.warnCases(now, this.opts.batch ?? 500));
    return results.reduce((n, r) => n + r.events.filter((e) => e.type === 'duty.warned').length, 0);
  }

  /** Cases with an open duty past its due time, with their kind. */
  private async dueCases(now: string, batch: number): Promise<Due[]> {
    return this.deps.store.db
      .selectFrom('duties as d')
      .innerJoin('case_summary as c', 'c.case_id', 'd.case_id')
      .select(['d.case_id', 'c.kind'])
      .distinct()
      .where('d.status', '=', 'open')
      .where('d.due_at', '<', now)
      .limit(batch)
      .execute();
  }

  /** Cases with an open duty whose warning time has come, not yet warned, and not yet due. */
  private async warnCases(now: string, batch: number): Promise<Due[]> {
    return this.deps.store.db
      .selectFrom('duties as d')
      .innerJoin('case_summary as c', 'c.case_id', 'd.case_id')
      .select(['d.case_id', 'c.kind'])
      .distinct()
      .where('d.status', '=', 'open')
      .where('d.warn_at', '<=', now)
      .where('d.warned_at', 'is', null)
      .where('d.due_at', '>', now)
      .limit(batch)
      .execute();
  }

  private async tickCases(due: Due[]): Promise<AppendResult[]> {
    const results: AppendResult[] = [];
    // several cases at once: SQLite commits them together; on PostgreSQL each holds a claim
    // (one pooled connection) while it works, so fewer run at once than the pool has
    const width = this.deps.store.engine === 'sqlite' ? 16 : 4;
    const queue = [...due];
    const worker = async () => {
      for (let c = queue.shift(); c !== undefined; c = queue.shift()) {
        const id = c.case_id;
        const kind = c.kind;
        const r = await withCaseClaim(this.deps.store.db, this.deps.store.engine, id, () =>
          kind === 'dispute'
            ? tickDisputeCase(this.deps.disputes, id)
            : kind === 'screening'
              ? tickScreeningCase(this.deps.screenings, id)
              : tickIncident(this.deps, id),
        );
        if (r && !r.duplicate) {
          results.push(r);
          this.opts.onTick?.(r);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(width, queue.length) }, worker));
    return results;
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
