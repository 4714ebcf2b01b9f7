// The grid view screen: toolbar (filter, sort, group, fields, search, new record), the grid,
// bulk actions on selected rows, and saving the on-screen settings into the view (or a new one).
// Column layout (widths, order, hidden, summaries) saves by itself; what rows show waits for "Save".
import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { useLocation } from 'wouter';
import { ApiError } from '../../api/client.ts';
import { api } from '../../api/endpoints.ts';
import { invalidateApp, invalidateRecords, keys } from '../../api/queries.ts';
import type { App, FieldDoc, Table } from '../../api/types.ts';
import { operatorsFor } from '../../fields/operators.ts';
import { isEditable } from '../../fields/registry.tsx';
import { withLabelText } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { uniqueApiName } from '../../lib/names.ts';
import { paths } from '../../lib/paths.ts';
import { Button, IconButton } from '../../ui/button.tsx';
import { Dialog } from '../../ui/dialog.tsx';
import { ErrorBanner, SelectField } from '../../ui/form-controls.tsx';
import { Icon } from '../../ui/icons.tsx';
import { EmptyState } from '../../ui/misc.tsx';
import { Menu, Popover } from '../../ui/popover.tsx';
import { ConfirmDialog, NameDialog } from '../../ui/prompt.tsx';
import { useToast } from '../../ui/toast.tsx';
import { FieldInput } from '../record/field-input.tsx';
import { RecordFormDialog } from '../record/record-form-dialog.tsx';
import type { ViewProps } from '../views/registry.ts';
import { CsvImportDialog } from './csv-import.tsx';
import { FilterBuilder } from './filter-builder.tsx';
import { addCondition, countConditions, type GroupNode, toJson, toTree } from './filter-state.ts';
import { FieldsPanel, GroupPanel, SortPanel } from './grid-menus.tsx';
import { aggregateList, rowParams } from './grid-query.ts';
import { GridTable } from './grid-table.tsx';
import { errorFor } from './use-cell-save.ts';
import { useGridRows } from './use-grid-rows.ts';
import {
  draftAsView,
  draftOf,
  draftPatch,
  hasQueryChanges,
  moveField,
  orderedFields,
  type ViewDraft,
  visibleFields,
} from './view-draft.ts';

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

type Panel = 'filter' | 'sort' | 'group' | 'fields';

function ToolbarButton({
  panel,
  open,
  setOpen,
  icon,
  text,
  count,
  children,
}: {
  panel: Panel;
  open: Panel | undefined;
  setOpen(panel: Panel | undefined): void;
  icon: Parameters<typeof Button>[0]['icon'];
  text: string;
  count?: number;
  children: ReactNode;
}) {
  const anchor = useRef<HTMLButtonElement>(null);
  return (
    <>
      <Button
        ref={anchor}
        size="sm"
        variant="ghost"
        icon={icon}
        className={count ? 'active' : ''}
        aria-haspopup="dialog"
        aria-expanded={open === panel}
        onClick={() => setOpen(open === panel ? undefined : panel)}
      >
        {text}
        {count ? <span className="badge">{count}</span> : null}
      </Button>
      <Popover anchor={anchor} open={open === panel} onClose={() => setOpen(undefined)} label={text}>
        {children}
      </Popover>
    </>
  );
}

function MoreMenu({ onExport, onImport }: { onExport(): void; onImport(file: File): void }) {
  const { t } = useI18n();
  const anchor = useRef<HTMLButtonElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const [open, setOpen] = useState(false);
  return (
    <>
      <IconButton
        ref={anchor}
        icon="more"
        size="sm"
        label={t('grid.more')}
        aria-haspopup="menu"
        onClick={() => setOpen(true)}
      />
      <input
        ref={input}
        type="file"
        accept=".csv,text/csv"
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) onImport(file);
        }}
      />
      <Menu
        anchor={anchor}
        open={open}
        onClose={() => setOpen(false)}
        items={[
          { label: t('csv.export'), icon: <Icon name="download" />, onSelect: onExport },
          {
            label: t('csv.importMenu'),
            icon: <Icon name="upload" />,
            onSelect: () => input.current?.click(),
          },
        ]}
      />
    </>
  );
}

