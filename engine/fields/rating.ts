// A whole number of stars from 0 to the field's maximum (5 unless set).
import { numberKind } from './number-kind.ts';
import { describe, fail, isEmpty, options } from './shared.ts';

const maxOf = (field: Parameters<typeof options>[0]) => options<{ max?: number }>(field).max ?? 5;

export const rating = numberKind({
  name: 'rating',
  options: {
    type: 'object',
    properties: {
      max: { type: 'integer', minimum: 1, maximum: 10 },
      icon: { enum: ['star', 'heart', 'flag'] },
    },
    additionalProperties: false,
  },
  sample: 4,
  parse: (input, field) => {
    if (isEmpty(input) || input === 0) return null;
    const max = maxOf(field);
    if (typeof input !== 'number' || !Number.isInteger(input) || input < 0 || input > max)
      fail(field, `must be a whole number from 0 to ${max}, got ${describe(input)}`, 'out_of_range');
    return input;
  },
  valueSchema: (field) => ({ type: ['integer', 'null'], minimum: 0, maximum: maxOf(field) }),
});
