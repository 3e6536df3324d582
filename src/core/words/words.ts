import i18next, { type i18n } from 'i18next';
import * as findings from './findings.words.ts';
import * as notices from './notices.words.ts';
import type { KeyOf, Strings } from './strings.types.ts';

/**
 * The words the server writes for people — findings, notifications — in one dictionary per
 * language. The web's dictionaries include them (web/app/strings.ts), so a finding or a notice
 * reads the same on the server, in a document and on the page, and switches with the page.
 */
export const zh = {
  ...findings.zh,
  ...notices.zh,
  words: {
    minutes: '{{count}} 分钟',
    hoursMinutes: '{{h}} 小时 {{m}} 分钟',
    listSeparator: '、',
  },
};

export const en: Strings<typeof zh> = {
  ...findings.en,
  ...notices.en,
  words: {
    minutes: '{{count}} min',
    hoursMinutes: '{{h}} h {{m}} min',
    listSeparator: ', ',
  },
};

export const LANGUAGES = ['zh', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export type Word = KeyOf<typeof zh>;
export type Param = string | number | Said | readonly Said[];
/** Something said, before it is put into a language: a key of the dictionary and its values. */
export interface Said {
  key: Word;
  params?: Record<string, Param>;
}
/** A dictionary lookup: i18next's `t`, the server's or the page's. */
export type Translate = (key: string, params?: Record<string, unknown>) => string;

/** Beijing wall time of an instant (China keeps no summer time): YYYY-MM-DD HH:mm. */
function wall(instant: unknown): string {
  const t = Date.parse(String(instant));
  if (Number.isNaN(t)) return String(instant);
  return new Date(t + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * The formats the words use, added to an i18next instance: `beijing` (YYYY-MM-DD HH:mm),
 * `clock` (MM-DD HH:mm, as the pages write a time of this year) and `duration` (minutes, as
 * hours and minutes from two hours on).
 */
export function addFormats(instance: i18n): void {
  const formatter = instance.services.formatter;
  if (!formatter) return;
  formatter.add('beijing', (v) => wall(v));
  formatter.add('clock', (v) => wall(v).slice(5));
  formatter.add('duration', (v, lng) => {
    const m = Math.round(Number(v));
    const t = instance.t as unknown as Translate;
    return m >= 120
      ? t('words.hoursMinutes', { h: Math.floor(m / 60), m: m % 60, lng })
      : t('words.minutes', { count: m, lng });
  });
}

/** What was said, in the language of `t`: values that are themselves said are put first. */
export function say(t: Translate, m: Said): string {
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(m.params ?? {})) params[k] = sayParam(t, v);
  return t(m.key, params);
}

/** A value in the language of `t`: said if it is said, a list joined, a string or number as it is. */
export function sayParam(t: Translate, v: Param): string | number {
  if (typeof v === 'string' || typeof v === 'number') return v;
  if (Array.isArray(v)) return v.map((x: Said) => say(t, x)).join(t('words.listSeparator'));
  return say(t, v as Said);
}

/** Lines, some said, in the language of `t`. */
export const sayLines = (t: Translate, lines: readonly Param[]) =>
  lines.map((l) => sayParam(t, l)).join('\n');

const instances = new Map<Language, Translate>();

/** The server's words in a language (Chinese unless asked). */
export function words(language: Language = 'zh'): Translate {
  let t = instances.get(language);
  if (!t) {
    const instance = i18next.createInstance();
    void instance.init({
      resources: { zh: { translation: zh }, en: { translation: en } },
      lng: language,
      fallbackLng: 'zh',
      initAsync: false,
      interpolation: { escapeValue: false },
    } as never);
    addFormats(instance);
    const fixed = instance.getFixedT(language);
    t = (key, params) => fixed(key as never, params as never) as unknown as string;
    instances.set(language, t);
  }
  return t;
}

/** Said in a language: the server's shorthand for `say(words(language), m)`. */
export const said = (m: Said, language: Language = 'zh') => say(words(language), m);
