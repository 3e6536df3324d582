import { createContext, type ReactNode, useCallback, useContext } from 'react';
import type { EventType } from '../../core/incident/incident.events.ts';
import { mayRecord } from '../../core/incident/recordable.ts';

type Can = (type: string) => boolean;

const Ctx = createContext<Can>(() => false);

/**
 * What the user may record on this incident now: core's rule over their role and the case's
 * state. Every form, button and one-tap action of the incident page asks it, so a leader or an
 * auditor sees no write form and a closed incident shows only what may still be recorded.
 */
export function RecordableProvider({
  role,
  status,
  children,
}: {
  role: string;
  status: string;
  children: ReactNode;
}) {
  const can: Can = useCallback((type) => mayRecord(role, type as EventType, status), [role, status]);
  return <Ctx.Provider value={can}>{children}</Ctx.Provider>;
}

/** May the user record this type of event here now? */
export function useMayRecord(): Can {
  return useContext(Ctx);
}
