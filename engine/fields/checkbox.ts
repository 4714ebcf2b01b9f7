// Yes or no, stored as 1 or 0; never empty (unset reads as false).

import type { FieldModel } from '../meta/model.ts';
import { raw } from '../query/sql.ts';
import { describe, fail, isEmpty } from './shared.ts';
import type { FieldType, OperatorSet } from './types.ts';

const truthy = new Set(['true', 'yes', 'y', '1', 'x', '✓', '✔', '是', '对']);
const falsy = new Set(['false', 'no', 'n', '0', '', '否', '错']);

function booleanOperand(value: unknown, field: FieldModel): boolean {
  if (value === true || value === 'true' || value === 1) return true;
  if (value === false || value === 'false' || value === 0) return false;
  return fail(field, `filter expects true or false, got ${describe(value)}`, 'invalid_filter');
}

const checked = (column: string) => raw(`${column} = 1`);
const unchecked = (column: string) => raw(`(${column} IS NULL OR ${column} = 0)`);

const checkboxOps: OperatorSet = {
  is: { operand: 'value', build: (t, v) => (booleanOperand(v, t.field) ? checked : unchecked)(t.column) },
  is_not: { operand: 'value', build: (t, v) => (booleanOperand(v, t.field) ? unchecked : checked)(t.column) },
};

export const checkbox: FieldType = {
  name: 'checkbox',
  options: { type: 'object', additionalProperties: false },
  storage: 'column',
  readOnly: false,
  searchable: false,
  parse: (input, field) => {
    if (isEmpty(input)) return 0;
    if (typeof input !== 'boolean') fail(field, `must be true or false, got ${describe(input)}`);
    return input ? 1 : 0;
  },
  fromDb: (value) => value === 1,
  toText: (value) => (value === true ? 'true' : 'false'),
  fromText: (text, field) => {
    const key = text.trim().toLowerCase();
    if (truthy.has(key)) return true;
    if (falsy.has(key)) return false;
    return fail(field, `must be true or false, got ${describe(text)}`);
  },
  operators: checkboxOps,
  sort: (column) => `coalesce(${column}, 0)`,
  valueSchema: () => ({ type: 'boolean' }),
  sample: () => true,
};
