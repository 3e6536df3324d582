import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  GENESIS_HASH,
  hashInput,
  headInput,
  NewEventSchema,
  toStoredInstant,
} from './event.ts';

describe('canonical encoding', () => {
  it('sorts keys at every depth and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: '中' } })).toBe(
      '{"a":{"c":"中","d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('serialises numbers as ECMAScript does (RFC 8785)', () => {
    expect(canonicalJson({ n: [1.0, 1e21, 0.000001, -0] })).toBe('{"n":[1,1e+21,0.000001,0]}');
  });

  it('refuses what JSON cannot encode', () => {
    expect(() => canonicalJson(undefined)).toThrow(/no JSON encoding/);
  });

  it('hashes exactly the documented fields, in the documented order (docs/event-log.md)', () => {
    const fields = {
      id: '0196b5a0-0000-7000-8000-000000000001',
      caseId: 'inc-1',
      seq: 1,
      type: 'incident.reported',
      data: { title: '60人堵路', facts: { participants: 60, blocking: ['road'] } },
      actorId: 'u1',
      actorRole: 'officer',
      occurredAt: '2026-05-11T01:00:00.000Z',
      recordedAt: '2026-05-11T01:00:01.000Z',
      prevHash: GENESIS_HASH,
    };
    const text = hashInput(fields);
    expect(text).toBe(
      '{"actorId":"u1","actorRole":"officer","caseId":"inc-1","data":{"facts":{"blocking":["road"],"participants":60},' +
        '"title":"60人堵路"},"id":"0196b5a0-0000-7000-8000-000000000001","occurredAt":"2026-05-11T01:00:00.000Z",' +
        `"prevHash":"${GENESIS_HASH}","recordedAt":"2026-05-11T01:00:01.000Z","seq":1,"type":"incident.reported"}`,
    );
    // the worked example in docs/event-log.md
    expect(createHash('sha256').update(text).digest('hex')).toBe(
      '68d2bf0d72c47a7af4f4d1c426216ca624d6846fbdea68372f6e9851faba593b',
    );
    expect(headInput({ caseId: 'inc-1', seq: 3, hash: 'ab' })).toBe('{"caseId":"inc-1","hash":"ab","seq":3}');
  });

  it('writes the fixed-shape hash and head inputs exactly as the general RFC 8785 encoder would', () => {
    const text = fc.string({ unit: 'binary' });
    fc.assert(
      fc.property(
        fc.record({
          id: text,
          caseId: text,
          seq: fc.nat(),
          type: text,
          data: fc.dictionary(text, fc.jsonValue()),
          actorId: text,
          actorRole: text,
          occurredAt: text,
          recordedAt: text,
          prevHash: text,
        }),
        (fields) => {
          expect(hashInput(fields)).toBe(canonicalJson(fields));
          const head = { caseId: fields.caseId, seq: fields.seq, hash: fields.prevHash };
          expect(headInput(head)).toBe(canonicalJson(head));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('stores instants in UTC with milliseconds', () => {
    expect(toStoredInstant('2026-05-11T09:00:00+08:00')).toBe('2026-05-11T01:00:00.000Z');
    expect(toStoredInstant('2026-05-11T01:00:00Z')).toBe('2026-05-11T01:00:00.000Z');
    expect(toStoredInstant('2026-05-11T01:00:00.123456Z')).toBe('2026-05-11T01:00:00.123Z');
    expect(toStoredInstant('2026-05-11T01:00:00.120Z')).toBe('2026-05-11T01:00:00.120Z');
  });
});

describe('event envelope validation', () => {
  const good = {
    id: '0196b5a0-0000-7000-8000-000000000001',
    type: 'incident.reported',
    data: {},
    actor: { id: 'u1', role: 'officer' },
    occurredAt: '2026-05-11T09:00:00+08:00',
  };
  it('accepts a well-formed event', () => {
    expect(NewEventSchema.safeParse(good).success).toBe(true);
  });
  it.each([
    ['a UUIDv4 id', { id: '0b1e9f0c-3d5c-4d8b-9f1e-2a4c6e8b0d1f' }, 'id'],
    ['an undotted type', { type: 'reported' }, 'type'],
    ['an upper-case type', { type: 'Incident.Reported' }, 'type'],
    ['data that is a list', { data: [] }, 'data'],
    ['a time without offset', { occurredAt: '2026-05-11 09:00' }, 'occurredAt'],
    ['an actor without role', { actor: { id: 'u1' } }, 'actor'],
  ])('refuses %s, naming the field', (_what, change, field) => {
    const r = NewEventSchema.safeParse({ ...good, ...change });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path[0]).toBe(field);
  });
});
