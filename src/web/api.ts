import type { Plan } from '../core/plan/plan.schema.ts';
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
    readonly issues: { path: string; message: string }[] = [],
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

/** The answer to a recorded command; `duplicate` when the server already held its id (a retry). */
export interface Appended {
  caseId: string;
  seq: number;
  duplicate: boolean;
  events: { id: string; type: string; data: Record<string, unknown> }[];
}

export interface Me {
  user: { id: string; username: string; displayName: string; role: string; jurisdiction: string };
  csrfToken: string;
}

export interface IncidentRow {
  case_id: string;
  title: string;
  jurisdiction: string | null;
  plan_id: string;
  plan_version: number;
  level: string | null;
  level_basis: string | null;
  status: 'open' | 'stabilized' | 'closed';
  exercise: boolean;
  reported_at: string;
  updated_at: string;
  open_duties: number;
  overdue_duties: number;
}

export interface DutyRow {
  case_id: string;
  duty_id: string;
  owner: string;
  started_at: string;
  due_at: string;
  warn_at: string | null;
  status: 'open' | 'met' | 'missed';
  escalate_to: string | null;
  late_seconds?: number | null;
  met_at?: string | null;
}

export interface EscalationRow {
  event_id: string;
  case_id: string;
  kind: 'missed' | 'requested';
  duty_id: string | null;
  target: string;
  from_jurisdiction: string | null;
  to_jurisdiction: string | null;
  at: string;
  recorded_at: string;
  reason: string;
  title: string;
  level: string | null;
  exercise: boolean;
  plan_id: string;
  plan_version: number;
}

export interface TimelineEntry {
  id: string;
  seq: number;
  type: string;
  data: Record<string, unknown>;
  actor: { id: string; role: string };
  occurredAt: string;
  recordedAt: string;
  corrections: { id: string; correction: unknown; reason: unknown; recordedAt: string }[];
}

export interface IncidentDetail {
  incident: IncidentRow;
  duties: DutyRow[];
  /** the newest page of the timeline, oldest first */
  timeline: TimelineEntry[];
  /** the cursor of the page before it (null: it starts at the first event), and how many events there are */
  timelinePage: { before: number | null; total: number };
  /** the report as recorded */
  report: Omit<TimelineEntry, 'corrections'> | null;
  /** whether a situation report has gone out */
  sitrepSent: boolean;
  escalations: EscalationRow[];
  tasks: Record<string, unknown>[];
  demands: Record<string, unknown>[];
  commitments: Record<string, unknown>[];
  statements: Record<string, unknown>[];
  measures: Record<string, unknown>[];
}

/** An older page of a timeline (GET /api/incidents/:caseId/timeline?before=). */
export interface TimelinePage {
  timeline: TimelineEntry[];
  before: number | null;
  total: number;
}

export interface Jurisdiction {
  code: string;
  name: string;
  level: string;
  parent: string | null;
  plan: string | null;
}

/** What a part of the incident page is given: the case, what the server holds of it, its plan. */
export interface CaseParts {
  caseId: string;
  detail: IncidentDetail;
  plan: Plan | undefined;
}
