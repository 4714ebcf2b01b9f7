// Percentage, stored in points: 25 means 25 %.
import { numberKind } from './number-kind.ts';
import { precisionOptions } from './shared.ts';

export const percent = numberKind({
  name: 'percent',
  options: { type: 'object', properties: precisionOptions, additionalProperties: false },
  sample: 25,
});