function BulkEditDialog({
  app,
  table,
  ids,
  onClose,
}: {
  app: string;
  table: Table;
  ids: string[];
  onClose(): void;
}) {
  const { t, label } = useI18n();
  const client = useQueryClient();
  const fields = table.fields.filter(isEditable);
  const [fieldName, setFieldName] = useState(fields[0]?.name ?? '');
  const [value, setValue] = useState<unknown>(null);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const field = fields.find((f) => f.name === fieldName);
  return (
    <Dialog
      open
      onClose={onClose}
      title={t('grid.bulkEditTitle', { n: ids.length })}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            variant="primary"
            busy={busy}
            disabled={!field}
            onClick={async () => {
              if (!field) return;
              setBusy(true);
              setError(undefined);
              try {
                await api.records.updateMany(
                  app,
                  table.name,
                  ids.map((id) => ({ id, fields: { [field.name]: value } })),
                );
                invalidateRecords(client, app, table.name);
                onClose();
              } catch (err) {
                setError(err instanceof ApiError ? err : new ApiError(0, 'error', String(err)));
              } finally {
                setBusy(false);
              }
            }}
          >
            {t('grid.applyToN', { n: ids.length })}
          </Button>
        </>
      }
    >
      <ErrorBanner>{error && !(field && error.forField(field.name)) ? error.message : null}</ErrorBanner>
      <SelectField
        label={t('grid.bulkField')}
        value={fieldName}
        onChange={(e) => {
          setFieldName(e.target.value);
          setValue(null);
          setError(undefined);
        }}
      >
        {fields.map((f) => (
          <option key={f.name} value={f.name}>
            {label(f.label)}
          </option>
        ))}
      </SelectField>
      {field ? (
        <FieldInput
          key={field.name}
          app={app}
          field={{ ...field, label: t('grid.newValue') }}
          value={value}
          onChange={setValue}
          error={error?.forField(field.name)}
        />
      ) : null}
    </Dialog>
  );
}

