// biome-ignore-all lint/a11y/useSemanticElements: an ARIA grid over virtualised rows; table elements cannot be positioned rows
// biome-ignore-all lint/a11y/useFocusableInteractive: cells are reached through aria-activedescendant on the focused grid
// The grid itself: a virtualised table (only the rows on screen are in the DOM), with a
// sticky header and summary footer, keyboard navigation, inline editing with each field
// type's editor, copy and paste of cell blocks, and column resize and reorder.
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
  horizontalListSortingStrategy,
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  type ClipboardEvent,
  type FocusEvent,
  type KeyboardEvent,
  memo,
  type PointerEvent,
  type ReactNode,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useLocation } from 'wouter';
import type { App, FieldDoc, RecordItem, Table } from '../../api/types.ts';
import { useValueContext } from '../../fields/context.ts';
import { editorOf } from '../../fields/registry.tsx';
import { clipboardText, displayValue, fromTsv, parseValue, toTsv } from '../../fields/values.ts';
import { formatNumber } from '../../i18n/format.ts';
import { type MessageKey, useI18n } from '../../i18n/index.tsx';
import { paths } from '../../lib/paths.ts';
import { Button, IconButton } from '../../ui/button.tsx';
import { Icon } from '../../ui/icons.tsx';
import { Menu, Popover } from '../../ui/popover.tsx';
import { useToast } from '../../ui/toast.tsx';
import { canSort } from './grid-menus.tsx';
import { inRange, isTypingKey, move, type Position, pasteTargets, type Range, rangeOf } from './grid-nav.ts';
import { errorFor, useCellSave } from './use-cell-save.ts';
import type { GridRow, useGridRows } from './use-grid-rows.ts';

const rowHeight = 36;
const headerHeight = 36;
const numberWidth = 64;
const addWidth = 44;

export interface GridTableProps {
  app: App;
  table: Table;
  fields: FieldDoc[];
  data: ReturnType<typeof useGridRows>;
  /** Changes when the rows asked for change (filter, sort, search): the grid goes back to the top. */
  listKey: string;
  widths: Record<string, number>;
  aggregates: Record<string, string>;
  groupField: FieldDoc | undefined;
  collapsed: Set<string>;
  onToggleGroup(key: string): void;
  selected: Set<string>;
  onSelect(ids: Set<string>): void;
  onWidth(field: string, width: number): void;
  onMove(from: string, to: string): void;
  onHide(field: string): void;
  onSort(field: string, dir: 'asc' | 'desc'): void;
  onGroup(field: string): void;
  onFilterBy(field: string): void;
  onAggregate(field: string, fn: string | null): void;
}

interface TextEdit {
  row: number;
  col: number;
  text: string;
  error?: string | undefined;
  pending?: boolean | undefined;
}

interface PopEdit {
  row: number;
  col: number;
  value: unknown;
  error?: string | undefined;
  pending?: boolean | undefined;
}

/** A function whose identity never changes but which always runs the latest version (for memoised rows). */
function useStableCallback<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  const ref = useRef(fn);
  useLayoutEffect(() => {
    ref.current = fn;
  });
  return useCallback((...args: A) => ref.current(...args), []);
}

const cellId = (grid: string, row: number, col: number) => `${grid}-r${row}-c${col}`;

function widthOf(field: FieldDoc, widths: Record<string, number>) {
  return widths[field.name] ?? editorOf(field).width;
}

// ---------------------------------------------------------------- header

function HeaderCell({
  field,
  width,
  left,
  sticky,
  index,
  onWidth,
  menu,
}: {
  field: FieldDoc;
  width: number;
  left: number;
  sticky: boolean;
  index: number;
  onWidth(width: number): void;
  menu: ReactNode;
}) {
  const { label, t } = useI18n();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } =
    useSortable({
      id: field.name,
      disabled: sticky,
    });
  const [live, setLive] = useState<number>();
  const start = useRef<{ x: number; width: number }>(undefined);
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    event.stopPropagation();
    event.preventDefault();
    (event.target as HTMLElement).setPointerCapture(event.pointerId);
    start.current = { x: event.clientX, width };
    setLive(width);
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (!start.current) return;
    setLive(Math.max(60, Math.min(1200, Math.round(start.current.width + event.clientX - start.current.x))));
  };
  const onPointerUp = () => {
    if (start.current && live !== undefined && live !== width) onWidth(live);
    start.current = undefined;
    setLive(undefined);
  };
  const shown = live ?? width;
  const editor = editorOf(field);
  return (
    <div
      ref={setNodeRef}
      role="columnheader"
      aria-colindex={index + 2}
      className={`grid-cell col-head ${sticky ? 'sticky-2' : ''} ${isDragging ? 'dragging' : ''}`}
      style={{
        width: shown,
        ...(sticky ? { left } : {}),
        transform: transform ? CSS.Translate.toString({ ...transform, y: 0 }) : undefined,
        transition,
      }}
    >
      <span
        ref={setActivatorNodeRef}
        className="label row"
        style={{ gap: 6 }}
        {...(sticky ? {} : { ...attributes, ...listeners })}
        title={label(field.label)}
      >
        <Icon name={editor.icon} size={14} />
        <span className="cell-text">{label(field.label)}</span>
      </span>
      {menu}
      <div
        className={`col-resize ${live !== undefined ? 'active' : ''}`}
        role="separator"
        aria-orientation="vertical"
        aria-label={t('grid.resizeColumn', { name: label(field.label) })}
        aria-valuenow={shown}
        tabIndex={-1}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onDoubleClick={() => onWidth(editor.width)}
      />
    </div>
  );
}

