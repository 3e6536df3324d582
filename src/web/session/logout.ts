import { useQueryClient } from '@tanstack/react-query';
import { useApi } from '../app/api-context.tsx';
import { dropIntents } from '../app/intent.store.ts';
import { queryKeys } from '../app/query-keys.ts';

/** Log out: the session ends, and nothing of the account stays in the tab. */
export function useLogout(): (userId: string) => Promise<void> {
  const api = useApi();
  const qc = useQueryClient();
  return async (userId) => {
    await api.send('POST', '/api/auth/logout').catch(() => undefined);
    // what was typed and not confirmed stays with the account, not in a desk computer's tab
    dropIntents(userId);
    qc.clear();
    await qc.invalidateQueries({ queryKey: queryKeys.me });
  };
}
