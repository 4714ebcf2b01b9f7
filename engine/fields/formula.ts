// A value computed from the record's other fields by a JSONata expression, e.g.
// "amount * probability / 100". Stored in its own column, so it filters and sorts like data.
import { type ResultKind, resultKinds, resultKindTypes } from './result-kinds.ts';
import { options } from './shared.ts';
import type { FieldType } from './types.ts';

export interface FormulaOptions {
  expression: string;
  /** What the expression yields; inferred from a sample record when the field is created. */
  resultType?: ResultKind;
  precision?: number;
}

const kindOf = (field: Parameters<typeof options>[0]) => options<FormulaOptions>(field).resultType ?? 'text';

export const formula: FieldType = {
  ...resultKindTypes.text,
  name: 'formula',
  options: {
    type: 'object',
    required: ['expression'],
    properties: {
      expression: { type: 'string', minLength: 1, maxLength: 10_000 },
      resultType: { enum: resultKinds },
      precision: { type: 'integer', minimum: 0, maximum: 10 },
    },
    additionalProperties: false,
  },
  storage: 'computed',
  readOnly: true,
  searchable: false,
  delegate: (field) => ({ type: resultKindTypes[kindOf(field)], field }),
  valueSchema: (field) => ({ ...resultKindTypes[kindOf(field)].valueSchema(field), readOnly: true }),
};
