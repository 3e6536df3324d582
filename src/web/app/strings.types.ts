/**
 * A dictionary shaped like another: the same keys at every level, each leaf a string. The English
 * strings are typed against the Chinese, so a key missing in English fails the type check.
 */
export type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };
