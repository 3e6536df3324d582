import type { ApiIssue } from '../../core/api/errors.ts';
import type { Duty, IncidentDetail } from '../../core/api/incidents.ts';
import type { Plan } from '../../core/plan/plan.schema.ts';
import { noteServerTime } from './time.ts';

/** The API from the browser: the session cookie goes along; writes carry the CSRF token. */
let csrf = '';
export const setCsrf = (token: string) => {
  csrf = token;
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ApiIssue[] = [],
    /** a 429's wait, in seconds */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

export async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrf;
  const sentAt = Date.now();
  const res = await fetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  noteServerTime(res.headers.get('x-huajie-time'), sentAt, Date.now());
  const text = await res.text();
  const json = text ? JSON.parse(text) : {};
  if (!res.ok)
    throw new ApiError(
      res.status,
      json.error ?? 'error',
      json.message ?? res.statusText,
      json.issues,
      json.retryAfter ?? (Number(res.headers.get('retry-after')) || undefined),
    );
  return json as T;
}

/**
 * What the API answers: the types of the response schemas in core (src/core/api), with which
 * the server answers and which the OpenAPI document describes. Pages take the rest from there.
 */
export type { Me } from '../../core/api/accounts.ts';
export type { Appended, IncidentDetail, TimelineEntry, TimelinePage } from '../../core/api/incidents.ts';
/** A duty clock (the board's list leaves out late_seconds and met_at). */
export type DutyRow = Duty;

/** What a part of the incident page is given: the case, what the server holds of it, its plan. */
export interface CaseParts {
  caseId: string;
  detail: IncidentDetail;
  plan: Plan | undefined;
}
