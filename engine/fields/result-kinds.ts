// The kinds of value a formula or rollup can produce, each read, filtered and sorted like
// the plain field type it resembles.
import { checkbox } from './checkbox.ts';
import { date } from './date.ts';
import { datetime } from './datetime.ts';
import { listKind } from './list-kind.ts';
import { number } from './number.ts';
import { text } from './text.ts';
import type { FieldType } from './types.ts';

export const resultKinds = ['text', 'number', 'boolean', 'date', 'datetime', 'list'] as const;
export type ResultKind = (typeof resultKinds)[number];

export const resultKindTypes: Record<ResultKind, FieldType> = {
  text,
  number,
  boolean: checkbox,
  date,
  datetime,
  list: listKind,
};

/** The kind of a JSON value, as a formula returned it. */
export function kindOfValue(value: unknown): ResultKind {
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'string') {
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return 'date';
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return 'datetime';
  }
  return 'text';
}

const storers: Record<ResultKind, (value: unknown) => string | number | null> = {
  number: (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null),
  boolean: (v) => (v ? 1 : 0),
  date: (v) => (typeof v === 'string' ? v.slice(0, 10) : null),
  datetime: (v) => {
    const ms = typeof v === 'string' ? Date.parse(v) : typeof v === 'number' ? v : Number.NaN;
    return Number.isNaN(ms) ? null : ms;
  },
  list: (v) => JSON.stringify(Array.isArray(v) ? v : [v]),
  text: (v) => (typeof v === 'string' ? (v === '' ? null : v) : JSON.stringify(v)),
};

/** Turns a computed JSON value into what the column stores for its kind; null when it does not fit. */
export function storeAs(kind: ResultKind, value: unknown): string | number | null {
  return value === null || value === undefined ? null : storers[kind](value);
}