function ColumnMenu({
  field,
  props,
  isPrimary,
}: {
  field: FieldDoc;
  props: GridTableProps;
  isPrimary: boolean;
}) {
  const { t, label } = useI18n();
  const anchor = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const [, navigate] = useLocation();
  const sortable = canSort(field);
  return (
    <>
      <IconButton
        ref={anchor}
        icon="chevronDown"
        size="sm"
        className="col-menu"
        label={t('grid.columnMenu', { name: label(field.label) })}
        onClick={() => setOpen(true)}
      />
      <Menu
        anchor={anchor}
        open={open}
        onClose={() => setOpen(false)}
        items={[
          ...(sortable
            ? [
                {
                  label: t('grid.sortAsc'),
                  icon: <Icon name="arrowUp" />,
                  onSelect: () => props.onSort(field.name, 'asc'),
                },
                {
                  label: t('grid.sortDesc'),
                  icon: <Icon name="arrowDown" />,
                  onSelect: () => props.onSort(field.name, 'desc'),
                },
                {
                  label: t('grid.groupByThis'),
                  icon: <Icon name="group" />,
                  onSelect: () => props.onGroup(field.name),
                },
              ]
            : []),
          {
            label: t('grid.filterByThis'),
            icon: <Icon name="filter" />,
            onSelect: () => props.onFilterBy(field.name),
          },
          {
            label: t('grid.editField'),
            icon: <Icon name="edit" />,
            onSelect: () => navigate(`${paths.fields(props.app.name, props.table.name)}?field=${field.name}`),
          },
          ...(isPrimary
            ? []
            : [
                {
                  label: t('grid.hideField'),
                  icon: <Icon name="eyeOff" />,
                  onSelect: () => props.onHide(field.name),
                },
              ]),
        ]}
      />
    </>
  );
}

// ---------------------------------------------------------------- footer

function FooterCell({
  field,
  width,
  left,
  sticky,
  props,
}: {
  field: FieldDoc;
  width: number;
  left: number;
  sticky: boolean;
  props: GridTableProps;
}) {
  const { t, label } = useI18n();
  const context = useValueContext();
  const anchor = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const fn = props.aggregates[field.name];
  const value = fn
    ? (props.data.summary?.total.values[field.name] as Record<string, unknown> | undefined)?.[fn]
    : undefined;
  const shown = fn ? aggregateText(fn, value, field, context) : '';
  return (
    <div className={`grid-cell ${sticky ? 'sticky-2' : ''}`} style={{ width, ...(sticky ? { left } : {}) }}>
      <button
        ref={anchor}
        type="button"
        className="btn btn-ghost btn-sm"
        style={{
          width: '100%',
          minWidth: 0,
          justifyContent: 'flex-end',
          height: 26,
          padding: '0 4px',
          color: 'inherit',
          overflow: 'hidden',
        }}
        aria-label={t('grid.summarize', { name: label(field.label) })}
        onClick={() => setOpen(true)}
      >
        {fn ? (
          <>
            <span className="agg-name">{t(`aggregate.${fn}` as MessageKey)}</span>
            <span className="cell-text">{shown}</span>
          </>
        ) : (
          <span className="agg-name agg-empty">{t('grid.summary')}</span>
        )}
      </button>
      <Menu
        anchor={anchor}
        open={open}
        onClose={() => setOpen(false)}
        items={[
          { label: t('aggregate.none'), onSelect: () => props.onAggregate(field.name, null) },
          ...editorOf(field).aggregates.map((a) => ({
            label: t(`aggregate.${a}`),
            onSelect: () => props.onAggregate(field.name, a),
          })),
        ]}
      />
    </div>
  );
}

