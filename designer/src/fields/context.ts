// What formatting a value needs from the screen: the reader's language and the people list.
import { useMemo } from 'react';
import { useUsers } from '../api/queries.ts';
import { useI18n } from '../i18n/index.tsx';
import type { ValueContext } from './values.ts';

export function useValueContext(withUsers = true): ValueContext {
  const { locale } = useI18n();
  const users = useUsers();
  const list = withUsers ? users.data?.items : undefined;
  return useMemo(() => ({ locale, users: list }), [locale, list]);
}
