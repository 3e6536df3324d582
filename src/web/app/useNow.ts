import { useEffect, useState } from 'react';
import { useApi } from './api-context.tsx';

/** The time now by the server's clock, ticking every second: countdowns and elapsed times stay live. */
export function useNow(everyMs = 1000): number {
  const api = useApi();
  const [now, setNow] = useState(() => api.serverNow());
  useEffect(() => {
    const t = setInterval(() => setNow(api.serverNow()), everyMs);
    return () => clearInterval(t);
  }, [api, everyMs]);
  return now;
}
