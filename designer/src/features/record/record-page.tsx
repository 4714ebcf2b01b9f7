// A record's page: every field editable (saved as it changes; a refusal stays next to the field
// with what was typed), its linked records both ways as related lists, and beside them its
// approvals, tasks, comments and change history, with a button per manual workflow.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { api } from '../../api/endpoints.ts';
import { invalidateRecords, keys, patchCachedRecord, useRecord, useRecordList } from '../../api/queries.ts';
import type { App, FieldDoc, RecordItem, Table } from '../../api/types.ts';
import { recordTitle, targetTable } from '../../fields/link-titles.ts';
import { editorOf } from '../../fields/registry.tsx';
import { optionsOf } from '../../fields/values.ts';
import { formatDateTime, formatRelative } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { paths } from '../../lib/paths.ts';
import { Button, IconButton } from '../../ui/button.tsx';
import { Icon } from '../../ui/icons.tsx';
import { EmptyState, Spinner } from '../../ui/misc.tsx';
import { ConfirmDialog } from '../../ui/prompt.tsx';
import { errorFor } from '../grid/use-cell-save.ts';
import { RecordComments } from './comments.tsx';
import { ExplainDialog } from './explain-dialog.tsx';
import { FieldInput } from './field-input.tsx';
import { ShareDialog } from './share-dialog.tsx';
import { ManualWorkflows, RecordApprovals, RecordHistory, RecordTasks } from './timeline.tsx';

/** Typing into these saves when the person pauses or leaves the field, not at every key. */
const typedKinds = new Set(['text', 'long_text', 'email', 'phone', 'url', 'number', 'currency', 'percent']);

function RelatedList({
  app,
  table,
  field,
  record,
}: {
  app: App;
  table: Table;
  field: FieldDoc;
  record: RecordItem;
}) {
  const { t, label } = useI18n();
  const target = targetTable(app.tables, field);
  const inverse = optionsOf<{ inverse: string }>(field).inverse;
  const ids = Array.isArray(record.fields[field.name]) ? (record.fields[field.name] as string[]) : [];
  const list = useRecordList(
    app.name,
    target?.name ?? '-',
    { filter: inverse ? { field: inverse, op: 'has_any', value: [record.id] } : undefined, limit: 50 },
    Boolean(target && inverse && ids.length > 0),
  );
  if (!target) return null;
  const shownFields = target.fields
    .filter((f) => f.name !== target.primaryField && f.name !== inverse && editorOf(f).group !== 'system')
    .slice(0, 3);
  const items = list.data?.items ?? [];
  return (
    <section className="panel" aria-label={label(field.label)}>
      <h2>
        <Icon name="link" />
        {label(field.label)}
        <span className="muted" style={{ fontWeight: 400 }}>
          · {label(target.label)} ({ids.length})
        </span>
      </h2>
      {ids.length === 0 ? (
        <p className="muted">{t('record.noLinked')}</p>
      ) : (
        <ul className="related-list">
          {(items.length ? items : ids.map((id) => ({ id, fields: {} }) as unknown as RecordItem)).map(
            (linked) => (
              <li key={linked.id}>
                <Link href={paths.record(app.name, target.name, linked.id)}>
                  {recordTitle(linked, target, linked.id)}
                </Link>
                <span className="row muted" style={{ gap: 12, fontSize: 12.5 }}>
                  {shownFields.map((f) => {
                    const Cell = editorOf(f).Cell;
                    return (
                      <span key={f.name} title={label(f.label)}>
                        <Cell value={linked.fields[f.name]} field={f} app={app.name} />
                      </span>
                    );
                  })}
                </span>
              </li>
            ),
          )}
        </ul>
      )}
      <p className="form-help" style={{ marginTop: 8 }}>
        {t('record.editLinksHelp')}
      </p>
    </section>
  );
}

