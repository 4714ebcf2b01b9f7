// What formatting a value needs from the screen: the reader's language and the people list.
// Provided once for all cells (a grid mounts thousands of cells while scrolling; each must be cheap).
import { createContext, createElement, type ReactNode, useContext, useMemo } from 'react';
import { useUsers } from '../api/queries.ts';
import { useI18n } from '../i18n/index.tsx';
import type { ValueContext } from './values.ts';

const Context = createContext<ValueContext | undefined>(undefined);

/** Signed-in screens: values can name people. */
export function ValueContextProvider({ children }: { children: ReactNode }) {
  const { locale } = useI18n();
  const users = useUsers();
  const list = users.data?.items;
  const value = useMemo(() => ({ locale, users: list }), [locale, list]);
  return createElement(Context.Provider, { value }, children);
}

export function useValueContext(): ValueContext {
  const provided = useContext(Context);
  const { locale } = useI18n();
  return provided && provided.locale === locale ? provided : { locale };
}
