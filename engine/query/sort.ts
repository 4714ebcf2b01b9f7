// Sort specs → ORDER BY keys. Every sort ends with the record id, so the order is total
// and keyset pagination has an unambiguous "after".

import { Invalid } from '../errors.ts';
import { resolveType } from '../fields/index.ts';
import type { FieldModel, TableModel } from '../meta/model.ts';
import { requireField } from './filter.ts';
import { valueSql } from './value.ts';

export interface SortSpec {
  field: string;
  dir?: 'asc' | 'desc';
}

export interface SortKey {
  /** SQL expression over the row aliased `r`. */
  expr: string;
  dir: 'asc' | 'desc';
  field: FieldModel | null;
}

export function sortExpression(field: FieldModel, alias = 'r'): string | null {
  // Ciphertext orders nothing meaningful.
  if (field.doc.encrypted) return null;
  const { type, field: resolved } = resolveType(field);
  const column = valueSql(field, alias);
  if (!column) return null;
  return type.sort(column, resolved);
}

/** Sort name of the hand-arranged order; a record moved by hand gets a position between its new neighbours. */
export const manualOrder = '@position';

export function compileSort(specs: readonly SortSpec[] | undefined, table: TableModel): SortKey[] {
  const keys: SortKey[] = [];
  for (const spec of specs ?? []) {
    // The order people arrange by hand (kanban cards within a column, rows dragged in a grid).
    if (spec.field === manualOrder) {
      keys.push({
        expr: 'coalesce(r.position, r.id)',
        dir: spec.dir === 'desc' ? 'desc' : 'asc',
        field: null,
      });
      continue;
    }
    const field = requireField(table, spec.field, 'sort');
    const expr = sortExpression(field);
    if (!expr) {
      const message = `sort: field '${field.doc.name}' (${field.doc.type}) cannot be sorted`;
      throw new Invalid('invalid_sort', message, [{ field: field.doc.name, message, code: 'unsortable' }]);
    }
    keys.push({ expr, dir: spec.dir === 'desc' ? 'desc' : 'asc', field });
  }
  keys.push({ expr: 'r.id', dir: 'asc', field: null });
  return keys;
}

export function orderBy(keys: SortKey[]): string {
  return keys.map((k) => `${k.expr} ${k.dir === 'desc' ? 'DESC' : 'ASC'}`).join(', ');
}
