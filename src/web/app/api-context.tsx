import { createContext, type ReactNode, useContext } from 'react';
import type { ApiClient } from './api.ts';

const ApiContext = createContext<ApiClient | null>(null);

/** Hands the application's one API client down to every page and hook. */
export function ApiProvider({ client, children }: { client: ApiClient; children: ReactNode }) {
  return <ApiContext.Provider value={client}>{children}</ApiContext.Provider>;
}

/** The API client of the application (inside ApiProvider). */
export function useApi(): ApiClient {
  const client = useContext(ApiContext);
  if (!client) throw new Error('useApi outside ApiProvider');
  return client;
}
