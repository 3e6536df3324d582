import { type ReactNode, useCallback } from 'react';
import type { EventType } from '../../core/incident/incident.events.ts';
import { mayRecord } from '../../core/incident/recordable.ts';
import { RecordableProvider as Provider } from '../app/forms/recordable.tsx';

export { useMayRecord } from '../app/forms/recordable.tsx';

/** What the user may record on this incident now: core's rule over their role and its state. */
export function RecordableProvider({
  role,
  status,
  children,
}: {
  role: string;
  status: string;
  children: ReactNode;
}) {
  const can = useCallback((type: string) => mayRecord(role, type as EventType, status), [role, status]);
  return <Provider can={can}>{children}</Provider>;
}
