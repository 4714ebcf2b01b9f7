// What a set of roles lets someone see of a table, as the engine decides it (engine/access/
// policy.ts): a table no role may read is invisible; a field is hidden unless some role that
// reads the table shows it. Used to show an app "as" a user or role — the server enforces the
// same on every request; this only keeps the screens from offering what is not there.
import type { App, RoleDoc, Table, TablePermission } from '../../api/types.ts';

type Operation = 'create' | 'read' | 'update' | 'delete';
const levels = { hidden: 0, read: 1, write: 2 } as const;

function grants(permission: TablePermission | undefined, operation: Operation): boolean {
  if (!permission) return false;
  if (operation === 'create') return permission.create === true;
  const value = permission[operation];
  return value !== undefined && value !== false;
}

export interface TableMask {
  visible: boolean;
  hidden: Set<string>;
  readOnly: Set<string>;
}

export function tableMask(roles: RoleDoc[], table: Pick<Table, 'name' | 'fields'>): TableMask {
  const level = new Map<string, number>();
  let visible = false;
  for (const role of roles) {
    const permission = role.tables[table.name];
    if (!grants(permission, 'read')) continue;
    visible = true;
    const writable = grants(permission, 'update') || permission?.create === true;
    for (const field of table.fields) {
      const given = permission?.fields?.[field.name] ?? (writable ? 'write' : 'read');
      level.set(field.name, Math.max(level.get(field.name) ?? 0, levels[given]));
    }
  }
  const hidden = new Set<string>();
  const readOnly = new Set<string>();
  for (const field of table.fields) {
    const l = level.get(field.name) ?? 0;
    if (l === levels.hidden) hidden.add(field.name);
    else if (l === levels.read) readOnly.add(field.name);
  }
  return { visible, hidden, readOnly };
}

/** The app as these roles see it: invisible tables and hidden fields left out. */
export function maskApp(app: App, roles: RoleDoc[]): App {
  return {
    ...app,
    tables: app.tables.flatMap((table) => {
      const mask = tableMask(roles, table);
      if (!mask.visible) return [];
      return [{ ...table, fields: table.fields.filter((f) => !mask.hidden.has(f.name)) }];
    }),
  };
}

/** The roles a member holds in an app (the app's default ones when none were given). */
export function rolesOfMember(
  app: Pick<App, 'defaultRoles'>,
  members: { user: string; roles: string[] }[],
  user: string,
): string[] {
  return members.find((m) => m.user === user)?.roles ?? app.defaultRoles ?? ['member'];
}
