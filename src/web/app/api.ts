import type { ApiIssue } from '../../core/api/errors.ts';
import type { Duty, IncidentDetail } from '../../core/api/incidents.ts';
import type { Plan } from '../../core/plan/plan.schema.ts';
import { ServerClock } from './time.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ApiIssue[] = [],
    /** a 429's wait, in seconds */
    readonly retryAfter?: number,
    /** the server's own words, before they were put in the user's language */
    readonly serverMessage: string = message,
  ) {
    super(message);
  }
}

export interface ApiClientOptions {
  /** the browser's fetch, or a test's */
  fetch?: typeof fetch;
  /**
   * What to do when the session is gone (a 401 to anything but /api/me and the login): a
   * promise that settles once the user has logged in again, after which the request is sent
   * once more. Without it, or when it rejects, the 401 is the request's answer.
   */
  onUnauthorized?: () => Promise<void>;
  /**
   * A refusal in the user's language: the message of each ApiError (and of each of its issues)
   * as the interface shows it (session/errors.ts). Without it, the server's words.
   */
  describe?: (e: ApiError) => { message: string; issues: ApiIssue[] };
  /** the language the user reads, sent as Accept-Language */
  language?: () => string;
}

/** Where a 401 is the answer itself, not a session that ended on the way. */
const ASKS_WHO = new Set(['/api/me', '/api/auth/login', '/api/auth/logout']);

/**
 * The API from the browser: the session cookie goes along; writes carry the CSRF token (from
 * /api/me and the login's answer). Every answer's x-huajie-time sets the estimate of the
 * server's clock. One client per application, created in main.tsx and handed down by
 * ApiProvider (app/api-context.tsx).
 */
export class ApiClient {
  private csrf = '';
  private readonly clock = new ServerClock();
  private readonly fetch: typeof fetch;

  constructor(private readonly options: ApiClientOptions = {}) {
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** The CSRF token writes carry: set from /api/me's and the login's answers. */
  setCsrf(token: string): void {
    this.csrf = token;
  }

  /** The time now by the server's clock: duty countdowns and elapsed times use this. */
  serverNow(): number {
    return this.clock.now();
  }

  async send<T>(method: string, url: string, body?: unknown): Promise<T> {
    try {
      return await this.csrfOnce<T>(method, url, body);
    } catch (e) {
      const again = this.options.onUnauthorized;
      if (!(e instanceof ApiError) || e.status !== 401 || !again || ASKS_WHO.has(url.split('?')[0] ?? url))
        throw e;
      try {
        await again();
      } catch {
        throw e;
      }
      return this.csrfOnce<T>(method, url, body);
    }
  }

  /**
   * A write refused for its CSRF token (the session was renewed in another tab): the token is
   * read again from /api/me and the write sent once more.
   */
  private async csrfOnce<T>(method: string, url: string, body?: unknown): Promise<T> {
    try {
      return await this.once<T>(method, url, body);
    } catch (e) {
      if (!(e instanceof ApiError) || e.code !== 'csrf') throw e;
      const me = await this.once<{ csrfToken: string }>('GET', '/api/me');
      this.setCsrf(me.csrfToken);
      return this.once<T>(method, url, body);
    }
  }

  private async once<T>(method: string, url: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET') headers['x-csrf-token'] = this.csrf;
    const language = this.options.language?.();
    if (language) headers['accept-language'] = language;
    const sentAt = Date.now();
    const res = await this.fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
    this.clock.note(res.headers.get('x-huajie-time'), sentAt, Date.now());
    const text = await res.text();
    const json = text ? JSON.parse(text) : {};
    if (!res.ok) {
      const e = new ApiError(
        res.status,
        json.error ?? 'error',
        json.message ?? res.statusText,
        json.issues,
        json.retryAfter ?? (Number(res.headers.get('retry-after')) || undefined),
      );
      const said = this.options.describe?.(e);
      throw said ? new ApiError(e.status, e.code, said.message, said.issues, e.retryAfter, e.message) : e;
    }
    return json as T;
  }
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
