import { hash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { IdempotencyError, IntegrityError, ValidationError } from '../../core/errors.ts';
import type { IdDeriver } from '../../core/events/derived-id.ts';
import {
  type CaseHead,
  CaseIdSchema,
  canonicalJson,
  GENESIS_HASH,
  type HashedFields,
  hashInput,
  type NewEvent,
  NewEventsSchema,
  type StoredEvent,
  toStoredInstant,
} from '../../core/events/event.ts';
import { type Engine, readAllSql } from './dialect.ts';
import type { HeadKey } from './head-key.ts';
import type { DB, EventsTable } from './schema.ts';

/** Writes read models inside the append's transaction; if it throws, nothing is written. */
export type Projector = (db: Kysely<DB>, events: StoredEvent[]) => Promise<void> | void;

export interface AppendOptions {
  project?: Projector;
  /**
   * Take the case's write lock (withCaseLock's) for the append's transaction, before it reads
   * the head: for an append decided outside withCaseLock, on state held in memory, so that it
   * still queues behind another server's locked read-decide-append of the case. PostgreSQL;
   * SQLite has one writing process.
   */
  lockCase?: boolean;
}

export interface AppendResult {
  caseId: string;
  /** the stored events: new ones, or on a retry the originals */
  events: StoredEvent[];
  /** true when every event id was already stored: nothing was written */
  duplicate: boolean;
}

export interface EventStore {
  readonly engine: Engine;
  /** a handle for read-model queries (outside any append transaction) */
  readonly db: Kysely<DB>;
  /** the ids of derived events, keyed by the installation's head key (HeadKey.derivedIds) */
  readonly derivedId: IdDeriver;
  /**
   * Append `events` to `caseId`, whose newest seq must be `expectedSeq` (0: the case must
   * not exist yet). All or nothing; answered only after commit.
   */
  append(
    caseId: string,
    expectedSeq: number,
    events: NewEvent[],
    opts?: AppendOptions,
  ): Promise<AppendResult>;
  /** The case's events from `fromSeq` (default 1) up to `toSeq` (default: its newest), in order. */
  readCase(caseId: string, fromSeq?: number, toSeq?: number): Promise<StoredEvent[]>;
  /** Events after the one at `fromPosition` (0: from the start), in commit-safe order. */
  readAll(fromPosition: number, limit: number): Promise<StoredEvent[]>;
  head(caseId: string): Promise<CaseHead | null>;
  /**
   * Run `fn` holding the case's write lock, so that commands to one case are decided and
   * appended one after another across servers. `fn` reads and appends through the store it is
   * given. PostgreSQL: a session advisory lock on one pinned connection, which that store uses
   * for everything, so waiting for the lock takes no second connection. SQLite has one writing
   * process (whose per-case queue already orders commands): `fn` runs on this store.
   */
  withCaseLock<T>(caseId: string, fn: (store: EventStore) => Promise<T>): Promise<T>;
  /** Run `fn` in one transaction with no append interleaving (rebuilds, repairs of read models). */
  exclusive<T>(fn: (db: Kysely<DB>) => Promise<T>): Promise<T>;
  /**
   * Run `fn` in one transaction on the side tables (accounts, sessions, notifications…).
   * SQLite: through the single writer; PostgreSQL: a plain transaction that takes no lock
   * on the log, so appends go on meanwhile.
   */
  transaction<T>(fn: (db: Kysely<DB>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}

export function toRow(
  e: StoredEvent | (HashedFields & { hash: string }),
  dataJson: string = canonicalJson(e.data),
): Omit<EventsTable, 'position'> {
  return {
    id: e.id,
    case_id: e.caseId,
    seq: e.seq,
    type: e.type,
    data: dataJson,
    actor_id: e.actorId,
    actor_role: e.actorRole,
    occurred_at: e.occurredAt,
    recorded_at: e.recordedAt,
    prev_hash: e.prevHash,
    hash: e.hash,
  };
}

export interface EventRow extends Omit<EventsTable, 'position'> {
  position: number | string;
}

export function fromRow(r: EventRow): StoredEvent {
  return {
    position: Number(r.position),
    id: r.id,
    caseId: r.case_id,
    seq: Number(r.seq),
    type: r.type,
    data: JSON.parse(r.data) as Record<string, unknown>,
    actorId: r.actor_id,
    actorRole: r.actor_role,
    occurredAt: r.occurred_at,
    recordedAt: r.recorded_at,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** Validate an append's arguments; every problem named. */
export function validateAppend(caseId: string, expectedSeq: number, events: unknown): NewEvent[] {
  const issues: { path: string; message: string }[] = [];
  const c = CaseIdSchema.safeParse(caseId);
  if (!c.success) issues.push({ path: 'caseId', message: c.error.issues[0]?.message ?? 'invalid' });
  if (!Number.isSafeInteger(expectedSeq) || expectedSeq < 0) {
    issues.push({ path: 'expectedSeq', message: 'expectedSeq is a whole number ≥ 0' });
  }
  const parsed = NewEventsSchema.safeParse(events);
  if (!parsed.success) {
    for (const i of parsed.error.issues)
      issues.push({ path: ['events', ...i.path].join('.'), message: i.message });
  } else {
    const ids = new Set<string>();
    parsed.data.forEach((e, i) => {
      if (ids.has(e.id)) issues.push({ path: `events.${i}.id`, message: `event id ${e.id} appears twice` });
      ids.add(e.id);
    });
  }
  if (issues.length > 0 || !parsed.success) {
    throw new ValidationError(issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
  }
  return parsed.data;
}

/** Build the chained, hashed events that follow `head`, with each one's canonical data text. */
export function chain(
  caseId: string,
  head: CaseHead | null,
  events: NewEvent[],
  recordedAt: string,
): { event: StoredEvent; dataJson: string }[] {
  let prevHash = head?.hash ?? GENESIS_HASH;
  let seq = head?.seq ?? 0;
  return events.map((e) => {
    seq += 1;
    const event: StoredEvent = {
      position: 0, // given by the database on insert
      id: e.id,
      caseId,
      seq,
      type: e.type,
      data: e.data,
      actorId: e.actor.id,
      actorRole: e.actor.role,
      occurredAt: toStoredInstant(e.occurredAt),
      recordedAt,
      prevHash,
      hash: '',
    };
    const dataJson = canonicalJson(e.data);
    event.hash = sha256Hex(hashInput(event, dataJson));
    prevHash = event.hash;
    return { event, dataJson };
  });
}

/** The case's signed head row and its newest event, as an engine reads them. */
export interface HeadAndTail {
  head_seq: number | null;
  head_hash: string | null;
  mac: string | null;
  tail_seq: number | null;
  tail_hash: string | null;
}

/**
 * Portable SQL for both in ONE statement, so that under READ COMMITTED they come from the
 * same snapshot (two reads could straddle another writer's commit).
 */
export const HEAD_AND_TAIL_SQL = `
  SELECT h.seq AS head_seq, h.hash AS head_hash, h.mac AS mac, t.seq AS tail_seq, t.hash AS tail_hash
  FROM (SELECT 1 AS one) k
  LEFT JOIN case_heads h ON h.case_id = $1
  LEFT JOIN (SELECT seq, hash FROM events WHERE case_id = $1 ORDER BY seq DESC LIMIT 1) t ON 1 = 1`;

/** The case's verified head: the chain's tail must be exactly what the signed head says. */
export function verifiedHead(key: HeadKey, caseId: string, r: HeadAndTail | undefined): CaseHead | null {
  if (!r || (r.head_seq === null && r.tail_seq === null)) return null;
  if (r.head_seq === null || r.head_hash === null || r.mac === null) {
    throw new IntegrityError(caseId, 'it has events but no signed head');
  }
  const head = { caseId, seq: Number(r.head_seq), hash: r.head_hash };
  if (!key.verify(head, r.mac)) throw new IntegrityError(caseId, 'its head signature does not verify');
  if (r.tail_seq === null || Number(r.tail_seq) !== head.seq || r.tail_hash !== head.hash) {
    throw new IntegrityError(caseId, `its newest event is not the signed head (seq ${head.seq})`);
  }
  return head;
}

/** What one append does, decided from the case's head and tail alone, without I/O. */
export type AppendPlan =
  | { kind: 'conflict'; current: number }
  | {
      kind: 'write';
      rows: Omit<EventsTable, 'position'>[];
      /** the events as they will be stored, positions still 0 */
      events: StoredEvent[];
      head: { seq: number; hash: string; mac: string };
      /** whether the case had a head before (update it) or not (insert it) */
      existed: boolean;
    };

/** Check the head and the expected seq, chain and hash the events, sign the new head. */
export function planAppend(
  key: HeadKey,
  caseId: string,
  expectedSeq: number,
  events: NewEvent[],
  headAndTail: HeadAndTail | undefined,
  recordedAt: string,
): AppendPlan {
  const head = verifiedHead(key, caseId, headAndTail);
  const current = head?.seq ?? 0;
  if (current !== expectedSeq) return { kind: 'conflict', current };
  const chained = chain(caseId, head, events, recordedAt);
  const last = chained[chained.length - 1]?.event;
  if (!last) throw new Error('unreachable: empty append');
  return {
    kind: 'write',
    rows: chained.map((c) => toRow(c.event, c.dataJson)),
    events: chained.map((c) => c.event),
    head: { seq: last.seq, hash: last.hash, mac: key.sign({ caseId, seq: last.seq, hash: last.hash }) },
    existed: head !== null,
  };
}

/** The result of a written plan, once the database has given the positions. */
export function written(
  plan: Extract<AppendPlan, { kind: 'write' }>,
  caseId: string,
  positions: number[],
): AppendResult {
  plan.events.forEach((e, i) => {
    e.position = positions[i] ?? 0;
  });
  return { caseId, duplicate: false, events: plan.events };
}

/**
 * After a seq conflict or an event-id clash, given what is stored under the events' ids:
 * the originals when this is a retry; otherwise an IdempotencyError for an id used for a
 * different event; otherwise undefined (a plain conflict).
 */
export function matchRetry(
  caseId: string,
  events: NewEvent[],
  found: (StoredEvent | undefined)[],
): AppendResult | undefined {
  if (found.every((f) => f === undefined)) return undefined;
  const originals: StoredEvent[] = [];
  events.forEach((e, i) => {
    const f = found[i];
    // never which case holds it: the caller may not be allowed to know that case exists
    if (!f) throw new IdempotencyError(events.find((_, j) => found[j])?.id ?? e.id, 'in another append');
    if (f.caseId !== caseId) throw new IdempotencyError(e.id, 'in another case');
    const same =
      f.type === e.type &&
      f.actorId === e.actor.id &&
      f.actorRole === e.actor.role &&
      f.occurredAt === toStoredInstant(e.occurredAt) &&
      canonicalJson(f.data) === canonicalJson(e.data);
    if (!same) throw new IdempotencyError(e.id, 'for a different event');
    originals.push(f);
  });
  return { caseId, events: originals, duplicate: true };
}

/** The reads both engines share; only the commit-safe order of readAll differs (dialect.ts). */
export abstract class EventStoreReads {
  abstract readonly engine: Engine;
  abstract readonly db: Kysely<DB>;

  async readCase(caseId: string, fromSeq = 1, toSeq?: number): Promise<StoredEvent[]> {
    const rows = await this.db
      .selectFrom('events')
      .selectAll()
      .where('case_id', '=', caseId)
      .where('seq', '>=', fromSeq)
      .$if(toSeq !== undefined, (q) => q.where('seq', '<=', toSeq as number))
      .orderBy('seq')
      .execute();
    return rows.map(fromRow);
  }

  async readAll(fromPosition: number, limit: number): Promise<StoredEvent[]> {
    const { rows } = await readAllSql(this.engine, fromPosition, limit).execute(this.db);
    return (rows as EventRow[]).map(fromRow);
  }

  async head(caseId: string): Promise<CaseHead | null> {
    const h = await this.db
      .selectFrom('case_heads')
      .select(['seq', 'hash'])
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    return h ? { caseId, seq: Number(h.seq), hash: h.hash } : null;
  }
}
