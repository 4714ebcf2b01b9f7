// A calendar date without time or zone, stored as YYYY-MM-DD so that text order is date order.
import { dateColumnOps, isCalendarDate } from './operators.ts';
import { describe, fail, isEmpty } from './shared.ts';
import type { FieldType } from './types.ts';

/** Accepts 2024-05-01, 2024/5/1, 2024-5-1 and the date part of an ISO date-time. */
export function normalizeDate(text: string): string | undefined {
  const match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$/.exec(text.trim());
  if (!match) return undefined;
  const value = `${match[1]}-${match[2]!.padStart(2, '0')}-${match[3]!.padStart(2, '0')}`;
  return isCalendarDate(value) ? value : undefined;
}

export const date: FieldType = {
  name: 'date',
  options: {
    type: 'object',
    properties: { format: { enum: ['iso', 'us', 'eu', 'cn'] } },
    additionalProperties: false,
  },
  storage: 'column',
  readOnly: false,
  searchable: false,
  parse: (input, field) => {
    if (isEmpty(input)) return null;
    if (typeof input !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(input))
      fail(field, `must be a date written YYYY-MM-DD, got ${describe(input)}`);
    if (!isCalendarDate(input)) fail(field, `must be a real calendar date, got ${describe(input)}`);
    return input;
  },
  fromDb: (value) => (typeof value === 'string' ? value : null),
  toText: (value) => (typeof value === 'string' ? value : ''),
  fromText: (text, field) => {
    if (text.trim() === '') return null;
    return normalizeDate(text) ?? fail(field, `must be a date written YYYY-MM-DD, got ${describe(text)}`);
  },
  operators: dateColumnOps,
  sort: (column) => column,
  valueSchema: () => ({ type: ['string', 'null'], format: 'date' }),
  sample: () => '2026-03-15',
};
