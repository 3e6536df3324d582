import { v7 as uuidv7 } from 'uuid';

/**
 * One thing the user means to record: its id (the event's UUIDv7, the server's retry key),
 * made when submit is first pressed and sent again by every retry until one is answered.
 */
export interface Intent<V> {
  id: string;
  /** when submit was first pressed, by the server's clock */
  at: string;
  /** what was sent last: a reload puts it back into the form */
  values: V;
  /** the values were changed after a send whose answer never came */
  edited: boolean;
  /** other ids made once with the intent (a new incident's case id) */
  extra: Record<string, string>;
}

/** Storage a pending intent survives a reload in: the tab's sessionStorage. */
export interface IntentStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  readonly length: number;
  key(index: number): string | null;
}

const PREFIX = 'huajie.intent.';
export const storageKey = (user: string, key: string) => `${PREFIX}${user}.${key}`;

/**
 * The intent a press of submit sends: the pending one again (the values as they are now,
 * marked edited when they differ from what was sent before), or a new one.
 */
export function nextIntent<V>(
  pending: Intent<V> | undefined,
  values: V,
  now: string,
  extra: () => Record<string, string> = () => ({}),
): Intent<V> {
  if (!pending) return { id: uuidv7(), at: now, values, edited: false, extra: extra() };
  const edited = pending.edited || JSON.stringify(pending.values) !== JSON.stringify(values);
  return { ...pending, values, edited };
}

export function parseIntent<V>(raw: string | null): Intent<V> | undefined {
  if (!raw) return undefined;
  try {
    const x = JSON.parse(raw) as Partial<Intent<V>>;
    if (typeof x.id !== 'string' || typeof x.at !== 'string' || x.values === undefined) return undefined;
    return { id: x.id, at: x.at, values: x.values, edited: x.edited === true, extra: x.extra ?? {} };
  } catch {
    return undefined;
  }
}

/**
 * sessionStorage when the browser gives it (one tab's, kept across reloads, gone with the tab);
 * else memory: the intent then survives retries, not a reload.
 */
function mapStorage(): IntentStorage {
  const map = new Map<string, string>();
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
    get length() {
      return map.size;
    },
    key: (i) => [...map.keys()][i] ?? null,
  };
}
let storage: IntentStorage = mapStorage();
try {
  sessionStorage.setItem(`${PREFIX}probe`, '1');
  sessionStorage.removeItem(`${PREFIX}probe`);
  storage = sessionStorage;
} catch {
  // storage refused (a private window, or none at all): keep intents in memory
}
/** what sessionStorage refused to hold (it was full) */
const memory = new Map<string, string>();

const listeners = new Set<() => void>();
function changed() {
  for (const l of listeners) l();
}
/** Be told of every change of any intent (useSyncExternalStore). */
export function subscribe(l: () => void) {
  listeners.add(l);
  return () => void listeners.delete(l);
}

/** Keep an intent under its full key, or (undefined) let it go. */
export function write(key: string, intent: Intent<unknown> | undefined) {
  const text = intent && JSON.stringify(intent);
  memory.delete(key);
  try {
    if (text) storage.setItem(key, text);
    else storage.removeItem(key);
  } catch {
    // storage full: the intent lives on in memory, for this page's retries
    if (text) memory.set(key, text);
  }
  changed();
}
export const read = (key: string): string | null => memory.get(key) ?? storage.getItem(key);

function keys(): string[] {
  const all = new Set<string>(memory.keys());
  for (let i = 0; i < storage.length; i++) {
    const k = storage.key(i);
    if (k?.startsWith(PREFIX)) all.add(k);
  }
  return [...all];
}

/** The full keys under a prefix (`user.case:`) that hold an intent, as one string: a stable snapshot. */
export function pendingKeys(full: string): string {
  return keys()
    .filter((k) => k.startsWith(full))
    .sort()
    .join('\n');
}

/** Every pending intent of a user, gone: on logout nothing typed stays behind in the tab. */
export function dropIntents(user: string): void {
  for (const k of keys()) if (k.startsWith(`${PREFIX}${user}.`)) write(k, undefined);
}

/**
 * A form's values as they are being typed (a draft, not yet sent), kept under its full key
 * like an intent — in the tab, with the account, dropped on logout — or (undefined) let go.
 */
export function keepDraft(full: string, values: unknown): void {
  memory.delete(full);
  try {
    if (values === undefined) storage.removeItem(full);
    else storage.setItem(full, JSON.stringify(values));
  } catch {
    if (values !== undefined) memory.set(full, JSON.stringify(values));
  }
}
