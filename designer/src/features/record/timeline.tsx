// The record page's side panels: approvals (with the approve/reject box for the current
// approver), my tasks about the record, the change history from the audit log, and a button
// per manual workflow that runs on this table.
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { api } from '../../api/endpoints.ts';
import { invalidateRecords, keys, useMe, useUsers, useWorkflows } from '../../api/queries.ts';
import type { App, AuditEntry, RecordItem, Table } from '../../api/types.ts';
import { useValueContext } from '../../fields/context.ts';
import { displayValue } from '../../fields/values.ts';
import { formatDateTime, formatRelative } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Button } from '../../ui/button.tsx';
import { Icon } from '../../ui/icons.tsx';
import { Avatar, Spinner } from '../../ui/misc.tsx';
import { useToast } from '../../ui/toast.tsx';
import { ApprovalCard } from '../inbox/approval-card.tsx';
import { TaskRow } from '../inbox/task-row.tsx';

interface Props {
  app: App;
  table: Table;
  record: RecordItem;
}

export function RecordApprovals({ app, table, record }: Props) {
  const { t } = useI18n();
  const me = useMe();
  const query = useQuery({
    queryKey: [...keys.recordExtras(app.name, table.name, record.id), 'approvals'],
    queryFn: () => api.approvals.forRecord(app.name, table.name, record.id),
  });
  const items = query.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <section className="panel" aria-label={t('approvals.onRecord')}>
      <h2>
        <Icon name="shield" />
        {t('approvals.onRecord')}
      </h2>
      <div className="stack">
        {items.map((approval) => (
          <ApprovalCard key={approval.id} approval={approval} me={me.data} />
        ))}
      </div>
    </section>
  );
}

export function RecordTasks({ app, table, record }: Props) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [title, setTitle] = useState('');
  const [due, setDue] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const query = useQuery({ queryKey: [...keys.tasks, 'all'], queryFn: () => api.tasks.list(false) });
  const items = (query.data?.items ?? []).filter(
    (task) => task.app === app.id && task.table === table.name && task.record === record.id,
  );
  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) return;
    setBusy(true);
    setError(undefined);
    try {
      await api.tasks.create({
        app: app.name,
        table: table.name,
        record: record.id,
        title: title.trim(),
        ...(due ? { due: new Date(`${due}T17:00:00`).toISOString() } : {}),
      });
      setTitle('');
      setDue('');
      void client.invalidateQueries({ queryKey: keys.tasks });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel" aria-label={t('tasks.onRecord')}>
      <h2>
        <Icon name="checkbox" />
        {t('tasks.onRecord')}
      </h2>
      {items.length ? (
        <ul className="task-list compact">
          {items.map((task) => (
            <TaskRow key={task.id} task={task} showPlace={false} />
          ))}
        </ul>
      ) : (
        <p className="muted">{t('tasks.noneOnRecord')}</p>
      )}
      <form className="record-task-form" onSubmit={add}>
        <input
          className="input input-sm record-task-title"
          placeholder={t('tasks.addOnRecord')}
          aria-label={t('tasks.addOnRecord')}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
        <input
          className="input input-sm grow"
          type="date"
          aria-label={t('tasks.dueDate')}
          value={due}
          onChange={(e) => setDue(e.target.value)}
        />
        <Button type="submit" size="sm" icon="plus" busy={busy} disabled={!title.trim()}>
          {t('tasks.add')}
        </Button>
      </form>
      {error ? <p className="form-error">{error}</p> : null}
    </section>
  );
}

