// The app's audit log: who changed what and when — records and metadata — filtered by table,
// record, person, kind of change and time, paged newest first, exported as CSV.
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import { type AuditParams, api } from '../../api/endpoints.ts';
import { useUsers } from '../../api/queries.ts';
import type { App, AuditEntry } from '../../api/types.ts';
import { useValueContext } from '../../fields/context.ts';
import { displayValue } from '../../fields/values.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { paths } from '../../lib/paths.ts';
import { Button } from '../../ui/button.tsx';
import { Icon } from '../../ui/icons.tsx';
import { Avatar, ChoicePill, EmptyState, Spinner } from '../../ui/misc.tsx';

const actionColor: Record<string, string> = { create: 'green', update: 'blue', delete: 'red' };
const objectKinds = ['app', 'table', 'field', 'view', 'workflow', 'role', 'member'];

function Changes({ app, entry }: { app: App; entry: AuditEntry }) {
  const { t, label } = useI18n();
  const context = useValueContext();
  const table = app.tables.find((x) => x.name === entry.table);
  const before = (entry.before ?? {}) as Record<string, unknown>;
  const after = (entry.after ?? {}) as Record<string, unknown>;
  if (entry.kind === 'metadata') {
    const doc = (entry.after ?? entry.before ?? {}) as { name?: string; label?: unknown };
    return <span>{label(doc.label as never) || doc.name || entry.object}</span>;
  }
  const names =
    entry.action === 'update' ? Object.keys(after) : Object.keys(entry.action === 'create' ? after : before);
  const show = (name: string, value: unknown) => {
    const field = table?.fields.find((f) => f.name === name);
    if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return '—';
    return field ? displayValue(value, field, context) : JSON.stringify(value);
  };
  const shown = names.slice(0, 6);
  return (
    <ul className="audit-changes">
      {shown.map((name) => (
        <li key={name}>
          <span className="change-field">
            {label(table?.fields.find((f) => f.name === name)?.label) || name}
          </span>{' '}
          {entry.action === 'update' ? (
            <>
              <span className="muted">{show(name, before[name])}</span> <Icon name="chevronRight" size={11} />{' '}
              <span>{show(name, after[name])}</span>
            </>
          ) : (
            <span>{show(name, entry.action === 'create' ? after[name] : before[name])}</span>
          )}
        </li>
      ))}
      {names.length > shown.length ? (
        <li className="muted">{t('audit.more', { n: names.length - shown.length })}</li>
      ) : null}
    </ul>
  );
}

