import type { Clock } from '../../core/clock.ts';
import { ConcurrencyError, HuajieError, IdempotencyError, NotFoundError } from '../../core/errors.ts';
import type { StoredEvent } from '../../core/events/event.ts';
import type { Plan } from '../../core/plan/plan.schema.ts';
import type { PlanRegistry } from '../plans/plan.registry.ts';
import { type CheckText, loadStoredPlans } from '../plans/plan.versions.ts';
import { type Projection, projectAll } from '../projections/projection.ts';
import type { AppendResult, EventStore } from '../store/event-store.ts';

/**
 * The write path every kind of case shares (an incident, a dispute): the folded state of
 * recently used cases, the queue of commands per case, and one attempt at a batch — decide each
 * command on the state the ones before it left, append what they record in one transaction
 * with the read models and the outbox, answer each. A kind brings its fold and its snapshot
 * codec (CaseKind); its handler brings `decide` (incident.handler.ts, dispute.handler.ts).
 */

/** What a kind's fold needs of a logged event (and the store appends, but the seq). */
export interface Folded {
  id: string;
  seq: number;
  type: string;
  data: Record<string, unknown>;
  actor: { id: string; role: string };
  occurredAt: string;
}

/** A kind of case, as the shared write path sees it. */
export interface CaseKind<S, E extends Folded = Folded> {
  /** what the case is called in messages (incident, dispute) */
  name: string;
  initialState(): S;
  /** fold one event (pure but for `s`, which it may update in place and return) */
  evolve(s: S, e: E): S;
  /** a stored event as `evolve` takes it; null for a type outside the kind's catalogue */
  toLogged(e: StoredEvent): E | null;
  /** whether the case holds an event of this id (a command's retry) */
  recorded(s: S, eventId: string): boolean;
  snapshot: {
    /** stored with each snapshot; another format is never read */
    format: string;
    encode(s: S): string;
    decode(text: string): S;
    /** the plan version the state runs under, as `id@version` */
    plan(s: S): string | null;
  };
}

/** The parts of the write path every kind shares (write-path.ts assembles them). */
export interface WriteDeps {
  store: EventStore;
  plans: PlanRegistry;
  clock: Clock;
  /** the read models, then the outbox, in the order they are written in the append's transaction */
  projections: Projection[];
  /** told after every append that wrote something (live streams, notifications) */
  notify?: () => void;
  /** how a stored plan version this server meets for the first time is checked (the plan workers) */
  checkPlan?: CheckText;
}

/** The write path for one kind of case: the shared parts and that kind's held states. */
export type Lane<S, E extends Folded = Folded> = WriteDeps & { cases: CaseStates<S, E> };

export interface Held<S> {
  seq: number;
  /** the hash of the event at `seq` */
  hash: string;
  /** the seq of the newest snapshot of the case known to be stored */
  snapshotSeq: number;
  /** when a command last used it (performance.now()) */
  used: number;
  state: S;
}

/** A case is worth a new snapshot once this many events were folded since its last one. */
export const SNAPSHOT_AFTER = 100;
/** A held case is idle, and its snapshot taken, after this long without a command. */
export const SNAPSHOT_IDLE_MS = 30_000;

/**
 * The folded state of recently used cases. The log only grows, so a held state stays true: a
 * command reads the events after the newest one it holds (other servers' appends included) and
 * folds them in, and what this server appends is folded in as it is decided (and dropped,
 * should the append fail). A command's cost is that of what is new, not of the case.
 *
 * Cold cases: a case not held (after a restart, or idle) starts from its snapshot — its folded
 * state at a seq — when the log's hash at that seq is the snapshot's, and folds only the events
 * after it. A snapshot is taken off the write path: of a held case gone idle (`snapshotIdle`,
 * which the server runs every few seconds and at shutdown), and of a case leaving the held
 * ones, each once SNAPSHOT_AFTER events came since its last. A snapshot is
 * never the truth: absent, stale, of another format or unreadable, the case is folded from the
 * log. `huajie rebuild` drops them; `audit verify` never reads them.
 */