function Change({ table, entry }: { table: Table; entry: AuditEntry }) {
  const { t, label } = useI18n();
  const context = useValueContext();
  const after = (entry.after ?? {}) as Record<string, unknown>;
  const before = (entry.before ?? {}) as Record<string, unknown>;
  if (entry.action !== 'update') return null;
  const shown = (name: string, value: unknown) => {
    const field = table.fields.find((f) => f.name === name);
    if (value === null || value === undefined || (Array.isArray(value) && value.length === 0))
      return <span className="muted">{t('history.empty')}</span>;
    return <span>{field ? displayValue(value, field, context) : JSON.stringify(value)}</span>;
  };
  return (
    <ul className="changes">
      {Object.keys(after).map((name) => (
        <li key={name}>
          <span className="change-field">
            {label(table.fields.find((f) => f.name === name)?.label) || name}
          </span>
          <span className="change-values">
            {shown(name, before[name])}
            <Icon name="chevronRight" size={12} />
            {shown(name, after[name])}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function RecordHistory({ app, table, record }: Props) {
  const { t, locale } = useI18n();
  const users = useUsers();
  const query = useInfiniteQuery({
    queryKey: [...keys.recordExtras(app.name, table.name, record.id), 'history'],
    queryFn: ({ pageParam }) =>
      api.history.forRecord(app.name, table.name, record.id, pageParam ?? undefined),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const entries = query.data?.pages.flatMap((p) => p.items) ?? [];
  const name = (id: string | null) => {
    if (!id) return t('history.system');
    const user = users.data?.items.find((u) => u.id === id);
    return user ? user.name || user.email : id;
  };
  return (
    <section className="panel" aria-label={t('history.title')}>
      <h2>
        <Icon name="clock" />
        {t('history.title')}
      </h2>
      {query.isLoading ? <Spinner /> : null}
      {query.error ? <p className="form-error">{(query.error as Error).message}</p> : null}
      <ol className="timeline">
        {entries.map((entry) => (
          <li key={`${entry.kind}-${entry.id}`} className="timeline-entry">
            <Avatar name={name(entry.actor)} size={24} />
            <div className="timeline-content">
              <div>
                <strong>{name(entry.actor)}</strong>{' '}
                {entry.action === 'create'
                  ? t('history.created')
                  : entry.action === 'delete'
                    ? t('history.deleted')
                    : t('history.changed', { n: Object.keys((entry.after ?? {}) as object).length })}
              </div>
              <Change table={table} entry={entry} />
              <span className="muted small" title={formatDateTime(entry.at, locale)}>
                {formatRelative(entry.at, locale)}
              </span>
            </div>
          </li>
        ))}
      </ol>
      {!query.isLoading && entries.length === 0 ? <p className="muted">{t('history.none')}</p> : null}
      {query.hasNextPage ? (
        <Button
          size="sm"
          variant="ghost"
          busy={query.isFetchingNextPage}
          onClick={() => void query.fetchNextPage()}
        >
          {t('history.more')}
        </Button>
      ) : null}
    </section>
  );
}

/** A button per switched-on manual workflow of this table. */
export function ManualWorkflows({ app, table, record }: Props) {
  const { t, label } = useI18n();
  const client = useQueryClient();
  const toast = useToast();
  const workflows = useWorkflows(app.name);
  const [running, setRunning] = useState<string>();
  const manual = (workflows.data?.items ?? []).filter(
    (w) => w.enabled !== false && w.trigger.type === 'manual' && w.trigger.table === table.name,
  );
  return (
    <>
      {manual.map((workflow) => (
        <Button
          key={workflow.id}
          icon="play"
          busy={running === workflow.name}
          title={label(workflow.label)}
          onClick={async () => {
            setRunning(workflow.name);
            try {
              const run = await api.workflows.start(app.name, workflow.name, record.id);
              toast.show(
                run.status === 'failed'
                  ? t('history.runFailed', { name: label(workflow.label), error: run.error ?? '' })
                  : t('history.ran', { name: label(workflow.label) }),
                run.status === 'failed' ? 'error' : 'success',
              );
            } catch (error) {
              toast.show((error as Error).message, 'error');
            } finally {
              setRunning(undefined);
              invalidateRecords(client, app.name, table.name);
              void client.invalidateQueries({ queryKey: keys.record(app.name, table.name, record.id) });
              void client.invalidateQueries({ queryKey: keys.recordExtras(app.name, table.name, record.id) });
              void client.invalidateQueries({ queryKey: keys.tasks });
            }
          }}
        >
          {label(workflow.trigger.buttonLabel) || label(workflow.label)}
        </Button>
      ))}
    </>
  );
}
