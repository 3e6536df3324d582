import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { ApiError } from '../core/api/errors.ts';
import type {
  Commitment,
  Demand,
  Duty,
  Escalation,
  Incident,
  Measure,
  Statement,
  Task,
} from '../core/api/incidents.ts';
import type { DrillReview, PlanVersion } from '../core/api/plans.ts';
import type { Review } from '../core/plan/drill.ts';
import type { PlanVersionInfo } from './plans/plan.registry.ts';
import type {
  CommitmentsTable,
  DemandsTable,
  DutiesTable,
  EscalationsTable,
  IncidentsTable,
  MeasuresTable,
  StatementsTable,
  TasksTable,
} from './store/schema.ts';

/** 0/1 columns the API answers as booleans. */
type Flags<T, K extends keyof T> = { [P in keyof T]: P extends K ? boolean : T[P] };

/**
 * The response schemas (core/api) against what the server reads: a column added to a read
 * model, or a field to a drill's review, shows here until the API says whether it answers it
 * (a response schema answers only what it names).
 */
describe('response schemas', () => {
  it('name every column of the read models the incident page answers', () => {
    expectTypeOf<Incident>().toEqualTypeOf<Flags<IncidentsTable, 'exercise'>>();
    expectTypeOf<Required<Duty>>().toEqualTypeOf<DutiesTable>();
    expectTypeOf<Escalation>().toEqualTypeOf<EscalationsTable>();
    expectTypeOf<Task>().toEqualTypeOf<TasksTable>();
    expectTypeOf<Omit<Demand, 'has_reply_channel'>>().toEqualTypeOf<DemandsTable>();
    expectTypeOf<Commitment>().toEqualTypeOf<CommitmentsTable>();
    expectTypeOf<Statement>().toEqualTypeOf<StatementsTable>();
    expectTypeOf<Measure>().toEqualTypeOf<Flags<MeasuresTable, 'recording'>>();
  });

  it('name every field of a drill review and a plan version', () => {
    expectTypeOf<DrillReview>().toEqualTypeOf<Review>();
    expectTypeOf<PlanVersion>().toEqualTypeOf<PlanVersionInfo>();
  });

  it('describe every error the API answers', () => {
    const answers = [
      {
        error: 'invalid',
        message: 'body.url: an http:// or https:// address',
        issues: [{ path: 'body.url', message: 'x' }],
      },
      {
        error: 'invalid',
        message: 'the plan does not check',
        issues: [{ path: 'levels', message: 'x', line: 3, column: 5 }],
      },
      { error: 'concurrency_conflict', message: 'case c is at seq 4, not the expected 3', currentSeq: 4 },
      { error: 'rate_limited', message: 'try again in 30 s', retryAfter: 30 },
      { error: 'unavailable', message: 'the database does not answer' },
    ];
    for (const a of answers) expect(ApiError.encode(a)).toEqual(a);
    expectTypeOf<z.infer<typeof ApiError>>().toHaveProperty('retryAfter');
  });
});
