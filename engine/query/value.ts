// The SQL that reads a field's value from a row: its column, or the reader-specific
// expression a masked field carries (see engine/access/mask.ts).
import type { FieldModel } from '../meta/model.ts';
import { ident } from './sql.ts';

export function valueSql(field: FieldModel, alias = 'r'): string | null {
  if (field.expression) return field.expression(alias);
  return field.column ? `${alias}.${ident(field.column)}` : null;
}
