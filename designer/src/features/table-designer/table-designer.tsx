// The table designer: the table's fields in a list (drag to reorder, eye to hide, both in the
// chosen view's layout) and, beside it, the selected field's settings: label, type, the
// options its type needs, rules and default. A type change first shows what will convert.
import {
  closestCenter,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import {
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { useLocation, useSearch } from 'wouter';
import { ApiError } from '../../api/client.ts';
import { api } from '../../api/endpoints.ts';
import { invalidateApp, invalidateRecords } from '../../api/queries.ts';
import type { App, Conversion, FieldDoc, FieldTypeName, Table, ViewDoc } from '../../api/types.ts';
import { editorOf, fieldEditors, fieldTypeOrder } from '../../fields/registry.tsx';
import type { Choice } from '../../fields/values.ts';
import { labelText, withLabelText } from '../../i18n/format.ts';
import { type MessageKey, useI18n } from '../../i18n/index.tsx';
import { toApiName, uniqueApiName } from '../../lib/names.ts';
import { paths } from '../../lib/paths.ts';
import { Button, IconButton } from '../../ui/button.tsx';
import { DragHandle } from '../../ui/drag-handle.tsx';
import { CheckboxField, ErrorBanner, TextAreaField, TextField } from '../../ui/form-controls.tsx';
import { Icon } from '../../ui/icons.tsx';
import { EmptyState } from '../../ui/misc.tsx';
import { ConfirmDialog } from '../../ui/prompt.tsx';
import { useToast } from '../../ui/toast.tsx';
import { orderedFields } from '../grid/view-draft.ts';
import { FieldInput } from '../record/field-input.tsx';
import { ConversionPreview } from './conversion-preview.tsx';
import { initialOptions, optionEditors } from './option-editors.tsx';

interface FieldFormState {
  name: string;
  nameTouched: boolean;
  label: string;
  type: FieldTypeName;
  required: boolean;
  unique: boolean;
  description: string;
  default: unknown;
  options: Record<string, unknown>;
}

function stateOf(field: FieldDoc, locale: string): FieldFormState {
  return {
    name: field.name,
    nameTouched: true,
    label: labelText(field.label, locale),
    type: field.type,
    required: field.required === true,
    unique: field.unique === true,
    description:
      typeof field.description === 'string'
        ? field.description
        : labelText(field.description as Record<string, string> | undefined, locale),
    default: field.default ?? null,
    options: (field.options ?? {}) as Record<string, unknown>,
  };
}

/** Choices as saved: empty rows dropped, names filled from labels. */
function cleanOptions(options: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(options.choices)) return options;
  const choices = (options.choices as Choice[])
    .map((c) => ({
      ...c,
      name: c.name.trim() || toApiName(labelText(c.label ?? '')) || labelText(c.label ?? '').trim(),
    }))
    .filter((c) => c.name);
  return { ...options, choices };
}

const noDefault = new Set<FieldTypeName>(['link', 'attachment', 'user']);

function FieldForm({
  app,
  table,
  field,
  onDone,
}: {
  app: App;
  table: Table;
  field: FieldDoc | undefined;
  onDone(name?: string): void;
}) {
  const { t, locale, label } = useI18n();
  const client = useQueryClient();
  const toast = useToast();
  const isNew = !field;
  const blank: FieldFormState = {
    name: '',
    nameTouched: false,
    label: '',
    type: 'text',
    required: false,
    unique: false,
    description: '',
    default: null,
    options: {},
  };
  const [state, setState] = useState<FieldFormState>(() => (field ? stateOf(field, locale) : blank));
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [conversion, setConversion] = useState<{ patch: Record<string, unknown>; result: Conversion }>();
  const [deleting, setDeleting] = useState(false);

  const set = (patch: Partial<FieldFormState>) => {
    setState((s) => ({ ...s, ...patch }));
    setConversion(undefined);
  };
  const optionError = (path: string) =>
    error?.details.find(
      (d) => d.field === `options.${path}` || (d.field?.endsWith(`.${path}`) && d.field.includes('options')),
    )?.message;
  const fieldError = (name: string) => error?.details.find((d) => d.field === name)?.message;
  const readOnlyType = editorOf({ type: state.type }).Editor === null;

  const body = (): Record<string, unknown> => {
    const doc: Record<string, unknown> = {
      name:
        state.name ||
        uniqueApiName(
          state.label,
          table.fields.map((f) => f.name),
          'field',
        ),
      label: withLabelText(field?.label, locale, state.label || state.name),
      type: state.type,
      options: cleanOptions(state.options),
    };
    if (state.required || field?.required) doc.required = state.required;
    if (state.unique || field?.unique) doc.unique = state.unique;
    if (state.description || field?.description) doc.description = state.description;
    if (
      !readOnlyType &&
      !noDefault.has(state.type) &&
      (state.default !== null || field?.default !== undefined)
    )
      doc.default = state.default;
    return doc;
  };

  const patchOf = (): Record<string, unknown> => {
    if (!field) return body();
    const next = body();
    const patch: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(next)) {
      const before = (field as Record<string, unknown>)[key];
      if (JSON.stringify(before ?? (key === 'options' ? {} : null)) !== JSON.stringify(value ?? null))
        patch[key] = value;
    }
    return patch;
  };

  const apply = async (patch: Record<string, unknown>, clearInvalid = false) => {
    setBusy(true);
    setError(undefined);
    try {
      const saved = field
        ? await api.fields.update(app.name, table.name, field.name, patch, { clearInvalid })
        : await api.fields.create(app.name, table.name, patch);
      invalidateApp(client, app.name);
      invalidateRecords(client, app.name, table.name);
      setConversion(undefined);
      toast.show(
        isNew ? t('designer.fieldCreated', { name: label(saved.label) }) : t('designer.fieldSaved'),
        'success',
      );
      onDone(saved.name);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'error', String(err)));
    } finally {
      setBusy(false);
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const patch = patchOf();
    if (field && Object.keys(patch).length === 0) return onDone(field.name);
    // Changing the type or the options of a field with values: see what converts first.
    if (field && ('type' in patch || 'options' in patch)) {
      setBusy(true);
      setError(undefined);
      try {
        const preview = await api.fields.preview(app.name, table.name, field.name, patch);
        const result = preview.conversion;
        if (result && (result.failedCount > 0 || 'type' in patch)) {
          setConversion({ patch, result });
          return;
        }
      } catch (err) {
        setError(err instanceof ApiError ? err : new ApiError(0, 'error', String(err)));
        return;
      } finally {
        setBusy(false);
      }
    }
    await apply(patch);
  };

  const Options = optionEditors[state.type];
  const DefaultEditor = !readOnlyType && !noDefault.has(state.type);
  const unknownDetails = error?.details.filter(
    (d) =>
      !d.field ||
      (!['name', 'label', 'type', 'default', 'description'].includes(d.field) &&
        !d.field.includes('options')),
  );

  return (
    <form
      className="inner"
      onSubmit={submit}
      noValidate
      aria-label={isNew ? t('designer.newField') : t('designer.editField', { name: label(field.label) })}
    >
      <h2 style={{ marginBottom: 16 }}>
        {isNew ? t('designer.newField') : t('designer.editField', { name: label(field.label) })}
      </h2>
      <ErrorBanner>
        {error && (unknownDetails?.length || error.details.length === 0) ? error.message : null}
      </ErrorBanner>
      <div className="two-col">
        <TextField
          label={t('designer.label')}
          autoFocus={isNew}
          value={state.label}
          error={fieldError('label')}
          onChange={(e) =>
            set({ label: e.target.value, ...(state.nameTouched ? {} : { name: toApiName(e.target.value) }) })
          }
          required
        />
        <TextField
          label={t('designer.apiName')}
          value={state.name}
          error={fieldError('name')}
          help={t('designer.apiNameHelp')}
          onChange={(e) => set({ name: e.target.value, nameTouched: true })}
          pattern="[a-z][a-z0-9_]*"
        />
      </div>
      <fieldset className="form-field" style={{ border: 'none', padding: 0, margin: '0 0 6px' }}>
        <legend className="form-label" style={{ marginBottom: 6 }}>
          {t('designer.type')}
        </legend>
        <div className="type-grid">
          {fieldTypeOrder.map((type) => (
            <button
              key={type}
              type="button"
              className="type-option"
              aria-pressed={state.type === type}
              onClick={() =>
                set({
                  type,
                  options:
                    type === field?.type
                      ? ((field?.options ?? {}) as Record<string, unknown>)
                      : initialOptions(type, table, app),
                  default: null,
                })
              }
            >
              <Icon name={fieldEditors[type].icon} />
              {t(`fieldTypes.${type}` as MessageKey)}
            </button>
          ))}
        </div>
        {fieldError('type') ? <p className="form-error">{fieldError('type')}</p> : null}
      </fieldset>
      {Options ? (
        <Options
          app={app}
          table={table}
          field={{ name: state.name, type: state.type }}
          options={state.options}
          onChange={(options) => set({ options })}
          error={optionError}
          isNew={isNew || state.type !== field?.type}
        />
      ) : null}
      {!readOnlyType ? (
        <div className="two-col">
          <CheckboxField
            label={t('designer.required')}
            help={t('designer.requiredHelp')}
            checked={state.required}
            onChange={(e) => set({ required: e.target.checked })}
          />
          <CheckboxField
            label={t('designer.unique')}
            help={t('designer.uniqueHelp')}
            checked={state.unique}
            onChange={(e) => set({ unique: e.target.checked })}
          />
        </div>
      ) : null}
      <TextAreaField
        label={t('designer.description')}
        rows={2}
        value={state.description}
        onChange={(e) => set({ description: e.target.value })}
        help={t('designer.descriptionHelp')}
      />
      {DefaultEditor ? (
        <FieldInput
          key={state.type}
          app={app.name}
          field={{
            id: 'default',
            name: state.name || 'default',
            label: t('designer.defaultValue'),
            type: state.type,
            options: cleanOptions(state.options),
          }}
          value={state.default}
          onChange={(value) => set({ default: value })}
          error={fieldError('default')}
        />
      ) : null}
      {conversion ? (
        <ConversionPreview
          conversion={conversion.result}
          busy={busy}
          onCancel={() => setConversion(undefined)}
          onApply={(clear) => void apply(conversion.patch, clear)}
        />
      ) : null}
      <div className="detail-actions">
        <Button type="submit" variant="primary" busy={busy && !conversion} disabled={Boolean(conversion)}>
          {isNew ? t('designer.createField') : t('designer.saveField')}
        </Button>
        <Button onClick={() => onDone(field?.name)}>{t('common.cancel')}</Button>
        <span className="spacer" />
        {field && field.name !== table.primaryField ? (
          <Button variant="ghost" icon="trash" onClick={() => setDeleting(true)}>
            {t('designer.deleteField')}
          </Button>
        ) : null}
      </div>
      {field ? (
        <ConfirmDialog
          open={deleting}
          title={t('designer.deleteField')}
          message={t('designer.deleteFieldConfirm', { name: label(field.label) })}
          confirmLabel={t('common.delete')}
          onClose={() => setDeleting(false)}
          onConfirm={async () => {
            await api.fields.remove(app.name, table.name, field.name);
            invalidateApp(client, app.name);
            onDone();
          }}
        />
      ) : null}
    </form>
  );
}

