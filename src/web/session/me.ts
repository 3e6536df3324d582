import { useQuery } from '@tanstack/react-query';
import { ApiError, api, type Me, setCsrf } from '../app/api.ts';

/** Who is logged in (null: nobody, the login page shows); its CSRF token goes with every write. */
export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        const me = await api<Me>('GET', '/api/me');
        setCsrf(me.csrfToken);
        return me;
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: Number.POSITIVE_INFINITY,
  });
}
