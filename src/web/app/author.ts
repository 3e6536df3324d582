/** Who recorded an entry: role, then the account (display name and username) when known. */
export function authorText(
  actor: { id: string; role: string; name?: string; username?: string },
  t: (key: string, o?: Record<string, unknown>) => string,
): string {
  const role = t(`roles.${actor.role}`, { defaultValue: actor.role });
  return [role, actor.name, actor.username].filter(Boolean).join(' · ');
}
