// Share a record beyond the roles' scopes: with a person or a team, to read or to edit.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { api } from '../../api/endpoints.ts';
import { keys, useTeams, useUsers } from '../../api/queries.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Button, IconButton } from '../../ui/button.tsx';
import { Dialog } from '../../ui/dialog.tsx';
import { ErrorBanner } from '../../ui/form-controls.tsx';
import { Icon } from '../../ui/icons.tsx';
import { Avatar } from '../../ui/misc.tsx';
import type { RecordDialogProps } from './record-dialog.ts';

export function ShareDialog({ app, table, record, title, onClose }: RecordDialogProps) {
  const { t, label } = useI18n();
  const client = useQueryClient();
  const users = useUsers();
  const teams = useTeams();
  const key = [...keys.recordExtras(app.name, table.name, record.id), 'shares'];
  const shares = useQuery({ queryKey: key, queryFn: () => api.shares.list(app.name, table.name, record.id) });
  const [target, setTarget] = useState('');
  const [level, setLevel] = useState<'read' | 'edit'>('read');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const userName = (id: string | null) => {
    const user = users.data?.items.find((u) => u.id === id);
    return user ? user.name || user.email : (id ?? '');
  };
  const teamName = (id: string | null) => {
    const team = teams.data?.items.find((x) => x.id === id || x.name === id);
    return team ? label(team.label) : (id ?? '');
  };
  const add = async () => {
    if (!target) return;
    setBusy(true);
    setError(undefined);
    try {
      const [kind, id] = [target.slice(0, target.indexOf(':')), target.slice(target.indexOf(':') + 1)];
      await api.shares.add(app.name, table.name, record.id, { [kind as 'user']: id, level });
      setTarget('');
      void client.invalidateQueries({ queryKey: key });
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'error', String(err)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open onClose={onClose} title={t('access.share.title', { name: title })} width={560}>
      <p className="form-help">{t('access.share.help')}</p>
      <ErrorBanner>{error?.message}</ErrorBanner>
      <div className="share-add">
        <select
          className="input select grow"
          aria-label={t('access.share.with')}
          value={target}
          onChange={(e) => setTarget(e.target.value)}
        >
          <option value="">{t('access.share.choose')}</option>
          <optgroup label={t('workflows.people.users')}>
            {users.data?.items
              .filter((u) => u.active)
              .map((u) => (
                <option key={u.id} value={`user:${u.id}`}>
                  {u.name || u.email}
                </option>
              ))}
          </optgroup>
          <optgroup label={t('workflows.people.teams')}>
            {teams.data?.items.map((team) => (
              <option key={team.id} value={`team:${team.name}`}>
                {label(team.label)}
              </option>
            ))}
          </optgroup>
        </select>
        <select
          className="input select w-auto"
          aria-label={t('access.share.level')}
          value={level}
          onChange={(e) => setLevel(e.target.value as 'read' | 'edit')}
        >
          <option value="read">{t('access.share.read')}</option>
          <option value="edit">{t('access.share.edit')}</option>
        </select>
        <Button variant="primary" icon="share" busy={busy} disabled={!target} onClick={() => void add()}>
          {t('access.share.share')}
        </Button>
      </div>
      <h3 className="share-list-title">{t('access.share.current')}</h3>
      {shares.data?.items.length ? (
        <ul className="share-list">
          {shares.data.items.map((share) => (
            <li key={share.id}>
              {share.user ? (
                <Avatar name={userName(share.user)} size={24} />
              ) : (
                <span className="step-icon small-icon">
                  <Icon name="users" size={14} />
                </span>
              )}
              <span className="grow">{share.user ? userName(share.user) : teamName(share.team)}</span>
              <span className="pill pill-gray">
                {share.level === 'edit' ? t('access.share.edit') : t('access.share.read')}
              </span>
              <IconButton
                icon="x"
                size="sm"
                label={t('access.share.remove')}
                onClick={async () => {
                  await api.shares.remove(app.name, table.name, record.id, share.id);
                  void client.invalidateQueries({ queryKey: key });
                }}
              />
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('access.share.none')}</p>
      )}
    </Dialog>
  );
}
