// An instant in time, stored as milliseconds since the epoch and shown as ISO 8601 in UTC.
import { timeZoneSchema } from '../schema/common.ts';
import { datetimeColumnOps } from './operators.ts';
import { describe, fail, isEmpty } from './shared.ts';
import type { FieldType } from './types.ts';

const isoDateTime =
  /^(\d{4}-\d{2}-\d{2})([T ](\d{2}):(\d{2})(:\d{2}(\.\d{1,9})?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** Reads an ISO 8601 date-time; without a zone it is taken as UTC. Returns epoch ms. */
export function parseInstant(text: string): number | undefined {
  const match = isoDateTime.exec(text.trim());
  if (!match) return undefined;
  const [, day, time, , , seconds, , zone] = match;
  let normalized = `${day}T${time ? time.slice(1, 6) : '00:00'}${seconds ?? ':00'}`;
  if (zone)
    normalized +=
      zone.toUpperCase() === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  else normalized += 'Z';
  const ms = Date.parse(normalized);
  if (Number.isNaN(ms)) return undefined;
  // Date.parse rolls 2026-02-30 over to March; a real calendar check rejects it.
  if (!zone && new Date(ms).toISOString().slice(0, 10) !== day) return undefined;
  return ms;
}

export const datetime: FieldType = {
  name: 'datetime',
  options: {
    type: 'object',
    properties: { timeZone: timeZoneSchema },
    additionalProperties: false,
  },
  storage: 'column',
  readOnly: false,
  searchable: false,
  parse: (input, field) => {
    if (isEmpty(input)) return null;
    const ms = typeof input === 'string' ? parseInstant(input) : undefined;
    if (ms === undefined)
      fail(field, `must be an ISO 8601 date-time such as 2026-03-15T09:30:00Z, got ${describe(input)}`);
    return ms;
  },
  fromDb: (value) => (typeof value === 'number' ? new Date(value).toISOString() : null),
  toText: (value) => (typeof value === 'string' ? value : ''),
  fromText: (text) => (text.trim() === '' ? null : text.trim()),
  operators: datetimeColumnOps,
  sort: (column) => column,
  valueSchema: () => ({ type: ['string', 'null'], format: 'date-time' }),
  sample: () => '2026-03-15T09:30:00.000Z',
};
