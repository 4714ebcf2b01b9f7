// The one point where access is decided. Every read and write of records asks this module
// for the rows and fields an actor may touch; the answer is a SQL condition (compiled by the
// same filter compiler as queries) and sets of hidden and read-only fields. Roles combine
// most-permissively; records shared with the user or their team are added on top.
import { Forbidden } from '../errors.ts';
import type { AppModel, FieldModel, TableModel } from '../meta/model.ts';
import { compileFilter } from '../query/filter.ts';
import { ident, type Sql } from '../query/sql.ts';
import type { Filter } from '../schema/index.ts';
import type { RoleDoc, Scope, TablePermission } from '../schema/role.ts';
import type { Actor } from './actor.ts';
import { builtInRoles } from './builtin-roles.ts';

export type Operation = 'read' | 'create' | 'update' | 'delete';

export interface Access {
  /** Rows the actor may see or change, as a condition on the row aliased `r`; null for all rows. */
  rows: Sql | null;
  /**
   * When `rows` is "the roles' scopes OR shared with me": the two on their own, the share clause
   * in a form SQLite looks up by id. Each holds only rows `rows` holds, and together they hold
   * all of them, so a list may take the first page of each and merge (engine/records/query.ts).
   */
  branches?: [scoped: Sql, shared: Sql];
  /** Field names the actor may neither read nor write. */
  hidden: ReadonlySet<string>;
  /** Field names the actor may read but not write. */
  readOnly: ReadonlySet<string>;
  /** The roles that granted anything, for explanations. */
  roles: string[];
}

const everything: Access = { rows: null, hidden: new Set(), readOnly: new Set(), roles: ['admin'] };
const levels = { hidden: 0, read: 1, write: 2 } as const;

/** The roles an actor holds in the table's app: an API token's role alone, else their membership, else the app's default. */
export function rolesOf(actor: Actor, table: TableModel): RoleDoc[] {
  const app = table.app;
  const all = [...builtInRoles(app), ...app.roles];
  const byName = new Map(all.map((r) => [r.name, r]));
  const names = actor.tokenRole
    ? [actor.tokenRole]
    : actor.userId
      ? (app.members.get(actor.userId) ?? app.doc.defaultRoles ?? ['member'])
      : [];
  return names.map((n) => byName.get(n)).filter((r): r is RoleDoc => r !== undefined);
}

function grant(permission: TablePermission | undefined, operation: Operation): true | Scope | undefined {
  if (!permission) return undefined;
  if (operation === 'create') return permission.create ? true : undefined;
  const value = permission[operation];
  if (value === undefined || value === false) return undefined;
  return value === true ? true : (value.scope as Scope);
}

/** Replaces {"$me": "id"|"team"|<user field>} and "$me" in a filter with the actor's values. */
export function bindMe(filter: unknown, me: Record<string, unknown>): unknown {
  if (filter === '$me') return me.id ?? null;
  if (Array.isArray(filter)) return filter.map((f) => bindMe(f, me));
  if (filter && typeof filter === 'object') {
    const entries = Object.entries(filter);
    if (entries.length === 1 && entries[0]![0] === '$me') return me[String(entries[0]![1])] ?? null;
    return Object.fromEntries(entries.map(([k, v]) => [k, bindMe(v, me)]));
  }
  return filter;
}

/** The column the own, team and reports scopes test: the table's owner field, else who created the record. */
export function ownerColumn(table: TableModel): string {
  return table.owner?.column ?? 'created_by';
}

/** Field names a filter tests. */
function filterFields(filter: Filter): string[] {
  if ('and' in filter) return filter.and.flatMap(filterFields);
  if ('or' in filter) return filter.or.flatMap(filterFields);
  if ('not' in filter) return filterFields(filter.not);
  return [filter.field];
}

/** Types whose values are short enough to copy into an index entry. */
const compact = new Set([
  'user',
  'created_by',
  'updated_by',
  'checkbox',
  'single_select',
  'number',
  'currency',
  'percent',
  'rating',
  'date',
  'datetime',
  'email',
  'phone',
  'text',
  'autonumber',
  'created_at',
  'updated_at',
]);

