// Metadata as the API shows it: apps with their tables, tables with their fields and views.
import type { AppModel, TableModel } from '../engine/index.ts';

export function tableJson(table: TableModel) {
  return {
    ...table.doc,
    primaryField: table.primary?.doc.name ?? null,
    fields: table.fields.map((f) => f.doc),
    views: table.views,
  };
}

export function appJson(app: AppModel, withTables = true) {
  return withTables
    ? { ...app.doc, tables: app.tables.map(tableJson) }
    : { ...app.doc, tables: app.tables.map((t) => ({ id: t.doc.id, name: t.doc.name, label: t.doc.label })) };
}