export default function GridView({ app, table, view }: ViewProps) {
  const { t, label, locale } = useI18n();
  const client = useQueryClient();
  const toast = useToast();
  const [, navigate] = useLocation();
  const [draft, setDraft] = useState<ViewDraft>(() => draftOf(view));
  const [tree, setTree] = useState<GroupNode>(() => toTree(view.filter));
  const [q, setQ] = useState('');
  const [panel, setPanel] = useState<Panel>();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const [creating, setCreating] = useState(false);
  const [bulkEditing, setBulkEditing] = useState(false);
  const [bulkDeleting, setBulkDeleting] = useState(false);
  const [savingAs, setSavingAs] = useState(false);
  const [saving, setSaving] = useState(false);
  const [importing, setImporting] = useState<File>();

  // The saved view changed (saved here, or by someone else): start again from it.
  const savedJson = JSON.stringify(view);
  const lastSaved = useRef(savedJson);
  useEffect(() => {
    if (lastSaved.current === savedJson) return;
    lastSaved.current = savedJson;
    setDraft(draftOf(view));
    setTree(toTree(view.filter));
  }, [savedJson, view]);

  // The filter as the engine reads it, following the builder (debounced while typing).
  const filterJson = useMemo(() => toJson(tree), [tree]);
  const debouncedFilter = useDebounced(filterJson, 250);
  useEffect(
    () =>
      setDraft((d) =>
        JSON.stringify(d.filter) === JSON.stringify(debouncedFilter) ? d : { ...d, filter: debouncedFilter },
      ),
    [debouncedFilter],
  );
  const debouncedQ = useDebounced(q, 250);

  const fields = useMemo(() => visibleFields(table, draft), [table, draft]);
  const groupField = draft.group[0] ? table.fields.find((f) => f.name === draft.group[0]!.field) : undefined;
  const params = useMemo(
    () => rowParams({ filter: draft.filter, sort: draft.sort, group: draft.group }, debouncedQ),
    [draft.filter, draft.sort, draft.group, debouncedQ],
  );
  const sort = params.sort;
  const aggregates = useMemo(() => aggregateList(draft.aggregates), [draft.aggregates]);
  const data = useGridRows(app.name, table.name, params, {
    groupField: groupField?.name,
    aggregates,
    collapsed,
  });

  // Layout changes save themselves shortly after the last one.
  const layoutPatch = useMemo(() => {
    const patch = draftPatch(view, draft);
    const layout: Record<string, unknown> = {};
    for (const key of ['fields', 'hiddenFields', 'columnWidths', 'aggregates'] as const)
      if (key in patch) layout[key] = patch[key];
    return layout;
  }, [view, draft]);
  const layoutJson = JSON.stringify(layoutPatch);
  useEffect(() => {
    if (layoutJson === '{}') return;
    const timer = setTimeout(async () => {
      try {
        const saved = await api.views.update(app.name, table.name, view.name, JSON.parse(layoutJson));
        client.setQueryData<App>(keys.app(app.name), (data) =>
          data
            ? {
                ...data,
                tables: data.tables.map((x) =>
                  x.name === table.name
                    ? { ...x, views: x.views.map((v) => (v.id === saved.id ? saved : v)) }
                    : x,
                ),
              }
            : data,
        );
      } catch (error) {
        toast.show(errorFor(error), 'error');
      }
    }, 600);
    return () => clearTimeout(timer);
  }, [layoutJson, app.name, table.name, view.name, client, toast]);

  const dirty = hasQueryChanges(view, { ...draft, filter: filterJson });

  const saveView = async () => {
    setSaving(true);
    try {
      const patch = draftPatch(view, { ...draft, filter: filterJson });
      await api.views.update(app.name, table.name, view.name, patch);
      invalidateApp(client, app.name);
      toast.show(t('grid.viewSaved'), 'success');
    } catch (error) {
      toast.show(errorFor(error), 'error');
    } finally {
      setSaving(false);
    }
  };

  const resetView = () => {
    setDraft(draftOf(view));
    setTree(toTree(view.filter));
  };

  const update = (patch: Partial<ViewDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const firstOp = (field: FieldDoc) => operatorsFor(field)[0] ?? 'is';
  const selectedIds = [...selected];

  return (
    <>
      <div className="toolbar" role="toolbar" aria-label={t('grid.toolbar')}>
        <ToolbarButton
          panel="filter"
          open={panel}
          setOpen={setPanel}
          icon="filter"
          text={t('grid.filter')}
          count={countConditions(tree)}
        >
          <FilterBuilder app={app.name} fields={table.fields} tree={tree} onChange={setTree} />
        </ToolbarButton>
        <ToolbarButton
          panel="sort"
          open={panel}
          setOpen={setPanel}
          icon="sort"
          text={t('grid.sort')}
          count={draft.sort.length}
        >
          <SortPanel fields={table.fields} sort={draft.sort} onChange={(s) => update({ sort: s })} />
        </ToolbarButton>
        <ToolbarButton
          panel="group"
          open={panel}
          setOpen={setPanel}
          icon="group"
          text={t('grid.group')}
          count={draft.group.length}
        >
          <GroupPanel fields={table.fields} group={draft.group} onChange={(g) => update({ group: g })} />
        </ToolbarButton>
        <ToolbarButton
          panel="fields"
          open={panel}
          setOpen={setPanel}
          icon="eyeOff"
          text={t('grid.hideFields')}
          count={draft.hiddenFields.length}
        >
          <FieldsPanel
            table={table}
            ordered={orderedFields(table, draft)}
            hidden={draft.hiddenFields}
            onChange={(h) => update({ hiddenFields: h })}
          />
        </ToolbarButton>
        <Button
          size="sm"
          variant="primary"
          icon="plus"
          onClick={() => setCreating(true)}
          style={{ marginLeft: 6 }}
        >
          {t('grid.newRecord')}
        </Button>
        <MoreMenu
          onExport={() => {
            window.location.href = api.csv.exportUrl(
              app.name,
              table.name,
              { filter: draft.filter, sort, q: debouncedQ },
              locale,
            );
          }}
          onImport={setImporting}
        />
        <div className="search">
          <Icon name="search" size={14} />
          <input
            className="input"
            type="search"
            placeholder={t('grid.search')}
            aria-label={t('grid.search')}
            value={q}
            onChange={(e) => setQ(e.target.value)}
          />
        </div>
      </div>
      {dirty ? (
        <div className="save-bar" role="status">
          <Icon name="filter" size={14} />
          <span>{t('grid.unsaved')}</span>
          <span className="spacer" />
          <Button size="sm" variant="ghost" onClick={resetView}>
            {t('grid.reset')}
          </Button>
          <Button size="sm" onClick={() => setSavingAs(true)}>
            {t('grid.saveAsNew')}
          </Button>
          <Button size="sm" variant="primary" busy={saving} onClick={saveView}>
            {t('grid.saveView')}
          </Button>
        </div>
      ) : null}
      {selected.size > 0 ? (
        <div className="bulk-bar" role="status">
          <span>{t('grid.selectedN', { n: selected.size })}</span>
          <Button size="sm" icon="edit" onClick={() => setBulkEditing(true)}>
            {t('grid.bulkEdit')}
          </Button>
          <Button size="sm" icon="trash" onClick={() => setBulkDeleting(true)}>
            {t('grid.bulkDelete')}
          </Button>
          <span className="spacer" />
          <Button size="sm" variant="ghost" onClick={() => setSelected(new Set())}>
            {t('grid.clearSelection')}
          </Button>
        </div>
      ) : null}
      {data.error ? <ErrorBanner>{(data.error as Error).message}</ErrorBanner> : null}
      <GridTable
        app={app}
        table={table}
        fields={fields}
        data={data}
        listKey={JSON.stringify(params)}
        widths={draft.columnWidths}
        aggregates={draft.aggregates}
        groupField={groupField}
        collapsed={collapsed}
        onToggleGroup={(key) =>
          setCollapsed((c) => {
            const next = new Set(c);
            if (next.has(key)) next.delete(key);
            else next.add(key);
            return next;
          })
        }
        selected={selected}
        onSelect={setSelected}
        onWidth={(field, width) => update({ columnWidths: { ...draft.columnWidths, [field]: width } })}
        onMove={(from, to) => update({ fields: moveField(table, draft, from, to) })}
        onHide={(field) => update({ hiddenFields: [...draft.hiddenFields, field] })}
        onSort={(field, dir) =>
          update({ sort: [{ field, dir }, ...draft.sort.filter((s) => s.field !== field)] })
        }
        onGroup={(field) => update({ group: [{ field, dir: 'asc' }] })}
        onFilterBy={(name) => {
          const field = table.fields.find((f) => f.name === name);
          if (field) setTree((tr) => addCondition(tr, tr.id, field.name, firstOp(field)));
          setPanel('filter');
        }}
        onAggregate={(field, fn) => {
          const next = { ...draft.aggregates };
          if (fn) next[field] = fn;
          else delete next[field];
          update({ aggregates: next });
        }}
      />
      {!data.isLoading && data.total === 0 ? (
        <div className="grid-empty">
          <EmptyState
            icon="table"
            title={debouncedQ || draft.filter ? t('grid.noMatches') : t('grid.emptyTitle')}
            action={
              <Button variant="primary" icon="plus" onClick={() => setCreating(true)}>
                {t('grid.newRecord')}
              </Button>
            }
          >
            {debouncedQ || draft.filter ? t('grid.noMatchesText') : t('grid.emptyText')}
          </EmptyState>
        </div>
      ) : null}
      {creating ? (
        <RecordFormDialog
          app={app.name}
          table={table}
          onClose={() => setCreating(false)}
          onCreated={() => toast.show(t('record.created'), 'success')}
        />
      ) : null}
      {bulkEditing ? (
        <BulkEditDialog
          app={app.name}
          table={table}
          ids={selectedIds}
          onClose={() => setBulkEditing(false)}
        />
      ) : null}
      <ConfirmDialog
        open={bulkDeleting}
        title={t('grid.bulkDelete')}
        message={t('grid.bulkDeleteConfirm', { n: selected.size })}
        confirmLabel={t('common.delete')}
        onClose={() => setBulkDeleting(false)}
        onConfirm={async () => {
          await api.records.removeMany(app.name, table.name, selectedIds);
          setSelected(new Set());
          invalidateRecords(client, app.name, table.name);
        }}
      />
      {importing ? (
        <CsvImportDialog
          app={app.name}
          table={table.name}
          file={importing}
          onClose={() => setImporting(undefined)}
        />
      ) : null}
      <NameDialog
        open={savingAs}
        title={t('grid.saveAsNew')}
        label={t('views.viewName')}
        submitLabel={t('common.save')}
        onClose={() => setSavingAs(false)}
        onSubmit={async (text) => {
          const created = await api.views.create(app.name, table.name, {
            name: uniqueApiName(
              text,
              table.views.map((v) => v.name),
              'view',
            ),
            label: withLabelText(undefined, locale, text),
            type: 'grid',
            ...draftAsView({ ...draft, filter: filterJson }),
          });
          resetView();
          invalidateApp(client, app.name);
          navigate(paths.view(app.name, table.name, created.name));
        }}
      />
      <span className="visually-hidden" aria-live="polite">
        {t('grid.recordCount', { n: data.total })} · {label(view.label)}
      </span>
    </>
  );
}
