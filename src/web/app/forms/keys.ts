import type { KeyboardEvent } from 'react';

/**
 * A form's onKeyDown: Enter in a one-line field moves on, it does not send the form — only its
 * button sends. (Apart from the controls, so a form that needs only this loads nothing more.)
 */
export function enterNeverSends(e: KeyboardEvent) {
  if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'INPUT') e.preventDefault();
}
