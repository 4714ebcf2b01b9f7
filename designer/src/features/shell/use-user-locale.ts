// The signed-in user's saved language wins over the browser's guess (once, on sign-in).
import { useEffect, useRef } from 'react';
import type { Me } from '../../api/types.ts';
import { toLocale } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/index.tsx';

export function useUserLocale(me: Me | null | undefined) {
  const { setLocale } = useI18n();
  const applied = useRef<string | null>(null);
  useEffect(() => {
    if (!me || applied.current === me.id) return;
    applied.current = me.id;
    const saved = toLocale(me.locale);
    if (saved) setLocale(saved);
  }, [me, setLocale]);
}