export function aggregateText(
  fn: string,
  value: unknown,
  field: FieldDoc,
  context: ReturnType<typeof useValueContext>,
): string {
  if (value === null || value === undefined) return '–';
  if (fn.startsWith('count')) return formatNumber(Number(value), context.locale);
  if (fn === 'avg' && typeof value === 'number' && field.type !== 'currency')
    return formatNumber(value, context.locale, Number.isInteger(value) ? 0 : 2);
  return displayValue(value, field, context) || String(value);
}

// ---------------------------------------------------------------- rows

interface RowProps {
  gridId: string;
  index: number;
  /** The record's number as shown (records only; group headers do not count). */
  number: number;
  start: number;
  row: GridRow;
  fields: FieldDoc[];
  widths: Record<string, number>;
  lefts: number[];
  totalWidth: number;
  app: string;
  active: Position | undefined;
  range: Range | undefined;
  selected: boolean;
  editing: TextEdit | undefined;
  errorCol: number | undefined;
  groupField: FieldDoc | undefined;
  aggregates: Record<string, string>;
  collapsed: boolean;
  onCellDown(row: number, col: number, shift: boolean): void;
  onCellDouble(row: number, col: number): void;
  onSelect(id: string, on: boolean): void;
  onOpen(id: string): void;
  onToggleGroup(key: string): void;
  onEditText(text: string): void;
  onEditKey(event: KeyboardEvent<HTMLInputElement>): void;
  onEditBlur(event: FocusEvent<HTMLInputElement>): void;
}

const GridRowView = memo(function GridRowView(props: RowProps) {
  const { row, index, start, fields, lefts, widths, gridId } = props;
  const { t, label } = useI18n();
  const context = useValueContext();
  if (row.kind === 'group') {
    const field = props.groupField;
    const Cell = field ? editorOf(field).Cell : null;
    return (
      <div
        role="row"
        aria-rowindex={index + 2}
        aria-expanded={!props.collapsed}
        className="group-row"
        style={{ top: start, width: props.totalWidth }}
        onClick={() => props.onToggleGroup(row.key)}
        onKeyDown={(e) => e.key === 'Enter' && props.onToggleGroup(row.key)}
      >
        <Icon name={props.collapsed ? 'chevronRight' : 'chevronDown'} size={14} />
        <span className="muted">{field ? label(field.label) : ''}</span>
        {Cell && field && row.value !== null && row.value !== undefined && row.value !== '' ? (
          <Cell value={row.value} field={field} app={props.app} />
        ) : (
          <span className="muted">{t('grid.empty')}</span>
        )}
        <span className="count">{t('grid.recordCount', { n: formatNumber(row.count, context.locale) })}</span>
        <span className="aggs">
          {Object.entries(props.aggregates).map(([name, fn]) => {
            const f = fields.find((x) => x.name === name);
            const value = (row.values[name] as Record<string, unknown> | undefined)?.[fn];
            return f ? (
              <span key={name}>
                {label(f.label)} {t(`aggregate.${fn}` as MessageKey)}: {aggregateText(fn, value, f, context)}
              </span>
            ) : null;
          })}
        </span>
      </div>
    );
  }
  if (row.kind === 'placeholder')
    return (
      <div
        role="row"
        aria-rowindex={index + 2}
        className="grid-row"
        style={{ top: start, width: props.totalWidth }}
      >
        <div className="grid-cell row-num sticky">{props.number}</div>
        {fields.map((field, col) => (
          <div
            key={field.name}
            className={`grid-cell ${col === 0 ? 'sticky-2' : ''}`}
            style={{ width: widthOf(field, widths), ...(col === 0 ? { left: lefts[0] } : {}) }}
          >
            <div className="skeleton" />
          </div>
        ))}
      </div>
    );
  const record = row.record;
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={props.selected}
      className={`grid-row ${props.selected ? 'selected' : ''}`}
      style={{ top: start, width: props.totalWidth }}
    >
      <div className="grid-cell row-num sticky" role="rowheader">
        <span className="num has-check">{props.number}</span>
        <input
          type="checkbox"
          className="checkbox row-check"
          checked={props.selected}
          aria-label={t('grid.selectRow', { n: props.number })}
          onChange={(e) => props.onSelect(record.id, e.target.checked)}
        />
        <button
          type="button"
          className="expand"
          aria-label={t('grid.openRecord')}
          title={t('grid.openRecord')}
          onClick={() => props.onOpen(record.id)}
        >
          <Icon name="expand" size={13} />
        </button>
      </div>
      {fields.map((field, col) => {
        const editor = editorOf(field);
        const Cell = editor.Cell;
        const isActive = props.active?.row === index && props.active.col === col;
        const editing = props.editing && props.editing.col === col ? props.editing : undefined;
        return (
          <div
            key={field.name}
            id={cellId(gridId, index, col)}
            role="gridcell"
            aria-colindex={col + 2}
            aria-selected={isActive || inRange(props.range, index, col)}
            aria-readonly={editor.gridEdit === 'none' || undefined}
            className={`grid-cell ${col === 0 ? 'sticky-2' : ''} ${isActive ? 'active' : ''} ${inRange(props.range, index, col) && !isActive ? 'in-range' : ''} ${editor.align === 'end' ? 'align-end' : ''} ${editor.gridEdit === 'none' ? 'readonly' : ''} ${props.errorCol === col ? 'error' : ''}`}
            style={{ width: widthOf(field, widths), ...(col === 0 ? { left: lefts[0] } : {}) }}
            onMouseDown={(e) => props.onCellDown(index, col, e.shiftKey)}
            onDoubleClick={() => props.onCellDouble(index, col)}
          >
            <Cell value={record.fields[field.name]} field={field} app={props.app} />
            {editing ? (
              <input
                // biome-ignore lint/a11y/noAutofocus: the user asked to edit this cell
                autoFocus
                className={`cell-input ${editor.align === 'end' ? 'align-end' : ''}`}
                aria-label={t('grid.editCell', { name: label(field.label) })}
                aria-invalid={Boolean(editing.error) || undefined}
                value={editing.text}
                onChange={(e) => props.onEditText(e.target.value)}
                onKeyDown={props.onEditKey}
                onBlur={props.onEditBlur}
                onMouseDown={(e) => e.stopPropagation()}
              />
            ) : null}
          </div>
        );
      })}
    </div>
  );
});

