import type { TFunction } from 'i18next';
import type { ApiIssue } from '../../core/api/errors.ts';
import { ApiError } from '../app/api.ts';
import { nameOf } from '../app/names.ts';

const CJK = /[\u3400-\u9fff]/;

/**
 * The part of a server message in the user's language. The server writes the words a person
 * reads as "中文 (English)"; a message in English only has no Chinese part (undefined for zh).
 */
export function inLanguage(text: string, lang: string): string | undefined {
  const zh = lang.startsWith('zh');
  const open = text.lastIndexOf(' (');
  if (open > 0 && text.endsWith(')') && CJK.test(text.slice(0, open)))
    return zh ? text.slice(0, open) : text.slice(open + 2, -1);
  if (CJK.test(text)) return text;
  return zh ? undefined : text;
}

type Described = { message: string; issues: ApiIssue[] };

/** A refusal as the interface shows it: the server's own words in the user's language, else the code's, else the status's. */
export function describeError(t: TFunction, lang: string, e: ApiError): Described {
  const issues = e.issues.map((i) => ({ ...i, message: inLanguage(i.message, lang) ?? i.message }));
  const known = (path: 'errors.codes' | 'errors.status', value: string) => {
    const name = nameOf(t, path, value);
    return name === value ? undefined : name;
  };
  const byCode = known('errors.codes', e.code);
  const byStatus = known('errors.status', String(e.status));
  if (issues.length > 0) {
    const head = byStatus ?? t('errors.generic');
    return { message: `${head}${issues.map((i) => i.message).join('；')}`, issues };
  }
  // the generic codes say more in the interface's words than the server's English
  const own = inLanguage(e.message, lang);
  const message =
    (CJK.test(e.message) ? own : undefined) ?? byCode ?? own ?? byStatus ?? e.message ?? t('errors.generic');
  return { message, issues };
}

/** What to show for any error of a request: a refusal described, or the server out of reach. */
export function errorText(t: TFunction, e: unknown): string {
  if (e instanceof ApiError) return e.message;
  return t('errors.offline');
}
