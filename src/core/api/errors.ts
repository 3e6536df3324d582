import { z } from 'zod';
import './zod-words.ts';

/**
 * How the API answers a request it refuses (the server's error handler, app.ts): one shape for
 * every status. Pure schemas, shared by the server (response schemas, the OpenAPI document)
 * and the browser (types).
 */
export const ApiIssue = z.object({
  /** where: `body.url`, `querystring.limit`, `params.caseId`, or a path in an uploaded text */
  path: z.string(),
  message: z.string(),
  /** the line and column of a problem in an uploaded plan or scenario */
  line: z.number().int().optional(),
  column: z.number().int().optional(),
});
export type ApiIssue = z.infer<typeof ApiIssue>;

export const ApiError = z
  .object({
    error: z
      .string()
      .describe(
        'what went wrong, as a code: invalid, unauthorized, forbidden, not_found, concurrency_conflict, rate_limited, unavailable, …',
      ),
    message: z.string().describe('the problem, in words a person can act on'),
    issues: z.array(ApiIssue).optional().describe('each problem of an invalid request (400)'),
    currentSeq: z
      .number()
      .int()
      .optional()
      .describe("the case's seq now, when the request named a stale expectedSeq (409 concurrency_conflict)"),
    retryAfter: z
      .number()
      .optional()
      .describe('how many seconds to wait before trying again (also the Retry-After header)'),
  })
  .meta({ id: 'Error', description: 'A refused request: nothing was written.' });
export type ApiError = z.infer<typeof ApiError>;

/** What each status means when the API answers with it. */
const MEANING = {
  400: 'The request is invalid: the message (and `issues`) name each problem.',
  401: 'No session: log in first (POST /api/auth/login).',
  403: 'The role may not do this, or it is outside the caller’s jurisdiction, or a write came without the session’s x-csrf-token header.',
  404: 'There is no such thing in the caller’s jurisdiction and below.',
  409: 'It conflicts with the state of what it changes (already there, closed, a stale expectedSeq …).',
  413: 'The body is too large.',
  415: 'The body is not JSON.',
  422: 'The rules refuse it, or the plan work ran past its time limit.',
  423: 'The case failed its integrity check and takes no new events until an auditor has looked.',
  429: 'Too many of these from this account or address: try again after `retryAfter` seconds.',
  503: 'The database (or every plan worker) is busy or unavailable: try again after Retry-After; a write sent again with the same id is never recorded twice.',
} as const;
export type ErrorStatus = keyof typeof MEANING;

const described = Object.fromEntries(
  Object.entries(MEANING).map(([status, meaning]) => [status, ApiError.describe(meaning)]),
) as Record<ErrorStatus, typeof ApiError>;

/** The error answers of a route, for `schema.response`: each status with the one error shape. */
export function errors<const S extends ErrorStatus>(...statuses: S[]): { [K in S]: typeof ApiError } {
  return Object.fromEntries(statuses.map((s) => [s, described[s]])) as { [K in S]: typeof ApiError };
}