export class CaseStates<S = unknown, E extends Folded = Folded> {
  private readonly held = new Map<string, Held<S>>();
  /** the commands waiting for their case, and the cases with a batch under way */
  readonly waiting = new Map<string, Job<S, E>[]>();
  readonly busy = new Set<string>();
  /** appends that met another server's append to the same case and were decided again */
  conflicts = 0;
  /** where snapshots are written (the write path's store); none: no snapshots are taken */
  private snapshots: EventStore | undefined;
  private readonly writing = new Set<Promise<void>>();
  constructor(
    /** the kind of case held: its fold and its snapshot codec */
    readonly kind: CaseKind<S, E>,
    private readonly limit = 500,
    private readonly snapshotAfter = SNAPSHOT_AFTER,
  ) {}

  /** Take snapshots of cold cases into `store` (createWritePath does). */
  snapshotTo(store: EventStore): void {
    this.snapshots = store;
  }

  /** Held state that may no longer be what the log says: the next command folds the case again. */
  forget(caseId: string): void {
    this.held.delete(caseId);
  }

  /** Whether a state of the case is held. */
  holds(caseId: string): boolean {
    return this.held.has(caseId);
  }

  /**
   * The state held for the case as it is, unread against the log: what this server last
   * stored, which another writer may have moved past since. A command decided on it is
   * appended expecting its seq, so a move is found at the append (a conflict, decided again
   * on the log). Undefined when the case is not held.
   */
  peek(caseId: string): Held<S> | undefined {
    const h = this.held.get(caseId);
    if (!h) return undefined;
    this.held.delete(caseId);
    h.used = performance.now();
    this.held.set(caseId, h); // most recently used last
    return h;
  }

  /** The case's state now: what is held (or its snapshot), with what was appended since folded in. */
  async read(store: EventStore, caseId: string): Promise<Held<S>> {
    let h = this.held.get(caseId) ?? (await this.fromSnapshot(store, caseId)) ?? this.fresh();
    let tail = await store.readCase(caseId, h.seq + 1);
    if (tail.length > 0 && tail[0]?.seq !== h.seq + 1) {
      // a tail that does not follow on (it never should): fold the case again from the start
      h = this.fresh();
      tail = await store.readCase(caseId);
    }
    // not held while it is folded: should folding throw, the next command starts afresh
    this.held.delete(caseId);
    for (const e of tail) {
      const logged = this.kind.toLogged(e);
      if (logged) h.state = this.kind.evolve(h.state, logged);
      h.seq = e.seq;
      h.hash = e.hash;
    }
    h.used = performance.now();
    if (h.seq > 0) this.keep(caseId, h); // most recently used last
    return h;
  }

  /** The held state, with what it folded in ahead of the append, now stored up to `seq`. */
  stored(caseId: string, seq: number, hash: string, state: S): void {
    const before = this.held.get(caseId);
    this.held.delete(caseId);
    this.keep(caseId, { seq, hash, snapshotSeq: before?.snapshotSeq ?? 0, used: performance.now(), state });
  }

  /**
   * Snapshot the held cases no command has used for `idleMs` that have SNAPSHOT_AFTER events or
   * more since their last snapshot — one at a time, letting other work run in between. A case
   * with a batch under way is left for the next sweep (its state may be ahead of its seq).
   */
  async snapshotIdle(idleMs = SNAPSHOT_IDLE_MS): Promise<number> {
    const now = performance.now();
    let n = 0;
    for (const [caseId, h] of [...this.held]) {
      if (now - h.used < idleMs || !this.due(caseId, h)) continue;
      if (this.held.get(caseId) !== h) continue;
      this.snapshot(caseId, h);
      n += 1;
      await new Promise<void>((r) => setImmediate(r));
    }
    return n;
  }

  /** Wait for the snapshots being written (tests, shutdown). */
  async flush(): Promise<void> {
    while (this.writing.size > 0) await Promise.allSettled([...this.writing]);
  }

  private keep(caseId: string, h: Held<S>): void {
    this.held.set(caseId, h);
    if (this.held.size > this.limit) {
      const oldest = this.held.keys().next();
      if (oldest.done) return;
      const gone = this.held.get(oldest.value);
      this.held.delete(oldest.value);
      if (gone && this.due(oldest.value, gone)) this.snapshot(oldest.value, gone);
    }
  }

