// My tasks: what workflows and people gave me to do, by due date; tick them off, or add one.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { api } from '../../api/endpoints.ts';
import { keys, useApps } from '../../api/queries.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Button } from '../../ui/button.tsx';
import { ErrorBanner } from '../../ui/form-controls.tsx';
import { EmptyState, Spinner } from '../../ui/misc.tsx';
import { Segmented } from '../workflows/inputs.tsx';
import { TaskRow } from './task-row.tsx';

function NewTask() {
  const { t, label } = useI18n();
  const client = useQueryClient();
  const apps = useApps();
  const [title, setTitle] = useState('');
  const [app, setApp] = useState('');
  const [due, setDue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const appName = app || apps.data?.items[0]?.name || '';
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim() || !appName) return;
    setBusy(true);
    setError(undefined);
    try {
      await api.tasks.create({
        app: appName,
        title: title.trim(),
        ...(due ? { due: new Date(`${due}T17:00:00`).toISOString() } : {}),
      });
      setTitle('');
      setDue('');
      void client.invalidateQueries({ queryKey: keys.tasks });
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'error', String(err)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="new-task card" onSubmit={submit}>
      <ErrorBanner>{error && !error.forField('title') ? error.message : null}</ErrorBanner>
      <div className="new-task-row">
        <input
          className="input new-task-title"
          aria-label={t('tasks.newTitle')}
          placeholder={t('tasks.newTitle')}
          value={title}
          aria-invalid={Boolean(error?.forField('title')) || undefined}
          onChange={(e) => setTitle(e.target.value)}
        />
        <select
          className="input select w-auto"
          aria-label={t('tasks.app')}
          value={appName}
          onChange={(e) => setApp(e.target.value)}
        >
          {apps.data?.items.map((a) => (
            <option key={a.name} value={a.name}>
              {label(a.label)}
            </option>
          ))}
        </select>
        <input
          className="input w-auto"
          type="date"
          aria-label={t('tasks.dueDate')}
          value={due}
          onChange={(e) => setDue(e.target.value)}
        />
        <Button type="submit" variant="primary" icon="plus" busy={busy} disabled={!title.trim() || !appName}>
          {t('tasks.add')}
        </Button>
      </div>
      {error?.forField('title') ? <p className="form-error">{error.forField('title')}</p> : null}
    </form>
  );
}

export default function TasksPage() {
  const { t } = useI18n();
  const [show, setShow] = useState<'open' | 'all'>('open');
  const query = useQuery({
    queryKey: [...keys.tasks, show],
    queryFn: () => api.tasks.list(show === 'open'),
  });
  const items = query.data?.items ?? [];
  return (
    <main className="page" id="main">
      <div className="page-inner narrow">
        <div className="home-head">
          <div>
            <h1>{t('tasks.title')}</h1>
            <p>{t('tasks.subtitle')}</p>
          </div>
          <Segmented<'open' | 'all'>
            label={t('tasks.show')}
            size="md"
            value={show}
            options={[
              { value: 'open', text: t('tasks.open') },
              { value: 'all', text: t('tasks.all') },
            ]}
            onChange={setShow}
          />
        </div>
        <NewTask />
        {query.isLoading ? (
          <Spinner label={t('common.loading')} />
        ) : items.length === 0 ? (
          <div className="card">
            <EmptyState icon="checkbox" title={t('tasks.emptyTitle')}>
              {t('tasks.emptyText')}
            </EmptyState>
          </div>
        ) : (
          <ul className="task-list card" aria-label={t('tasks.title')}>
            {items.map((task) => (
              <TaskRow key={task.id} task={task} />
            ))}
          </ul>
        )}
      </div>
    </main>
  );
}
