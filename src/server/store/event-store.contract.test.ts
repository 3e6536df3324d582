import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ev } from '../../../test/support/events.ts';
import { engines, freshDb, type TestDb } from '../../../test/support/stores.ts';
import { ManualClock } from '../../core/clock.ts';
import { ConcurrencyError, IdempotencyError, IntegrityError, ValidationError } from '../../core/errors.ts';
import { GENESIS_HASH, type StoredEvent } from '../../core/events/event.ts';
import { caseSummaryProjection } from '../projections/case-summary.projection.ts';
import { projectAll } from '../projections/projection.ts';
import type { EventStore } from './event-store.ts';

/** One contract, every engine: what the rest of Huajie may rely on from the event store. */
describe.each(engines())('event store contract: $engine', ({ engine, skip }) => {
  let db: TestDb;
  let store: EventStore;
  let clock: ManualClock;

  beforeEach(async (ctx) => {
    if (skip) ctx.skip();
    db = await freshDb(engine);
    clock = new ManualClock('2026-05-11T01:00:00.000Z');
    store = await db.open(clock);
  });
  afterEach(async () => {
    if (skip) return;
    await store.close();
    await db.drop();
  });

  const caseCount = async (caseId: string) => (await store.readCase(caseId)).length;

  describe('ordering', () => {
    it('numbers a case 1..n, chains each hash to the one before, and keeps positions increasing', async () => {
      const a = await store.append('case-a', 0, [ev(), ev()]);
      const b = await store.append('case-a', 2, [
        ev('incident.facts.updated', { facts: { participants: 60 } }),
      ]);
      const all = await store.readCase('case-a');
      expect(all.map((e) => e.seq)).toEqual([1, 2, 3]);
      expect(all[0]?.prevHash).toBe(GENESIS_HASH);
      expect(all[1]?.prevHash).toBe(all[0]?.hash);
      expect(all[2]?.prevHash).toBe(all[1]?.hash);
      expect(new Set(all.map((e) => e.hash)).size).toBe(3);
      const positions = all.map((e) => e.position);
      expect(positions).toEqual([...positions].sort((x, y) => x - y));
      expect([...a.events, ...b.events]).toEqual(all);
      expect(await store.head('case-a')).toEqual({ caseId: 'case-a', seq: 3, hash: all[2]?.hash });
      expect((await store.readCase('case-a', 3)).map((e) => e.seq)).toEqual([3]);
    });

    it('stores occurredAt in UTC and recordedAt from the injected clock', async () => {
      clock.set('2026-05-11T01:25:00.000Z');
      const { events } = await store.append('case-t', 0, [
        ev('log.entry', {}, { occurredAt: '2026-05-11T09:20:00+08:00' }),
      ]);
      expect(events[0]?.occurredAt).toBe('2026-05-11T01:20:00.000Z');
      expect(events[0]?.recordedAt).toBe('2026-05-11T01:25:00.000Z');
      const [stored] = await store.readCase('case-t');
      expect(stored).toEqual(events[0]);
    });

    it('has no head and no events for a case never written', async () => {
      expect(await store.head('nothing')).toBeNull();
      expect(await store.readCase('nothing')).toEqual([]);
    });
  });

  describe('concurrency', () => {
    it('refuses a stale expected seq with a typed conflict naming the current seq, writing nothing', async () => {
      await store.append('case-c', 0, [ev(), ev()]);
      const err = await store.append('case-c', 1, [ev()]).catch((e) => e);
      expect(err).toBeInstanceOf(ConcurrencyError);
      expect(err).toMatchObject({ caseId: 'case-c', expectedSeq: 1, actualSeq: 2, status: 409 });
      expect(await caseCount('case-c')).toBe(2);
    });

    it('treats "the case must not exist yet" as a real check', async () => {
      await store.append('case-new', 0, [ev()]);
      const err = await store.append('case-new', 0, [ev()]).catch((e) => e);
      expect(err).toBeInstanceOf(ConcurrencyError);
      expect(err.message).toContain('already exists');
      expect(await caseCount('case-new')).toBe(1);
    });

    it('lets exactly one of many racing writers win the same seq', async () => {
      await store.append('case-race', 0, [ev()]);
      const results = await Promise.allSettled(
        Array.from({ length: 12 }, () => store.append('case-race', 1, [ev()])),
      );
      const ok = results.filter((r) => r.status === 'fulfilled');
      const conflicts = results.filter(
        (r) => r.status === 'rejected' && r.reason instanceof ConcurrencyError,
      );
      expect(ok).toHaveLength(1);
      expect(conflicts).toHaveLength(11);
      expect((await store.readCase('case-race')).map((e) => e.seq)).toEqual([1, 2]);
    });

    it('lets exactly one of many racing creators create a case', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, () => store.append('case-born', 0, [ev()])),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(await caseCount('case-born')).toBe(1);
    });
  });

  describe('idempotent retry', () => {
    it('returns the original result for a re-sent event and writes nothing', async () => {
      const e1 = ev();
      const first = await store.append('case-i', 0, [e1]);
      clock.advance(60_000);
      const again = await store.append('case-i', 0, [e1]);
      expect(again.duplicate).toBe(true);
      expect(again.events).toEqual(first.events);
      // also when the client re-read the head in between
      const third = await store.append('case-i', 1, [e1]);
      expect(third.duplicate).toBe(true);
      expect(await caseCount('case-i')).toBe(1);
    });

    it('refuses an event id reused for different content or another case', async () => {
      const e1 = ev('log.entry', { text: 'original' });
      await store.append('case-j', 0, [e1]);
      const changed = await store.append('case-j', 1, [{ ...e1, data: { text: 'changed' } }]).catch((e) => e);
      expect(changed).toBeInstanceOf(IdempotencyError);
      const elsewhere = await store.append('case-k', 0, [e1]).catch((e) => e);
      expect(elsewhere).toBeInstanceOf(IdempotencyError);
      // which case holds it is never said: the caller may not be allowed to know it exists
      expect(elsewhere.message).not.toContain('case-j');
      expect(elsewhere.message).toContain('another case');
      expect(await caseCount('case-j')).toBe(1);
      expect(await caseCount('case-k')).toBe(0);
    });
  });

  describe('all-or-nothing', () => {
    it('writes no event of a batch when one event is invalid', async () => {
      const err = await store.append('case-b', 0, [ev(), ev('Not A Type'), ev()]).catch((e) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect(err.message).toContain('events.1.type');
      expect(await caseCount('case-b')).toBe(0);
      expect(await store.head('case-b')).toBeNull();
    });

    it('writes no event of a batch when a later event fails to insert', async () => {
      const used = ev();
      await store.append('case-other', 0, [used]);
      const err = await store.append('case-b2', 0, [ev(), used]).catch((e) => e);
      expect(err).toBeInstanceOf(IdempotencyError);
      expect(await caseCount('case-b2')).toBe(0);
      expect(await store.head('case-b2')).toBeNull();
    });

    it('names every invalid field', async () => {
      const bad = async (caseId: string, seq: number, events: unknown) =>
        (await store.append(caseId, seq, events as never).catch((e) => e)) as ValidationError;
      expect((await bad('has space', 0, [ev()])).message).toContain('caseId');
      expect((await bad('c', -1, [ev()])).message).toContain('expectedSeq');
      expect((await bad('c', 0, [])).message).toContain('at least one event');
      expect((await bad('c', 0, [{ ...ev(), id: 'not-a-uuid' }])).message).toContain('events.0.id');
      expect(
        (await bad('c', 0, [{ ...ev(), id: '0b1e9f0c-3d5c-4d8b-9f1e-2a4c6e8b0d1f' }])).message,
      ).toContain('UUIDv7');
      expect((await bad('c', 0, [{ ...ev(), occurredAt: 'yesterday' }])).message).toContain(
        'events.0.occurredAt',
      );
      expect((await bad('c', 0, [{ ...ev(), actor: { id: '' } }])).message).toContain('events.0.actor');
      const twice = ev();
      expect((await bad('c', 0, [twice, twice])).message).toContain('appears twice');
      expect(await caseCount('c')).toBe(0);
    });
  });

  describe('projections', () => {
    it('writes read models in the same transaction as the append', async () => {
      const project = projectAll([caseSummaryProjection]);
      await store.append('inc-1', 0, [ev('incident.reported', { title: '堵路' }), ev()], { project });
      await store.append('inc-1', 2, [ev('incident.closed')], { project });
      const row = await store.db
        .selectFrom('case_summary')
        .selectAll()
        .where('case_id', '=', 'inc-1')
        .executeTakeFirst();
      expect(row).toMatchObject({ kind: 'incident', event_count: 3, last_type: 'incident.closed' });
    });

    it('rolls the append back when the projection throws, leaving other appends alone', async () => {
      const failing = async () => {
        throw new Error('projection exploded');
      };
      const project = projectAll([caseSummaryProjection]);
      const results = await Promise.allSettled([
        store.append('ok-1', 0, [ev()], { project }),
        store.append('bad-1', 0, [ev('incident.reported')], {
          project: async (tx, events) => {
            await caseSummaryProjection.apply(tx, events);
            await failing();
          },
        }),
        store.append('ok-2', 0, [ev()], { project }),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((results[1] as PromiseRejectedResult).reason.message).toBe('projection exploded');
      expect(await caseCount('bad-1')).toBe(0);
      expect(await store.head('bad-1')).toBeNull();
      const rows = await store.db.selectFrom('case_summary').select('case_id').orderBy('case_id').execute();
      expect(rows.map((r) => r.case_id)).toEqual(['ok-1', 'ok-2']);
      // and the case can still be created afterwards
      await store.append('bad-1', 0, [ev()]);
      expect(await caseCount('bad-1')).toBe(1);
    });
  });

  describe('readAll', () => {
    it('pages through every event once, in order', async () => {
      for (let i = 0; i < 25; i++) {
        const c = `case-${i % 3}`;
        const h = await store.head(c);
        await store.append(c, h?.seq ?? 0, [ev()]);
      }
      const seen: StoredEvent[] = [];
      let from = 0;
      const pageOn = async () => {
        for (;;) {
          const page = await store.readAll(from, 10);
          if (page.length === 0) return seen.length;
          expect(page.length).toBeLessThanOrEqual(10);
          seen.push(...page);
          from = page[page.length - 1]?.position ?? from;
        }
      };
      // on PostgreSQL a transaction another test has open on the server holds the newest back
      // until it ends: page on until all of them came
      await expect.poll(pageOn, { timeout: 15_000 }).toBeGreaterThanOrEqual(25);
      expect(seen).toHaveLength(25);
      expect(new Set(seen.map((e) => e.id)).size).toBe(25);
      for (const c of ['case-0', 'case-1', 'case-2']) {
        expect(seen.filter((e) => e.caseId === c).map((e) => e.seq)).toEqual(
          (await store.readCase(c)).map((e) => e.seq),
        );
      }
      expect(await store.readAll(from, 10)).toEqual([]);
    });

    it('never hands out an event that committed after one still being written', async () => {
      let entered!: () => void;
      const inside = new Promise<void>((r) => {
        entered = r;
      });
      let open!: () => void;
      const gate = new Promise<void>((r) => {
        open = r;
      });
      const slow = store.append('slow', 0, [ev()], {
        project: async () => {
          entered();
          await gate;
        },
      });
      await inside;
      const fast = store.append('fast', 0, [ev()]);
      if (engine === 'postgres') await fast; // on PostgreSQL it commits while "slow" is open
      const early = await store.readAll(0, 100);
      expect(early.map((e) => e.caseId)).not.toContain('fast');
      open();
      await Promise.all([slow, fast]);
      const from = early[early.length - 1]?.position ?? 0;
      // on PostgreSQL a transaction open elsewhere on the server (another test's) holds both
      // back until it ends: they arrive, in order, once it has
      await expect
        .poll(async () => [...early, ...(await store.readAll(from, 100))].map((e) => e.caseId).sort(), {
          timeout: 15_000,
        })
        .toEqual(['fast', 'slow']);
    });

    it('lets a tailing reader see every event exactly once while writers append', async () => {
      const seen: string[] = [];
      const written: string[] = [];
      let from = 0;
      let writing = true;
      const tail = (async () => {
        for (;;) {
          const page = await store.readAll(from, 50);
          for (const e of page) seen.push(e.id);
          if (page.length > 0) from = page[page.length - 1]?.position ?? from;
          // done once writing has stopped and all of it came (on PostgreSQL, a transaction open
          // elsewhere on the server may hold the last ones back for a while)
          else if (!writing && seen.length >= written.length) return;
          else await new Promise((r) => setTimeout(r, 2));
        }
      })();
      await Promise.all(
        Array.from({ length: 8 }, async (_, w) => {
          let seq = 0;
          for (let i = 0; i < 25; i++) {
            const e = ev();
            await store.append(`tail-${w}`, seq, [e]);
            written.push(e.id);
            seq += 1;
          }
        }),
      );
      writing = false;
      await tail;
      expect(seen).toHaveLength(written.length);
      expect(new Set(seen)).toEqual(new Set(written));
    });
  });

  describe('append-only', () => {
    it('has the database refuse UPDATE and DELETE of an event', async () => {
      const { events } = await store.append('case-u', 0, [ev()]);
      const id = events[0]?.id;
      const p = engine === 'postgres' ? '$1' : '?';
      await expect(db.raw(`UPDATE events SET type = 'x.y' WHERE id = ${p}`, [id])).rejects.toThrow(
        /append-only/,
      );
      await expect(db.raw(`DELETE FROM events WHERE id = ${p}`, [id])).rejects.toThrow(/append-only/);
      if (engine === 'postgres') await expect(db.raw('TRUNCATE events')).rejects.toThrow(/append-only/);
      expect(await store.readCase('case-u')).toEqual(events);
    });

    it('locks a case whose chain no longer matches its signed head, and only that case', async () => {
      await store.append('case-x', 0, [ev(), ev()]);
      await store.append('case-y', 0, [ev()]);
      if (engine === 'sqlite') {
        await db.raw('DROP TRIGGER events_no_delete');
        await db.raw("DELETE FROM events WHERE case_id = 'case-x' AND seq = 2");
      } else {
        await db.raw('ALTER TABLE events DISABLE TRIGGER events_no_update_delete');
        await db.raw("DELETE FROM events WHERE case_id = 'case-x' AND seq = 2");
      }
      const err = await store.append('case-x', 1, [ev()]).catch((e) => e);
      expect(err).toBeInstanceOf(IntegrityError);
      expect(err.message).toContain('case-x');
      await store.append('case-y', 1, [ev()]);
      expect(await caseCount('case-y')).toBe(2);
    });
  });

  describe('exclusive work', () => {
    it('lets no append interleave with it', async () => {
      let appended: Promise<unknown> | undefined;
      const counts = await store.exclusive(async (tx) => {
        const count = async () =>
          Number(
            (
              await tx
                .selectFrom('events')
                .select((eb) => eb.fn.countAll().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          );
        const before = await count();
        appended = store.append('during', 0, [ev()]);
        await new Promise((r) => setTimeout(r, 150));
        return [before, await count()];
      });
      expect(counts[0]).toBe(counts[1]);
      await appended;
      expect(await caseCount('during')).toBe(1);
    });
  });

  // only a server can drop connections; the embedded engine has none
  const serverOnly = engine === 'postgres' ? it : () => undefined;
  serverOnly('survives the database closing its connections mid-append, and carries on', async () => {
    const writers = Array.from({ length: 6 }, async (_, w) => {
      let seq = 0;
      const outcomes: string[] = [];
      for (let i = 0; i < 30; i++) {
        try {
          await store.append(`drop-${w}`, seq, [ev()]);
          seq += 1;
          outcomes.push('ok');
        } catch (e) {
          outcomes.push(e instanceof Error ? 'error' : 'thrown');
          seq = (await store.head(`drop-${w}`).catch(() => null))?.seq ?? seq;
        }
      }
      return outcomes;
    });
    await new Promise((r) => setTimeout(r, 30));
    const dbName = new URL(db.url).pathname.slice(1);
    await db.raw(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [dbName],
    );
    const outcomes = (await Promise.all(writers)).flat();
    expect(outcomes).not.toContain('thrown');
    expect(outcomes.filter((o) => o === 'ok').length).toBeGreaterThan(0);
    // the store still works, and what it acknowledged is intact
    await store.append('after-drop', 0, [ev()]);
    const { verifyAll } = await import('./verify.ts');
    expect((await verifyAll(store.db, db.key)).broken).toEqual([]);
  });

  it('finishes queued appends before it closes', async () => {
    const pending = Array.from({ length: 20 }, (_, i) => store.append(`close-${i}`, 0, [ev()]));
    await store.close();
    const results = await Promise.allSettled(pending);
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    store = await db.open(clock);
    expect((await store.db.selectFrom('events').select('id').execute()).length).toBe(20);
  });
});

describe.each(engines().filter((e) => e.engine === 'postgres'))(
  'PostgreSQL sessions: $engine',
  ({ skip }) => {
    it('has PostgreSQL end a transaction left open by a server that died with its host', async (ctx) => {
      if (skip) ctx.skip();
      const db = await freshDb('postgres');
      const store = await db.open(new ManualClock('2026-05-11T01:00:00Z'));
      try {
        const r = await sql<{
          v: string;
        }>`SELECT current_setting('idle_in_transaction_session_timeout') AS v`.execute(store.db);
        expect(r.rows[0]?.v).toBe('1min');
      } finally {
        await store.close();
        await db.drop();
      }
    });
  },
);
