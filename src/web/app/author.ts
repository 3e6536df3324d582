import type { TFunction } from 'i18next';
import { nameOf } from './names.ts';

/** Who recorded an entry: role, then the account (display name and username) when known. */
export function authorText(
  actor: { id: string; role: string; name?: string; username?: string },
  t: TFunction,
): string {
  const role = nameOf(t, 'roles', actor.role);
  return [role, actor.name, actor.username].filter(Boolean).join(' · ');
}
