/**
 * A session that ends while a page is open (it timed out, or the user logged out in another
 * window): the request that met the 401 waits here while a dialog asks for the password again,
 * then goes out once more — the page and what was typed into it stay as they were.
 */
type Waiting = { resolve: () => void; reject: (e: Error) => void };

let waiting: Waiting[] = [];
let asked: Promise<void> | null = null;
const listeners = new Set<(open: boolean) => void>();

/** The API client's onUnauthorized: settles when the user has logged in again (or gave up). */
export function askLogin(): Promise<void> {
  if (!asked) {
    asked = new Promise<void>((resolve, reject) => {
      waiting.push({ resolve, reject });
    });
    for (const l of listeners) l(true);
  }
  return asked;
}

function settle(how: (w: Waiting) => void): void {
  const all = waiting;
  waiting = [];
  asked = null;
  for (const w of all) how(w);
  for (const l of listeners) l(false);
}

/** The user logged in again: every waiting request goes out once more. */
export const loggedInAgain = () => settle((w) => w.resolve());
/** The user closed the dialog: every waiting request is answered with its 401. */
export const gaveUp = () => settle((w) => w.reject(new Error('not logged in again')));

/** Whether the dialog is to be open, as it changes. */
export function onAsk(listener: (open: boolean) => void): () => void {
  listeners.add(listener);
  listener(asked !== null);
  return () => listeners.delete(listener);
}
