// CSV export: pages through the records with a keyset cursor and writes each page as it
// comes, so a million rows never sit in memory. Values use each field type's text form.
import { stringify } from 'csv-stringify/sync';
import { type Actor, type Engine, type ListQuery, labelText, resolveType } from '../../engine/index.ts';
import { guardCell } from './formula-guard.ts';

export interface ExportOptions extends Omit<ListQuery, 'limit' | 'cursor'> {
  /** Header row: field API names (default) or labels in a language. */
  header?: 'names' | 'labels';
  lang?: string;
  /**
   * For Excel: start with a UTF-8 byte order mark, so Chinese text opens correctly, and quote
   * text that a spreadsheet would run as a formula.
   */
  bom?: boolean;
}

export async function* exportCsv(
  engine: Engine,
  actor: Actor,
  appRef: string,
  tableRef: string,
  options: ExportOptions = {},
): AsyncGenerator<string> {
  const wanted = options.fields ? new Set(options.fields) : undefined;
  // Only the fields this reader may see; lookups they may see partly come computed for them.
  const fields = engine.query
    .visibleFields(actor, appRef, tableRef)
    .filter((f) => !wanted || wanted.has(f.doc.name));
  if (options.bom) yield '\uFEFF';
  const header = [
    'id',
    ...fields.map((f) => (options.header === 'labels' ? labelText(f.doc.label, options.lang) : f.doc.name)),
  ];
  yield stringify([header]);
  let cursor: string | undefined;
  do {
    const { fields: _ignored, ...rest } = options;
    const page = engine.query.list(actor, appRef, tableRef, {
      ...rest,
      ...(options.fields ? { fields: options.fields } : {}),
      limit: 1000,
      ...(cursor ? { cursor } : {}),
    });
    const rows = page.items.map((record) => [
      record.id,
      ...fields.map((field) => {
        const { type, field: resolved } = resolveType(field);
        return guardCell(type.toText(record.fields[field.doc.name], resolved), options.bom ?? false);
      }),
    ]);
    if (rows.length) yield stringify(rows);
    cursor = page.nextCursor ?? undefined;
    // Let other requests run between pages of a long export.
    await new Promise((resolve) => setImmediate(resolve));
  } while (cursor);
}
