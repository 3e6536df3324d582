import type { ParseKeys, TFunction } from 'i18next';
import { type Dictionary, zh } from './strings.ts';

/** The paths of the dictionary's sections: 'roles', 'd.status', 'fields', 'fields.options' … */
type Sections<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? never : `${P}${K}` | Sections<T[K], `${P}${K}.`>;
}[keyof T & string];

export type Section = Sections<Dictionary>;

/** The section of the dictionary at a path. */
function section(path: Section): Record<string, unknown> {
  let at: unknown = zh;
  for (const k of path.split('.')) at = (at as Record<string, unknown>)[k];
  return at as Record<string, unknown>;
}

/**
 * What a value the server sends is called in the user's language (a role, an event type, a
 * status): its entry in a section of the dictionary, or — a value the dictionary does not name,
 * such as a field of a newer event — the value itself. The section is checked by the type;
 * the values the interface knows of (core's catalogues) are checked by i18n.test.ts.
 */
export function nameOf(t: TFunction, path: Section, value: string): string {
  const names = section(path);
  if (!Object.hasOwn(names, value) || typeof names[value] !== 'string') return value;
  return t(`${path}.${value}` as ParseKeys);
}
