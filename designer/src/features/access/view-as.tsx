// Starting and stopping "view as", and the banner that says it is on.
import { useQueryClient } from '@tanstack/react-query';
import { useLocation } from 'wouter';
import { useMembers, useRoles, useUsers } from '../../api/queries.ts';
import type { App } from '../../api/types.ts';
import { setViewAs, useViewAs, type ViewAs } from '../../api/view-as.ts';
import { useI18n } from '../../i18n/index.tsx';
import { paths } from '../../lib/paths.ts';
import { Button } from '../../ui/button.tsx';
import { Icon } from '../../ui/icons.tsx';
import { maskApp, rolesOfMember } from './role-mask.ts';

export function useStartViewAs() {
  const client = useQueryClient();
  const [, navigate] = useLocation();
  return (target: ViewAs) => {
    setViewAs(target);
    // Everything on screen was read as oneself: read it again as them.
    void client.resetQueries();
    navigate(paths.app(target.app));
  };
}

export function ViewAsBanner() {
  const { t } = useI18n();
  const viewAs = useViewAs();
  const client = useQueryClient();
  if (!viewAs) return null;
  return (
    <div className="view-as-banner" role="status">
      <Icon name="eye" />
      <span className="grow">
        {t(viewAs.kind === 'role' ? 'access.viewAs.bannerRole' : 'access.viewAs.bannerUser', {
          name: viewAs.label,
        })}
      </span>
      <Button
        size="sm"
        onClick={() => {
          setViewAs(null);
          void client.resetQueries();
        }}
      >
        {t('access.viewAs.stop')}
      </Button>
    </div>
  );
}

/**
 * The app as the person or role being viewed as sees it (tables and fields they cannot see left
 * out); undefined while what they may see is still loading.
 */
export function useViewedApp(app: App | undefined): App | undefined {
  const viewAs = useViewAs();
  const users = useUsers();
  const active = Boolean(app && viewAs && viewAs.app === app.name);
  const roles = useRoles(app?.name ?? '-', active);
  const members = useMembers(app?.name ?? '-', active && viewAs?.kind === 'user');
  if (!app || !viewAs || !active) return app;
  if (!roles.data) return undefined;
  let names: string[];
  if (viewAs.kind === 'role') names = [viewAs.id];
  else {
    if (!members.data || !users.data) return undefined;
    names = rolesOfMember(app, members.data.items, viewAs.id);
  }
  // Workspace administrators see everything; nothing to hide.
  if (viewAs.kind === 'user' && users.data?.items.find((u) => u.id === viewAs.id)?.isAdmin) return app;
  return maskApp(
    app,
    roles.data.items.filter((r) => names.includes(r.name)),
  );
}
