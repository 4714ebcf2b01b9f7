// People and teams (administrators): each person's team and manager — which decide team scopes
// and approvals — administrator rights and whether the account is active; teams in a hierarchy.
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { api } from '../../api/endpoints.ts';
import { keys, useMe, useTeams, useUsers } from '../../api/queries.ts';
import type { Team, User } from '../../api/types.ts';
import { withLabelText } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { uniqueApiName } from '../../lib/names.ts';
import { Button, IconButton } from '../../ui/button.tsx';
import { Dialog } from '../../ui/dialog.tsx';
import { ErrorBanner, SelectField, TextField } from '../../ui/form-controls.tsx';
import { Icon } from '../../ui/icons.tsx';
import { Avatar, EmptyState, Spinner } from '../../ui/misc.tsx';
import { ConfirmDialog } from '../../ui/prompt.tsx';
import { Switch } from '../../ui/switch.tsx';
import { useToast } from '../../ui/toast.tsx';

/** Teams in hierarchy order, each with its depth. */
export function teamTree(teams: Team[]): { team: Team; depth: number }[] {
  const out: { team: Team; depth: number }[] = [];
  const ids = new Set(teams.map((t) => t.id));
  const visit = (parent: string | null, depth: number) => {
    for (const team of teams.filter((t) => (t.parent && ids.has(t.parent) ? t.parent : null) === parent)) {
      out.push({ team, depth });
      if (depth < 20) visit(team.id, depth + 1);
    }
  };
  visit(null, 0);
  return out;
}

function useUpdateUser() {
  const client = useQueryClient();
  const toast = useToast();
  return async (user: User, patch: Record<string, unknown>) => {
    client.setQueryData<{ items: User[] }>(keys.users, (data) =>
      data ? { items: data.items.map((u) => (u.id === user.id ? ({ ...u, ...patch } as User) : u)) } : data,
    );
    try {
      await api.users.update(user.id, patch);
    } catch (error) {
      toast.show((error as Error).message, 'error');
    }
    void client.invalidateQueries({ queryKey: keys.users });
  };
}

function NewPersonDialog({ onClose, teams, users }: { onClose(): void; teams: Team[]; users: User[] }) {
  const { t, label } = useI18n();
  const client = useQueryClient();
  const [form, setForm] = useState({ name: '', email: '', password: '', team: '', manager: '' });
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api.users.create({
        name: form.name.trim(),
        email: form.email.trim(),
        ...(form.password ? { password: form.password } : {}),
        ...(form.team ? { team: form.team } : {}),
        ...(form.manager ? { manager: form.manager } : {}),
      });
      void client.invalidateQueries({ queryKey: keys.users });
      onClose();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'error', String(err)));
    } finally {
      setBusy(false);
    }
  };
  const named = ['name', 'email', 'password', 'team', 'manager'].some((f) => error?.forField(f));
  return (
    <Dialog
      open
      onClose={onClose}
      title={t('people.newPerson')}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" form="new-person" variant="primary" busy={busy} disabled={!form.email.trim()}>
            {t('common.create')}
          </Button>
        </>
      }
    >
      <form id="new-person" onSubmit={submit}>
        <ErrorBanner>{error && !named ? error.message : null}</ErrorBanner>
        <TextField
          label={t('people.name')}
          value={form.name}
          error={error?.forField('name')}
          onChange={set('name')}
          autoFocus
        />
        <TextField
          label={t('auth.email')}
          type="email"
          required
          value={form.email}
          error={error?.forField('email')}
          onChange={set('email')}
        />
        <TextField
          label={t('people.password')}
          type="password"
          autoComplete="new-password"
          help={t('people.passwordHelp')}
          value={form.password}
          error={error?.forField('password')}
          onChange={set('password')}
        />
        <div className="two-col">
          <SelectField
            label={t('people.team')}
            value={form.team}
            error={error?.forField('team')}
            onChange={set('team')}
          >
            <option value="">{t('common.none')}</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {label(team.label)}
              </option>
            ))}
          </SelectField>
          <SelectField
            label={t('people.manager')}
            value={form.manager}
            error={error?.forField('manager')}
            onChange={set('manager')}
          >
            <option value="">{t('common.none')}</option>
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name || u.email}
              </option>
            ))}
          </SelectField>
        </div>
      </form>
    </Dialog>
  );
}

