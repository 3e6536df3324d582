import type { Dictionary } from './strings.ts';

/**
 * `t` knows every key of the dictionary: a key that is not there fails the type check, even
 * with a default value (strictKeyChecks).
 */
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Dictionary };
    strictKeyChecks: true;
  }
}