export default function AuditPage({ app }: { app: App }) {
  const { t, label, locale } = useI18n();
  const users = useUsers();
  const [filters, setFilters] = useState<AuditParams>({});
  const params: AuditParams = {
    ...filters,
    from: filters.from ? new Date(`${filters.from}T00:00:00`).toISOString() : undefined,
    to: filters.to ? new Date(`${filters.to}T23:59:59`).toISOString() : undefined,
    limit: 50,
  };
  const query = useInfiniteQuery({
    queryKey: ['audit', app.name, params],
    queryFn: ({ pageParam }) => api.audit.list(app.name, { ...params, cursor: pageParam ?? undefined }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const entries = query.data?.pages.flatMap((p) => p.items) ?? [];
  const set = (key: keyof AuditParams) => (e: { target: { value: string } }) =>
    setFilters((f) => ({ ...f, [key]: e.target.value || undefined }));
  const name = (id: string | null) => {
    if (!id) return t('history.system');
    const user = users.data?.items.find((u) => u.id === id);
    return user ? user.name || user.email : id;
  };
  return (
    <div className="admin-page">
      <div className="admin-inner wide">
        <div className="home-head">
          <div>
            <h1>{t('audit.title')}</h1>
            <p>{t('audit.subtitle')}</p>
          </div>
          <a className="btn btn-secondary" href={api.audit.csvUrl(app.name, params)} download>
            <Icon name="download" />
            {t('audit.export')}
          </a>
        </div>
        {/* biome-ignore lint/a11y/useSemanticElements: a row of filters, not one form field */}
        <div className="audit-filters card" role="group" aria-label={t('audit.filters')}>
          <label>
            <span className="form-label">{t('audit.kind')}</span>
            <select className="input input-sm select" value={filters.kind ?? ''} onChange={set('kind')}>
              <option value="">{t('audit.kinds.all')}</option>
              <option value="records">{t('audit.kinds.records')}</option>
              <option value="metadata">{t('audit.kinds.metadata')}</option>
            </select>
          </label>
          <label>
            <span className="form-label">{t('audit.table')}</span>
            <select className="input input-sm select" value={filters.table ?? ''} onChange={set('table')}>
              <option value="">{t('audit.anyTable')}</option>
              {app.tables.map((x) => (
                <option key={x.name} value={x.name}>
                  {label(x.label)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span className="form-label">{t('audit.record')}</span>
            <input
              className="input input-sm"
              inputMode="numeric"
              placeholder="#"
              value={filters.record ?? ''}
              onChange={set('record')}
            />
          </label>
          <label>
            <span className="form-label">{t('audit.action')}</span>
            <select className="input input-sm select" value={filters.action ?? ''} onChange={set('action')}>
              <option value="">{t('audit.anyAction')}</option>
              {(['create', 'update', 'delete'] as const).map((a) => (
                <option key={a} value={a}>
                  {t(`audit.actions.${a}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span className="form-label">{t('audit.actor')}</span>
            <select className="input input-sm select" value={filters.actor ?? ''} onChange={set('actor')}>
              <option value="">{t('audit.anyone')}</option>
              {users.data?.items.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name || u.email}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span className="form-label">{t('audit.from')}</span>
            <input className="input input-sm" type="date" value={filters.from ?? ''} onChange={set('from')} />
          </label>
          <label>
            <span className="form-label">{t('audit.to')}</span>
            <input className="input input-sm" type="date" value={filters.to ?? ''} onChange={set('to')} />
          </label>
          <Button
            size="sm"
            variant="ghost"
            disabled={Object.keys(filters).length === 0}
            onClick={() => setFilters({})}
          >
            {t('grid.reset')}
          </Button>
        </div>
        {query.error ? <p className="error-banner">{(query.error as Error).message}</p> : null}
        {query.isLoading ? (
          <Spinner label={t('common.loading')} />
        ) : entries.length === 0 ? (
          <div className="card">
            <EmptyState icon="clock" title={t('audit.empty')} />
          </div>
        ) : (
          <div className="table-card">
            <table className="data-table audit-table" aria-label={t('audit.title')}>
              <thead>
                <tr>
                  <th>{t('audit.when')}</th>
                  <th>{t('audit.actor')}</th>
                  <th>{t('audit.action')}</th>
                  <th>{t('audit.what')}</th>
                  <th>{t('audit.changes')}</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((entry) => {
                  const table = app.tables.find((x) => x.name === entry.table);
                  return (
                    <tr key={`${entry.kind}-${entry.id}`} className="audit-row">
                      <td className="nowrap">{formatDateTime(entry.at, locale)}</td>
                      <td>
                        <span className="person">
                          <Avatar name={name(entry.actor)} size={22} />
                          {name(entry.actor)}
                        </span>
                      </td>
                      <td>
                        <ChoicePill color={actionColor[entry.action] ?? 'gray'}>
                          {(['create', 'update', 'delete'] as string[]).includes(entry.action)
                            ? t(`audit.actions.${entry.action as 'create'}`)
                            : entry.action}
                        </ChoicePill>
                      </td>
                      <td className="nowrap">
                        {entry.kind === 'record' && table && entry.record ? (
                          <Link href={paths.record(app.name, table.name, entry.record)}>
                            {label(table.label)} #{entry.record}
                          </Link>
                        ) : (
                          <span className="muted">
                            {objectKinds.includes(entry.objectKind ?? '')
                              ? t(`audit.objects.${entry.objectKind as 'table'}`)
                              : (entry.objectKind ?? entry.table ?? '')}
                          </span>
                        )}
                      </td>
                      <td>
                        <Changes app={app} entry={entry} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        {query.hasNextPage ? (
          <div className="load-more">
            <Button busy={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
              {t('audit.loadMore')}
            </Button>
          </div>
        ) : null}
      </div>
    </div>
  );
}