export default function RecordPage({ app, tableName, id }: { app: App; tableName: string; id: string }) {
  const { t, label, locale } = useI18n();
  const client = useQueryClient();
  const [, navigate] = useLocation();
  const table = app.tables.find((x) => x.name === tableName || x.id === tableName);
  const query = useRecord(app.name, table?.name ?? '-', id, Boolean(table));
  const [draft, setDraft] = useState<Record<string, unknown>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(0);
  const [deleting, setDeleting] = useState(false);
  const [sharing, setSharing] = useState(false);
  const [explaining, setExplaining] = useState(false);
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  useEffect(() => () => timers.current.forEach(clearTimeout), []);

  if (!table) return <EmptyState icon="table" title={t('shell.tableNotFound')} />;
  if (query.isLoading) return <Spinner label={t('common.loading')} />;
  const record = query.data;
  if (!record)
    return (
      <EmptyState icon="table" title={t('record.notFound')}>
        {(query.error as Error | null)?.message}
      </EmptyState>
    );

  const commit = async (field: FieldDoc, value: unknown) => {
    timers.current.delete(field.name);
    setSaving((n) => n + 1);
    try {
      const saved = await api.records.update(app.name, table.name, record.id, { [field.name]: value });
      client.setQueryData(keys.record(app.name, table.name, record.id), saved);
      patchCachedRecord(client, app.name, table.name, saved);
      void client.invalidateQueries({ queryKey: keys.aggregate(app.name, table.name) });
      setErrors(({ [field.name]: _gone, ...rest }) => rest);
      // Keep a newer value typed while this one was saving.
      setDraft((d) => {
        if (JSON.stringify(d[field.name]) !== JSON.stringify(value)) return d;
        const { [field.name]: _saved, ...rest } = d;
        return rest;
      });
    } catch (error) {
      setErrors((e) => ({ ...e, [field.name]: errorFor(error, field.name) }));
    } finally {
      setSaving((n) => n - 1);
    }
  };

  const change = (field: FieldDoc, value: unknown) => {
    setDraft((d) => ({ ...d, [field.name]: value }));
    const pending = timers.current.get(field.name);
    if (pending) clearTimeout(pending);
    if (typedKinds.has(field.type))
      timers.current.set(
        field.name,
        setTimeout(() => void commit(field, value), 700),
      );
    else void commit(field, value);
  };

  const flush = (field: FieldDoc) => {
    const pending = timers.current.get(field.name);
    if (pending && field.name in draft) {
      clearTimeout(pending);
      void commit(field, draft[field.name]);
    }
  };

  const title = recordTitle(record, table, record.id);
  const links = table.fields.filter((f) => f.type === 'link');
  const wide = new Set(['long_text', 'multi_select', 'link', 'attachment']);

  return (
    <div className="record-page">
      <div className="record-inner">
        <div className="record-head">
          <Link href={paths.table(app.name, table.name)} className="btn btn-ghost btn-sm">
            <Icon name="chevronLeft" />
            {label(table.label)}
          </Link>
          <h1 className="grow">{title}</h1>
          <span className="saving-note" aria-live="polite">
            {saving > 0
              ? t('record.saving')
              : Object.keys(errors).length
                ? t('record.notSaved')
                : t('record.allSaved')}
          </span>
          <ManualWorkflows app={app} table={table} record={record} />
          <Button icon="share" onClick={() => setSharing(true)}>
            {t('access.share.button')}
          </Button>
          <IconButton icon="help" label={t('access.explain.button')} onClick={() => setExplaining(true)} />
          <Button variant="ghost" icon="trash" onClick={() => setDeleting(true)}>
            {t('record.delete')}
          </Button>
        </div>
        <div>
          <section className="panel" aria-label={t('record.fields')}>
            <h2>
              <Icon name="list" />
              {t('record.fields')}
            </h2>
            <div className="record-fields">
              {table.fields.map((field) => (
                <FieldInput
                  key={field.name}
                  className={wide.has(field.type) ? 'wide' : ''}
                  app={app.name}
                  field={field}
                  value={field.name in draft ? draft[field.name] : record.fields[field.name]}
                  error={errors[field.name]}
                  onChange={(value) => change(field, value)}
                  onBlur={() => flush(field)}
                />
              ))}
            </div>
          </section>
          {links.map((field) => (
            <RelatedList key={field.name} app={app} table={table} field={field} record={record} />
          ))}
        </div>
        <div>
          <RecordApprovals app={app} table={table} record={record} />
          <RecordTasks app={app} table={table} record={record} />
          <RecordComments app={app} table={table} record={record} />
          <RecordHistory app={app} table={table} record={record} />
          <section className="panel" aria-label={t('record.details')}>
            <h2>
              <Icon name="hash" />
              {t('record.details')}
            </h2>
            <p className="muted">
              {t('record.idIs', { id: record.id })} · {label(table.label)}
            </p>
            <p className="muted small">
              {t('record.createdAt', { when: formatRelative(record.createdAt, locale) })} ·{' '}
              <span title={formatDateTime(record.updatedAt, locale)}>
                {t('record.updatedAt', { when: formatRelative(record.updatedAt, locale) })}
              </span>
            </p>
          </section>
        </div>
      </div>
      {sharing ? (
        <ShareDialog
          app={app}
          table={table}
          record={record}
          title={title}
          onClose={() => setSharing(false)}
        />
      ) : null}
      {explaining ? (
        <ExplainDialog
          app={app}
          table={table}
          record={record}
          title={title}
          onClose={() => setExplaining(false)}
        />
      ) : null}
      <ConfirmDialog
        open={deleting}
        title={t('record.delete')}
        message={t('record.deleteConfirm', { name: title })}
        confirmLabel={t('common.delete')}
        onClose={() => setDeleting(false)}
        onConfirm={async () => {
          await api.records.remove(app.name, table.name, record.id);
          invalidateRecords(client, app.name, table.name);
          navigate(paths.table(app.name, table.name));
        }}
      />
    </div>
  );
}
