// Does a record match a filter? For stored records the filter runs against the row itself;
// for values that are not stored (a form being filled in, a deleted record's last values)
// it runs against a one-row derived table. Either way the one filter compiler decides.
import type { FieldModel, TableModel } from '../meta/model.ts';
import type { Store } from '../store/database.ts';
import { compileFilter } from './filter.ts';
import { ident } from './sql.ts';

export interface MatchContext {
  actorId: string | null;
  now: number;
}

export function recordMatches(
  store: Store,
  table: TableModel,
  recordId: number,
  filter: unknown,
  context: MatchContext,
): boolean {
  const condition = compileFilter(filter, table, { ...context, timeZone: table.app.doc.timeZone ?? 'UTC' });
  const row = store
    .prepare(`SELECT 1 AS ok FROM ${ident(table.sql)} r WHERE r.id = ? AND ${condition.text}`)
    .get(recordId, ...condition.params);
  return row !== undefined;
}

/** `values` are API values by field name; fields that cannot be read from them count as empty. */
export function valuesMatch(
  store: Store,
  table: TableModel,
  values: Record<string, unknown>,
  filter: unknown,
  context: MatchContext,
): boolean {
  const condition = compileFilter(filter, table, { ...context, timeZone: table.app.doc.timeZone ?? 'UTC' });
  const columns: string[] = [
    '0 AS id',
    '0 AS created_at',
    '0 AS updated_at',
    'NULL AS created_by',
    'NULL AS updated_by',
  ];
  const params: unknown[] = [];
  for (const field of table.fields) {
    if (!field.column || field.type.storage === 'system') continue;
    columns.push(`? AS ${ident(field.column)}`);
    params.push(storedValue(field, values[field.doc.name], context));
  }
  const row = store
    .prepare(`SELECT 1 AS ok FROM (SELECT ${columns.join(', ')}) r WHERE ${condition.text}`)
    .get(...params, ...condition.params);
  return row !== undefined;
}

function storedValue(field: FieldModel, value: unknown, context: MatchContext): unknown {
  if (value === undefined || value === null) return null;
  if (field.link) return Array.isArray(value) && value.length ? Number(value[0]) : null;
  try {
    return field.type.parse(value, field, {
      now: context.now,
      actorId: context.actorId,
      userExists: () => true,
      attachment: () => undefined,
    });
  } catch {
    // Computed fields arrive as their stored form already (a lookup list, a formula result).
    // Anything else SQLite cannot bind (a boolean typed into a text field) is compared as JSON text.
    return typeof value === 'string' || typeof value === 'number' ? value : JSON.stringify(value);
  }
}
