// Entry point: providers (query cache, language, toasts) around the router.
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createQueryClient } from './api/queries.ts';
import { AppRoutes, AppShell } from './app.tsx';
import { prefetchFromAddress } from './features/shell/prefetch.ts';
import { I18nProvider } from './i18n/index.tsx';
import { ToastProvider } from './ui/toast.tsx';
import './styles.css';

const queryClient = createQueryClient();
prefetchFromAddress(queryClient, window.location.pathname, AppShell.preload);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <ToastProvider>
          <AppRoutes />
        </ToastProvider>
      </I18nProvider>
    </QueryClientProvider>
  </StrictMode>,
);
