import canonicalize from 'canonicalize';
import { z } from 'zod';

/**
 * The envelope every case event shares. Event-specific `data` schemas live with each
 * feature; the store only requires `data` to be a JSON object.
 */

export const CASE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;
export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

/** The hash a case's first event chains to. */
export const GENESIS_HASH = '0'.repeat(64);

export const CaseIdSchema = z.string().regex(CASE_ID_PATTERN, 'a case id is 1–100 letters, digits, _ . : -');

export const ActorSchema = z.object({
  id: z.string().min(1).max(200),
  role: z.string().min(1).max(50),
});
export type Actor = z.infer<typeof ActorSchema>;

/** How deep a JSON value may nest: far more than any event or request needs. */
export const MAX_NESTING = 64;

/** Where a JSON value cannot be taken, and why. */
export interface Unfit {
  path: (string | number)[];
  problem: string;
}

/**
 * The first place in a JSON value that no canonical encoding (RFC 8785) can write — a string or
 * a key that is not well-formed UTF-16 (a lone surrogate) — or that nests deeper than
 * `maxDepth`; null when there is none. One walk with a stack of its own: no depth of nesting
 * runs the call stack out, and a path is built only for what is found.
 */
export function unfitJson(value: unknown, maxDepth = MAX_NESTING): Unfit | null {
  interface At {
    key: string | number;
    parent: At | null;
  }
  const pathOf = (at: At | null, last?: string | number) => {
    const path: (string | number)[] = last === undefined ? [] : [last];
    for (let a = at; a; a = a.parent) path.unshift(a.key);
    return path;
  };
  const stack: { v: unknown; at: At | null; depth: number }[] = [{ v: value, at: null, depth: 0 }];
  while (stack.length > 0) {
    const { v, at, depth } = stack.pop() as { v: unknown; at: At | null; depth: number };
    if (typeof v === 'string') {
      if (!v.isWellFormed()) return { path: pathOf(at), problem: WELL_FORMED };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= maxDepth) return { path: pathOf(at), problem: `nests deeper than ${maxDepth} levels` };
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--)
        stack.push({ v: v[i], at: { key: i, parent: at }, depth: depth + 1 });
      continue;
    }
    const entries = Object.entries(v);
    for (const [k] of entries) if (!k.isWellFormed()) return { path: pathOf(at, k), problem: WELL_FORMED };
    for (let i = entries.length - 1; i >= 0; i--) {
      const [k, x] = entries[i] as [string, unknown];
      stack.push({ v: x, at: { key: k, parent: at }, depth: depth + 1 });
    }
  }
  return null;
}

const WELL_FORMED = 'has a lone UTF-16 surrogate (a broken character)';

export const NewEventSchema = z.object({
  id: z.uuid({ version: 'v7', message: 'an event id is a UUIDv7' }),
  type: z
    .string()
    .regex(EVENT_TYPE_PATTERN, 'an event type is dotted lower-case words, e.g. incident.reported'),
  data: z.record(z.string(), z.unknown()).superRefine((d, ctx) => {
    const unfit = unfitJson(d);
    if (unfit) ctx.addIssue({ code: 'custom', path: unfit.path, message: unfit.problem });
  }),
  actor: ActorSchema,
  occurredAt: z.iso.datetime({ offset: true, message: 'occurredAt is an ISO-8601 date-time with an offset' }),
});
export type NewEvent = z.infer<typeof NewEventSchema>;

export const NewEventsSchema = z.array(NewEventSchema).min(1, 'at least one event').max(1000);

/** An event as stored: every field the hash covers, plus the hash and the global position. */
export interface StoredEvent {
  position: number;
  id: string;
  caseId: string;
  seq: number;
  type: string;
  data: Record<string, unknown>;
  actorId: string;
  actorRole: string;
  /** UTC ISO-8601 with milliseconds, e.g. 2026-05-11T01:00:00.000Z */
  occurredAt: string;
  recordedAt: string;
  prevHash: string;
  hash: string;
}

/** The fields the hash is computed over: everything stored except `hash` and `position`. */
export type HashedFields = Omit<StoredEvent, 'hash' | 'position'>;

export interface CaseHead {
  caseId: string;
  seq: number;
  hash: string;
}

/**
 * Canonical JSON (RFC 8785, JCS): object keys sorted by UTF-16 code units, no whitespace,
 * numbers and strings as ECMAScript serialises them. Used for hashes, MACs and stored data.
 */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value has no JSON encoding');
  return text;
}

const str = JSON.stringify;

/**
 * The exact text the event hash is SHA-256 of. See docs/event-log.md.
 * The envelope has a fixed set of keys, so its canonical form is written out directly (keys
 * already in RFC 8785 order; strings and integers serialise as JSON.stringify does); only
 * `data` goes through the general canonicaliser — pass its canonical text if you have it.
 */
export function hashInput(e: HashedFields, dataJson: string = canonicalJson(e.data)): string {
  return (
    `{"actorId":${str(e.actorId)},"actorRole":${str(e.actorRole)},"caseId":${str(e.caseId)},"data":${dataJson},` +
    `"id":${str(e.id)},"occurredAt":${str(e.occurredAt)},"prevHash":${str(e.prevHash)},` +
    `"recordedAt":${str(e.recordedAt)},"seq":${str(e.seq)},"type":${str(e.type)}}`
  );
}

/** The exact text a case head's MAC is HMAC-SHA-256 of (canonical JSON, written out). */
export function headInput(h: CaseHead): string {
  return `{"caseId":${str(h.caseId)},"hash":${str(h.hash)},"seq":${str(h.seq)}}`;
}

const STORED_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Normalise any ISO-8601 instant to UTC with milliseconds, the stored form. */
export function toStoredInstant(iso: string): string {
  return STORED_INSTANT.test(iso) ? iso : new Date(iso).toISOString();
}
