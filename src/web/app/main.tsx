import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, type ConfigProviderProps } from 'antd';
import * as enUSModule from 'antd/es/locale/en_US.js';
import * as zhCNModule from 'antd/es/locale/zh_CN.js';
import { StrictMode, useEffect, useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { BrowserRouter } from 'react-router';
import { describeError } from '../session/errors.ts';
import { askLogin } from '../session/relogin.ts';
import { App } from './App.tsx';
import { ApiClient } from './api.ts';
import { ApiProvider } from './api-context.tsx';
import i18n from './i18n.ts';
import { dayjs } from './time.ts';

/** antd's locale files are CommonJS to the type checker and ES modules to the bundler */
type Locale = NonNullable<ConfigProviderProps['locale']>;
const localeOf = (m: unknown): Locale => ((m as { default?: Locale }).default ?? m) as Locale;
const zhCN = localeOf(zhCNModule);
const enUS = localeOf(enUSModule);

/**
 * The application's one API client: its CSRF token and its estimate of the server's clock; a
 * session that ends with a page open asks for the password again in a dialog; refusals are put
 * in the user's language.
 */
const api = new ApiClient({
  onUnauthorized: askLogin,
  describe: (e) => describeError(i18n.t, i18n.language, e),
  language: () => (i18n.language.startsWith('zh') ? 'zh-CN,zh;q=0.9' : 'en'),
});

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: true, staleTime: 5_000 } },
});

/** Whoever asked their system for less motion gets none: menus and pickers open in place. */
function useReducedMotion(): boolean {
  const query = '(prefers-reduced-motion: reduce)';
  return useSyncExternalStore(
    (changed) => {
      const m = window.matchMedia(query);
      m.addEventListener('change', changed);
      return () => m.removeEventListener('change', changed);
    },
    () => window.matchMedia(query).matches,
  );
}

function Root() {
  const { i18n } = useTranslation();
  const still = useReducedMotion();
  const zh = i18n.language.startsWith('zh');
  dayjs.locale(zh ? 'zh-cn' : 'en');
  useEffect(() => {
    document.documentElement.lang = zh ? 'zh-CN' : 'en';
  }, [zh]);
  return (
    <ConfigProvider
      locale={zh ? zhCN : enUS}
      theme={{ token: { colorPrimary: '#c0392b', motion: !still } }}
      button={{ autoInsertSpace: false }}
    >
      <AntApp>
        <ApiProvider client={api}>
          <QueryClientProvider client={queryClient}>
            <BrowserRouter>
              <App />
            </BrowserRouter>
          </QueryClientProvider>
        </ApiProvider>
      </AntApp>
    </ConfigProvider>
  );
}

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <Root />
    </StrictMode>,
  );
