// The calendar view: a month of records placed by a date field; drag a record to another day
// to reschedule it.
import {
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { type ReactNode, useMemo, useState } from 'react';
import { useLocation } from 'wouter';
import { useRecordList } from '../../api/queries.ts';
import type { RecordItem, Table } from '../../api/types.ts';
import { choicesOf } from '../../fields/values.ts';
import { formatMonth, weekdayNames } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { addDays, dayString, monthGrid, moveToDay } from '../../lib/calendar.ts';
import { paths } from '../../lib/paths.ts';
import { Button, IconButton } from '../../ui/button.tsx';
import { EmptyState } from '../../ui/misc.tsx';
import { useToast } from '../../ui/toast.tsx';
import { errorFor, useCellSave } from '../grid/use-cell-save.ts';
import type { ViewProps } from '../views/registry.ts';
import { FieldSelect, SettingsButton, useSaveView } from '../views/view-settings.tsx';

const tints: Record<string, [string, string]> = {
  gray: ['#eef0f3', '#474d5c'],
  red: ['#fde8e8', '#b42318'],
  orange: ['#feeede', '#b54708'],
  yellow: ['#fef7d6', '#93690b'],
  green: ['#dcf5e4', '#157f3c'],
  teal: ['#d7f5f1', '#0f766e'],
  blue: ['#e0edff', '#1d5bd8'],
  indigo: ['#e7e8ff', '#4338ca'],
  purple: ['#f1e6ff', '#7e22ce'],
  pink: ['#fde4f2', '#be185d'],
  brown: ['#f3e9df', '#8a5a2b'],
};

function EventChip({
  record,
  title,
  color,
  onOpen,
}: {
  record: RecordItem;
  title: string;
  color: string | undefined;
  onOpen(): void;
}) {
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({ id: record.id });
  const [bg, fg] = tints[color ?? 'blue'] ?? tints.blue!;
  return (
    <button
      ref={setNodeRef}
      type="button"
      className="cal-event"
      style={{
        background: bg,
        color: fg,
        transform: transform ? `translate(${transform.x}px, ${transform.y}px)` : undefined,
        opacity: isDragging ? 0.7 : 1,
        zIndex: isDragging ? 10 : undefined,
      }}
      {...attributes}
      {...listeners}
      onDoubleClick={onOpen}
      onKeyDown={(event) => {
        listeners?.onKeyDown?.(event);
        if (event.key === 'Enter' && !event.defaultPrevented) onOpen();
      }}
      title={title}
    >
      {title}
    </button>
  );
}

function Day({
  day,
  inMonth,
  today,
  children,
}: {
  day: string;
  inMonth: boolean;
  today: boolean;
  children: ReactNode;
}) {
  const { setNodeRef, isOver } = useDroppable({ id: day });
  return (
    <div
      ref={setNodeRef}
      className={`cal-day ${inMonth ? '' : 'other'} ${today ? 'today' : ''} ${isOver ? 'over' : ''}`}
      data-day={day}
    >
      <span className="cal-num">{Number(day.slice(8))}</span>
      {children}
    </div>
  );
}

function titleOf(record: RecordItem, table: Table, field: string | undefined) {
  const value = record.fields[field ?? table.primaryField ?? ''];
  return value === null || value === undefined || value === '' ? `#${record.id}` : String(value);
}

export default function CalendarView({ app, table, view }: ViewProps) {
  const { t, locale } = useI18n();
  const toast = useToast();
  const [, navigate] = useLocation();
  const save = useSaveView(app, table, view);
  const { saveOne } = useCellSave(app.name, table.name);
  const now = new Date();
  const [month, setMonth] = useState({ year: now.getFullYear(), month: now.getMonth() });
  const settings = view.calendar;
  const dateField = table.fields.find((f) => f.name === settings?.dateField);
  const colorField = table.fields.find((f) => f.name === settings?.colorField && f.type === 'single_select');
  const isDateTime = dateField?.type !== 'date';
  const days = useMemo(() => monthGrid(month.year, month.month), [month]);
  const first = days[0]!;
  const last = days[days.length - 1]!;
  const range = dateField
    ? {
        field: dateField.name,
        op: 'between',
        value: isDateTime ? [`${first}T00:00:00.000Z`, `${addDays(last, 1)}T00:00:00.000Z`] : [first, last],
      }
    : undefined;
  const filter = range ? (view.filter ? { and: [view.filter, range] } : { and: [range] }) : undefined;
  const list = useRecordList(app.name, table.name, { filter, limit: 1000 }, Boolean(dateField));
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor),
  );
  const [moved, setMoved] = useState<Record<string, string>>({});

  if (!dateField)
    return (
      <EmptyState icon="calendar" title={t('calendar.needsDate')}>
        {t('views.calendarNeedsDate')}
      </EmptyState>
    );

  const byDay = new Map<string, RecordItem[]>();
  for (const record of list.data?.items ?? []) {
    const value = moved[record.id] ?? record.fields[dateField.name];
    if (typeof value !== 'string') continue;
    const day = isDateTime ? dayString(new Date(value)) : value.slice(0, 10);
    byDay.set(day, [...(byDay.get(day) ?? []), record]);
  }
  const todayString = dayString(new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate())));
  const names = weekdayNames(locale);
  const colorOf = (record: RecordItem) => {
    if (!colorField) return undefined;
    const value = record.fields[colorField.name];
    return choicesOf(colorField).find((c) => c.name === value)?.color;
  };

  const onDragEnd = async ({ active, over }: DragEndEvent) => {
    if (!over) return;
    const record = list.data?.items.find((r) => r.id === active.id);
    if (!record) return;
    const day = String(over.id);
    const value = moveToDay(record.fields[dateField.name], day, isDateTime);
    if (value === record.fields[dateField.name]) return;
    setMoved((m) => ({ ...m, [record.id]: value }));
    try {
      await saveOne(record, { [dateField.name]: value });
    } catch (error) {
      toast.show(errorFor(error, dateField.name), 'error');
    } finally {
      setMoved((m) => {
        const { [record.id]: _done, ...rest } = m;
        return rest;
      });
    }
  };

  const shift = (n: number) =>
    setMonth(({ year, month: m }) => {
      const date = new Date(Date.UTC(year, m + n, 1));
      return { year: date.getUTCFullYear(), month: date.getUTCMonth() };
    });

  return (
    <div className="calendar">
      <div className="cal-head">
        <IconButton icon="chevronLeft" label={t('calendar.previous')} onClick={() => shift(-1)} />
        <h2 aria-live="polite">{formatMonth(month.year, month.month, locale)}</h2>
        <IconButton icon="chevronRight" label={t('calendar.next')} onClick={() => shift(1)} />
        <Button size="sm" onClick={() => setMonth({ year: now.getFullYear(), month: now.getMonth() })}>
          {t('calendar.today')}
        </Button>
        <span className="spacer" />
        <SettingsButton>
          <FieldSelect
            label={t('calendar.dateField')}
            fields={table.fields.filter((f) =>
              ['date', 'datetime', 'created_at', 'updated_at'].includes(f.type),
            )}
            value={dateField.name}
            onChange={(name) => name && void save({ calendar: { ...settings, dateField: name } })}
          />
          <FieldSelect
            label={t('calendar.titleField')}
            fields={table.fields.filter((f) =>
              ['text', 'email', 'phone', 'single_select', 'autonumber', 'formula'].includes(f.type),
            )}
            value={settings?.titleField ?? table.primaryField ?? undefined}
            onChange={(name) =>
              name && void save({ calendar: { ...settings, dateField: dateField.name, titleField: name } })
            }
          />
          <FieldSelect
            label={t('calendar.colorField')}
            fields={table.fields.filter((f) => f.type === 'single_select')}
            value={colorField?.name}
            allowNone
            onChange={(name) => {
              const { colorField: _old, ...rest } = settings ?? { dateField: dateField.name };
              void save({ calendar: { ...rest, ...(name ? { colorField: name } : {}) } });
            }}
          />
        </SettingsButton>
      </div>
      <DndContext sensors={sensors} onDragEnd={onDragEnd}>
        <section className="cal-grid" aria-label={formatMonth(month.year, month.month, locale)}>
          {names.map((name) => (
            <div key={name} className="cal-dow">
              {name}
            </div>
          ))}
          {days.map((day) => {
            const events = byDay.get(day) ?? [];
            return (
              <Day
                key={day}
                day={day}
                inMonth={Number(day.slice(5, 7)) === month.month + 1}
                today={day === todayString}
              >
                {events.slice(0, 4).map((record) => (
                  <EventChip
                    key={record.id}
                    record={record}
                    title={titleOf(record, table, settings?.titleField)}
                    color={colorOf(record)}
                    onOpen={() => navigate(paths.record(app.name, table.name, record.id))}
                  />
                ))}
                {events.length > 4 ? (
                  <span className="cal-more">{t('calendar.more', { n: events.length - 4 })}</span>
                ) : null}
              </Day>
            );
          })}
        </section>
      </DndContext>
      <p className="cal-undated">{t('calendar.dragHelp')}</p>
    </div>
  );
}
