// The form designer: drag fields from the palette into sections and columns, reorder them,
// set each one's label, help, required, default and condition; preview the form as people
// will see it; publish it as a public link.
import {
  type CollisionDetection,
  closestCenter,
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  useDraggable,
  useDroppable,
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
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../../api/endpoints.ts';
import { invalidateApp } from '../../api/queries.ts';
import type { FieldDoc, FormItem, FormLayout, Table } from '../../api/types.ts';
import { editorOf } from '../../fields/registry.tsx';
import { labelText, withLabelText } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { paths } from '../../lib/paths.ts';
import { Button, IconButton } from '../../ui/button.tsx';
import { DragHandle } from '../../ui/drag-handle.tsx';
import { CheckboxField, TextAreaField, TextField } from '../../ui/form-controls.tsx';
import { Icon } from '../../ui/icons.tsx';
import { useToast } from '../../ui/toast.tsx';
import { FilterBuilder } from '../grid/filter-builder.tsx';
import { type GroupNode, toJson, toTree } from '../grid/filter-state.ts';
import { errorFor } from '../grid/use-cell-save.ts';
import { FormRenderer } from '../public-form/form-renderer.tsx';
import { FieldInput } from '../record/field-input.tsx';
import type { ViewProps } from '../views/registry.ts';
import {
  addSection,
  columnItems,
  findItem,
  newPublicId,
  placeItem,
  removeItem,
  removeSection,
  sectionsOf,
  updateItem,
  updateSection,
  usedFields,
  withKey,
} from './layout.ts';

const paletteId = (name: string) => `palette:${name}`;
const itemId = (name: string) => `item:${name}`;
const columnId = (section: number, column: number) => `col:${section}:${column}`;

// Drop where the pointer is; with the keyboard (no pointer), on the nearest target.
const collision: CollisionDetection = (args) => {
  const hits = pointerWithin(args);
  return hits.length ? hits : closestCenter(args);
};

function PaletteItem({ field, used, onAdd }: { field: FieldDoc; used: boolean; onAdd(): void }) {
  const { t, label } = useI18n();
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({
    id: paletteId(field.name),
    disabled: used,
  });
  return (
    <li
      ref={setNodeRef}
      className={`palette-item ${used ? 'used' : ''}`}
      style={{ opacity: isDragging ? 0.4 : undefined }}
      {...attributes}
      {...listeners}
      aria-label={t('formDesigner.dragField', { name: label(field.label) })}
      data-field={field.name}
    >
      <Icon name={editorOf(field).icon} />
      <span className="grow">{label(field.label)}</span>
      {used ? (
        <Icon name="check" size={14} />
      ) : (
        <IconButton
          icon="plus"
          size="sm"
          label={t('formDesigner.addToForm', { name: label(field.label) })}
          onClick={onAdd}
          onPointerDown={(e) => e.stopPropagation()}
        />
      )}
    </li>
  );
}

function CanvasItem({
  item,
  field,
  active,
  onSelect,
  onRemove,
}: {
  item: FormItem;
  field: FieldDoc | undefined;
  active: boolean;
  onSelect(): void;
  onRemove(): void;
}) {
  const { t, label, locale } = useI18n();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } =
    useSortable({ id: itemId(item.field) });
  const text = labelText(item.label, locale) || label(field?.label) || item.field;
  return (
    <div
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition, opacity: isDragging ? 0.4 : 1 }}
      className={`form-item ${active ? 'active' : ''}`}
      data-item={item.field}
    >
      <DragHandle
        sortable={{ attributes, listeners, setActivatorNodeRef }}
        label={t('formDesigner.moveItem', { name: text })}
      />
      <button
        type="button"
        className="body"
        style={{ border: 'none', background: 'none', textAlign: 'left', cursor: 'pointer', padding: 0 }}
        onClick={onSelect}
        aria-pressed={active}
      >
        <div style={{ fontWeight: 500 }}>
          {text}
          {item.required || field?.required ? <span className="required-mark"> *</span> : null}
        </div>
        <div className="badges">
          {field ? <span className="tag">{t(`fieldTypes.${field.type}`)}</span> : null}
          {item.showIf ? <span className="tag">{t('formDesigner.conditional')}</span> : null}
          {item.default !== undefined ? <span className="tag">{t('formDesigner.hasDefault')}</span> : null}
        </div>
      </button>
      <IconButton
        icon="x"
        size="sm"
        label={t('formDesigner.removeItem', { name: text })}
        onClick={onRemove}
      />
    </div>
  );
}

