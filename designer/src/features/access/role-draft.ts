// A role's permissions as the role editor changes them: scopes per operation, create, field
// levels — keeping the document minimal (a table that grants nothing is left out). Pure.
import type { FieldDoc, RoleDoc, TablePermission } from '../../api/types.ts';
import { isEditable } from '../../fields/registry.tsx';

export type ScopeChoice = 'none' | 'all' | 'own' | 'team' | 'reports' | 'custom';
export type Operation = 'read' | 'update' | 'delete';
export type FieldLevel = 'write' | 'read' | 'hidden';

export const scopeChoices: ScopeChoice[] = ['none', 'all', 'own', 'team', 'reports', 'custom'];

export function scopeOf(permission: TablePermission | undefined, operation: Operation): ScopeChoice {
  const value = permission?.[operation];
  if (value === undefined || value === false) return 'none';
  if (value === true) return 'all';
  const scope = value.scope;
  return typeof scope === 'string' ? (scope as ScopeChoice) : 'custom';
}

export function filterOf(permission: TablePermission | undefined, operation: Operation): unknown {
  const value = permission?.[operation];
  const scope = typeof value === 'object' ? (value.scope as unknown) : undefined;
  return typeof scope === 'object' && scope !== null ? (scope as { filter: unknown }).filter : undefined;
}

function clean(permission: TablePermission): TablePermission | undefined {
  const next: TablePermission = { ...permission };
  if (next.fields && Object.keys(next.fields).length === 0) delete next.fields;
  if (next.create === false) delete next.create;
  return Object.keys(next).length ? next : undefined;
}

function withTable(role: RoleDoc, table: string, permission: TablePermission | undefined): RoleDoc {
  const tables = { ...role.tables };
  const cleaned = permission ? clean(permission) : undefined;
  if (cleaned) tables[table] = cleaned;
  else delete tables[table];
  return { ...role, tables };
}

export function setScope(
  role: RoleDoc,
  table: string,
  operation: Operation,
  choice: ScopeChoice,
  filter?: unknown,
): RoleDoc {
  const permission: TablePermission = { ...(role.tables[table] ?? {}) };
  if (choice === 'none') delete permission[operation];
  else if (choice === 'all') permission[operation] = true;
  else if (choice === 'custom')
    // The schema's type cannot spell a filter scope (it is a $ref); the server checks it.
    permission[operation] = { scope: { filter: filter ?? { and: [] } } } as unknown as NonNullable<
      TablePermission['read']
    >;
  else permission[operation] = { scope: choice };
  return withTable(role, table, permission);
}

export function setCreate(role: RoleDoc, table: string, create: boolean): RoleDoc {
  return withTable(role, table, { ...(role.tables[table] ?? {}), create });
}

/** What a field is without a setting of its own: writable where the role may change records. */
export function defaultLevel(permission: TablePermission | undefined, field: FieldDoc): FieldLevel {
  const writable =
    (permission?.update !== undefined && permission.update !== false) || permission?.create === true;
  return writable && isEditable(field) ? 'write' : 'read';
}

export function levelOf(permission: TablePermission | undefined, field: FieldDoc): FieldLevel {
  return (permission?.fields?.[field.name] as FieldLevel | undefined) ?? defaultLevel(permission, field);
}

export function setFieldLevel(role: RoleDoc, table: string, field: FieldDoc, level: FieldLevel): RoleDoc {
  const permission: TablePermission = { ...(role.tables[table] ?? {}) };
  const fields = { ...(permission.fields ?? {}) };
  if (level === defaultLevel(permission, field)) delete fields[field.name];
  else fields[field.name] = level;
  permission.fields = fields;
  return withTable(role, table, permission);
}

/** Errors the server gave, by table ("tables.leads.read.scope.filter…" → leads). */
export function errorsByTable(
  details: { field?: string | undefined; message: string }[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const detail of details) {
    const match = detail.field?.match(/^tables\.([^.]+)/);
    if (match?.[1]) out[match[1]] = out[match[1]] ? `${out[match[1]]} ${detail.message}` : detail.message;
  }
  return out;
}