  private async fromSnapshot(store: EventStore, caseId: string): Promise<Held<S> | null> {
    if (!this.snapshots) return null;
    try {
      const snap = await store.db
        .selectFrom('case_snapshots')
        .select(['format', 'seq', 'hash', 'state'])
        .where('case_id', '=', caseId)
        .executeTakeFirst();
      if (!snap || snap.format !== this.kind.snapshot.format) return null;
      const at = await store.db
        .selectFrom('events')
        .select('hash')
        .where('case_id', '=', caseId)
        .where('seq', '=', snap.seq)
        .executeTakeFirst();
      if (at?.hash !== snap.hash) return null; // not the log's: fold from the log
      const seq = Number(snap.seq);
      return {
        seq,
        hash: snap.hash,
        snapshotSeq: seq,
        used: 0,
        state: this.kind.snapshot.decode(snap.state),
      };
    } catch {
      return null; // unreadable: the log is the truth
    }
  }

  /** Worth a snapshot now: enough new events, and no batch under way that may have folded ahead. */
  private due(caseId: string, h: Held<S>): boolean {
    return (
      this.snapshots !== undefined && h.seq - h.snapshotSeq >= this.snapshotAfter && !this.busy.has(caseId)
    );
  }

  /**
   * Write the case's state as it is now, off the write path: encoded at once (later commands
   * change the state in place), written when the store is free; a failed write is only a
   * snapshot not taken.
   */
  private snapshot(caseId: string, h: Held<S>): void {
    const target = this.snapshots;
    if (!target) return;
    h.snapshotSeq = h.seq;
    const row = {
      case_id: caseId,
      format: this.kind.snapshot.format,
      seq: h.seq,
      hash: h.hash,
      plan: this.kind.snapshot.plan(h.state),
      state: this.kind.snapshot.encode(h.state),
      taken_at: new Date().toISOString(),
    };
    const p = target
      .transaction((db) =>
        db
          .insertInto('case_snapshots')
          .values(row)
          .onConflict((oc) =>
            oc.column('case_id').doUpdateSet({
              format: row.format,
              seq: row.seq,
              hash: row.hash,
              plan: row.plan,
              state: row.state,
              taken_at: row.taken_at,
            }),
          )
          .execute(),
      )
      .then(
        () => undefined,
        () => undefined,
      );
    this.writing.add(p);
    void p.finally(() => this.writing.delete(p));
  }

  private fresh(): Held<S> {
    return { seq: 0, hash: '', snapshotSeq: 0, used: 0, state: this.kind.initialState() };
  }
}

/** Each round of a race has one winner; a busy incident has many officers writing at once. */
const MAX_ATTEMPTS = 25;
const backoff = (attempt: number) =>
  new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 * attempt)));

/**
 * A case pinned a plan version this server does not hold (another server took its upload) and
 * could not load just now: the request may be sent again shortly.
 */
export class PlanNotLoaded extends HuajieError {
  readonly status = 503;
  readonly code = 'plan_not_loaded';
  override readonly retryAfterSeconds = 5;
  constructor(what: string, caseId: string, pinned: { id: string; version: number }) {
    super(
      `${what} ${caseId} runs under plan ${pinned.id} v${pinned.version}, which this server has not loaded yet; try again shortly`,
    );
  }
}

export interface Job<S, E extends Folded = Folded> {
  expectedSeq: number | undefined;
  retryId: string | undefined;
  decideOn: (state: S, now: string) => Omit<E, 'seq'>[];
  resolve: (r: AppendResult | null) => void;
  reject: (e: unknown) => void;
}

/** At most this many commands of one case are decided and committed together. */
const MAX_BATCH = 64;

/**
 * Commands to one case are applied one after another. Those that arrive while the case is busy
 * wait, and are then decided one after the other — each on the state the ones before it left —
 * and committed together in one append (one transaction, one fsync). Each is answered with its
 * own events, or its own refusal: a command refused by `decide` never holds back the others.
 */
export function run<S, E extends Folded>(
  deps: Lane<S, E>,
  caseId: string,
  expectedSeq: number | undefined,
  decideOn: (state: S, now: string) => Omit<E, 'seq'>[],
  /** the command's own event id: a retry of it is answered even when the seq moved on */
  retryId?: string,
): Promise<AppendResult | null> {
  return new Promise((resolve, reject) => {
    const cases = deps.cases;
    const queue = cases.waiting.get(caseId);
    const job: Job<S, E> = { expectedSeq, retryId, decideOn, resolve, reject };
    if (queue) queue.push(job);
    else cases.waiting.set(caseId, [job]);
    if (!cases.busy.has(caseId)) void drain(deps, caseId);
  });
}

