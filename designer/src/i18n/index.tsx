// UI text in English and Simplified Chinese: a provider holding the reader's language, a t()
// hook over en.json / zh-CN.json, and label/number/date helpers bound to that language.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { Label } from '../api/types.ts';
import en from './en.json';
import { type Locale, labelText, toLocale } from './format.ts';
import zh from './zh-CN.json';

export type { Locale } from './format.ts';

type Messages = typeof en;
type Paths<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Paths<T[K], `${Prefix}${K}.`>;
}[keyof T & string];
export type MessageKey = Paths<Messages>;
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

const catalogs: Record<Locale, unknown> = { en, 'zh-CN': zh };

export function lookup(catalog: unknown, key: string): string | undefined {
  let node: unknown = catalog;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

export function translate(locale: Locale, key: string, vars?: Record<string, string | number>): string {
  const text = lookup(catalogs[locale], key) ?? lookup(catalogs.en, key) ?? key;
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t: Translate;
  /** A metadata label (string or {"en","zh-CN"}) in the reader's language. */
  label(label: Label | undefined | null): string;
}

const storageKey = 'rapport.locale';
const I18nContext = createContext<I18n | null>(null);

function initialLocale(): Locale {
  if (typeof window === 'undefined') return 'en';
  return (
    toLocale(window.localStorage.getItem(storageKey)) ??
    toLocale(new URLSearchParams(window.location.search).get('lang')) ??
    toLocale(navigator.language) ??
    'en'
  );
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const setLocale = useCallback((next: Locale) => {
    window.localStorage.setItem(storageKey, next);
    setLocaleState(next);
  }, []);
  const value = useMemo<I18n>(
    () => ({
      locale,
      setLocale,
      t: (key, vars) => translate(locale, key, vars),
      label: (label) => labelText(label, locale),
    }),
    [locale, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n outside I18nProvider');
  return context;
}

export function useT(): Translate {
  return useI18n().t;
}
