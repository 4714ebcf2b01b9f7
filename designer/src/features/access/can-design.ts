// Whether the signed-in user may design an app (change its tables, workflows and roles):
// workspace administrators, and members holding a role that allows it (the built-in admin).
import { useMe, useMembers, useRoles } from '../../api/queries.ts';
import type { App } from '../../api/types.ts';

export function useCanDesign(app: App): boolean {
  const me = useMe();
  const isAdmin = Boolean(me.data?.isAdmin);
  const members = useMembers(app.name, Boolean(me.data) && !isAdmin);
  const roles = useRoles(app.name, Boolean(me.data) && !isAdmin);
  if (isAdmin) return true;
  const mine = members.data?.items.find((m) => m.user === me.data?.id)?.roles ??
    app.defaultRoles ?? ['member'];
  return (roles.data?.items ?? []).some((role) => role.canDesign && mine.includes(role.name));
}
