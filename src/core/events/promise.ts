import { ValidationError } from '../errors.ts';

/**
 * A promise is kept later, never before it is made: a 履行期限 before the time the commitment is
 * recorded as made is a typing slip (a wrong year), and it would stand at once as overdue and as
 * a finding against the department that promised. Refused, naming the field.
 */
export function refuseDueBeforeMade(dueAt: string, madeAt: string, path: string): void {
  if (Date.parse(dueAt) >= Date.parse(madeAt)) return;
  const message = `履行期限早于作出承诺的时间 (due before it was made: ${madeAt})`;
  throw new ValidationError(`${path}: ${message}`, [{ path, message }]);
}
