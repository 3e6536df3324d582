/** The dictionaries' type lives with the server's words (core/words), which the web's include. */
export type { Strings } from '../../core/words/strings.types.ts';