async function drain<S, E extends Folded>(deps: Lane<S, E>, caseId: string): Promise<void> {
  const cases = deps.cases;
  cases.busy.add(caseId);
  try {
    for (let jobs = take(cases, caseId); jobs.length > 0; jobs = take(cases, caseId)) {
      await commit(deps, caseId, jobs).catch((e: unknown) => {
        for (const j of jobs) j.reject(e);
      });
    }
  } finally {
    cases.busy.delete(caseId);
  }
}

function take<S, E extends Folded>(cases: CaseStates<S, E>, caseId: string): Job<S, E>[] {
  const queue = cases.waiting.get(caseId);
  if (!queue) return [];
  const jobs = queue.splice(0, MAX_BATCH);
  if (queue.length === 0) cases.waiting.delete(caseId);
  return jobs;
}

/** Decide the jobs in order and commit what they record in one append; answer each. */
async function commit<S, E extends Folded>(
  deps: Lane<S, E>,
  caseId: string,
  batch: Job<S, E>[],
): Promise<void> {
  let jobs = batch;
  // first on the state held, unread: this server is the case's usual writer
  let trustHeld = true;
  for (let attempt = 1; ; attempt++) {
    // a case held here is decided on what is held, and its append takes the case's lock
    // (PostgreSQL) in its own transaction; otherwise, under the case's lock across servers,
    // read, decide and append as one step
    const next =
      trustHeld && deps.cases.holds(caseId)
        ? await attemptBatch(deps, deps.store, caseId, jobs, attempt, true)
        : await deps.store.withCaseLock(caseId, (store) =>
            attemptBatch(deps, store, caseId, jobs, attempt, false),
          );
    trustHeld = false;
    if (!next) return;
    if (next.unread) {
      // a job was refused, or named a seq, on the held state: decided again on the log
      jobs = next.jobs;
      attempt -= 1;
      continue;
    }
    if (next.singly) {
      // one command's events the store refused (an id used elsewhere…): each on its own, so
      // that the refusal reaches only the command it belongs to
      for (const job of next.jobs) await commit(deps, caseId, [job]).catch((x: unknown) => job.reject(x));
      return;
    }
    // another server appended meanwhile (one that does not take the lock): decide again on it
    deps.cases.conflicts += 1;
    await backoff(attempt);
    jobs = next.jobs;
  }
}

/**
 * One attempt at a batch: decide each job on the state the ones before it left, append what
 * they record together, answer each. Returns the jobs to try again — after a conflict with
 * another server's append, or one by one after the store refused the batch — or null when
 * every job has its answer.
 */
async function attemptBatch<S, E extends Folded>(
  deps: Lane<S, E>,
  store: EventStore,
  caseId: string,
  jobs: Job<S, E>[],
  attempt: number,
  trustHeld: boolean,
): Promise<{ jobs: Job<S, E>[]; singly: boolean; unread?: boolean } | null> {
  const held = trustHeld ? deps.cases.peek(caseId) : undefined;
  const start = held ?? (await deps.cases.read(store, caseId));
  const seq = start.seq;
  let state = start.state;
  const now = deps.clock.now().toISOString();
  let at = seq;
  const accepted: { job: Job<S, E>; drafts: Omit<E, 'seq'>[] }[] = [];
  /** the jobs answered without an append: answered once the state they were decided on is known true */
  const answered: { job: Job<S, E>; error?: unknown }[] = [];
  let planReloaded = false;
  for (const job of jobs) {
    try {
      if (job.expectedSeq !== undefined && job.expectedSeq !== at) {
        // the case moved on since — by this very command, when this is its retry
        if (job.retryId !== undefined && deps.cases.kind.recorded(state, job.retryId)) {
          answered.push({ job });
          continue;
        }
        throw new ConcurrencyError(caseId, job.expectedSeq, at);
      }
      let drafts: Omit<E, 'seq'>[];
      try {
        drafts = job.decideOn(state, now);
      } catch (e) {
        if (!(e instanceof PlanNotLoaded) || planReloaded) throw e;
        planReloaded = true;
        await loadStoredPlans(store.db, deps.plans, undefined, deps.checkPlan);
        drafts = job.decideOn(state, now);
      }
      if (drafts.length === 0) {
        answered.push({ job });
        continue;
      }
      // folded in at once, so that the next command of the batch is decided on top of it;
      // should the append fail, the held state is dropped and folded again from the log
      for (const d of drafts) {
        at += 1;
        state = deps.cases.kind.evolve(state, { ...d, seq: at, recordedAt: now } as unknown as E);
      }
      accepted.push({ job, drafts });
    } catch (e) {
      answered.push({ job, error: e });
    }
  }
  if (held && answered.length > 0) {
    // a refusal (or a seq named) on a state not read against the log may be the state's, not
    // the command's: the state held goes (it may hold this batch's events) and every job of the
    // batch is decided again on the log
    deps.cases.forget(caseId);
    return { jobs, singly: false, unread: true };
  }
  for (const a of answered) {
    if (a.error === undefined) a.job.resolve(null);
    else a.job.reject(a.error);
  }
  if (accepted.length === 0) return null;
  try {
    const r = await store.append(
      caseId,
      seq,
      accepted.flatMap((a) => a.drafts),
      { project: projectAll(deps.projections), lockCase: held !== undefined },
    );
    if (r.duplicate) {
      // every event was there already (another server's identical retry): answered as retries
      deps.cases.forget(caseId);
      for (const a of accepted) a.job.resolve(null);
      return null;
    }
    deps.cases.stored(caseId, at, r.events[r.events.length - 1]?.hash ?? '', state);
    deps.notify?.();
    let i = 0;
    for (const a of accepted) {
      a.job.resolve({ caseId, duplicate: false, events: r.events.slice(i, i + a.drafts.length) });
      i += a.drafts.length;
    }
    return null;
  } catch (e) {
    deps.cases.forget(caseId);
    // decided on a held state that another writer had moved past: the batch is decided again
    // on the log — where a retry of a command already recorded is recognised as one (decided
    // anew on the old state it would carry another time and look like an id used again)
    if (held && (e instanceof ConcurrencyError || e instanceof IdempotencyError))
      return { jobs: accepted.map((a) => a.job), singly: false, unread: true };
    if (e instanceof ConcurrencyError && attempt < MAX_ATTEMPTS)
      return { jobs: accepted.map((a) => a.job), singly: false };
    if (accepted.length > 1 && !(e instanceof ConcurrencyError))
      return { jobs: accepted.map((a) => a.job), singly: true };
    for (const a of accepted) a.job.reject(e);
    return null;
  }
}

/**
 * The command's event was already recorded: answer the retry with what was stored — if it is
 * this command's event (same actor, same type); an id of someone else's event, or of one Huajie
 * derived, is an id used for another event.
 */
export async function answerRetry(
  store: EventStore,
  caseId: string,
  cmd: { id: string; type: string; actor: { id: string; role: string } },
): Promise<AppendResult> {
  const events = await store.readCase(caseId);
  const i = events.findIndex((e) => e.id === cmd.id);
  const own = events[i];
  if (!own) throw new Error(`event ${cmd.id} vanished from ${caseId}`);
  if (own.type !== cmd.type || own.actorId !== cmd.actor.id || own.actorRole !== cmd.actor.role)
    throw new IdempotencyError(cmd.id, 'for a different event');
  // the command's own event and what was derived with it, up to the next command
  const rest = events.slice(i + 1);
  const end = rest.findIndex((e) => e.actorRole !== 'system');
  return {
    caseId,
    duplicate: true,
    events: [own, ...(end < 0 ? rest : rest.slice(0, end))],
  };
}

/** A stored event as a kind's fold takes it, its type and data as the kind's catalogue reads them; null outside it. */
export function loggedFrom<Ev extends { type: string; data: unknown }>(
  e: StoredEvent,
  eventOf: (e: { type: string; data: unknown }) => Ev | null,
):
  | (Ev & {
      id: string;
      actor: { id: string; role: string };
      occurredAt: string;
      recordedAt: string;
      seq: number;
    })
  | null {
  const ev = eventOf(e);
  return (
    ev && {
      id: e.id,
      actor: { id: e.actorId, role: e.actorRole },
      occurredAt: e.occurredAt,
      recordedAt: e.recordedAt,
      seq: e.seq,
      ...ev,
    }
  );
}

/** The plan version a case pinned, as this server holds it: 404 for no case, 503 while it is not loaded here yet. */
export function pinnedPlan(
  plans: PlanRegistry,
  what: string,
  caseId: string,
  pinned: { id: string; version: number } | null,
): Plan {
  if (!pinned) throw new NotFoundError(`no ${what} ${caseId}`);
  const plan = plans.get(pinned.id, pinned.version);
  if (!plan) throw new PlanNotLoaded(what, caseId, pinned);
  return plan;
}
