// Localised text for values: numbers, money, percentages, dates and times through Intl, and
// metadata labels that may carry a translation per language. Pure functions, cached formatters.
import type { Label } from '../api/types.ts';

export type Locale = 'en' | 'zh-CN';
export const locales: Locale[] = ['en', 'zh-CN'];

export function toLocale(tag: string | null | undefined): Locale | undefined {
  if (!tag) return undefined;
  if (tag.toLowerCase().startsWith('zh')) return 'zh-CN';
  if (tag.toLowerCase().startsWith('en')) return 'en';
  return undefined;
}

/** A metadata label in the reader's language, falling back to English, then to any. */
export function labelText(label: Label | undefined | null, locale: Locale | string = 'en'): string {
  if (label === undefined || label === null) return '';
  if (typeof label === 'string') return label;
  return label[locale] ?? label.en ?? Object.values(label)[0] ?? '';
}

/** A label with its text in `locale` replaced, keeping the other languages. */
export function withLabelText(label: Label | undefined, locale: Locale, text: string): Label {
  if (label === undefined || (typeof label === 'string' && locale === 'en')) return text;
  if (typeof label === 'string') return { en: label, [locale]: text };
  return { ...label, [locale]: text };
}

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let formatter = cache.get(key) as T | undefined;
  if (!formatter) {
    formatter = make();
    cache.set(key, formatter);
  }
  return formatter;
}

export function formatNumber(value: number, locale: Locale, precision?: number): string {
  const key = `n|${locale}|${precision ?? ''}`;
  return cached(key, () =>
    precision === undefined
      ? new Intl.NumberFormat(locale, { maximumFractionDigits: 10 })
      : new Intl.NumberFormat(locale, { minimumFractionDigits: precision, maximumFractionDigits: precision }),
  ).format(value);
}

export function formatCurrency(value: number, locale: Locale, currency = 'USD', precision = 2): string {
  const key = `c|${locale}|${currency}|${precision}`;
  return cached(key, () => {
    try {
      return new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        minimumFractionDigits: precision,
        maximumFractionDigits: precision,
      });
    } catch {
      return new Intl.NumberFormat(locale, {
        minimumFractionDigits: precision,
        maximumFractionDigits: precision,
      });
    }
  }).format(value);
}

/** Percent fields hold the number people read (12.5 means 12.5 %). */
export function formatPercent(value: number, locale: Locale, precision?: number): string {
  return `${formatNumber(value, locale, precision)}%`;
}

/** A calendar date "YYYY-MM-DD", shown in the reader's language; no time zone shifts. */
export function formatDate(value: string, locale: Locale): string {
  const date = new Date(`${value.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return value;
  return cached(
    `d|${locale}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }),
  ).format(date);
}

export function formatDateTime(value: string | number, locale: Locale, timeZone?: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return cached(
    `t|${locale}|${timeZone ?? ''}`,
    () =>
      new Intl.DateTimeFormat(locale, {
        dateStyle: 'medium',
        timeStyle: 'short',
        ...(timeZone ? { timeZone } : {}),
      }),
  ).format(date);
}

export function formatMonth(year: number, month: number, locale: Locale): string {
  return cached(
    `m|${locale}`,
    () => new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' }),
  ).format(new Date(Date.UTC(year, month, 1)));
}

/** Short weekday names, Monday first. */
export function weekdayNames(locale: Locale): string[] {
  const format = cached(
    `w|${locale}`,
    () => new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }),
  );
  // 2024-01-01 was a Monday.
  return Array.from({ length: 7 }, (_, i) => format.format(new Date(Date.UTC(2024, 0, 1 + i))));
}

export function formatRelative(value: string, locale: Locale, now = Date.now()): string {
  const seconds = Math.round((Date.parse(value) - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(seconds, 'second');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(seconds / 3600), 'hour');
  return rtf.format(Math.round(seconds / 86400), 'day');
}

export function formatBytes(bytes: number, locale: Locale): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${formatNumber(value, locale, unit === 0 ? 0 : 1)} ${units[unit]}`;
}
