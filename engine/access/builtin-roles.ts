// The roles every app has without defining any: admin, manager, member and viewer. They
// cover every table of the app, so new tables are covered too.
import type { AppModel } from '../meta/model.ts';
import type { RoleDoc, TablePermission } from '../schema/role.ts';

type Shape = { label: Record<string, string>; permission: TablePermission; canDesign?: boolean };

const shapes: Record<'admin' | 'manager' | 'member' | 'viewer', Shape> = {
  admin: {
    label: { en: 'Admin', 'zh-CN': '管理员' },
    permission: { create: true, read: true, update: true, delete: true },
    canDesign: true,
  },
  manager: {
    label: { en: 'Manager', 'zh-CN': '经理' },
    permission: {
      create: true,
      read: { scope: 'reports' },
      update: { scope: 'reports' },
      delete: { scope: 'reports' },
    },
  },
  member: {
    label: { en: 'Member', 'zh-CN': '成员' },
    permission: { create: true, read: true, update: { scope: 'own' }, delete: { scope: 'own' } },
  },
  viewer: {
    label: { en: 'Viewer', 'zh-CN': '只读' },
    permission: { read: true },
  },
};

export const builtInRoleNames = Object.keys(shapes);

export function builtInRoles(app: AppModel): RoleDoc[] {
  return Object.entries(shapes).map(([name, shape]) => ({
    id: `builtin_${name}`,
    name,
    label: shape.label,
    tables: Object.fromEntries(app.tables.map((t) => [t.doc.name, shape.permission])),
    ...(shape.canDesign ? { canDesign: true } : {}),
  }));
}
