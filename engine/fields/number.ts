// Plain number with optional precision and range.
import { numberKind } from './number-kind.ts';
import { precisionOptions } from './shared.ts';

export const number = numberKind({
  name: 'number',
  options: { type: 'object', properties: precisionOptions, additionalProperties: false },
  sample: 42,
});
