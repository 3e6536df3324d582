/**
 * Typed errors that cross layers. Each carries the HTTP status a route should answer with,
 * and a message that names the problem in words a client can act on.
 */
export abstract class HuajieError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  /** when the same request may succeed again, in seconds (sent as Retry-After) */
  readonly retryAfterSeconds?: number;
}

/** The case moved on since the caller read it (or exists when it must not yet). */
export class ConcurrencyError extends HuajieError {
  readonly status = 409;
  readonly code = 'concurrency_conflict';
  constructor(
    readonly caseId: string,
    readonly expectedSeq: number,
    readonly actualSeq: number,
  ) {
    super(
      expectedSeq === 0
        ? `case ${caseId} already exists (at seq ${actualSeq}); expected a new case`
        : `case ${caseId} is at seq ${actualSeq}, not the expected ${expectedSeq}`,
    );
  }
}

/** An event id was already used for a different event. */
export class IdempotencyError extends HuajieError {
  readonly status = 409;
  readonly code = 'event_id_reused';
  constructor(
    readonly eventId: string,
    detail: string,
  ) {
    super(`event id ${eventId} was already used ${detail}`);
  }
}

export class ValidationError extends HuajieError {
  readonly status = 400;
  readonly code = 'invalid';
  constructor(
    message: string,
    /** each problem; a problem in an uploaded text also names its line and column */
    readonly issues: { path: string; message: string; line?: number; column?: number }[] = [],
  ) {
    super(message);
  }
}

/**
 * A case's stored chain does not match its signed head: someone changed the database
 * behind the store's back. The case takes no new events until an auditor has looked.
 */
export class IntegrityError extends HuajieError {
  readonly status = 423;
  readonly code = 'integrity_failure';
  constructor(
    readonly caseId: string,
    detail: string,
  ) {
    super(`case ${caseId} failed its integrity check and is locked: ${detail}`);
  }
}

/** The command is well-formed but the plan's or the law's rules refuse it. */
export class RuleError extends HuajieError {
  readonly status = 422;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class NotFoundError extends HuajieError {
  readonly status = 404;
  readonly code = 'not_found';
}

/** The actor's role may not do this. */
export class ForbiddenError extends HuajieError {
  readonly status = 403;
  readonly code = 'forbidden';
}

/** A write without the session's CSRF token (or with an old one): the client fetches it again and retries. */
export class CsrfError extends HuajieError {
  readonly status = 403;
  readonly code = 'csrf';
}

/** The command conflicts with the case's state (closed, already reported …). */
export class StateError extends HuajieError {
  readonly status = 409;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Too many requests of one kind: try again after `retryAfterSeconds` (also sent as Retry-After). */
export class TooManyRequestsError extends HuajieError {
  readonly status = 429;
  constructor(
    readonly code: string,
    message: string,
    override readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}
