import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { EventData } from '../core/incident/incident.events.ts';

/**
 * Live: one EventSource on /api/stream (the user's jurisdiction and below). Any event
 * refreshes what it touches; the browser reconnects by itself with Last-Event-ID, so
 * nothing is missed while the connection was down.
 */
export function useLive(onEvent?: (type: string, data: { caseId: string }) => void): void {
  const qc = useQueryClient();
  useEffect(() => {
    const source = new EventSource('/api/stream');
    const touched = new Set<string>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      void qc.invalidateQueries({ queryKey: ['incidents'] });
      void qc.invalidateQueries({ queryKey: ['duties'] });
      void qc.invalidateQueries({ queryKey: ['escalations'] });
      for (const id of touched) void qc.invalidateQueries({ queryKey: ['incident', id] });
      touched.clear();
    };
    const handler = (ev: MessageEvent<string>) => {
      const data = JSON.parse(ev.data) as { caseId: string };
      touched.add(data.caseId);
      onEvent?.(ev.type, data);
      timer ??= setTimeout(flush, 150);
    };
    for (const type of Object.keys(EventData)) source.addEventListener(type, handler);
    return () => {
      source.close();
      if (timer) clearTimeout(timer);
    };
  }, [qc, onEvent]);
}