function TeamDialog({ team, teams, onClose }: { team?: Team; teams: Team[]; onClose(): void }) {
  const { t, label, locale } = useI18n();
  const client = useQueryClient();
  const [text, setText] = useState(team ? label(team.label) : '');
  const [parent, setParent] = useState(team?.parent ?? '');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  // A team cannot sit below itself or one of its own sub-teams.
  const below = new Set<string>();
  if (team) {
    const walk = (id: string) => {
      below.add(id);
      for (const child of teams.filter((x) => x.parent === id)) walk(child.id);
    };
    walk(team.id);
  }
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      if (team)
        await api.teams.update(team.name, {
          label: withLabelText(team.label, locale, text.trim()),
          parent: parent || null,
        });
      else
        await api.teams.create({
          name: uniqueApiName(
            text,
            teams.map((x) => x.name),
            'team',
          ),
          label: withLabelText(undefined, locale, text.trim()),
          ...(parent ? { parent } : {}),
        });
      void client.invalidateQueries({ queryKey: keys.teams });
      onClose();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'error', String(err)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open
      onClose={onClose}
      title={team ? t('people.editTeam') : t('people.newTeam')}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" form="team-form" variant="primary" busy={busy} disabled={!text.trim()}>
            {team ? t('common.save') : t('common.create')}
          </Button>
        </>
      }
    >
      <form id="team-form" onSubmit={submit}>
        <ErrorBanner>
          {error && !error.forField('label') && !error.forField('parent') ? error.message : null}
        </ErrorBanner>
        <TextField
          label={t('people.teamName')}
          autoFocus
          value={text}
          error={error?.forField('label') ?? error?.forField('name')}
          onChange={(e) => setText(e.target.value)}
        />
        <SelectField
          label={t('people.parentTeam')}
          help={t('people.parentHelp')}
          value={parent}
          error={error?.forField('parent')}
          onChange={(e) => setParent(e.target.value)}
        >
          <option value="">{t('people.topLevel')}</option>
          {teamTree(teams)
            .filter(({ team: x }) => !below.has(x.id))
            .map(({ team: x, depth }) => (
              <option key={x.id} value={x.id}>
                {`${'\u2003'.repeat(depth)}${label(x.label)}`}
              </option>
            ))}
        </SelectField>
      </form>
    </Dialog>
  );
}

