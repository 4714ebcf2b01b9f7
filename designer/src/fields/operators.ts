// Filter operators per field type, mirroring the engine's registry (engine/fields/*): which
// operators a type accepts and what operand each expects. The engine stays the judge; this
// only offers the choices that make sense. Pure data, shared by the filter builder and tests.
import type { FieldDoc, FieldTypeName } from '../api/types.ts';

export type Operand = 'none' | 'value' | 'list' | 'range' | 'relative';

export const operands = {
  is: 'value',
  is_not: 'value',
  in: 'list',
  not_in: 'list',
  contains: 'value',
  not_contains: 'value',
  starts_with: 'value',
  ends_with: 'value',
  gt: 'value',
  gte: 'value',
  lt: 'value',
  lte: 'value',
  between: 'range',
  within: 'relative',
  is_empty: 'none',
  is_not_empty: 'none',
  has_any: 'list',
  has_all: 'list',
  has_none: 'list',
  is_me: 'none',
  is_not_me: 'none',
} as const satisfies Record<string, Operand>;

export type OperatorName = keyof typeof operands;

const text: OperatorName[] = [
  'contains',
  'not_contains',
  'is',
  'is_not',
  'starts_with',
  'ends_with',
  'is_empty',
  'is_not_empty',
];
const number: OperatorName[] = [
  'is',
  'is_not',
  'gt',
  'gte',
  'lt',
  'lte',
  'between',
  'is_empty',
  'is_not_empty',
];
const date: OperatorName[] = [
  'is',
  'is_not',
  'gt',
  'lt',
  'gte',
  'lte',
  'between',
  'within',
  'is_empty',
  'is_not_empty',
];
const choice: OperatorName[] = ['is', 'is_not', 'in', 'not_in', 'is_empty', 'is_not_empty'];
const list: OperatorName[] = ['has_any', 'has_all', 'has_none', 'is_empty', 'is_not_empty'];
const user: OperatorName[] = ['is', 'is_not', 'is_me', 'is_not_me', 'in', 'is_empty', 'is_not_empty'];
const link: OperatorName[] = ['has_any', 'has_none', 'contains', 'is_empty', 'is_not_empty'];
const checkbox: OperatorName[] = ['is'];

export const operatorsByType = {
  text,
  long_text: text,
  email: text,
  phone: text,
  url: text,
  number,
  currency: number,
  percent: number,
  rating: number,
  autonumber: number,
  date,
  datetime: date,
  created_at: date,
  updated_at: date,
  checkbox,
  single_select: choice,
  multi_select: list,
  user,
  created_by: user,
  updated_by: user,
  link,
  lookup: [...list, 'contains'],
  attachment: ['is_empty', 'is_not_empty', 'contains'],
  // Computed fields filter like the kind of value they produce (see operatorsFor).
  formula: text,
  rollup: number,
} satisfies Record<FieldTypeName, OperatorName[]>;

const resultKindOperators: Record<string, OperatorName[]> = {
  text,
  number,
  boolean: checkbox,
  date,
  datetime: date,
  list: [...list, 'contains'],
};

/** The kind of value a computed field yields, as the engine infers it. */
export function resultKind(field: FieldDoc): string | undefined {
  const options = (field.options ?? {}) as { resultType?: string; fn?: string };
  if (field.type === 'formula') return options.resultType ?? 'text';
  if (field.type === 'rollup') return options.fn === 'concat' ? 'text' : 'number';
  return undefined;
}

export function operatorsFor(field: FieldDoc): OperatorName[] {
  const kind = resultKind(field);
  if (kind) return resultKindOperators[kind] ?? text;
  return operatorsByType[field.type];
}

export function operandOf(op: string): Operand {
  return (operands as Record<string, Operand>)[op] ?? 'value';
}

/** Relative dates the engine understands for `within` and date comparisons. */
export const relativeDates = [
  'today',
  'yesterday',
  'tomorrow',
  'this_week',
  'last_week',
  'next_week',
  'this_month',
  'last_month',
  'next_month',
  'this_quarter',
  'last_quarter',
  'next_quarter',
  'this_year',
  'last_year',
  'next_year',
  'last_7_days',
  'last_30_days',
  'next_7_days',
  'next_30_days',
] as const;
