// The contract every field type module fulfils. Adding a type is adding one module that
// implements this and one line in the registry (fields/index.ts).

import type { FieldModel, systemColumns } from '../meta/model.ts';
import type { Sql } from '../query/sql.ts';
import type { FieldDoc, FieldTypeName } from '../schema/index.ts';

/** A value as SQLite stores it in the field's column. */
export type DbValue = string | number | null;

export interface ParseContext {
  now: number;
  actorId: string | null;
  userExists(id: string): boolean;
  attachment(id: string): AttachmentMeta | undefined;
}

export interface AttachmentMeta {
  id: string;
  name: string;
  size: number;
  type: string;
}

export interface FilterContext {
  actorId: string | null;
  now: number;
  timeZone: string;
}

/** Where an operator reads from: a SQL expression for the value and one for the row's id. */
export interface OperandTarget {
  column: string;
  rowId: string;
  field: FieldModel;
}

export interface Operator {
  /** What the operator expects as `value`: nothing, one value, a list, a [from, to] pair. */
  operand: 'none' | 'value' | 'list' | 'range';
  build(target: OperandTarget, value: unknown, context: FilterContext): Sql;
}

export type OperatorSet = Readonly<Record<string, Operator>>;

export interface FieldType {
  name: FieldTypeName;
  /** JSON Schema of `options`. */
  options: object;
  /**
   * column: a column of its own; system: one of the row's system columns; link: a relation
   * (column or junction, see LinkStorage); computed: a column the engine fills (formula, lookup, rollup).
   */
  storage: 'column' | 'system' | 'link' | 'computed';
  systemColumn?: (typeof systemColumns)[keyof typeof systemColumns];
  /** Users cannot write it: the engine computes or assigns it. */
  readOnly: boolean;
  /** Its text goes into the full-text index. */
  searchable: boolean;
  /** API JSON → database value. Throws Invalid naming the field. null means empty. */
  parse(input: unknown, field: FieldModel, context: ParseContext): DbValue;
  /** Database value → API JSON. */
  fromDb(value: unknown, field: FieldModel): unknown;
  /** API JSON → one CSV cell. */
  toText(value: unknown, field: FieldModel): string;
  /** One CSV cell → API JSON (then parsed like any input). Throws Invalid when unreadable. */
  fromText(text: string, field: FieldModel): unknown;
  operators: OperatorSet;
  /** SQL expression to order by, or null when the type cannot be sorted. */
  sort(column: string, field: FieldModel): string | null;
  /** JSON Schema of the API value, for OpenAPI and form validation. */
  valueSchema(field: FieldModel): object;
  /** A typical value, for formula previews and result-type inference. */
  sample(field: FieldDoc): unknown;
  /** Plain text for the search index, from the API value. */
  searchText?(value: unknown, field: FieldModel): string;
  /**
   * Computed types (formula, lookup, rollup) read, filter and sort like another type: the
   * formula's result kind, or the looked-up field. The engine then uses that type and field.
   */
  delegate?(field: FieldModel): { type: FieldType; field: FieldModel };
}
