// Money in one currency per field (ISO 4217 code), rounded to the currency's precision.
import { numberKind } from './number-kind.ts';
import { options, precisionOptions } from './shared.ts';

export const currency = numberKind({
  name: 'currency',
  options: {
    type: 'object',
    properties: { currency: { type: 'string', pattern: '^[A-Z]{3}$' }, ...precisionOptions },
    additionalProperties: false,
  },
  defaultPrecision: 2,
  sample: 1250,
  toText: (value, field) => value.toFixed(options<{ precision?: number }>(field).precision ?? 2),
});
