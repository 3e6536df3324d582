import { type Clock, ReplayClock } from '../../core/clock.ts';

/**
 * Run `fn` with the server's clock held at `at` (a ReplayClock's; any other clock: now): the
 * demo enters its past as it would have been recorded then, each entry at its own time — not
 * as 补录 made all at once on the day the demo was installed.
 */
export function recordedAt<T>(deps: { clock: Clock }, at: string, fn: () => Promise<T>): Promise<T> {
  return deps.clock instanceof ReplayClock ? deps.clock.replaying(at, fn) : fn();
}