/**
 * The columns a reader's row scope on this table tests: the owner column and the columns of
 * the fields that roles' read filters name (at most four). Sort indexes carry them
 * (engine/meta/indexes.ts), so a scoped list pages along an index and skips the rows the reader
 * may not see from the index entry alone. Links, lists, long text and encrypted fields stay out.
 */
export function scopeColumns(table: TableModel): string[] {
  const named = new Set<string>();
  for (const role of table.app.roles) {
    const read = role.tables[table.doc.name]?.read;
    const scope = typeof read === 'object' ? (read.scope as Scope) : undefined;
    if (typeof scope !== 'object') continue;
    for (const name of filterFields(scope.filter as Filter)) {
      const field = table.byName.get(name) ?? table.byId.get(name);
      if (field?.column && !field.link && !field.doc.encrypted && compact.has(field.doc.type))
        named.add(field.column);
    }
  }
  const owner = ownerColumn(table);
  named.delete(owner);
  return [owner, ...[...named].sort()].slice(0, 4);
}

/** Whether a role reads this table scoped to the reader's own records: its sort indexes then get an owner-first twin. */
export function readsOwn(table: TableModel): boolean {
  return table.app.roles.some((role) => {
    const read = role.tables[table.doc.name]?.read;
    return typeof read === 'object' && read.scope === 'own';
  });
}

const teamBelow = `WITH RECURSIVE below(id) AS (SELECT ? UNION SELECT t.id FROM teams t JOIN below b ON t.parent_id = b.id) SELECT id FROM below`;

export function scopeSql(
  scope: Scope,
  table: TableModel,
  actor: Actor,
  me: Record<string, unknown>,
  now: number,
): Sql {
  const owner = `r.${ident(ownerColumn(table))}`;
  if (scope === 'all') return { text: '1', params: [] };
  if (scope === 'own') return { text: `${owner} = ?`, params: [actor.userId] };
  // `+` keeps the owner-first index (readsOwn) out of team and reports lists: each owner's rows
  // come out of it in sort order, but several owners' do not, and sorting a quarter of the
  // table costs far more than reading along the sort index, which carries the owner anyway.
  if (scope === 'team') {
    if (!actor.teamId) return { text: `${owner} = ?`, params: [actor.userId] };
    return { text: `+${owner} IN (SELECT id FROM users WHERE team_id = ?)`, params: [actor.teamId] };
  }
  if (scope === 'reports') {
    if (!actor.teamId) return { text: `${owner} = ?`, params: [actor.userId] };
    return {
      text: `+${owner} IN (SELECT id FROM users WHERE team_id IN (${teamBelow}))`,
      params: [actor.teamId],
    };
  }
  return compileFilter(bindMe(scope.filter as Filter, me), table, {
    actorId: actor.userId,
    now,
    timeZone: table.app.doc.timeZone ?? 'UTC',
  });
}

/**
 * The records shared with the actor or their team, at the level the operation needs. Beside
 * other scopes it is written `+r.id`: SQLite would otherwise answer "own OR shared" by
 * collecting both sets through two indexes and sorting them all, instead of reading along the
 * sort index; on its own (`byId`) it is looked up by id.
 */
export function sharedSql(table: TableModel, actor: Actor, operation: Operation, byId = false): Sql {
  const level = operation === 'read' ? "('read', 'edit')" : "('edit')";
  // Two lookups, one per index on record_shares, rather than every share of the table.
  const shares = 'SELECT record_id FROM record_shares WHERE table_id = ? AND level IN';
  return {
    text: `${byId ? '' : '+'}r.id IN (${shares} ${level} AND user_id = ? UNION ALL ${shares} ${level} AND team_id = ?)`,
    params: [table.doc.id, actor.userId, table.doc.id, actor.teamId ?? ''],
  };
}

const anyOf = (parts: Sql[]): Sql => ({
  text: `(${parts.map((p) => `(${p.text})`).join(' OR ')})`,
  params: parts.flatMap((p) => p.params),
});

export interface PolicyContext {
  /** The actor's user record (id, team, email, name, …) for $me variables. */
  me: Record<string, unknown>;
  now: number;
}

