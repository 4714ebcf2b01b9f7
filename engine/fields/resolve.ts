// Follows computed fields to the type that really reads, filters and sorts their values.
import type { FieldModel } from '../meta/model.ts';
import { listKind } from './list-kind.ts';
import type { FieldType } from './types.ts';

export interface Resolved {
  type: FieldType;
  field: FieldModel;
}

export function resolveType(field: FieldModel): Resolved {
  let current: Resolved = { type: field.type, field };
  for (let depth = 0; current.type.delegate && depth < 20; depth++) {
    const next = current.type.delegate(current.field);
    if (next.type === current.type && next.field === current.field) break;
    current = next;
  }
  return current;
}

/** Whether the column holds a JSON array (multi-select, attachments, lists). */
export function isListValued(field: FieldModel): boolean {
  const { type } = resolveType(field);
  return type === listKind || type.name === 'multi_select' || type.name === 'attachment';
}