function FieldItem({
  field,
  active,
  hidden,
  primary,
  onOpen,
  onToggle,
}: {
  field: FieldDoc;
  active: boolean;
  hidden: boolean;
  primary: boolean;
  onOpen(): void;
  onToggle(): void;
}) {
  const { t, label } = useI18n();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition } = useSortable({
    id: field.name,
  });
  const text = label(field.label);
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      className={`field-item ${active ? 'active' : ''} ${hidden ? 'hidden-field' : ''}`}
    >
      <DragHandle
        sortable={{ attributes, listeners, setActivatorNodeRef }}
        label={t('designer.moveField', { name: text })}
      />
      <span className="field-icon">
        <Icon name={editorOf(field).icon} size={14} />
      </span>
      <button
        type="button"
        className="field-name"
        style={{ border: 'none', background: 'none', textAlign: 'left', cursor: 'pointer', padding: 0 }}
        onClick={onOpen}
        aria-current={active || undefined}
      >
        {text}
        {primary ? <span className="muted"> · {t('designer.primary')}</span> : null}
      </button>
      <span className="type-badge">{t(`fieldTypes.${field.type}` as MessageKey)}</span>
      <IconButton
        icon={hidden ? 'eyeOff' : 'eye'}
        size="sm"
        disabled={primary}
        label={hidden ? t('designer.showField', { name: text }) : t('designer.hideField', { name: text })}
        aria-pressed={!hidden}
        onClick={onToggle}
      />
    </li>
  );
}

