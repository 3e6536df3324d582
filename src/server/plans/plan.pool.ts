import { availableParallelism } from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { HuajieError, RuleError } from '../../core/errors.ts';
import type { Plan } from '../../core/plan/plan.schema.ts';
import type { DrillOutcome, PlanCheckResult, PlanTask } from './plan.tasks.ts';

export interface PlanWorkOptions {
  /** worker threads (default: one fewer than the cores, at least one, at most four) */
  threads?: number;
  /** how long one check or drill may run in its worker before the worker is ended */
  timeLimitMs?: number;
  /** how long a task may wait for a free worker */
  waitLimitMs?: number;
  /** tasks waiting for a worker beyond which the next is refused */
  queueLimit?: number;
}

export const PLAN_WORK_DEFAULTS = {
  timeLimitMs: 10_000,
  waitLimitMs: 30_000,
  queueLimit: 32,
} as const;

/** Every worker is busy and the queue is full, or the task waited too long: try again soon. */
export class PlanWorkBusyError extends HuajieError {
  readonly status = 503;
  readonly code = 'busy';
  /** a retry after this may find a worker */
  override readonly retryAfterSeconds = 5;
}

type Lane = 'requests' | 'stored';

const seconds = (ms: number) => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`);

/**
 * Plan checks and drills, run on worker threads (piscina) so that no text, however built, holds
 * the server's event loop. Each task's time counts from when its worker starts it; past the limit
 * the worker is ended (piscina terminates the thread of an aborted task, and starts a new one for
 * the next task) and the caller gets a 422. Threads start on the first task and end after a
 * minute idle.
 */
export class PlanWorkers {
  /** what people send (checks, uploads, drills), and the versions already stored, on lanes of their own */
  private readonly pools: Partial<Record<Lane, Piscina>> = {};
  readonly timeLimitMs: number;
  private readonly waitLimitMs: number;
  private readonly queueLimit: number;
  private readonly threads: number;

  constructor(opts: PlanWorkOptions = {}) {
    this.timeLimitMs = opts.timeLimitMs ?? PLAN_WORK_DEFAULTS.timeLimitMs;
    this.waitLimitMs = opts.waitLimitMs ?? PLAN_WORK_DEFAULTS.waitLimitMs;
    this.queueLimit = opts.queueLimit ?? PLAN_WORK_DEFAULTS.queueLimit;
    this.threads = opts.threads ?? Math.min(4, Math.max(1, availableParallelism() - 1));
  }

  /** Check a plan's YAML text (as `huajie plan check` does); `timeLimitMs` for this one only. */
  check(name: string, yaml: string, timeLimitMs = this.timeLimitMs): Promise<PlanCheckResult> {
    return this.run(
      'requests',
      { kind: 'check', name, yaml },
      timeLimitMs,
      `the plan took longer than ${seconds(timeLimitMs)} to check`,
    ) as Promise<PlanCheckResult>;
  }

  /**
   * Check a version already stored (uploaded, perhaps through another server) before this
   * server runs it: on a lane of its own, so that however many checks and drills people send,
   * the incidents pinned to a version are never kept waiting behind them.
   */
  checkStored(name: string, yaml: string): Promise<PlanCheckResult> {
    return this.run(
      'stored',
      { kind: 'check', name, yaml },
      this.timeLimitMs,
      `the stored plan took longer than ${seconds(this.timeLimitMs)} to check`,
    ) as Promise<PlanCheckResult>;
  }

  /** Check a drill scenario and run it against a plan. */
  drill(plan: Plan, name: string, yaml: string): Promise<DrillOutcome> {
    return this.run(
      'requests',
      { kind: 'drill', plan, name, yaml },
      this.timeLimitMs,
      `the drill took longer than ${seconds(this.timeLimitMs)} to check and run`,
    ) as Promise<DrillOutcome>;
  }

  /** The threads of the requests' lane alive now, busy or idle, by id. */
  threadIds(): number[] {
    return this.pools.requests?.threads.map((t) => t.threadId) ?? [];
  }

  async close(): Promise<void> {
    const pools = Object.values(this.pools);
    for (const lane of Object.keys(this.pools) as Lane[]) delete this.pools[lane];
    await Promise.all(pools.map((p) => p.destroy()));
  }

  private pool(lane: Lane): Piscina {
    this.pools[lane] ??= new Piscina({
      filename: new URL('./plan.worker.mjs', import.meta.url).href,
      minThreads: 0,
      // a stored version is rarely met: one thread is plenty
      maxThreads: lane === 'stored' ? 1 : this.threads,
      idleTimeout: 60_000,
      maxQueue: this.queueLimit,
      // a text may not make a worker take the machine's memory
      resourceLimits: { maxOldGenerationSizeMb: 512 },
      // no lower priority: the time limit is wall-clock, and on a loaded machine a worker at
      // the lowest priority gets so little of a core that a plain plan would run out of it;
      // one core fewer than the machine has keeps the event loop's thread a core of its own
    });
    return this.pools[lane];
  }

  private async run(lane: Lane, task: PlanTask, timeLimitMs: number, tooLong: string): Promise<unknown> {
    const pool = this.pool(lane);
    const abort = new AbortController();
    const { port1, port2 } = new MessageChannel();
    let why: 'time' | 'wait' | undefined;
    let done = false;
    const stop = (reason: 'time' | 'wait') => {
      why = reason;
      abort.abort();
    };
    let timer = setTimeout(() => stop('wait'), this.waitLimitMs);
    port1.once('message', () => {
      if (done) return;
      clearTimeout(timer);
      timer = setTimeout(() => stop('time'), timeLimitMs);
    });
    try {
      return await pool.run(
        { port: port2, task },
        // piscina types its transfer list after an older MessagePort.postMessage signature
        { transferList: [port2] as never, signal: abort.signal },
      );
    } catch (e) {
      if (why === 'time')
        throw new RuleError('time_limit', `${tooLong}; it was stopped. Make the text smaller or simpler`);
      if (why === 'wait' || /queue is at limit/i.test((e as Error).message))
        throw new PlanWorkBusyError('every plan worker is busy; try again in a few seconds');
      if ((e as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY')
        throw new RuleError(
          'too_large',
          'the text needed more memory than a check may take; make it smaller',
        );
      throw e;
    } finally {
      done = true;
      clearTimeout(timer);
      port1.close();
    }
  }
}

/** How many plan checks, uploads and drills one account may ask for a minute. */
export interface PlanRates {
  /** POST /api/plans/check, per minute */
  checks: number;
  /** POST /api/plans, per minute */
  uploads: number;
  /** POST /api/drills, per minute */
  drills: number;
}
