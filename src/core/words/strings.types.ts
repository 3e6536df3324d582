/**
 * A dictionary shaped like another: the same keys at every level, each leaf a string. The English
 * strings are typed against the Chinese, so a key missing in English fails the type check.
 */
export type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };

/** Every leaf of a dictionary by its dotted key: `a.b.c`. */
export type KeyOf<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : KeyOf<T[K], `${P}${K}.`>;
}[keyof T & string];