function ColumnDrop({ id, children, empty }: { id: string; children: ReactNode; empty: boolean }) {
  const { t } = useI18n();
  const { setNodeRef, isOver } = useDroppable({ id });
  return (
    <div ref={setNodeRef} className={`section-col ${isOver ? 'over' : ''}`} data-drop={id}>
      {children}
      {empty ? <div className="drop-hint">{t('formDesigner.dropHere')}</div> : null}
    </div>
  );
}

function ItemInspector({
  app,
  table,
  item,
  field,
  layout,
  onChange,
}: {
  app: string;
  table: Table;
  item: FormItem;
  field: FieldDoc;
  layout: FormLayout;
  onChange(patch: Record<string, unknown>): void;
}) {
  const { t, label, locale } = useI18n();
  const [tree, setTree] = useState<GroupNode>(() => toTree(item.showIf));
  // Conditions may use the fields placed before this one.
  const earlier = useMemo(() => {
    const names = sectionsOf(layout).flatMap((s) => s.fields.map((f) => f.field));
    const before = names.slice(0, names.indexOf(item.field));
    return table.fields.filter((f) => before.includes(f.name));
  }, [layout, item.field, table.fields]);
  return (
    <div>
      <h2 style={{ fontSize: 15, marginBottom: 12 }}>{label(field.label)}</h2>
      <TextField
        label={t('formDesigner.itemLabel')}
        placeholder={label(field.label)}
        value={labelText(item.label, locale)}
        onChange={(e) =>
          onChange({ label: e.target.value ? withLabelText(item.label, locale, e.target.value) : undefined })
        }
      />
      <TextAreaField
        label={t('formDesigner.help')}
        rows={2}
        value={labelText(item.help as Record<string, string> | string | undefined, locale)}
        onChange={(e) => onChange({ help: e.target.value || undefined })}
      />
      <CheckboxField
        label={t('formDesigner.required')}
        checked={item.required === true || field.required === true}
        disabled={field.required === true}
        onChange={(e) => onChange({ required: e.target.checked || undefined })}
        help={field.required ? t('formDesigner.requiredByField') : undefined}
      />
      <FieldInput
        app={app}
        field={{ ...field, required: false, label: t('formDesigner.default'), description: '' }}
        value={item.default ?? null}
        onChange={(value) => onChange({ default: value === null || value === '' ? undefined : value })}
      />
      <div className="form-field">
        <span className="form-label">{t('formDesigner.showIf')}</span>
        {earlier.length ? (
          <FilterBuilder
            app={app}
            fields={earlier}
            tree={tree}
            onChange={(next) => {
              setTree(next);
              onChange({ showIf: toJson(next) });
            }}
          />
        ) : (
          <p className="form-help">{t('formDesigner.showIfNeedsEarlier')}</p>
        )}
      </div>
    </div>
  );
}