export default function PeoplePage() {
  const { t, label } = useI18n();
  const me = useMe();
  const users = useUsers();
  const teams = useTeams();
  const client = useQueryClient();
  const update = useUpdateUser();
  const [adding, setAdding] = useState(false);
  const [team, setTeam] = useState<Team | 'new'>();
  const [deleting, setDeleting] = useState<Team>();
  const [q, setQ] = useState('');
  if (!me.data?.isAdmin)
    return (
      <main className="page" id="main">
        <EmptyState icon="lock" title={t('people.adminsOnly')} />
      </main>
    );
  if (users.isLoading || teams.isLoading) return <Spinner label={t('common.loading')} />;
  const allUsers = users.data?.items ?? [];
  const allTeams = teams.data?.items ?? [];
  const list = allUsers.filter((u) => !q || `${u.name} ${u.email}`.toLowerCase().includes(q.toLowerCase()));
  return (
    <main className="page" id="main">
      <div className="page-inner">
        <div className="home-head">
          <div>
            <h1>{t('people.title')}</h1>
            <p>{t('people.subtitle')}</p>
          </div>
          <Button variant="primary" icon="plus" onClick={() => setAdding(true)}>
            {t('people.newPerson')}
          </Button>
        </div>
        <div className="people-layout">
          <section aria-labelledby="people-list">
            <div className="section-bar">
              <h2 id="people-list" className="section-title">
                <Icon name="users" />
                {t('people.people', { n: allUsers.length })}
              </h2>
              <input
                className="input input-sm w-auto"
                type="search"
                placeholder={t('common.search')}
                aria-label={t('common.search')}
                value={q}
                onChange={(e) => setQ(e.target.value)}
              />
            </div>
            <div className="table-card">
              <table className="data-table" aria-label={t('people.title')}>
                <thead>
                  <tr>
                    <th>{t('people.person')}</th>
                    <th>{t('people.team')}</th>
                    <th>{t('people.manager')}</th>
                    <th>{t('people.admin')}</th>
                    <th>{t('people.active')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((user) => {
                    const name = user.name || user.email;
                    return (
                      <tr key={user.id} className={user.active ? '' : 'inactive'}>
                        <td>
                          <span className="person">
                            <Avatar name={name} size={28} />
                            <span>
                              <strong>{name}</strong>
                              <span className="muted small">{user.email}</span>
                            </span>
                          </span>
                        </td>
                        <td>
                          <select
                            className="input input-sm select"
                            aria-label={t('people.teamOf', { name })}
                            value={user.team ?? ''}
                            onChange={(e) => void update(user, { team: e.target.value || null })}
                          >
                            <option value="">—</option>
                            {teamTree(allTeams).map(({ team: x, depth }) => (
                              <option key={x.id} value={x.id}>
                                {`${'\u2003'.repeat(depth)}${label(x.label)}`}
                              </option>
                            ))}
                          </select>
                        </td>
                        <td>
                          <select
                            className="input input-sm select"
                            aria-label={t('people.managerOf', { name })}
                            value={user.manager ?? ''}
                            onChange={(e) => void update(user, { manager: e.target.value || null })}
                          >
                            <option value="">—</option>
                            {allUsers
                              .filter((u) => u.id !== user.id)
                              .map((u) => (
                                <option key={u.id} value={u.id}>
                                  {u.name || u.email}
                                </option>
                              ))}
                          </select>
                        </td>
                        <td className="center">
                          <input
                            type="checkbox"
                            className="checkbox"
                            aria-label={t('people.adminOf', { name })}
                            checked={user.isAdmin}
                            onChange={(e) => void update(user, { isAdmin: e.target.checked })}
                          />
                        </td>
                        <td>
                          <Switch
                            checked={user.active}
                            label={t('people.activeOf', { name })}
                            disabled={user.id === me.data?.id}
                            onChange={(active) => void update(user, { active })}
                          />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <p className="form-help">{t('people.deactivateHelp')}</p>
          </section>
          <section aria-labelledby="team-list">
            <div className="section-bar">
              <h2 id="team-list" className="section-title">
                <Icon name="list" />
                {t('people.teams')}
              </h2>
              <Button size="sm" icon="plus" onClick={() => setTeam('new')}>
                {t('people.newTeam')}
              </Button>
            </div>
            <ul className="team-tree card">
              {teamTree(allTeams).map(({ team: x, depth }) => (
                <li key={x.id} style={{ paddingLeft: 12 + depth * 20 }}>
                  {depth ? <span className="tree-elbow" aria-hidden="true" /> : null}
                  <span className="grow">
                    <strong>{label(x.label)}</strong>{' '}
                    <span className="muted small">
                      {t('people.nMembers', { n: allUsers.filter((u) => u.team === x.id).length })}
                    </span>
                  </span>
                  <IconButton
                    icon="edit"
                    size="sm"
                    label={t('people.editTeamNamed', { name: label(x.label) })}
                    onClick={() => setTeam(x)}
                  />
                  <IconButton
                    icon="trash"
                    size="sm"
                    label={t('people.deleteTeamNamed', { name: label(x.label) })}
                    onClick={() => setDeleting(x)}
                  />
                </li>
              ))}
              {allTeams.length === 0 ? <li className="muted">{t('people.noTeams')}</li> : null}
            </ul>
          </section>
        </div>
      </div>
      {adding ? <NewPersonDialog teams={allTeams} users={allUsers} onClose={() => setAdding(false)} /> : null}
      {team === 'new' ? (
        <TeamDialog teams={allTeams} onClose={() => setTeam(undefined)} />
      ) : team ? (
        <TeamDialog team={team} teams={allTeams} onClose={() => setTeam(undefined)} />
      ) : null}
      <ConfirmDialog
        open={Boolean(deleting)}
        title={t('people.deleteTeam')}
        message={t('people.deleteTeamConfirm', { name: deleting ? label(deleting.label) : '' })}
        confirmLabel={t('common.delete')}
        onClose={() => setDeleting(undefined)}
        onConfirm={async () => {
          if (!deleting) return;
          await api.teams.remove(deleting.name);
          void client.invalidateQueries({ queryKey: keys.teams });
          void client.invalidateQueries({ queryKey: keys.users });
        }}
      />
    </main>
  );
}
