import type { Kysely } from 'kysely';
import type { Engine } from '../store/dialect.ts';
import type { DB } from '../store/schema.ts';

/**
 * What a queries file (`src/server/<feature>/<feature>.queries.ts`) declares for review: besides
 * its query functions, one list `printed` naming each of them with example arguments. The
 * printer (printer.ts, `npm run sql`) runs each on a database that is never connected and
 * writes every statement it sends, on SQLite and on PostgreSQL, to src/server/queries/<feature>.sql.
 */

/** One print of a query function of a queries file. */
export interface PrintedQuery {
  /** the exported query function this prints */
  name: string;
  /** when a function is printed more than once (its optional parts): what this print shows */
  variant?: string;
  /** calls the function with example arguments; every statement it runs is printed */
  run: (db: Kysely<DB>, engine: Engine) => Promise<unknown>;
  /** the rows each statement answers while printing (default: none) */
  rows?: Record<string, unknown>[];
}

/** Example arguments for every queries file (in the printed files as the statements' parameters). */
export const example = {
  caseId: 'case-1',
  eventId: 'event-1',
  demandId: 'demand-1',
  planId: 'plan-1',
  jurisdiction: '100000',
  /** a caller's scope of two jurisdictions: `in ($1, $2)` */
  scope: new Set(['100000', '100100']) as ReadonlySet<string>,
  userId: 'user-1',
  username: 'officer',
  at: '2025-01-01T00:00:00.000Z',
};
