import { useEffect, useState } from 'react';
import { serverNow } from './time.ts';

/** The time now by the server's clock, ticking every second: countdowns and elapsed times stay live. */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    const t = setInterval(() => setNow(serverNow()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}
