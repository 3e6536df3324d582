import { ForbiddenError } from '../../core/errors.ts';
import type { Caller } from '../auth/auth.plugin.ts';

/** 403 unless `code` is the caller's jurisdiction or below it. */
export function inScope(caller: Caller, code: string, what = 'jurisdiction'): void {
  if (!caller.scope.has(code))
    throw new ForbiddenError(`${what} ${code} is outside yours (${caller.user.jurisdiction_code} and below)`);
}