function CellError({ target, message }: { target: string; message: string }) {
  const [style, setStyle] = useState<{ top: number; left: number }>();
  useLayoutEffect(() => {
    const rect = document.getElementById(target)?.getBoundingClientRect();
    if (rect) setStyle({ top: rect.bottom + 4, left: rect.left });
  }, [target]);
  if (!style) return null;
  return (
    <div className="cell-error" role="alert" style={style}>
      {message}
    </div>
  );
}

// ---------------------------------------------------------------- header and footer (memoised: they do not change while scrolling)

const GridHeader = memo(function GridHeader({
  props,
  lefts,
  totalWidth,
  allSelected,
  onSelectAll,
}: {
  props: GridTableProps;
  lefts: number[];
  totalWidth: number;
  allSelected: boolean;
  onSelectAll(): void;
}) {
  const { t } = useI18n();
  const [, navigate] = useLocation();
  const { fields, widths, app, table } = props;
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const onDragEnd = ({ active: dragged, over }: DragEndEvent) => {
    if (over && dragged.id !== over.id) props.onMove(String(dragged.id), String(over.id));
  };
  return (
    <div className="grid-header" role="row" aria-rowindex={1} style={{ width: totalWidth }}>
      <div className="grid-cell row-num sticky" role="columnheader" aria-colindex={1}>
        <input
          type="checkbox"
          className="checkbox"
          aria-label={t('grid.selectAll')}
          checked={allSelected}
          onChange={onSelectAll}
        />
      </div>
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
        <SortableContext items={fields.map((f) => f.name)} strategy={horizontalListSortingStrategy}>
          {fields.map((field, col) => (
            <HeaderCell
              key={field.name}
              field={field}
              index={col}
              width={widthOf(field, widths)}
              left={lefts[0] ?? numberWidth}
              sticky={col === 0}
              onWidth={(w) => props.onWidth(field.name, w)}
              menu={<ColumnMenu field={field} props={props} isPrimary={col === 0} />}
            />
          ))}
        </SortableContext>
      </DndContext>
      <div className="grid-cell add-col" role="columnheader">
        <button
          type="button"
          aria-label={t('grid.addField')}
          title={t('grid.addField')}
          onClick={() => navigate(`${paths.fields(app.name, table.name)}?new=1`)}
        >
          <Icon name="plus" />
        </button>
      </div>
    </div>
  );
});

const GridFooter = memo(function GridFooter({
  props,
  lefts,
  totalWidth,
}: {
  props: GridTableProps;
  lefts: number[];
  totalWidth: number;
}) {
  const context = useValueContext();
  const { fields, widths, data } = props;
  return (
    <div className="grid-footer" role="row" style={{ width: totalWidth }}>
      <div className="grid-cell row-num sticky" style={{ fontSize: 11.5 }}>
        {formatNumber(data.total, context.locale)}
      </div>
      {fields.map((field, col) => (
        <FooterCell
          key={field.name}
          field={field}
          width={widthOf(field, widths)}
          left={lefts[0] ?? numberWidth}
          sticky={col === 0}
          props={props}
        />
      ))}
    </div>
  );
});

// ---------------------------------------------------------------- the grid

