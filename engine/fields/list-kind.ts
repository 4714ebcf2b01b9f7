// A read-only list of plain values stored as a JSON array: what a lookup through a
// many-link, or a formula returning a list, gives.
import { arrayOps, arrayTextOps, operandError } from './operators.ts';
import { describe, jsonArray } from './shared.ts';
import type { FieldType } from './types.ts';

export const listKind: FieldType = {
  name: 'lookup',
  options: {},
  storage: 'computed',
  readOnly: true,
  searchable: true,
  parse: (input) => (input === null || input === undefined ? null : JSON.stringify(input)),
  fromDb: (value) => jsonArray(value) ?? [],
  toText: (value) =>
    Array.isArray(value)
      ? value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ')
      : '',
  fromText: (text) => text.split(/,\s*/),
  operators: {
    ...arrayOps((v, f) => {
      if (typeof v === 'string' || typeof v === 'number') return v;
      if (typeof v === 'boolean') return v ? 1 : 0;
      throw operandError(f, `expects text or numbers, got ${describe(v)}`);
    }),
    ...arrayTextOps,
  },
  sort: (column) => column,
  valueSchema: () => ({ type: 'array', readOnly: true }),
  sample: () => ['Acme'],
  searchText: (value) => (Array.isArray(value) ? value.filter((v) => typeof v === 'string').join(' ') : ''),
};