function FormSettings({
  layout,
  onChange,
  onPublish,
  publicUrl,
  busy,
}: {
  layout: FormLayout;
  onChange(layout: FormLayout): void;
  onPublish(on: boolean): void;
  publicUrl: string | undefined;
  busy: boolean;
}) {
  const { t, locale } = useI18n();
  const toast = useToast();
  const text = (v: unknown) => labelText(v as Record<string, string> | string | undefined, locale);
  const set = (key: 'submitLabel' | 'successMessage', value: string) =>
    onChange(
      withKey(
        layout,
        key,
        value
          ? withLabelText(layout[key] as Record<string, string> | string | undefined, locale, value)
          : undefined,
      ),
    );
  return (
    <div>
      <h2 style={{ fontSize: 15, marginBottom: 12 }}>{t('formDesigner.settings')}</h2>
      <TextField
        label={t('formDesigner.submitLabel')}
        placeholder={t('publicForm.submit')}
        value={text(layout.submitLabel)}
        onChange={(e) => set('submitLabel', e.target.value)}
      />
      <TextAreaField
        label={t('formDesigner.successMessage')}
        rows={2}
        placeholder={t('publicForm.thanks')}
        value={text(layout.successMessage)}
        onChange={(e) => set('successMessage', e.target.value)}
      />
      <div className="publish-box">
        <strong>{t('formDesigner.publicLink')}</strong>
        <p className="form-help">
          {layout.public ? t('formDesigner.publishedHelp') : t('formDesigner.unpublishedHelp')}
        </p>
        {layout.public && publicUrl ? (
          <div className="public-link">
            <input
              className="input input-sm"
              readOnly
              value={publicUrl}
              aria-label={t('formDesigner.publicLink')}
              onFocus={(e) => e.target.select()}
            />
            <IconButton
              icon="copy"
              size="sm"
              label={t('formDesigner.copyLink')}
              onClick={() => {
                void navigator.clipboard
                  ?.writeText(publicUrl)
                  .then(() => toast.show(t('formDesigner.copied')));
              }}
            />
            <a
              className="btn btn-ghost btn-sm icon-btn"
              href={publicUrl}
              target="_blank"
              rel="noreferrer"
              aria-label={t('formDesigner.openLink')}
              title={t('formDesigner.openLink')}
            >
              <Icon name="external" />
            </a>
          </div>
        ) : null}
        <div className="row" style={{ marginTop: 10 }}>
          {layout.public ? (
            <Button size="sm" busy={busy} onClick={() => onPublish(false)}>
              {t('formDesigner.unpublish')}
            </Button>
          ) : (
            <Button size="sm" variant="primary" icon="globe" busy={busy} onClick={() => onPublish(true)}>
              {t('formDesigner.publish')}
            </Button>
          )}
        </div>
      </div>
    </div>
  );
}

