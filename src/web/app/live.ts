import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { DisputeEventData } from '../../core/dispute/dispute.events.ts';
import { EventData } from '../../core/incident/incident.events.ts';
import { ScreeningEventData } from '../../core/screening/screening.events.ts';
import { askLogin } from '../session/relogin.ts';
import { queryKeys } from './query-keys.ts';

/** Every event type of every kind of case: incidents, disputes, screening registers. */
const TYPES = [
  ...new Set([
    ...Object.keys(EventData),
    ...Object.keys(DisputeEventData),
    ...Object.keys(ScreeningEventData),
  ]),
];

type OnEvent = (type: string, data: { caseId: string }) => void;

/** What `connectLive` needs of the browser (passed in, so it runs under test without one). */
export interface LiveEnv {
  open(url: string): EventSource;
  /** the page: `visibilitychange` */
  document: Pick<Document, 'addEventListener' | 'removeEventListener' | 'visibilityState'>;
  /** the window: `focus` */
  window: Pick<Window, 'addEventListener' | 'removeEventListener'>;
  /**
   * Log the same account in again when its session ends with the page open (the dialog of
   * session/relogin.ts): settles once it has, or rejects when the user gave up. Without it, the
   * application shows the login page.
   */
  relogin?: () => Promise<void>;
}

/**
 * Live: one EventSource on /api/stream (the user's jurisdiction and below). Any event
 * refreshes what it touches; the browser reconnects by itself with Last-Event-ID, so
 * nothing is missed while the connection was down. Besides the log's events the server
 * sends (README "Live streams"):
 * - `reload`: too much was missed to catch up event by event — everything is fetched again;
 * - `superseded`: the user opened more streams than allowed (tabs) and this, the oldest,
 *   was closed — it stays closed while the tab is in the background and opens again, with
 *   everything fetched again, when the user comes back to it;
 * - `session-ended`: logged out, or the account was changed — back to the login page.
 * Returns what stops it.
 */
export function connectLive(
  qc: Pick<QueryClient, 'invalidateQueries'>,
  env: LiveEnv,
  onEvent?: OnEvent,
): () => void {
  const touched = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let source: EventSource | undefined;
  let superseded = false;
  const flush = () => {
    timer = undefined;
    void qc.invalidateQueries({ queryKey: queryKeys.incidentsAll });
    void qc.invalidateQueries({ queryKey: queryKeys.duties });
    void qc.invalidateQueries({ queryKey: queryKeys.escalations });
    void qc.invalidateQueries({ queryKey: queryKeys.notices });
    void qc.invalidateQueries({ queryKey: queryKeys.overdue });
    void qc.invalidateQueries({ queryKey: queryKeys.disputesAll });
    void qc.invalidateQueries({ queryKey: queryKeys.screening });
    void qc.invalidateQueries({ queryKey: queryKeys.findingsAll });
    void qc.invalidateQueries({ queryKey: queryKeys.sitrepsAll });
    for (const id of touched) {
      void qc.invalidateQueries({ queryKey: queryKeys.incident(id) });
      void qc.invalidateQueries({ queryKey: queryKeys.dispute(id) });
    }
    touched.clear();
  };
  const handler = (ev: Event) => {
    const data = JSON.parse((ev as MessageEvent<string>).data) as { caseId: string };
    touched.add(data.caseId);
    onEvent?.(ev.type, data);
    timer ??= setTimeout(flush, 150);
  };
  const reloadAll = () => {
    touched.clear();
    void qc.invalidateQueries();
  };
  const open = () => {
    const s = env.open('/api/stream');
    for (const type of TYPES) s.addEventListener(type, handler);
    s.addEventListener('reload', reloadAll);
    s.addEventListener('superseded', () => {
      s.close();
      superseded = true;
    });
    s.addEventListener('session-ended', () => {
      s.close();
      const loginPage = () => void qc.invalidateQueries({ queryKey: queryKeys.me });
      // the page and what was typed stay while the password is asked again; given up, or
      // nobody to ask, /api/me answers 401 and the application shows the login page
      if (!env.relogin) return loginPage();
      env.relogin().then(() => {
        open();
        reloadAll();
      }, loginPage);
    });
    source = s;
  };
  const comeBack = () => {
    if (!superseded || env.document.visibilityState !== 'visible') return;
    superseded = false;
    open();
    reloadAll();
  };
  open();
  env.document.addEventListener('visibilitychange', comeBack);
  env.window.addEventListener('focus', comeBack);
  return () => {
    source?.close();
    env.document.removeEventListener('visibilitychange', comeBack);
    env.window.removeEventListener('focus', comeBack);
    if (timer) clearTimeout(timer);
  };
}

/** `connectLive` for as long as the component is shown. */
export function useLive(onEvent?: OnEvent): void {
  const qc = useQueryClient();
  useEffect(
    () =>
      connectLive(qc, { open: (url) => new EventSource(url), document, window, relogin: askLogin }, onEvent),
    [qc, onEvent],
  );
}
