import { useMutation } from '@tanstack/react-query';
import { App } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../session/me.ts';
import { ApiError } from './api.ts';
import { useApi } from './api-context.tsx';
import {
  type Intent,
  nextIntent,
  parseIntent,
  pendingKeys,
  read,
  storageKey,
  subscribe,
  write,
} from './intent.store.ts';

export type { Intent } from './intent.store.ts';

/** The user's pending intent under a key, kept current as it is made and answered. */
export function usePendingIntent<V>(key: string): Intent<V> | undefined {
  const me = useMe();
  const full = storageKey(me.data?.user.id ?? '', key);
  const raw = useSyncExternalStore(subscribe, () => read(full));
  return useMemo(() => parseIntent<V>(raw), [raw]);
}

/** The keys under a prefix (a case's) that hold a pending intent of the user. */
export function usePendingIntents(prefix: string): Set<string> {
  const me = useMe();
  const full = storageKey(me.data?.user.id ?? '', prefix);
  const joined = useSyncExternalStore(subscribe, () => pendingKeys(full));
  const cut = full.length - prefix.length;
  return useMemo(() => new Set(joined ? joined.split('\n').map((k) => k.slice(cut)) : []), [joined, cut]);
}

/** The outcome of a send is unknown: no answer came, or the server failed while answering. */
export const unsure = (e: unknown) => !(e instanceof ApiError) || e.status >= 500;

/** what the server answers a recorded command with; a retry it already holds is `duplicate` */
interface Answer {
  duplicate?: boolean;
}

/** The ids of the events in a case's log as the page holds it, made once per answer. */
const idsOf = new WeakMap<object, ReadonlySet<string>>();
export function recordedIds(detail: { timeline: { id: string }[] }): ReadonlySet<string> {
  let ids = idsOf.get(detail);
  if (!ids) {
    ids = new Set(detail.timeline.map((e) => e.id));
    idsOf.set(detail, ids);
  }
  return ids;
}

/**
 * One id per user intent, for a form or an action that records something. `submit(values)`
 * sends the pending intent of `key` again, or makes one; a press while one is on its way does
 * nothing. The intent is kept (in the tab's sessionStorage, under the user and `key`) until it
 * is known to be recorded: the server answers it with success (a 200 `duplicate` is one), or
 * its id shows in the case's log the page holds (`recorded`: the live stream brought it after
 * the answer was lost). So a double click, a lost answer or a reload never records twice.
 * Changing the values does not start a new intent: the changed values go with the same id; if
 * an earlier send had in fact arrived, the server keeps what it recorded then, and the user is
 * told to check it. Only `discard()` (or being recorded) lets a new intent start.
 */
export function useIntent<V, R extends Answer>(opts: {
  /** the form or action, and the case (and item) it records on */
  key: string;
  send: (intent: Intent<V>) => Promise<R>;
  /** ids to make once with the intent and keep with it */
  extra?: () => Record<string, string>;
  /** the event ids of the case's log as the page holds it */
  recorded?: ReadonlySet<string>;
  /** the intent is recorded (answered, or seen in the log) */
  onSuccess?: (intent: Intent<V>) => void;
  onError?: (error: Error, intent: Intent<V>) => void;
}) {
  const api = useApi();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const full = storageKey(me.data?.user.id ?? '', opts.key);
  const pending = usePendingIntent<V>(opts.key);
  // what was pending before this page and is not in the log: a form puts it back once, on opening
  const [restored] = useState(() => {
    const kept = parseIntent<V>(read(full));
    return kept && !opts.recorded?.has(kept.id) ? kept : undefined;
  });
  // set at once on a press, before React shows the button as sending: a double click sends once
  const busy = useRef(false);
  const [inFlight, setInFlight] = useState(false);
  const done = (intent: Intent<V>, edited: boolean) => {
    // only if it is still the pending one
    if (parseIntent(read(full))?.id !== intent.id) return false;
    write(full, undefined);
    if (edited) void message.warning(t('intent.editNotRecorded'), 8);
    opts.onSuccess?.(intent);
    return true;
  };
  const mutation = useMutation<R, Error, Intent<V>>({
    mutationFn: (intent) => opts.send(intent),
    onSuccess: (answer, intent) => done(intent, answer.duplicate === true && intent.edited),
    onError: (error, intent) => opts.onError?.(error, intent),
    onSettled: () => {
      busy.current = false;
      setInFlight(false);
    },
  });
  const sending = inFlight || mutation.isPending;
  // no answer came, but the log shows it: recorded
  const seen = pending !== undefined && !sending && opts.recorded?.has(pending.id) === true;
  useEffect(() => {
    if (seen && pending && done(pending, pending.edited)) mutation.reset();
  });
  const submit = useCallback(
    (values: V) => {
      if (busy.current) return;
      busy.current = true;
      setInFlight(true);
      const intent = nextIntent(
        parseIntent<V>(read(full)),
        values,
        new Date(api.serverNow()).toISOString(),
        opts.extra,
      );
      write(full, intent);
      mutation.mutate(intent);
    },
    [api, full, opts.extra, mutation.mutate],
  );
  const discard = useCallback(() => {
    if (busy.current) return;
    write(full, undefined);
    mutation.reset();
  }, [full, mutation.reset]);
  const open = pending !== undefined && !seen;
  return {
    submit,
    discard,
    /** the intent not yet known to be recorded: sending, failed, or restored after a reload */
    pending: open ? pending : undefined,
    restored,
    sending,
    error: sending ? null : mutation.error,
    /** a pending intent whose last send has no known outcome (or that this page has not sent) */
    unsent: open && !sending && (mutation.error === null || unsure(mutation.error)),
  };
}