export default function FormDesigner({ app, table, view }: ViewProps) {
  const { t, label, locale } = useI18n();
  const client = useQueryClient();
  const toast = useToast();
  const saved = (view.form ?? {}) as FormLayout;
  const [layout, setLayout] = useState<FormLayout>(saved);
  const [selected, setSelected] = useState<string>();
  const [preview, setPreview] = useState(false);
  const [saving, setSaving] = useState(false);
  const [dragging, setDragging] = useState<string>();
  const savedJson = JSON.stringify(saved);
  const lastSaved = useRef(savedJson);
  useEffect(() => {
    if (savedJson === lastSaved.current) return;
    lastSaved.current = savedJson;
    setLayout(JSON.parse(savedJson) as FormLayout);
  }, [savedJson]);
  const dirty = JSON.stringify(layout) !== savedJson;
  const sections = sectionsOf(layout);
  const used = usedFields(layout);
  const writable = table.fields.filter((f) => editorOf(f).Editor !== null);
  const byName = new Map(table.fields.map((f) => [f.name, f]));
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const save = async (next: FormLayout = layout) => {
    setSaving(true);
    try {
      await api.views.update(app.name, table.name, view.name, { form: next });
      lastSaved.current = JSON.stringify(next);
      invalidateApp(client, app.name);
      toast.show(t('formDesigner.saved'), 'success');
    } catch (error) {
      toast.show(errorFor(error), 'error');
    } finally {
      setSaving(false);
    }
  };

  const publish = async (on: boolean) => {
    const next: FormLayout = on
      ? { ...layout, public: true, publicId: layout.publicId ?? newPublicId() }
      : { ...layout, public: false };
    setLayout(next);
    await save(next);
  };

  const slotOf = (overId: string): { section: number; column: number; index: number } | undefined => {
    if (overId.startsWith('col:')) {
      const [, s, c] = overId.split(':');
      const section = sections[Number(s)];
      return section
        ? { section: Number(s), column: Number(c), index: columnItems(section, Number(c)).length }
        : undefined;
    }
    if (overId.startsWith('item:')) return findItem(layout, overId.slice(5));
    return undefined;
  };

  const onDragStart = ({ active }: DragStartEvent) => setDragging(String(active.id));
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    setDragging(undefined);
    if (!over) return;
    const id = String(active.id);
    const slot = slotOf(String(over.id));
    if (!slot) return;
    if (id.startsWith('palette:')) {
      const name = id.slice(8);
      setLayout((l) => placeItem(l, { field: name }, slot));
      setSelected(name);
    } else if (id.startsWith('item:')) {
      const name = id.slice(5);
      const from = findItem(layout, name);
      if (!from) return;
      setLayout((l) => placeItem(l, from.item, slot));
    }
  };

  const addToForm = (name: string) => {
    const last = sections.length - 1;
    const section = sections[last]!;
    setLayout((l) =>
      placeItem(l, { field: name }, { section: last, column: 1, index: columnItems(section, 1).length }),
    );
    setSelected(name);
  };

  // Fields a record cannot do without: a form that leaves one out has every answer refused.
  const missing = table.fields.filter(
    (f) => f.required && f.default === undefined && editorOf(f).Editor && !used.has(f.name),
  );
  const selectedItem = selected ? findItem(layout, selected) : undefined;
  const selectedField = selected ? byName.get(selected) : undefined;
  const publicUrl = layout.publicId ? paths.publicForm(layout.publicId) : undefined;
  const draggingField = dragging ? byName.get(dragging.replace(/^(palette|item):/, '')) : undefined;

  return (
    <>
      <div className="toolbar" role="toolbar" aria-label={t('formDesigner.toolbar')}>
        <Button
          size="sm"
          variant={preview ? 'secondary' : 'ghost'}
          className={preview ? 'active' : ''}
          icon="eye"
          aria-pressed={preview}
          onClick={() => setPreview((p) => !p)}
        >
          {t('formDesigner.preview')}
        </Button>
        {layout.public && publicUrl ? (
          <a className="btn btn-ghost btn-sm" href={publicUrl} target="_blank" rel="noreferrer">
            <Icon name="external" />
            {t('formDesigner.openLink')}
          </a>
        ) : null}
        <span className="spacer" />
        <span className="saving-note" aria-live="polite">
          {dirty ? t('formDesigner.unsaved') : t('formDesigner.allSaved')}
        </span>
        <Button size="sm" variant="primary" busy={saving} disabled={!dirty} onClick={() => void save()}>
          {t('formDesigner.save')}
        </Button>
      </div>
      {preview ? (
        <div className="canvas" style={{ flex: 1 }}>
          <div className="public-form">
            <FormRenderer
              layout={layout}
              fields={table.fields}
              app={app.name}
              isPublic={false}
              onSubmit={async () => {
                toast.show(t('formDesigner.previewSubmitted'));
              }}
            />
          </div>
        </div>
      ) : (
        <DndContext
          sensors={sensors}
          collisionDetection={collision}
          onDragStart={onDragStart}
          onDragEnd={onDragEnd}
          onDragCancel={() => setDragging(undefined)}
        >
          <div className="form-designer">
            <aside className="palette" aria-label={t('formDesigner.palette')}>
              <div className="popover-title" style={{ padding: '0 0 8px' }}>
                {t('formDesigner.palette')}
              </div>
              <p className="form-help" style={{ marginBottom: 10 }}>
                {t('formDesigner.paletteHelp')}
              </p>
              <ul>
                {writable.map((field) => (
                  <PaletteItem
                    key={field.name}
                    field={field}
                    used={used.has(field.name)}
                    onAdd={() => addToForm(field.name)}
                  />
                ))}
              </ul>
            </aside>
            <div className="canvas">
              <div className="canvas-form">
                <input
                  className="input"
                  style={{
                    fontSize: 20,
                    fontWeight: 600,
                    height: 42,
                    border: 'none',
                    padding: 0,
                    boxShadow: 'none',
                  }}
                  aria-label={t('formDesigner.formTitle')}
                  placeholder={t('formDesigner.formTitlePlaceholder', { table: label(table.label) })}
                  value={labelText(layout.title, locale)}
                  onChange={(e) =>
                    setLayout(
                      withKey(
                        layout,
                        'title',
                        e.target.value ? withLabelText(layout.title, locale, e.target.value) : undefined,
                      ),
                    )
                  }
                />
                <textarea
                  className="input textarea"
                  style={{ border: 'none', padding: 0, boxShadow: 'none', minHeight: 40, marginBottom: 14 }}
                  aria-label={t('formDesigner.formDescription')}
                  placeholder={t('formDesigner.formDescriptionPlaceholder')}
                  value={labelText(layout.description as Record<string, string> | string | undefined, locale)}
                  onChange={(e) => setLayout(withKey(layout, 'description', e.target.value))}
                />
                {missing.length ? (
                  <div className="error-banner" role="status">
                    {t('formDesigner.missingRequired', {
                      names: missing.map((f) => label(f.label)).join(', '),
                    })}
                  </div>
                ) : null}
                {sections.map((section, s) => {
                  const columns = section.columns ?? 1;
                  return (
                    <section
                      key={section.id ?? s}
                      className="canvas-section"
                      aria-label={t('formDesigner.sectionN', { n: s + 1 })}
                    >
                      <div className="section-head">
                        <input
                          className="input input-sm grow"
                          aria-label={t('formDesigner.sectionTitle')}
                          placeholder={t('formDesigner.sectionTitlePlaceholder')}
                          value={labelText(section.title, locale)}
                          onChange={(e) =>
                            setLayout(
                              updateSection(layout, s, {
                                title: e.target.value
                                  ? withLabelText(section.title, locale, e.target.value)
                                  : undefined,
                              }),
                            )
                          }
                        />
                        <select
                          className="input input-sm select"
                          style={{ width: 130 }}
                          aria-label={t('formDesigner.columns')}
                          value={columns}
                          onChange={(e) =>
                            setLayout(updateSection(layout, s, { columns: Number(e.target.value) }))
                          }
                        >
                          {[1, 2, 3].map((n) => (
                            <option key={n} value={n}>
                              {t('formDesigner.nColumns', { n })}
                            </option>
                          ))}
                        </select>
                        <IconButton
                          icon="trash"
                          size="sm"
                          label={t('formDesigner.removeSection')}
                          disabled={sections.length <= 1}
                          onClick={() => setLayout(removeSection(layout, s))}
                        />
                      </div>
                      <div
                        className="section-cols"
                        style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}
                      >
                        {Array.from({ length: columns }, (_, c) => {
                          const items = columnItems(section, c + 1);
                          return (
                            // biome-ignore lint/suspicious/noArrayIndexKey: columns are positions
                            <ColumnDrop key={c} id={columnId(s, c + 1)} empty={items.length === 0}>
                              <SortableContext
                                id={columnId(s, c + 1)}
                                items={items.map((i) => itemId(i.field))}
                                strategy={verticalListSortingStrategy}
                              >
                                {items.map((item) => (
                                  <CanvasItem
                                    key={item.field}
                                    item={item}
                                    field={byName.get(item.field)}
                                    active={selected === item.field}
                                    onSelect={() => setSelected(item.field)}
                                    onRemove={() => {
                                      setLayout(removeItem(layout, item.field));
                                      if (selected === item.field) setSelected(undefined);
                                    }}
                                  />
                                ))}
                              </SortableContext>
                            </ColumnDrop>
                          );
                        })}
                      </div>
                    </section>
                  );
                })}
                <Button
                  size="sm"
                  variant="ghost"
                  icon="plus"
                  onClick={() => setLayout(addSection(layout, `s${Date.now().toString(36)}`))}
                >
                  {t('formDesigner.addSection')}
                </Button>
              </div>
            </div>
            <aside className="inspector" aria-label={t('formDesigner.inspector')}>
              {selectedItem && selectedField ? (
                <>
                  <Button
                    size="sm"
                    variant="ghost"
                    icon="chevronLeft"
                    onClick={() => setSelected(undefined)}
                    style={{ marginBottom: 8 }}
                  >
                    {t('formDesigner.formSettings')}
                  </Button>
                  <ItemInspector
                    key={selectedItem.item.field}
                    app={app.name}
                    table={table}
                    item={selectedItem.item}
                    field={selectedField}
                    layout={layout}
                    onChange={(patch) => setLayout((l) => updateItem(l, selectedItem.item.field, patch))}
                  />
                </>
              ) : (
                <FormSettings
                  layout={layout}
                  onChange={setLayout}
                  onPublish={(on) => void publish(on)}
                  publicUrl={publicUrl}
                  busy={saving}
                />
              )}
            </aside>
          </div>
          <DragOverlay>
            {draggingField ? (
              <div className="palette-item" style={{ boxShadow: 'var(--shadow-lg)' }}>
                <Icon name={editorOf(draggingField).icon} />
                {label(draggingField.label)}
              </div>
            ) : null}
          </DragOverlay>
        </DndContext>
      )}
    </>
  );
}
