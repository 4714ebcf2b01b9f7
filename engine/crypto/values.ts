// Encrypted fields inside a record's value map (audit rows keep them sealed on disk).
import type { TableModel } from '../meta/model.ts';

export function sealValues(
  table: TableModel,
  values: Record<string, unknown> | null,
): Record<string, unknown> | null {
  if (!values || !table.fields.some((f) => f.doc.encrypted)) return values;
  const out = { ...values };
  for (const field of table.fields)
    if (field.doc.encrypted && typeof out[field.doc.name] === 'string')
      out[field.doc.name] = table.app.cipher.encrypt(out[field.doc.name] as string);
  return out;
}

export function openValues(
  table: TableModel,
  values: Record<string, unknown> | null,
): Record<string, unknown> | null {
  if (!values) return values;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) out[name] = table.app.cipher.decrypt(value);
  return out;
}
