// A number the engine assigns at creation, one more than the last ever given in this field.
import { numberOps } from './operators.ts';
import { numberFromText } from './shared.ts';
import type { FieldType } from './types.ts';

export const autonumber: FieldType = {
  name: 'autonumber',
  options: {
    type: 'object',
    properties: { start: { type: 'integer', minimum: 0 }, prefix: { type: 'string', maxLength: 20 } },
    additionalProperties: false,
  },
  storage: 'computed',
  readOnly: true,
  searchable: false,
  parse: (input) => (typeof input === 'number' ? input : null),
  fromDb: (value) => (typeof value === 'number' ? value : null),
  toText: (value) => (typeof value === 'number' ? String(value) : ''),
  fromText: (text, field) => numberFromText(text, field),
  operators: numberOps,
  sort: (column) => column,
  valueSchema: () => ({ type: 'integer', readOnly: true }),
  sample: () => 1001,
};
