import { createContext, type ReactNode, useContext } from 'react';

type Can = (type: string) => boolean;

const Ctx = createContext<Can>(() => false);

/**
 * What the user may record on this case now: core's rule for its kind (an incident's, a
 * dispute's `mayRecord`) over their role and the case's state, handed down. Every form, button
 * and one-tap action of a case's page asks it, so a leader or an auditor sees no write form and
 * a closed case shows only what may still be recorded.
 */
export function RecordableProvider({ can, children }: { can: Can; children: ReactNode }) {
  return <Ctx.Provider value={can}>{children}</Ctx.Provider>;
}

/** May the user record this type of event here now? */
export function useMayRecord(): Can {
  return useContext(Ctx);
}