export default function TableDesigner({ app, table }: { app: App; table: Table }) {
  const { t, label } = useI18n();
  const client = useQueryClient();
  const toast = useToast();
  const search = useSearch();
  const [, navigate] = useLocation();
  const params = new URLSearchParams(search);
  const selectedName = params.get('field');
  const creating = params.get('new') === '1';
  const layoutViews = table.views.filter((v) => v.type === 'grid');
  const [layoutName, setLayoutName] = useState(layoutViews[0]?.name);
  const layout: ViewDoc | undefined = layoutViews.find((v) => v.name === layoutName) ?? layoutViews[0];
  const ordered = useMemo(
    () =>
      layout
        ? orderedFields(table, {
            fields: layout.fields,
            hiddenFields: [],
            filter: undefined,
            sort: [],
            group: [],
            columnWidths: {},
            aggregates: {},
          })
        : table.fields,
    [table, layout],
  );
  const hidden = new Set(layout?.hiddenFields ?? []);
  const selected = table.fields.find((f) => f.name === selectedName);
  const base = paths.fields(app.name, table.name);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const saveLayout = async (patch: Record<string, unknown>) => {
    if (!layout) return;
    try {
      await api.views.update(app.name, table.name, layout.name, patch);
      invalidateApp(client, app.name);
    } catch (error) {
      toast.show((error as Error).message, 'error');
    }
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const names = ordered.map((f) => f.name);
    const from = names.indexOf(String(active.id));
    const to = names.indexOf(String(over.id));
    names.splice(to, 0, ...names.splice(from, 1));
    void saveLayout({ fields: names });
  };

  return (
    <div className="designer">
      <div className="designer-list">
        <div className="row" style={{ marginBottom: 10 }}>
          <h2 className="grow" style={{ fontSize: 14 }}>
            {t('designer.fieldsOf', { table: label(table.label) })}
          </h2>
          <Button size="sm" variant="primary" icon="plus" onClick={() => navigate(`${base}?new=1`)}>
            {t('designer.addField')}
          </Button>
        </div>
        {layoutViews.length > 1 ? (
          <label className="form-help row" style={{ marginBottom: 10 }}>
            {t('designer.layoutOf')}
            <select
              className="input input-sm select"
              style={{ width: 'auto' }}
              value={layout?.name}
              onChange={(e) => setLayoutName(e.target.value)}
            >
              {layoutViews.map((v) => (
                <option key={v.name} value={v.name}>
                  {label(v.label)}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <p className="form-help" style={{ marginBottom: 10 }}>
            {t('designer.layoutHelp')}
          </p>
        )}
        <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
          <SortableContext items={ordered.map((f) => f.name)} strategy={verticalListSortingStrategy}>
            <ul aria-label={t('designer.fieldList')}>
              {ordered.map((field) => (
                <FieldItem
                  key={field.id}
                  field={field}
                  active={field.name === selectedName}
                  primary={field.name === table.primaryField}
                  hidden={hidden.has(field.name)}
                  onOpen={() => navigate(`${base}?field=${field.name}`)}
                  onToggle={() =>
                    void saveLayout({
                      hiddenFields: hidden.has(field.name)
                        ? [...hidden].filter((h) => h !== field.name)
                        : [...hidden, field.name],
                    })
                  }
                />
              ))}
            </ul>
          </SortableContext>
        </DndContext>
      </div>
      <div className="designer-detail">
        {creating || selected ? (
          <FieldForm
            key={creating ? 'new' : selected?.id}
            app={app}
            table={table}
            field={creating ? undefined : selected}
            onDone={(name) => navigate(name ? `${base}?field=${name}` : base)}
          />
        ) : (
          <EmptyState
            icon="settings"
            title={t('designer.pickField')}
            action={
              <Button variant="primary" icon="plus" onClick={() => navigate(`${base}?new=1`)}>
                {t('designer.addField')}
              </Button>
            }
          >
            {t('designer.pickFieldText')}
          </EmptyState>
        )}
      </div>
    </div>
  );
}
