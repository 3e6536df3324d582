import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { NewEventSchema } from '../events/event.ts';
import { deriveCase } from '../plan/engine.ts';
import { checkPlan } from '../plan/plan.check.ts';
import type { Plan } from '../plan/plan.schema.ts';
import { decide, fold, type LoggedEvent, tick } from './incident.decider.ts';

/** A field of an event's data, whatever its type. */
const field = (e: { data: object }, k: string): unknown => (e.data as Record<string, unknown>)[k];

const plan = // version 2 (format 1): the decider's mechanics pinned to one version of the plan
  checkPlan(parse(readFileSync('plans/town-mass-incident@2.yaml', 'utf8'))).plan as Plan;
const T0 = Date.parse('2026-05-11T01:00:00Z');
const time = (min: number) => new Date(T0 + min * 60_000).toISOString();

const step = fc.record({
  minute: fc.integer({ min: 1, max: 240 }),
  what: fc.constantFrom('tick', 'sitrep-town', 'sitrep-county', 'arrival', 'convene', 'grow', 'log'),
  n: fc.integer({ min: 0, max: 60 }),
});

describe('incident decider over time', () => {
  it('keeps the log of derived duty events in step with the plan engine, one miss per duty at most', () => {
    fc.assert(
      fc.property(fc.integer({ min: 5, max: 70 }), fc.array(step, { maxLength: 30 }), (people, steps) => {
        const log: LoggedEvent[] = [];
        const append = (ds: ReturnType<typeof decide>) => {
          for (const d of ds) log.push({ ...d, seq: log.length + 1 });
        };
        const actor = { id: 'u1', role: 'officer' };
        append(
          decide(
            fold([]),
            {
              id: uuidv7(),
              type: 'incident.reported',
              data: {
                title: '聚集',
                location: { text: '镇政府' },
                startedAt: time(0),
                source: '电话',
                facts: { participants: people },
              },
              actor,
              occurredAt: time(0),
            },
            plan,
            time(0),
          ),
        );
        for (const s of [...steps].sort((a, b) => a.minute - b.minute)) {
          const at = time(s.minute);
          if (s.what === 'tick') {
            append(tick(fold(log), plan, at, 'case-1'));
            continue;
          }
          const data: Record<string, Record<string, unknown>> = {
            'sitrep-town': { to: { level: 'town' }, kind: 'update' },
            'sitrep-county': { to: { level: 'county' }, kind: 'update' },
            arrival: { position: 'principal' },
            convene: { taskId: 'convene-command-post', result: '已召开' },
            grow: { facts: { participants: people + s.n } },
            log: { text: '现场情况' },
          };
          const type = {
            'sitrep-town': 'sitrep.submitted',
            'sitrep-county': 'sitrep.submitted',
            arrival: 'arrival.recorded',
            convene: 'task.completed',
            grow: 'incident.facts.updated',
            log: 'log.entry',
          }[s.what] as string;
          append(
            decide(
              fold(log),
              { id: uuidv7(), type, data: data[s.what] ?? {}, actor, occurredAt: at },
              plan,
              at,
            ),
          );
        }
        const end = time(300);
        append(tick(fold(log), plan, end, 'case-1'));

        const view = deriveCase(plan, fold(log).timeline.events, end);
        const count = (type: string, dutyId: string) =>
          log.filter((e) => e.type === type && field(e, 'dutyId') === dutyId).length;
        for (const d of view.duties) {
          expect(count('duty.started', d.id)).toBe(1);
          expect(count('duty.met', d.id)).toBe(d.status === 'met' ? 1 : 0);
          expect(count('duty.missed', d.id)).toBe(d.escalatedAt ? 1 : 0);
        }
        expect(new Set(log.map((e) => e.id)).size).toBe(log.length);
        for (const e of log) expect(NewEventSchema.safeParse({ ...e, actor: e.actor }).success).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
