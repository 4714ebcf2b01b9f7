// The kanban board: one column per choice of a single-select field, cards dragged across
// columns (the record's value changes) and within a column (the order is kept in the number
// field the view sorts by). Column counts and sums come from the aggregate endpoint, so they
// cover every record, not only the cards loaded.
import {
  closestCorners,
  DndContext,
  type DragEndEvent,
  type DragOverEvent,
  DragOverlay,
  type DragStartEvent,
  KeyboardSensor,
  PointerSensor,
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
import { type ReactNode, useMemo, useState } from 'react';
import { useLocation } from 'wouter';
import { useAggregate, useRecordPages } from '../../api/queries.ts';
import type { FieldDoc, RecordItem, Table } from '../../api/types.ts';
import { useValueContext } from '../../fields/context.ts';
import { editorOf } from '../../fields/registry.tsx';
import { choiceLabel, choicesOf, displayValue } from '../../fields/values.ts';
import { formatNumber } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { paths } from '../../lib/paths.ts';
import { rankAt } from '../../lib/rank.ts';
import { Button } from '../../ui/button.tsx';
import { ChoicePill, EmptyState, Spinner } from '../../ui/misc.tsx';
import { useToast } from '../../ui/toast.tsx';
import { errorFor, useCellSave } from '../grid/use-cell-save.ts';
import { RecordFormDialog } from '../record/record-form-dialog.tsx';
import type { ViewProps } from '../views/registry.ts';
import { CardFieldsPicker, FieldSelect, SettingsButton, useSaveView } from '../views/view-settings.tsx';

const noValue = '__none__';
type Columns = Record<string, string[]>;

function titleOf(record: RecordItem, table: Table): string {
  const value = table.primaryField ? record.fields[table.primaryField] : undefined;
  return value === null || value === undefined || value === '' ? `#${record.id}` : String(value);
}

function CardBody({
  record,
  table,
  app,
  cardFields,
}: {
  record: RecordItem;
  table: Table;
  app: string;
  cardFields: FieldDoc[];
}) {
  const { label } = useI18n();
  return (
    <>
      <div className="kcard-title">{titleOf(record, table)}</div>
      {cardFields.map((field) => {
        const Cell = editorOf(field).Cell;
        const value = record.fields[field.name];
        if (
          value === null ||
          value === undefined ||
          value === '' ||
          (Array.isArray(value) && value.length === 0)
        )
          return null;
        return (
          <div key={field.name} className="kcard-field">
            <span className="k">{label(field.label)}</span>
            <Cell value={value} field={field} app={app} />
          </div>
        );
      })}
    </>
  );
}

function Card({
  record,
  table,
  app,
  cardFields,
}: {
  record: RecordItem;
  table: Table;
  app: string;
  cardFields: FieldDoc[];
}) {
  const { t } = useI18n();
  const [, navigate] = useLocation();
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({
    id: record.id,
  });
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: dnd-kit's attributes make the card a focusable button
    // biome-ignore lint/a11y/useAriaPropsSupportedByRole: same: role="button" comes with the attributes
    <div
      ref={setNodeRef}
      className={`kcard ${isDragging ? 'dragging' : ''}`}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      {...attributes}
      {...listeners}
      aria-roledescription={t('kanban.card')}
      aria-label={titleOf(record, table)}
      data-record={record.id}
      onDoubleClick={() => navigate(paths.record(app, table.name, record.id))}
      onKeyDown={(event) => {
        listeners?.onKeyDown?.(event);
        if (event.key === 'Enter' && !event.defaultPrevented)
          navigate(paths.record(app, table.name, record.id));
      }}
    >
      <CardBody record={record} table={table} app={app} cardFields={cardFields} />
    </div>
  );
}

function Column({
  id,
  title,
  count,
  sum,
  children,
  onAdd,
}: {
  id: string;
  title: ReactNode;
  count: number;
  sum: string | undefined;
  children: ReactNode;
  onAdd(): void;
}) {
  const { t, locale } = useI18n();
  const { setNodeRef, isOver } = useDroppable({ id: `column:${id}` });
  return (
    <section
      className={`column ${isOver ? 'over' : ''}`}
      aria-label={typeof title === 'string' ? title : undefined}
      data-column={id}
    >
      <header className="column-head">
        {title}
        <span className="count">{formatNumber(count, locale)}</span>
        {sum !== undefined ? <span className="sum">{sum}</span> : null}
      </header>
      <div ref={setNodeRef} className="column-cards">
        {children}
      </div>
      <Button size="sm" variant="ghost" icon="plus" className="column-add" onClick={onAdd}>
        {t('kanban.addCard')}
      </Button>
    </section>
  );
}

