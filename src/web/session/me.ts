import { useQuery } from '@tanstack/react-query';
import { ApiError, type Me } from '../app/api.ts';
import { useApi } from '../app/api-context.tsx';
import { queryKeys } from '../app/query-keys.ts';

/** Who is logged in (null: nobody, the login page shows); its CSRF token goes with every write. */
export function useMe() {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.me,
    queryFn: async () => {
      try {
        const me = await api.send<Me>('GET', '/api/me');
        api.setCsrf(me.csrfToken);
        return me;
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: Number.POSITIVE_INFINITY,
  });
}
