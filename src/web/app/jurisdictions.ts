import { useQuery } from '@tanstack/react-query';
import type { JurisdictionList } from '../../core/api/accounts.ts';
import { useApi } from './api-context.tsx';
import { queryKeys } from './query-keys.ts';

/** The names of the jurisdictions in the user's scope: a code shown as its name (其余照原样). */
export function useJurisdictionName(): (code: string | null | undefined) => string {
  const api = useApi();
  const tree = useQuery({
    queryKey: queryKeys.jurisdictions,
    queryFn: () => api.send<JurisdictionList>('GET', '/api/jurisdictions'),
    staleTime: 60_000,
  });
  const names = new Map((tree.data?.jurisdictions ?? []).map((j) => [j.code, j.name]));
  return (code) => (code ? (names.get(code) ?? code) : '—');
}