export default function KanbanView({ app, table, view }: ViewProps) {
  const { t, label, locale } = useI18n();
  const toast = useToast();
  const context = useValueContext();
  const client = useQueryClient();
  const save = useSaveView(app, table, view);
  const { saveOne } = useCellSave(app.name, table.name);
  const settings = view.kanban;
  const groupField = table.fields.find((f) => f.name === settings?.groupField);
  const sumField = table.fields.find((f) => f.name === settings?.sumField);
  const cardFields = (settings?.cardFields ?? [])
    .map((n) => table.fields.find((f) => f.name === n))
    .filter((f): f is FieldDoc => Boolean(f));
  // Manual order: the view's first sort, when it is a number field.
  const rankField = table.fields.find((f) => f.name === view.sort?.[0]?.field && f.type === 'number');
  const pages = useRecordPages(
    app.name,
    table.name,
    { filter: view.filter, sort: view.sort, limit: 500 },
    Boolean(groupField),
  );
  const totals = useAggregate(
    app.name,
    table.name,
    {
      filter: view.filter,
      groupBy: groupField ? [groupField.name] : [],
      aggregates: sumField ? [{ field: sumField.name, fn: 'sum' }] : [],
    },
    Boolean(groupField),
  );
  const records = useMemo(() => pages.data?.pages.flatMap((p) => p.items) ?? [], [pages.data]);
  const byId = useMemo(() => new Map(records.map((r) => [r.id, r])), [records]);
  const [dragging, setDragging] = useState<{ id: string; columns: Columns }>();
  const [adding, setAdding] = useState<string>();

  const keys = useMemo(
    () => [noValue, ...(groupField ? choicesOf(groupField).map((c) => c.name) : [])],
    [groupField],
  );
  const columns: Columns = useMemo(() => {
    const result: Columns = Object.fromEntries(keys.map((k) => [k, [] as string[]]));
    for (const record of records) {
      const value = groupField ? record.fields[groupField.name] : null;
      const key = typeof value === 'string' && value in result ? value : noValue;
      result[key]!.push(record.id);
    }
    return result;
  }, [records, keys, groupField]);
  const shown = dragging?.columns ?? columns;

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  if (!groupField)
    return (
      <EmptyState icon="kanban" title={t('kanban.needsGroup')}>
        {t('views.kanbanNeedsSelect')}
      </EmptyState>
    );
  if (pages.isLoading) return <Spinner label={t('common.loading')} />;

  const columnOf = (id: string, cols: Columns) =>
    id.startsWith('column:') ? id.slice(7) : Object.keys(cols).find((k) => cols[k]!.includes(id));

  const onDragStart = ({ active }: DragStartEvent) =>
    setDragging({ id: String(active.id), columns: structuredClone(columns) });

  const onDragOver = ({ active, over }: DragOverEvent) => {
    if (!over || !dragging) return;
    const from = columnOf(String(active.id), dragging.columns);
    const to = columnOf(String(over.id), dragging.columns);
    if (!from || !to || from === to) return;
    // Show the card in the column it hovers, at the hovered card's place.
    const next = structuredClone(dragging.columns);
    next[from] = next[from]!.filter((id) => id !== active.id);
    const overIndex = next[to]!.indexOf(String(over.id));
    next[to]!.splice(overIndex < 0 ? next[to]!.length : overIndex, 0, String(active.id));
    setDragging({ ...dragging, columns: next });
  };

  const onDragEnd = async ({ active, over }: DragEndEvent) => {
    const state = dragging;
    setDragging(undefined);
    if (!over || !state) return;
    const id = String(active.id);
    const record = byId.get(id);
    const from = columnOf(id, columns);
    const to = columnOf(String(over.id), state.columns);
    if (!record || !from || !to) return;
    const list = state.columns[to]!.filter((x) => x !== id);
    let index = state.columns[to]!.indexOf(id);
    if (!over.id.toString().startsWith('column:') && from === to) {
      const overIndex = list.indexOf(String(over.id));
      const oldIndex = columns[from]!.indexOf(id);
      index = overIndex < 0 ? list.length : overIndex >= oldIndex ? overIndex + 1 : overIndex;
    }
    if (index < 0) index = list.length;
    const changes: Record<string, unknown> = {};
    if (from !== to) changes[groupField.name] = to === noValue ? null : to;
    if (rankField) {
      const ranks = list.map((x) => byId.get(x)?.fields[rankField.name] as number | null | undefined);
      const rank = rankAt(ranks, index);
      if (rank !== record.fields[rankField.name]) changes[rankField.name] = rank;
    } else if (from === to) {
      if (columns[from]!.indexOf(id) !== index) toast.show(t('kanban.orderNeedsField'));
      return;
    }
    if (Object.keys(changes).length === 0) return;
    try {
      await saveOne(record, changes);
      void client.invalidateQueries({ queryKey: ['aggregate', app.name, table.name] });
    } catch (error) {
      toast.show(errorFor(error, groupField.name), 'error');
    }
  };

  const groups = new Map(
    (totals.data?.groups ?? []).map((g) => [String(g.key[groupField.name] ?? noValue), g]),
  );
  const activeRecord = dragging ? byId.get(dragging.id) : undefined;
  const choices = choicesOf(groupField);
  const numberFields = table.fields.filter((f) =>
    ['number', 'currency', 'percent', 'rollup'].includes(f.type),
  );

  return (
    <>
      <div className="toolbar" role="toolbar" aria-label={t('grid.toolbar')}>
        <SettingsButton>
          <FieldSelect
            label={t('kanban.groupBy')}
            fields={table.fields.filter((f) => f.type === 'single_select')}
            value={groupField.name}
            onChange={(name) => name && void save({ kanban: { ...settings, groupField: name } })}
          />
          <FieldSelect
            label={t('kanban.sumField')}
            fields={numberFields}
            value={sumField?.name}
            allowNone
            onChange={(name) => {
              const { sumField: _old, ...rest } = settings ?? { groupField: groupField.name };
              void save({ kanban: { ...rest, ...(name ? { sumField: name } : {}) } });
            }}
          />
          <FieldSelect
            label={t('kanban.orderBy')}
            fields={table.fields.filter((f) => f.type === 'number')}
            value={rankField?.name}
            allowNone
            onChange={(name) => void save({ sort: name ? [{ field: name, dir: 'asc' }] : [] })}
          />
          <CardFieldsPicker
            fields={table.fields.filter((f) => f.name !== table.primaryField && f.name !== groupField.name)}
            value={cardFields.map((f) => f.name)}
            onChange={(cardFields) =>
              void save({ kanban: { ...settings, groupField: groupField.name, cardFields } })
            }
          />
        </SettingsButton>
        <span className="muted" style={{ fontSize: 12.5, marginLeft: 8 }}>
          {rankField ? t('kanban.orderedBy', { name: label(rankField.label) }) : t('kanban.dragHelp')}
        </span>
        {pages.hasNextPage ? (
          <Button
            size="sm"
            variant="ghost"
            style={{ marginLeft: 'auto' }}
            busy={pages.isFetchingNextPage}
            onClick={() => void pages.fetchNextPage()}
          >
            {t('kanban.loadMore')}
          </Button>
        ) : null}
      </div>
      <DndContext
        sensors={sensors}
        collisionDetection={closestCorners}
        onDragStart={onDragStart}
        onDragOver={onDragOver}
        onDragEnd={onDragEnd}
        onDragCancel={() => setDragging(undefined)}
      >
        <section className="board" aria-label={label(view.label)}>
          {keys.map((key) => {
            const ids = shown[key] ?? [];
            const group = groups.get(key);
            if (key === noValue && ids.length === 0 && !group) return null;
            if (settings?.hideEmptyColumns && ids.length === 0 && !group) return null;
            const choice = choices.find((c) => c.name === key);
            const sumValue = sumField
              ? (group?.values[sumField.name] as { sum?: number } | undefined)?.sum
              : undefined;
            const title =
              key === noValue ? (
                <span className="muted">{t('kanban.noValue', { name: label(groupField.label) })}</span>
              ) : (
                <ChoicePill color={choice?.color}>{choiceLabel(groupField, key, locale)}</ChoicePill>
              );
            return (
              <Column
                key={key}
                id={key}
                title={title}
                count={group?.count ?? ids.length}
                sum={sumField ? displayValue(sumValue ?? 0, sumField, context) : undefined}
                onAdd={() => setAdding(key)}
              >
                <SortableContext id={key} items={ids} strategy={verticalListSortingStrategy}>
                  {ids.map((id) => {
                    const record = byId.get(id);
                    return record ? (
                      <Card key={id} record={record} table={table} app={app.name} cardFields={cardFields} />
                    ) : null;
                  })}
                </SortableContext>
              </Column>
            );
          })}
        </section>
        <DragOverlay>
          {activeRecord ? (
            <div className="kcard overlay">
              <CardBody record={activeRecord} table={table} app={app.name} cardFields={cardFields} />
            </div>
          ) : null}
        </DragOverlay>
      </DndContext>
      {adding !== undefined ? (
        <RecordFormDialog
          app={app.name}
          table={table}
          initial={adding === noValue ? {} : { [groupField.name]: adding }}
          onClose={() => setAdding(undefined)}
        />
      ) : null}
    </>
  );
}
