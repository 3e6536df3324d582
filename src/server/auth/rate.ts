import { TooManyRequestsError } from '../../core/errors.ts';

/**
 * A route's rate limit: at most `max` requests a minute per account (the caller is known: the
 * session is checked first), then 429 \`rate_limited\` with Retry-After. For what costs the
 * server real work: plan checks, uploads and drills; figures over a wide scope.
 */
export function perAccountRate(max: number, what: string) {
  return {
    rateLimit: {
      max,
      timeWindow: 60_000,
      keyGenerator: (req: { caller: { user: { id: string } } | null; ip: string }) =>
        req.caller ? `user:${req.caller.user.id}` : `ip:${req.ip}`,
      errorResponseBuilder: (_req: unknown, ctx: { ttl: number }) => {
        const wait = Math.max(1, Math.ceil(ctx.ttl / 1000));
        return new TooManyRequestsError(
          'rate_limited',
          `at most ${max} ${what} a minute per account; try again in ${wait} s`,
          wait,
        );
      },
    },
  };
}
