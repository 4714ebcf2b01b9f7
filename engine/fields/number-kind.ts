// The behaviour shared by numeric types: number, currency, percent and rating differ only
// in their options, rounding and how a CSV cell is written.
import type { FieldModel } from '../meta/model.ts';
import type { FieldTypeName } from '../schema/index.ts';
import { numberOps } from './operators.ts';
import { numberFromText, parseNumber } from './shared.ts';
import type { FieldType } from './types.ts';

interface NumberKind {
  name: FieldTypeName;
  options: object;
  defaultPrecision?: number;
  sample: number;
  parse?: FieldType['parse'];
  toText?: (value: number, field: FieldModel) => string;
  valueSchema?: (field: FieldModel) => object;
}

export function numberKind(kind: NumberKind): FieldType {
  return {
    name: kind.name,
    options: kind.options,
    storage: 'column',
    readOnly: false,
    searchable: false,
    parse: kind.parse ?? ((input, field) => parseNumber(input, field, kind.defaultPrecision)),
    fromDb: (value) =>
      typeof value === 'number' ? value : value === null || value === undefined ? null : Number(value),
    toText: (value, field) =>
      typeof value === 'number' ? (kind.toText ? kind.toText(value, field) : String(value)) : '',
    fromText: (text, field) => numberFromText(text, field),
    operators: numberOps,
    sort: (column) => column,
    valueSchema: kind.valueSchema ?? (() => ({ type: ['number', 'null'] })),
    sample: () => kind.sample,
  };
}