export function GridTable(props: GridTableProps) {
  const { app, table, fields, data, widths } = props;
  const { t, label } = useI18n();
  const toast = useToast();
  const context = useValueContext();
  const [, navigate] = useLocation();
  const { saveOne, saveMany } = useCellSave(app.name, table.name);
  const scroller = useRef<HTMLDivElement>(null);
  const gridId = `grid-${table.name}`;
  const [active, setActive] = useState<Position>();
  const [anchor, setAnchor] = useState<Position>();
  const [editing, setEditing] = useState<TextEdit>();
  const [popEdit, setPopEdit] = useState<PopEdit>();
  const popAnchor = useRef<HTMLElement | null>(null);

  // The rows on screen go to the data as the scroll happens, before the placeholders render.
  const ensureLoaded = useRef(data.ensureLoaded);
  ensureLoaded.current = data.ensureLoaded;
  const virtualizer = useVirtualizer({
    count: data.count,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 12,
    scrollMargin: headerHeight,
    onChange: (instance) => {
      const range = instance.range;
      if (range) ensureLoaded.current(range.startIndex, range.endIndex);
    },
  });
  const items = virtualizer.getVirtualItems();
  const shownList = useRef(props.listKey);
  useEffect(() => {
    if (shownList.current === props.listKey) return;
    shownList.current = props.listKey;
    virtualizer.scrollToOffset(0);
  }, [props.listKey, virtualizer]);
  const firstShown = virtualizer.range?.startIndex ?? 0;
  const lastShown = virtualizer.range?.endIndex ?? 0;
  useEffect(() => data.ensureLoaded(firstShown, lastShown), [firstShown, lastShown, data.ensureLoaded]);

  const { lefts, totalWidth } = useMemo(() => {
    const lefts: number[] = [];
    let total = numberWidth;
    for (const field of fields) {
      lefts.push(total);
      total += widthOf(field, widths);
    }
    return { lefts, totalWidth: total + addWidth };
  }, [fields, widths]);
  const range =
    active && anchor && (anchor.row !== active.row || anchor.col !== active.col)
      ? rangeOf(anchor, active)
      : undefined;

  const recordAt = useCallback(
    (row: number): RecordItem | undefined => {
      const item = data.rowAt(row);
      return item.kind === 'record' ? item.record : undefined;
    },
    [data],
  );

  const focusGrid = () => scroller.current?.focus({ preventScroll: true });

  const scrollTo = useCallback(
    (position: Position) => {
      virtualizer.scrollToIndex(position.row, { align: 'auto' });
      requestAnimationFrame(() =>
        document
          .getElementById(cellId(gridId, position.row, position.col))
          ?.scrollIntoView({ block: 'nearest', inline: 'nearest' }),
      );
    },
    [virtualizer, gridId],
  );

  // ----- editing
  const beginEdit = (position: Position, initial?: string) => {
    const record = recordAt(position.row);
    const field = fields[position.col];
    if (!record || !field) return;
    const editor = editorOf(field);
    if (editor.gridEdit === 'none') {
      toast.show(t('grid.readOnlyField', { name: label(field.label) }));
      return;
    }
    if (editor.gridEdit === 'toggle') {
      void saveOne(record, { [field.name]: !record.fields[field.name] }).catch((error) =>
        toast.show(errorFor(error, field.name), 'error'),
      );
      return;
    }
    if (editor.gridEdit === 'popover') {
      popAnchor.current = document.getElementById(cellId(gridId, position.row, position.col));
      setPopEdit({ ...position, value: record.fields[field.name] });
      return;
    }
    setEditing({ ...position, text: initial ?? clipboardText(record.fields[field.name], field, context) });
  };

  const commitText = async (then?: Position, refocus = true) => {
    if (!editing || editing.pending) return;
    const record = recordAt(editing.row);
    const field = fields[editing.col];
    if (!record || !field) return setEditing(undefined);
    const parsed = parseValue(editing.text, field, context);
    if (!parsed.ok) {
      setEditing({ ...editing, error: t(`parse.${parsed.error}`, parsed.vars) });
      return;
    }
    // Move on at once (the value shows optimistically); a refusal reopens the cell with what was typed.
    const typed = editing;
    setEditing(undefined);
    if (then) {
      setActive(then);
      setAnchor(then);
      scrollTo(then);
    }
    if (refocus) focusGrid();
    if (JSON.stringify(record.fields[field.name] ?? null) === JSON.stringify(parsed.value ?? null)) return;
    try {
      await saveOne(record, { [field.name]: parsed.value });
    } catch (error) {
      const at = { row: typed.row, col: typed.col };
      setActive(at);
      setAnchor(at);
      scrollTo(at);
      setEditing({ ...typed, pending: false, error: errorFor(error, field.name) });
    }
  };

  const commitPop = async (value: unknown) => {
    if (!popEdit) return;
    const record = recordAt(popEdit.row);
    const field = fields[popEdit.col];
    if (!record || !field) return setPopEdit(undefined);
    if (JSON.stringify(record.fields[field.name] ?? null) === JSON.stringify(value ?? null)) {
      setPopEdit(undefined);
      focusGrid();
      return;
    }
    setPopEdit({ ...popEdit, value, pending: true });
    try {
      await saveOne(record, { [field.name]: value });
      setPopEdit(undefined);
      focusGrid();
    } catch (error) {
      setPopEdit((current) =>
        current ? { ...current, value, pending: false, error: errorFor(error, field.name) } : current,
      );
    }
  };

  const onEditKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (!editing) return;
    const bounds = { rows: data.count, cols: fields.length };
    if (event.key === 'Enter') {
      event.preventDefault();
      void commitText(move(editing, event.shiftKey ? 'ArrowUp' : 'ArrowDown', bounds));
    } else if (event.key === 'Tab') {
      event.preventDefault();
      void commitText(move(editing, 'Tab', bounds, { shift: event.shiftKey }));
    } else if (event.key === 'Escape') {
      event.preventDefault();
      setEditing(undefined);
      focusGrid();
    }
  };

  // ----- clearing, copying and pasting blocks of cells
  const cellsIn = (r: Range) => {
    const cells: { record: RecordItem; field: FieldDoc; row: number; col: number }[] = [];
    for (let row = r.top; row <= r.bottom; row++) {
      const record = recordAt(row);
      if (!record) continue;
      for (let col = r.left; col <= r.right; col++) {
        const field = fields[col];
        if (field) cells.push({ record, field, row, col });
      }
    }
    return cells;
  };
  const currentRange = (): Range | undefined => range ?? (active ? rangeOf(active, active) : undefined);

  const applyChanges = async (cells: { record: RecordItem; field: FieldDoc; value: unknown }[]) => {
    const byRecord = new Map<string, { record: RecordItem; fields: Record<string, unknown> }>();
    for (const { record, field, value } of cells) {
      const entry = byRecord.get(record.id) ?? { record, fields: {} };
      entry.fields[field.name] = value;
      byRecord.set(record.id, entry);
    }
    try {
      await saveMany([...byRecord.values()]);
    } catch (error) {
      toast.show(errorFor(error), 'error');
    }
  };

  const clearRange = () => {
    const r = currentRange();
    if (!r) return;
    const cells = cellsIn(r).filter(({ field }) => editorOf(field).gridEdit !== 'none');
    void applyChanges(
      cells.map((c) => ({
        ...c,
        value:
          c.field.type === 'checkbox'
            ? false
            : c.field.type === 'multi_select' || c.field.type === 'link' || c.field.type === 'attachment'
              ? []
              : null,
      })),
    );
  };

  /** The selected block (or the active cell) as tab-separated text, and how many cells it holds. */
  const copyText = (): { text: string; cells: number } | undefined => {
    const r = currentRange();
    if (!r) return undefined;
    const rows: string[][] = [];
    for (let row = r.top; row <= r.bottom; row++) {
      const record = recordAt(row);
      if (!record) continue;
      rows.push(
        fields
          .slice(r.left, r.right + 1)
          .map((field) => clipboardText(record.fields[field.name], field, context)),
      );
    }
    return { text: toTsv(rows), cells: rows.length * (r.right - r.left + 1) };
  };

  const pasteText = (text: string) => {
    if (!active) return;
    const rows = fromTsv(text);
    // One value pasted over a selected block fills the block.
    const r = range;
    const single = rows.length === 1 && rows[0]?.length === 1 && r;
    const targets = single
      ? cellsIn(r).map(({ row, col }) => ({ row, col, text: rows[0]![0]! }))
      : pasteTargets(r ? { row: r.top, col: r.left } : active, rows, {
          rows: data.count,
          cols: fields.length,
        });
    const changes: { record: RecordItem; field: FieldDoc; value: unknown }[] = [];
    let refused = 0;
    let firstError = '';
    for (const { row, col, text: cell } of targets) {
      const record = recordAt(row);
      const field = fields[col];
      if (!record || !field || editorOf(field).gridEdit === 'none') continue;
      const parsed = parseValue(cell, field, context);
      if (parsed.ok) changes.push({ record, field, value: parsed.value });
      else {
        refused++;
        firstError ||= `${label(field.label)}: ${t(`parse.${parsed.error}`, parsed.vars)}`;
      }
    }
    if (refused) toast.show(t('grid.pasteRefused', { n: refused, first: firstError }), 'error');
    void applyChanges(changes);
  };

  // The clipboard events carry the data where the async clipboard is not available (plain http).
  const onCopy = (event: ClipboardEvent<HTMLDivElement>) => {
    if (editing) return;
    const copied = copyText();
    if (!copied) return;
    event.clipboardData.setData('text/plain', copied.text);
    event.preventDefault();
    toast.show(t('grid.copied', { n: copied.cells }));
  };

  const onPaste = (event: ClipboardEvent<HTMLDivElement>) => {
    if (editing || !active) return;
    event.preventDefault();
    pasteText(event.clipboardData.getData('text/plain'));
  };

  // ----- keyboard
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (editing || popEdit || event.target !== scroller.current) return;
    const bounds = { rows: data.count, cols: fields.length };
    if (!active) {
      if (event.key.startsWith('Arrow') || event.key === 'Enter') {
        event.preventDefault();
        const first = { row: data.rowAt(0).kind === 'record' ? 0 : 1, col: 0 };
        setActive(first);
        setAnchor(first);
      }
      return;
    }
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 400) / rowHeight) - 2);
    let next = move(active, event.key, bounds, {
      ctrl: event.ctrlKey || event.metaKey,
      shift: event.shiftKey,
      page,
    });
    if (next) {
      event.preventDefault();
      // Group headers are not cells: step over them.
      const step = next.row > active.row ? 1 : -1;
      while (next.row > 0 && next.row < bounds.rows - 1 && data.rowAt(next.row).kind === 'group')
        next = { ...next, row: next.row + step };
      if (data.rowAt(next.row).kind === 'group') return;
      setActive(next);
      if (!(event.shiftKey && event.key !== 'Tab')) setAnchor(next);
      scrollTo(next);
      return;
    }
    if (event.key === 'Enter' || event.key === 'F2') {
      event.preventDefault();
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        const record = recordAt(active.row);
        if (record) navigate(paths.record(app.name, table.name, record.id));
        return;
      }
      beginEdit(active);
    } else if (
      event.key === ' ' &&
      fields[active.col] &&
      editorOf(fields[active.col]!).gridEdit === 'toggle'
    ) {
      event.preventDefault();
      beginEdit(active);
    } else if (event.key === 'Delete' || event.key === 'Backspace') {
      event.preventDefault();
      clearRange();
    } else if (
      (event.ctrlKey || event.metaKey) &&
      event.key.toLowerCase() === 'c' &&
      navigator.clipboard?.writeText
    ) {
      const copied = copyText();
      if (!copied) return;
      event.preventDefault();
      void navigator.clipboard
        .writeText(copied.text)
        .then(() => toast.show(t('grid.copied', { n: copied.cells })));
    } else if (
      (event.ctrlKey || event.metaKey) &&
      event.key.toLowerCase() === 'v' &&
      navigator.clipboard?.readText
    ) {
      event.preventDefault();
      void navigator.clipboard
        .readText()
        .then(pasteText)
        .catch(() => toast.show(t('grid.pasteBlocked'), 'error'));
    } else if (event.key === 'Escape') {
      setAnchor(active);
    } else if (isTypingKey(event)) {
      const field = fields[active.col];
      if (field && editorOf(field).gridEdit === 'text') {
        event.preventDefault();
        beginEdit(active, event.key);
      }
    }
  };

  const onCellDown = useStableCallback((row: number, col: number, shift: boolean) => {
    // A click on a checkbox cell that is already active toggles it.
    const field = fields[col];
    if (!shift && active?.row === row && active.col === col && field && editorOf(field).gridEdit === 'toggle')
      beginEdit({ row, col });
    setActive({ row, col });
    if (!shift) setAnchor({ row, col });
    setTimeout(focusGrid, 0);
  });

  const onCellDouble = useStableCallback((row: number, col: number) => beginEdit({ row, col }));
  const onSelectRow = useStableCallback((id: string, on: boolean) => {
    const next = new Set(props.selected);
    if (on) next.add(id);
    else next.delete(id);
    props.onSelect(next);
  });
  const onOpen = useStableCallback((id: string) => navigate(paths.record(app.name, table.name, id)));
  const onToggleGroup = useStableCallback((key: string) => props.onToggleGroup(key));
  const onEditText = useStableCallback((text: string) =>
    setEditing((e) => (e ? { ...e, text, error: undefined } : e)),
  );
  const onEditKeyStable = useStableCallback((event: KeyboardEvent<HTMLInputElement>) => onEditKey(event));
  // Leaving the cell saves it — unless the grid itself took focus back (Escape, or a save that already ran).
  const onEditBlur = useStableCallback((event: FocusEvent<HTMLInputElement>) => {
    if (event.relatedTarget === scroller.current) return;
    void commitText(undefined, false);
  });

  const allLoaded = data.records;
  const allSelected = allLoaded.length > 0 && allLoaded.every((r) => props.selected.has(r.id));
  const onSelectAll = useStableCallback(() =>
    props.onSelect(allSelected ? new Set() : new Set(allLoaded.map((r) => r.id))),
  );
  const popField = popEdit ? fields[popEdit.col] : undefined;
  const PopEditor = popField ? editorOf(popField).Editor : null;
  const activeId = active ? cellId(gridId, active.row, active.col) : undefined;

  return (
    <div className="grid-wrap">
      <div
        ref={scroller}
        className="grid-scroll"
        role="grid"
        aria-label={label(table.label)}
        aria-rowcount={data.count + 1}
        aria-colcount={fields.length + 1}
        aria-multiselectable="true"
        aria-activedescendant={activeId && document.getElementById(activeId) ? activeId : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onCopy={onCopy}
        onPaste={onPaste}
      >
        <div
          className="grid"
          style={{ width: totalWidth, height: virtualizer.getTotalSize() + headerHeight + 32 }}
        >
          <GridHeader
            props={props}
            lefts={lefts}
            totalWidth={totalWidth}
            allSelected={allSelected}
            onSelectAll={onSelectAll}
          />
          <div style={{ position: 'relative', height: virtualizer.getTotalSize() }}>
            {items.map((item) => {
              const row = data.rowAt(item.index);
              const rowEditing = editing?.row === item.index ? editing : undefined;
              return (
                <GridRowView
                  key={
                    row.kind === 'record'
                      ? row.record.id
                      : row.kind === 'group'
                        ? `g${row.key}`
                        : `p${item.index}`
                  }
                  gridId={gridId}
                  index={item.index}
                  number={data.numberAt(item.index)}
                  start={item.start - headerHeight}
                  row={row}
                  fields={fields}
                  widths={widths}
                  lefts={lefts}
                  totalWidth={totalWidth}
                  app={app.name}
                  active={active?.row === item.index ? active : undefined}
                  range={range && item.index >= range.top && item.index <= range.bottom ? range : undefined}
                  selected={row.kind === 'record' && props.selected.has(row.record.id)}
                  editing={rowEditing}
                  errorCol={
                    rowEditing?.error
                      ? rowEditing.col
                      : popEdit?.error && popEdit.row === item.index
                        ? popEdit.col
                        : undefined
                  }
                  groupField={props.groupField}
                  aggregates={props.aggregates}
                  collapsed={row.kind === 'group' && props.collapsed.has(row.key)}
                  onCellDown={onCellDown}
                  onCellDouble={onCellDouble}
                  onSelect={onSelectRow}
                  onOpen={onOpen}
                  onToggleGroup={onToggleGroup}
                  onEditText={onEditText}
                  onEditKey={onEditKeyStable}
                  onEditBlur={onEditBlur}
                />
              );
            })}
          </div>
          <GridFooter props={props} lefts={lefts} totalWidth={totalWidth} />
        </div>
      </div>
      {editing?.error ? (
        <CellError target={cellId(gridId, editing.row, editing.col)} message={editing.error} />
      ) : null}
      {data.isFetching && !data.isLoading ? (
        <div className="grid-status">
          {props.groupField
            ? t('grid.loadingMore', {
                n: formatNumber(data.loaded, context.locale),
                total: formatNumber(data.total, context.locale),
              })
            : t('common.loading')}
        </div>
      ) : null}
      {popEdit && popField && PopEditor ? (
        <Popover
          anchor={popAnchor}
          open
          label={label(popField.label)}
          className="cell-popover"
          onClose={() => void commitPop(popEdit.value)}
          onEscape={() => {
            setPopEdit(undefined);
            focusGrid();
          }}
        >
          <div className="form-label" style={{ marginBottom: 6 }}>
            {label(popField.label)}
          </div>
          <PopEditor
            field={popField}
            app={app.name}
            value={popEdit.value}
            autoFocus
            invalid={Boolean(popEdit.error)}
            onChange={(value) => {
              const single = popField.type === 'single_select' || popField.type === 'user';
              if (single) void commitPop(value);
              else setPopEdit((p) => (p ? { ...p, value, error: undefined } : p));
            }}
          />
          {popEdit.error ? (
            <p className="form-error" role="alert" style={{ marginTop: 6 }}>
              {popEdit.error}
            </p>
          ) : null}
          <div className="row">
            <Button
              size="sm"
              onClick={() => {
                setPopEdit(undefined);
                focusGrid();
              }}
            >
              {t('common.cancel')}
            </Button>
            <Button
              size="sm"
              variant="primary"
              busy={popEdit.pending}
              onClick={() => void commitPop(popEdit.value)}
            >
              {t('common.save')}
            </Button>
          </div>
        </Popover>
      ) : null}
    </div>
  );
}
