import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ev } from '../../../test/support/events.ts';
import { engines, freshDb } from '../../../test/support/stores.ts';
import { systemClock } from '../../core/clock.ts';
import { ConcurrencyError } from '../../core/errors.ts';
import { verifyAll } from './verify.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const op = fc.record({
  writer: fc.nat(),
  caseIdx: fc.nat(),
  batch: fc.integer({ min: 1, max: 3 }),
  /** the reply is lost and the client re-sends the same events with the same expected seq */
  lostReply: fc.boolean(),
  /** time between reading the head and appending: a window for someone else to write */
  delayMs: fc.integer({ min: 0, max: 3 }),
});

describe.each(engines())('property: concurrent writers with random retries: $engine', ({ engine, skip }) => {
  it.skipIf(skip)(
    'leaves every case numbered 1..n with no gap or duplicate, and the audit passes',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 2, max: 8 }),
          fc.integer({ min: 1, max: 4 }),
          fc.array(op, { minLength: 5, maxLength: 40 }),
          async (writers, cases, plan) => {
            const db = await freshDb(engine);
            const store = await db.open(systemClock);
            try {
              const acked = new Map<string, string>();
              await Promise.all(
                Array.from({ length: writers }, async (_, w) => {
                  for (const o of plan.filter((x) => x.writer % writers === w)) {
                    const caseId = `c${o.caseIdx % cases}`;
                    const events = Array.from({ length: o.batch }, () => ev());
                    let expected = (await store.head(caseId))?.seq ?? 0;
                    if (o.delayMs > 0) await sleep(o.delayMs);
                    for (;;) {
                      try {
                        const r = await store.append(caseId, expected, events);
                        if (o.lostReply) {
                          const again = await store.append(caseId, expected, events);
                          expect(again.duplicate).toBe(true);
                          expect(again.events).toEqual(r.events);
                        }
                        for (const e of events) acked.set(e.id, caseId);
                        break;
                      } catch (e) {
                        if (!(e instanceof ConcurrencyError)) throw e;
                        expected = e.actualSeq;
                      }
                    }
                  }
                }),
              );
              // every committed row (readAll's commit-safe order would hold back what committed
              // after a transaction another test has open on the same server)
              const all = (await store.db.selectFrom('events').select(['id', 'case_id']).execute()).map(
                (r) => ({
                  id: r.id,
                  caseId: r.case_id,
                }),
              );
              expect(all).toHaveLength(acked.size);
              expect(new Set(all.map((e) => e.id))).toEqual(new Set(acked.keys()));
              for (const e of all) expect(e.caseId).toBe(acked.get(e.id));
              for (let c = 0; c < cases; c++) {
                const seqs = (await store.readCase(`c${c}`)).map((e) => e.seq);
                expect(seqs).toEqual(seqs.map((_, i) => i + 1));
              }
              const report = await verifyAll(store.db, db.key);
              expect(report.broken).toEqual([]);
              expect(report.ok).toBe(true);
            } finally {
              await store.close();
              await db.drop();
            }
          },
        ),
        { numRuns: engine === 'sqlite' ? 30 : 12 },
      );
    },
    // each run makes a database of its own: on a loaded machine, PostgreSQL takes its time
    240_000,
  );
});
