// Compiles the JSON filter language to a parameterised SQL condition over a table aliased `r`.
// Field names resolve through the metadata; values only ever become parameters.

import { Invalid } from '../errors.ts';
import { resolveType } from '../fields/index.ts';
import type { FilterContext } from '../fields/types.ts';
import type { FieldModel, TableModel } from '../meta/model.ts';
import { type Filter, isFilter } from '../schema/index.ts';
import { join, raw, type Sql } from './sql.ts';
import { valueSql } from './value.ts';

const maxDepth = 12;

export function findField(table: TableModel, nameOrId: string): FieldModel | undefined {
  return table.byName.get(nameOrId) ?? table.byId.get(nameOrId);
}

export function requireField(table: TableModel, nameOrId: string, where: string): FieldModel {
  const field = findField(table, nameOrId);
  if (!field) {
    const message = `${where}: table '${table.doc.name}' has no field '${nameOrId}'`;
    throw new Invalid('unknown_field', message, [{ field: nameOrId, message, code: 'unknown_field' }]);
  }
  return field;
}

/** The operators a field accepts, following computed fields to the type they behave as. */
export function operatorsOf(field: FieldModel) {
  return resolveType(field).type.operators;
}

export function compileFilter(
  filter: unknown,
  table: TableModel,
  context: FilterContext,
  rowAlias = 'r',
): Sql {
  if (filter === undefined || filter === null) return raw('1');
  isFilter.assert(filter, 'filter');
  return compileNode(filter, table, context, rowAlias, 0);
}

function compileNode(
  node: Filter,
  table: TableModel,
  context: FilterContext,
  alias: string,
  depth: number,
): Sql {
  if (depth > maxDepth)
    throw new Invalid('invalid_filter', `filter: groups nest deeper than ${maxDepth} levels`);
  if ('and' in node) return group(node.and, ' AND ', '1', table, context, alias, depth);
  if ('or' in node) return group(node.or, ' OR ', '0', table, context, alias, depth);
  if ('not' in node) {
    const inner = compileNode(node.not, table, context, alias, depth + 1);
    // A condition on an empty value is NULL in SQL, and NOT NULL is NULL again: without the
    // coalesce, "not (amount > 5)" would also drop the records that have no amount.
    return { text: `NOT coalesce(${inner.text}, 0)`, params: inner.params };
  }
  const field = requireField(table, node.field, 'filter');
  if (field.doc.encrypted && node.op !== 'is_empty' && node.op !== 'is_not_empty') {
    const message = `filter: '${field.doc.name}' is encrypted; it can only be filtered by is_empty or is_not_empty`;
    throw new Invalid('invalid_filter', message, [
      { field: field.doc.name, message, code: 'encrypted_field' },
    ]);
  }
  const operators = operatorsOf(field);
  // Own keys only: '__proto__' and 'constructor' pass the op pattern but are no operators.
  const operator = Object.hasOwn(operators, node.op) ? operators[node.op] : undefined;
  if (!operator) {
    const message = `filter: field '${field.doc.name}' (${field.doc.type}) has no operator '${node.op}'; use one of ${Object.keys(operators).join(', ')}`;
    throw new Invalid('invalid_filter', message, [
      { field: field.doc.name, message, code: 'unknown_operator' },
    ]);
  }
  if (operator.operand !== 'none' && node.value === undefined) {
    const message = `filter: '${field.doc.name} ${node.op}' needs a value`;
    throw new Invalid('invalid_filter', message, [{ field: field.doc.name, message, code: 'missing_value' }]);
  }
  const resolved = resolveType(field);
  const column = valueSql(field, alias) ?? `${alias}.id`;
  const fragment = operator.build(
    { column, rowId: `${alias}.id`, field: resolved.field },
    node.value,
    context,
  );
  return { text: `(${fragment.text})`, params: fragment.params };
}

function group(
  nodes: Filter[],
  separator: string,
  empty: string,
  table: TableModel,
  context: FilterContext,
  alias: string,
  depth: number,
): Sql {
  if (nodes.length === 0) return raw(empty);
  const parts = nodes.map((child) => compileNode(child, table, context, alias, depth + 1));
  const joined = join(parts, separator);
  return { text: `(${joined.text})`, params: joined.params };
}

/** Field names a filter mentions, for dependency checks and renames. */
export function filterFields(filter: Filter | undefined, into: string[] = []): string[] {
  if (!filter) return into;
  if ('and' in filter) for (const child of filter.and) filterFields(child, into);
  else if ('or' in filter) for (const child of filter.or) filterFields(child, into);
  else if ('not' in filter) filterFields(filter.not, into);
  else into.push(filter.field);
  return into;
}

/** A copy of the filter with field names renamed. */
export function renameInFilter(filter: Filter, from: string, to: string): Filter {
  if ('and' in filter) return { and: filter.and.map((child) => renameInFilter(child, from, to)) };
  if ('or' in filter) return { or: filter.or.map((child) => renameInFilter(child, from, to)) };
  if ('not' in filter) return { not: renameInFilter(filter.not, from, to) };
  return filter.field === from ? { ...filter, field: to } : filter;
}
