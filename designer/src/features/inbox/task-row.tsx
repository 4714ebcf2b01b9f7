// A task as a line: tick it off (or reopen it), its due time (red when overdue), and where it
// is about. Used on "My tasks" and on the record page.
import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'wouter';
import { api } from '../../api/endpoints.ts';
import { keys, useUsers } from '../../api/queries.ts';
import type { Task } from '../../api/types.ts';
import { formatDateTime, formatRelative } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useToast } from '../../ui/toast.tsx';
import { usePlaces } from './where.ts';

export function TaskRow({ task, showPlace = true }: { task: Task; showPlace?: boolean }) {
  const { t, label, locale } = useI18n();
  const client = useQueryClient();
  const toast = useToast();
  const users = useUsers();
  const place = usePlaces()(task.app, task.table, task.record);
  const overdue = !task.done && task.due !== null && Date.parse(task.due) < Date.now();
  const assignee = users.data?.items.find((u) => u.id === task.assignee);
  const toggle = async (done: boolean) => {
    client.setQueriesData<{ items: Task[] }>({ queryKey: keys.tasks }, (data) =>
      data
        ? {
            items: data.items.map((x) =>
              x.id === task.id ? { ...x, done: done ? new Date().toISOString() : null } : x,
            ),
          }
        : data,
    );
    try {
      await api.tasks.update(task.id, { done });
    } catch (error) {
      toast.show((error as Error).message, 'error');
    }
    void client.invalidateQueries({ queryKey: keys.tasks });
  };
  return (
    <li className={`task-row ${task.done ? 'done' : ''}`}>
      <input
        type="checkbox"
        className="checkbox"
        checked={Boolean(task.done)}
        aria-label={t('tasks.markDone', { title: task.title })}
        onChange={(e) => void toggle(e.target.checked)}
      />
      <div className="task-main">
        <span className="task-title">{task.title}</span>
        <span className="task-meta">
          {task.due ? (
            <span className={overdue ? 'overdue' : ''} title={formatDateTime(task.due, locale)}>
              {overdue
                ? t('tasks.overdue', { when: formatRelative(task.due, locale) })
                : t('tasks.due', { when: formatRelative(task.due, locale) })}
            </span>
          ) : (
            <span>{t('tasks.noDue')}</span>
          )}
          {assignee && !showPlace ? <span>· {assignee.name || assignee.email}</span> : null}
          {showPlace && place ? (
            <span>
              ·{' '}
              {place.href ? (
                <Link href={place.href}>
                  {label(place.table?.label)} #{task.record}
                </Link>
              ) : (
                label(place.app.label)
              )}
            </span>
          ) : null}
        </span>
        {task.notes?.trim() ? <span className="task-notes">{task.notes}</span> : null}
      </div>
    </li>
  );
}
