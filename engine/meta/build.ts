// Builds the in-memory model of one app from its stored metadata documents: resolves
// field types, SQL names and where each link keeps its relation.

import type { Cipher } from '../crypto/cipher.ts';
import { fieldTypes } from '../fields/index.ts';
import { options } from '../fields/shared.ts';
import { columnName, tableName } from '../query/sql.ts';
import type { AppDoc, FieldDoc, TableDoc, ViewDoc } from '../schema/index.ts';
import type { RoleDoc } from '../schema/role.ts';
import type { WorkflowDoc } from '../schema/workflow.ts';
import type { AppModel, FieldModel, LinkStorage, TableModel } from './model.ts';

export interface StoredObject<D> {
  doc: D;
  parentId: string;
  position: number;
}

export interface AppDocs {
  app: AppDoc;
  tables: StoredObject<TableDoc>[];
  fields: StoredObject<FieldDoc>[];
  views: StoredObject<ViewDoc>[];
  workflows?: StoredObject<WorkflowDoc>[];
  roles?: StoredObject<RoleDoc>[];
  members?: StoredObject<MemberDoc>[];
}

export interface MemberDoc {
  id: string;
  /** The user's id. */
  name: string;
  roles: string[];
}

interface LinkOptions {
  table: string;
  many?: boolean;
  inverse?: string;
}

export function searchIndexName(tableId: string): string {
  return `f_${tableId.slice(4)}`;
}

export function junctionName(fieldId: string): string {
  return `j_${fieldId.slice(4)}`;
}

/** Where a link and its inverse keep their relation; both sides derive the same answer. */
export function linkStorage(
  field: FieldModel,
  inverse: FieldModel | undefined,
  target: TableModel,
): LinkStorage {
  const many = options<LinkOptions>(field).many ?? false;
  const inverseMany = inverse ? (options<LinkOptions>(inverse).many ?? false) : true;
  // The side whose id sorts first owns shared storage, so both sides agree without storing it.
  const selfFirst = !inverse || field.doc.id < inverse.doc.id;
  if (!many && (inverseMany || selfFirst))
    return { kind: 'column', on: 'self', table: field.table.sql, column: columnName(field.doc.id) };
  if (!inverseMany && inverse)
    return { kind: 'column', on: 'other', table: target.sql, column: columnName(inverse.doc.id) };
  const owner = selfFirst ? field : inverse!;
  return {
    kind: 'junction',
    table: junctionName(owner.doc.id),
    selfColumn: selfFirst ? 'a' : 'b',
    otherColumn: selfFirst ? 'b' : 'a',
  };
}

export function buildApp(docs: AppDocs, cipher: Cipher): AppModel {
  const workflows = [...(docs.workflows ?? [])].sort((a, b) => a.position - b.position).map((w) => w.doc);
  const roles = [...(docs.roles ?? [])].sort((a, b) => a.position - b.position).map((r) => r.doc);
  const members = new Map((docs.members ?? []).map((m) => [m.doc.name, m.doc.roles]));
  const app: AppModel = {
    doc: docs.app,
    tables: [],
    tablesByName: new Map(),
    workflows,
    roles,
    members,
    cipher,
  };
  const tablesById = new Map<string, TableModel>();
  for (const stored of [...docs.tables].sort((a, b) => a.position - b.position)) {
    const table: TableModel = {
      doc: stored.doc,
      app,
      position: stored.position,
      sql: tableName(stored.doc.id),
      fts: searchIndexName(stored.doc.id),
      fields: [],
      byName: new Map(),
      byId: new Map(),
      views: [],
      primary: undefined,
      owner: undefined,
    };
    app.tables.push(table);
    app.tablesByName.set(table.doc.name, table);
    tablesById.set(table.doc.id, table);
  }
  for (const stored of [...docs.fields].sort((a, b) => a.position - b.position)) {
    const table = tablesById.get(stored.parentId);
    if (!table) continue;
    const type = fieldTypes[stored.doc.type];
    const column =
      type.storage === 'system'
        ? (type.systemColumn ?? null)
        : type.storage === 'link'
          ? null
          : columnName(stored.doc.id);
    const field: FieldModel = { doc: stored.doc, type, table, column };
    table.fields.push(field);
    table.byName.set(field.doc.name, field);
    table.byId.set(field.doc.id, field);
  }
  for (const stored of [...docs.views].sort((a, b) => a.position - b.position)) {
    tablesById.get(stored.parentId)?.views.push(stored.doc);
  }
  for (const table of app.tables) {
    for (const field of table.fields) {
      if (field.type.storage !== 'link') continue;
      const linkOptions = options<LinkOptions>(field);
      const target = app.tablesByName.get(linkOptions.table);
      if (!target) continue;
      const inverse = linkOptions.inverse ? target.byName.get(linkOptions.inverse) : undefined;
      const storage = linkStorage(field, inverse, target);
      field.link = { target, many: linkOptions.many ?? false, inverse, storage };
      if (storage.kind === 'column' && storage.on === 'self') field.column = storage.column;
    }
    const primaryName = table.doc.primaryField;
    table.primary =
      (primaryName ? table.byName.get(primaryName) : undefined) ??
      table.fields.find((f) => f.type.storage === 'column' && f.type.searchable && f.column !== null);
    const ownerName = table.doc.ownerField ?? 'owner';
    const owner = table.byName.get(ownerName);
    table.owner = owner && (owner.doc.type === 'user' || owner.doc.type === 'created_by') ? owner : undefined;
  }
  return app;
}
