// The kanban board: one column per choice of a single-select field, cards dragged across
// columns (the record's value changes) and within a column. Unless the view sorts by a field,
// cards keep the order they were dropped in (the hand-arranged order, `@position`). A drop
// shows at once and is undone, with the reason, if the server refuses it. Column counts and
// sums come from the aggregate endpoint, so they cover every record, not only the cards loaded.
import {
  type Announcements,
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
import { type InfiniteData, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useMemo, useState } from 'react';
import { useLocation } from 'wouter';
import { api } from '../../api/endpoints.ts';
import {
  invalidateRecords,
  keys,
  patchCachedRecord,
  useAggregate,
  useRecordPages,
} from '../../api/queries.ts';
import type { AggregateResult, FieldDoc, RecordItem, RecordPage, Table } from '../../api/types.ts';
import { useValueContext } from '../../fields/context.ts';
import { editorOf } from '../../fields/registry.tsx';
import { choiceLabel, choicesOf, displayValue } from '../../fields/values.ts';
import { formatNumber } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { paths } from '../../lib/paths.ts';
import { Button } from '../../ui/button.tsx';
import { ChoicePill, EmptyState, Spinner } from '../../ui/misc.tsx';
import { useToast } from '../../ui/toast.tsx';
import { errorFor } from '../grid/use-cell-save.ts';
import { RecordFormDialog } from '../record/record-form-dialog.tsx';
import type { ViewProps } from '../views/registry.ts';
import { CardFieldsPicker, FieldSelect, SettingsButton, useSaveView } from '../views/view-settings.tsx';
import {
  type Columns,
  columnDropId,
  columnOf,
  dropPlacement,
  hoverColumns,
  isHandArranged,
  manualOrder,
  placeInPages,
  shiftTotals,
} from './placement.ts';

const noValue = '__none__';
/** Fields whose values order nothing. */
const unsortable = new Set(['attachment']);

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
  name,
  count,
  sum,
  children,
  onAdd,
}: {
  id: string;
  title: ReactNode;
  name: string;
  count: number;
  sum: string | undefined;
  children: ReactNode;
  onAdd(): void;
}) {
  const { t, locale } = useI18n();
  const { setNodeRef, isOver } = useDroppable({ id: columnDropId(id) });
  return (
    <section className={`column ${isOver ? 'over' : ''}`} aria-label={name} data-column={id}>
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
  const settings = view.kanban;
  const groupField = table.fields.find((f) => f.name === settings?.groupField);
  const sumField = table.fields.find((f) => f.name === settings?.sumField);
  const cardFields = (settings?.cardFields ?? [])
    .map((n) => table.fields.find((f) => f.name === n))
    .filter((f): f is FieldDoc => Boolean(f));
  const byHand = isHandArranged(view.sort);
  const sortField = byHand ? undefined : table.fields.find((f) => f.name === view.sort?.[0]?.field);
  const listParams = {
    filter: view.filter,
    sort: byHand ? [{ field: manualOrder, dir: 'asc' as const }] : view.sort,
    limit: 500,
  };
  const totalsParams = {
    filter: view.filter,
    groupBy: groupField ? [groupField.name] : [],
    aggregates: sumField ? [{ field: sumField.name, fn: 'sum' }] : [],
  };
  const pages = useRecordPages(app.name, table.name, listParams, Boolean(groupField));
  const totals = useAggregate(app.name, table.name, totalsParams, Boolean(groupField));
  const records = useMemo(() => pages.data?.pages.flatMap((p) => p.items) ?? [], [pages.data]);
  const byId = useMemo(() => new Map(records.map((r) => [r.id, r])), [records]);
  const [dragging, setDragging] = useState<{ id: string; columns: Columns }>();
  // A drop's columns, shown until the cache holds the moved card.
  const [dropped, setDropped] = useState<Columns>();
  const [adding, setAdding] = useState<string>();

  const columnKeys = useMemo(
    () => [noValue, ...(groupField ? choicesOf(groupField).map((c) => c.name) : [])],
    [groupField],
  );
  const columns: Columns = useMemo(() => {
    const result: Columns = Object.fromEntries(columnKeys.map((k) => [k, [] as string[]]));
    for (const record of records) {
      const value = groupField ? record.fields[groupField.name] : null;
      const key = typeof value === 'string' && value in result ? value : noValue;
      result[key]!.push(record.id);
    }
    return result;
  }, [records, columnKeys, groupField]);
  const shown = dragging?.columns ?? dropped ?? columns;

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    // Space picks a card up and drops it; Enter stays free to open the record.
    useSensor(KeyboardSensor, {
      coordinateGetter: sortableKeyboardCoordinates,
      keyboardCodes: { start: ['Space'], cancel: ['Escape'], end: ['Space'] },
    }),
  );

  if (!groupField)
    return (
      <EmptyState icon="kanban" title={t('kanban.needsGroup')}>
        {t('views.kanbanNeedsSelect')}
      </EmptyState>
    );
  if (pages.isLoading) return <Spinner label={t('common.loading')} />;

  const columnTitle = (key: string) =>
    key === noValue
      ? t('kanban.noValue', { name: label(groupField.label) })
      : choiceLabel(groupField, key, locale);
  const cardTitle = (id: string) => {
    const record = byId.get(id);
    return record ? titleOf(record, table) : `#${id}`;
  };
  const placeName = (id: string | number, cols: Columns) => {
    const key = columnOf(String(id), cols);
    return key === undefined ? '' : columnTitle(key);
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => t('kanban.pickedUp', { name: cardTitle(String(active.id)) }),
    onDragOver: ({ active, over }) =>
      over
        ? t('kanban.movedOver', { name: cardTitle(String(active.id)), column: placeName(over.id, shown) })
        : undefined,
    onDragEnd: ({ active, over }) =>
      over
        ? t('kanban.droppedIn', { name: cardTitle(String(active.id)), column: placeName(over.id, shown) })
        : undefined,
    onDragCancel: ({ active }) => t('kanban.dragCancelled', { name: cardTitle(String(active.id)) }),
  };

  const onDragStart = ({ active }: DragStartEvent) =>
    setDragging({ id: String(active.id), columns: structuredClone(columns) });

  const onDragOver = ({ active, over }: DragOverEvent) => {
    if (!over || !dragging) return;
    const next = hoverColumns(dragging.columns, String(active.id), String(over.id));
    if (next !== dragging.columns) setDragging({ ...dragging, columns: next });
  };

  const onDragEnd = async ({ active, over }: DragEndEvent) => {
    const state = dragging;
    setDragging(undefined);
    if (!over || !state) return;
    const id = String(active.id);
    const record = byId.get(id);
    const drop = dropPlacement(columns, state.columns, id, String(over.id));
    if (!record || !drop?.moved) return;
    if (drop.from === drop.to && !byHand) {
      toast.show(
        t('kanban.orderedByField', { name: label(sortField?.label) || view.sort?.[0]?.field || '' }),
      );
      return;
    }
    const changes: Record<string, unknown> =
      drop.from !== drop.to ? { [groupField.name]: drop.to === noValue ? null : drop.to } : {};
    const place = byHand ? { after: drop.after, before: drop.before } : { after: null, before: null };
    setDropped({
      ...state.columns,
      [drop.from]: state.columns[drop.from]!.filter((x) => x !== id),
      [drop.to]: drop.order,
    });
    await placeCard(record, changes, place, drop);
  };

  /** Shows the card where it was dropped, then tells the server; a refusal puts it back. */
  const placeCard = async (
    record: RecordItem,
    changes: Record<string, unknown>,
    place: { after: string | null; before: string | null },
    drop: { from: string; to: string },
  ) => {
    const pagesKey = keys.recordPages(app.name, table.name, listParams);
    const totalsKey = keys.aggregateOf(app.name, table.name, totalsParams);
    await client.cancelQueries({ queryKey: pagesKey });
    await client.cancelQueries({ queryKey: totalsKey });
    const beforePages = client.getQueryData<InfiniteData<RecordPage>>(pagesKey);
    const beforeTotals = client.getQueryData<AggregateResult>(totalsKey);
    if (beforePages)
      client.setQueryData<InfiniteData<RecordPage>>(pagesKey, {
        ...beforePages,
        pages: placeInPages(beforePages.pages, record.id, place, changes),
      });
    if (beforeTotals && drop.from !== drop.to)
      client.setQueryData<AggregateResult>(
        totalsKey,
        shiftTotals(beforeTotals, groupField.name, (value) => String(value ?? noValue), {
          from: drop.from,
          to: drop.to,
          toValue: changes[groupField.name],
          amount: sumField ? (record.fields[sumField.name] as number | undefined) : undefined,
          sumField: sumField?.name,
        }),
      );
    setDropped(undefined);
    try {
      if (Object.keys(changes).length) {
        const saved = await api.records.update(app.name, table.name, record.id, changes);
        patchCachedRecord(client, app.name, table.name, saved);
      }
      if (place.after !== null || place.before !== null)
        await api.records.move(app.name, table.name, record.id, place);
    } catch (error) {
      if (beforePages) client.setQueryData(pagesKey, beforePages);
      if (beforeTotals) client.setQueryData(totalsKey, beforeTotals);
      toast.show(
        t('kanban.notMoved', { name: titleOf(record, table), error: errorFor(error, groupField.name) }),
        'error',
      );
    } finally {
      // Whatever the server kept (a refused move may follow an accepted change of column).
      invalidateRecords(client, app.name, table.name);
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
  const sortableFields = table.fields.filter((f) => !unsortable.has(f.type) && !f.encrypted);

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
            fields={sortableFields}
            value={sortField?.name}
            allowNone
            noneLabel={t('kanban.byHand')}
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
          {byHand
            ? t('kanban.dragHelp')
            : t('kanban.orderedBy', { name: label(sortField?.label) || view.sort?.[0]?.field || '' })}
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
        accessibility={{
          announcements,
          screenReaderInstructions: { draggable: t('kanban.dragInstructions') },
        }}
        onDragStart={onDragStart}
        onDragOver={onDragOver}
        onDragEnd={onDragEnd}
        onDragCancel={() => setDragging(undefined)}
      >
        <section className="board" aria-label={label(view.label)}>
          {columnKeys.map((key) => {
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
                <span className="muted">{columnTitle(key)}</span>
              ) : (
                <ChoicePill color={choice?.color}>{columnTitle(key)}</ChoicePill>
              );
            return (
              <Column
                key={key}
                id={key}
                title={title}
                name={columnTitle(key)}
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