/**
 * Whether any record of the table is shared with the actor or their team (engine/access/shares.ts).
 * When known to be false the share clause is left out, so a reader scoped to their own records
 * pages along the owner-first index; when unknown it is always there.
 */
export type HasShares = boolean | undefined;

export function accessFor(
  actor: Actor,
  table: TableModel,
  operation: Operation,
  context?: PolicyContext,
  hasShares?: HasShares,
): Access {
  if (actor.tokenTables && !actor.tokenTables.includes(table.doc.id))
    throw new Forbidden('token_scope', `This API token may not use the table '${table.doc.name}'.`);
  if (actor.isAdmin) return everything;
  if (actor.userId === null) throw new Forbidden('forbidden', 'Sign in first.');
  const roles = rolesOf(actor, table);
  const me = context?.me ?? { id: actor.userId, team: actor.teamId ?? null };
  const now = context?.now ?? Date.now();
  const scopes: Sql[] = [];
  const granting: string[] = [];
  let all = false;
  const fieldLevel = new Map<string, number>();
  for (const role of roles) {
    const permission = role.tables[table.doc.name];
    const granted = grant(permission, operation);
    const readable = grant(permission, 'read') !== undefined;
    if (readable) {
      const writable = grant(permission, 'update') !== undefined || permission?.create === true;
      for (const field of table.fields) {
        const level = levels[permission?.fields?.[field.doc.name] ?? (writable ? 'write' : 'read')];
        fieldLevel.set(field.doc.name, Math.max(fieldLevel.get(field.doc.name) ?? 0, level));
      }
    }
    if (granted === undefined) continue;
    granting.push(role.name);
    if (granted === true || granted === 'all') all = true;
    else scopes.push(scopeSql(granted, table, actor, me, now));
  }
  const hidden = new Set<string>();
  const readOnly = new Set<string>();
  for (const field of table.fields) {
    const level = fieldLevel.get(field.doc.name) ?? 0;
    if (level === levels.hidden) hidden.add(field.doc.name);
    else if (level === levels.read) readOnly.add(field.doc.name);
  }
  if (operation === 'create') {
    if (!all) throw new Forbidden('forbidden', `You may not add records to '${table.doc.name}'.`);
    return { rows: null, hidden, readOnly, roles: granting };
  }
  if (all) return { rows: null, hidden, readOnly, roles: granting };
  const sharable = operation === 'read' || operation === 'update';
  const parts =
    sharable && hasShares !== false
      ? [...scopes, sharedSql(table, actor, operation)]
      : sharable && scopes.length === 0
        ? [{ text: '0', params: [] }] // nothing granted, nothing shared: no rows, as the share clause would say
        : scopes;
  if (parts.length === 0)
    throw new Forbidden('forbidden', `You may not ${operation} records of '${table.doc.name}'.`);
  const split = sharable && hasShares !== false && scopes.length > 0;
  return {
    rows: anyOf(parts),
    ...(split ? { branches: [anyOf(scopes), sharedSql(table, actor, operation, true)] } : {}),
    hidden,
    readOnly,
    roles: granting,
  };
}

/** Fields a reader may see, given the access answer. */
export function visibleFields(table: TableModel, access: Access): FieldModel[] {
  return access.hidden.size ? table.fields.filter((f) => !access.hidden.has(f.doc.name)) : table.fields;
}

/** Whether the actor may change the app's design: tables, fields, workflows, roles. */
export function canDesign(actor: Actor, app: AppModel): boolean {
  if (actor.tokenTables) return false;
  if (actor.isAdmin) return true;
  if (!actor.userId || actor.tokenRole) return false;
  const names = app.members.get(actor.userId) ?? app.doc.defaultRoles ?? ['member'];
  return names.includes('admin') || app.roles.some((r) => r.canDesign === true && names.includes(r.name));
}

export function assertCanDesign(actor: Actor, app: AppModel): void {
  if (!canDesign(actor, app))
    throw new Forbidden(
      'forbidden',
      `Only the designers of '${app.doc.name}' may change its tables, fields, workflows and roles.`,
    );
}
