// An app's people and the roles they hold in it: change them, go back to the app's default
// roles, or see the app exactly as one of them sees it.
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link } from 'wouter';
import { ApiError } from '../../api/client.ts';
import { api } from '../../api/endpoints.ts';
import { keys, useMembers, useRoles, useTeams, useUsers } from '../../api/queries.ts';
import type { App, User } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Button } from '../../ui/button.tsx';
import { ErrorBanner } from '../../ui/form-controls.tsx';
import { Icon } from '../../ui/icons.tsx';
import { Avatar, Spinner } from '../../ui/misc.tsx';
import { Popover } from '../../ui/popover.tsx';
import { useToast } from '../../ui/toast.tsx';
import { rolesOfMember } from './role-mask.ts';
import { useStartViewAs } from './view-as.tsx';

function RolesEditor({
  app,
  user,
  current,
  explicit,
}: {
  app: App;
  user: User;
  current: string[];
  explicit: boolean;
}) {
  const { t, label } = useI18n();
  const client = useQueryClient();
  const toast = useToast();
  const roles = useRoles(app.name);
  const anchor = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState<string[]>(current);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const name = user.name || user.email;
  const save = async (next: string[] | null) => {
    setBusy(true);
    setError(undefined);
    try {
      if (next === null) await api.members.remove(app.name, user.id);
      else await api.members.set(app.name, user.id, next);
      await client.invalidateQueries({ queryKey: keys.members(app.name) });
      toast.show(t('access.members.saved', { name }), 'success');
      setOpen(false);
    } catch (err) {
      setError(err instanceof ApiError ? (err.forField('roles') ?? err.message) : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button
        ref={anchor}
        size="sm"
        icon="edit"
        aria-haspopup="dialog"
        onClick={() => {
          setChosen(current);
          setError(undefined);
          setOpen(true);
        }}
      >
        {t('access.members.editRoles')}
      </Button>
      <Popover
        anchor={anchor}
        open={open}
        onClose={() => setOpen(false)}
        align="end"
        label={t('access.members.rolesOf', { name })}
      >
        <div className="popover-section roles-popover">
          <div className="popover-title">{t('access.members.rolesOf', { name })}</div>
          <ErrorBanner>{error}</ErrorBanner>
          {roles.data?.items.map((role) => (
            <label key={role.name} className="field-toggle">
              <input
                type="checkbox"
                className="checkbox"
                checked={chosen.includes(role.name)}
                onChange={(e) =>
                  setChosen(e.target.checked ? [...chosen, role.name] : chosen.filter((r) => r !== role.name))
                }
              />
              <span>{label(role.label)}</span>
            </label>
          ))}
          <div className="row popover-actions">
            {explicit ? (
              <Button size="sm" variant="ghost" disabled={busy} onClick={() => void save(null)}>
                {t('access.members.useDefault')}
              </Button>
            ) : null}
            <span className="spacer" />
            <Button size="sm" variant="primary" busy={busy} onClick={() => void save(chosen)}>
              {t('common.save')}
            </Button>
          </div>
        </div>
      </Popover>
    </>
  );
}

export default function MembersPage({ app }: { app: App }) {
  const { t, label } = useI18n();
  const users = useUsers();
  const teams = useTeams();
  const members = useMembers(app.name);
  const roles = useRoles(app.name);
  const startViewAs = useStartViewAs();
  const [q, setQ] = useState('');
  if (users.isLoading || members.isLoading) return <Spinner label={t('common.loading')} />;
  const list = (users.data?.items ?? []).filter(
    (u) => !q || `${u.name} ${u.email}`.toLowerCase().includes(q.toLowerCase()),
  );
  const roleLabel = (name: string) => label(roles.data?.items.find((r) => r.name === name)?.label) || name;
  return (
    <div className="admin-page">
      <div className="admin-inner wide">
        <div className="home-head">
          <div>
            <h1>{t('access.members.title')}</h1>
            <p>{t('access.members.subtitle')}</p>
          </div>
          <div className="row">
            <input
              className="input"
              type="search"
              placeholder={t('common.search')}
              aria-label={t('common.search')}
              value={q}
              onChange={(e) => setQ(e.target.value)}
            />
            <Link href="/roles" className="btn btn-secondary">
              <Icon name="shield" />
              {t('shell.roles')}
            </Link>
          </div>
        </div>
        <div className="table-card">
          <table className="data-table" aria-label={t('access.members.title')}>
            <thead>
              <tr>
                <th>{t('access.members.person')}</th>
                <th>{t('access.members.team')}</th>
                <th>{t('access.members.roles')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.map((user) => {
                const items = members.data?.items ?? [];
                const explicit = items.some((m) => m.user === user.id);
                const held = rolesOfMember(app, items, user.id);
                const team = teams.data?.items.find((x) => x.id === user.team);
                return (
                  <tr key={user.id} className={user.active ? '' : 'inactive'}>
                    <td>
                      <span className="person">
                        <Avatar name={user.name || user.email} size={28} />
                        <span>
                          <strong>{user.name || user.email}</strong>
                          <span className="muted small">{user.email}</span>
                        </span>
                      </span>
                    </td>
                    <td>{team ? label(team.label) : <span className="muted">—</span>}</td>
                    <td>
                      {user.isAdmin ? (
                        <span className="pill pill-indigo">{t('access.members.workspaceAdmin')}</span>
                      ) : (
                        <span className="chips">
                          {held.map((r) => (
                            <span key={r} className={`pill ${explicit ? 'pill-blue' : 'pill-gray'}`}>
                              {roleLabel(r)}
                            </span>
                          ))}
                          {!explicit ? (
                            <span className="muted small">{t('access.members.default')}</span>
                          ) : null}
                        </span>
                      )}
                    </td>
                    <td className="actions-cell">
                      <Button
                        size="sm"
                        variant="ghost"
                        icon="eye"
                        onClick={() =>
                          startViewAs({
                            kind: 'user',
                            id: user.id,
                            app: app.name,
                            label: user.name || user.email,
                          })
                        }
                      >
                        {t('access.viewAs.user')}
                      </Button>
                      {!user.isAdmin ? (
                        <RolesEditor
                          key={held.join(',')}
                          app={app}
                          user={user}
                          current={held}
                          explicit={explicit}
                        />
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </div>
    </div>
  );
}
