// Choices of a single- or multi-select field: label, colour, order (drag or keyboard), removal.
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
  arrayMove,
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { useRef, useState } from 'react';
import type { Choice } from '../../fields/values.ts';
import { labelText, withLabelText } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { toApiName } from '../../lib/names.ts';
import { Button, IconButton } from '../../ui/button.tsx';
import { Icon } from '../../ui/icons.tsx';
import { Popover } from '../../ui/popover.tsx';

export const choiceColors = [
  'gray',
  'red',
  'orange',
  'yellow',
  'green',
  'teal',
  'blue',
  'indigo',
  'purple',
  'pink',
  'brown',
] as const;
const swatch: Record<string, string> = {
  gray: '#9ca3af',
  red: '#ef4444',
  orange: '#f97316',
  yellow: '#eab308',
  green: '#22c55e',
  teal: '#14b8a6',
  blue: '#3b82f6',
  indigo: '#6366f1',
  purple: '#a855f7',
  pink: '#ec4899',
  brown: '#a16207',
};

function ColorPicker({
  value,
  onChange,
  label,
}: {
  value: string | undefined;
  onChange(color: string): void;
  label: string;
}) {
  const anchor = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const { t } = useI18n();
  return (
    <>
      <button
        ref={anchor}
        type="button"
        className="color-btn"
        style={{ background: value?.startsWith('#') ? value : swatch[value ?? 'gray'] }}
        aria-label={label}
        onClick={() => setOpen(true)}
      />
      <Popover anchor={anchor} open={open} onClose={() => setOpen(false)} label={label}>
        <div className="color-grid">
          {choiceColors.map((color) => (
            <button
              key={color}
              type="button"
              aria-pressed={value === color}
              aria-label={t(`colors.${color}`)}
              title={t(`colors.${color}`)}
              style={{ background: swatch[color] }}
              onClick={() => {
                onChange(color);
                setOpen(false);
              }}
            />
          ))}
        </div>
      </Popover>
    </>
  );
}

interface Row extends Choice {
  key: string;
}

function ChoiceRow({
  row,
  onChange,
  onRemove,
  error,
}: {
  row: Row;
  onChange(row: Row): void;
  onRemove(): void;
  error?: string | undefined;
}) {
  const { t, locale } = useI18n();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition } = useSortable({
    id: row.key,
  });
  const text = labelText(row.label ?? row.name, locale);
  return (
    <li ref={setNodeRef} style={{ transform: CSS.Transform.toString(transform), transition }}>
      <div className="choice-row">
        <button
          ref={setActivatorNodeRef}
          type="button"
          className="drag-handle btn-ghost"
          style={{ border: 'none', background: 'none', cursor: 'grab', color: 'var(--muted)' }}
          {...attributes}
          {...listeners}
          aria-label={t('designer.moveChoice', { name: text })}
        >
          <Icon name="grip" size={14} />
        </button>
        <ColorPicker
          value={row.color}
          label={t('designer.choiceColor', { name: text })}
          onChange={(color) => onChange({ ...row, color })}
        />
        <input
          className="input input-sm"
          aria-label={t('designer.choiceLabel')}
          value={text}
          onChange={(e) => {
            const label = withLabelText(row.label, locale, e.target.value);
            // A new choice's stored name follows its label until the choice is saved.
            onChange({
              ...row,
              label,
              ...(row.key.startsWith('new')
                ? { name: toApiName(e.target.value) || e.target.value.trim() }
                : {}),
            });
          }}
        />
        <input
          className="input input-sm"
          aria-label={t('designer.choiceName')}
          value={row.name}
          onChange={(e) => onChange({ ...row, name: e.target.value })}
        />
        <IconButton
          icon="x"
          size="sm"
          label={t('designer.removeChoice', { name: text })}
          onClick={onRemove}
        />
      </div>
      {error ? <p className="form-error">{error}</p> : null}
    </li>
  );
}

let nextKey = 1;

export function ChoicesEditor({
  choices,
  onChange,
  errorAt,
}: {
  choices: Choice[];
  onChange(choices: Choice[]): void;
  errorAt(index: number): string | undefined;
}) {
  const { t } = useI18n();
  // Stable keys for React and dnd-kit while names are edited.
  const keysRef = useRef<string[]>([]);
  while (keysRef.current.length < choices.length) keysRef.current.push(`c${nextKey++}`);
  keysRef.current.length = choices.length;
  const rows: Row[] = choices.map((c, i) => ({ ...c, key: keysRef.current[i]! }));
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const strip = (list: Row[]): Choice[] => list.map(({ key: _key, ...choice }) => choice);
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const from = rows.findIndex((r) => r.key === active.id);
    const to = rows.findIndex((r) => r.key === over.id);
    keysRef.current = arrayMove(keysRef.current, from, to);
    onChange(strip(arrayMove(rows, from, to)));
  };
  return (
    <div className="form-field">
      <span className="form-label">{t('designer.choices')}</span>
      <div className="choice-row muted" style={{ fontSize: 12 }} aria-hidden="true">
        <span />
        <span />
        <span>{t('designer.choiceLabel')}</span>
        <span>{t('designer.choiceName')}</span>
        <span />
      </div>
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
        <SortableContext items={rows.map((r) => r.key)} strategy={verticalListSortingStrategy}>
          <ul>
            {rows.map((row, i) => (
              <ChoiceRow
                key={row.key}
                row={row}
                error={errorAt(i)}
                onChange={(next) => onChange(strip(rows.map((r) => (r.key === row.key ? next : r))))}
                onRemove={() => {
                  keysRef.current.splice(i, 1);
                  onChange(strip(rows.filter((r) => r.key !== row.key)));
                }}
              />
            ))}
          </ul>
        </SortableContext>
      </DndContext>
      <div>
        <Button
          size="sm"
          variant="ghost"
          icon="plus"
          onClick={() => {
            keysRef.current.push(`new${nextKey++}`);
            const color = choiceColors[(choices.length + 6) % choiceColors.length];
            onChange([...choices, { name: '', label: '', color }]);
          }}
        >
          {t('designer.addChoice')}
        </Button>
      </div>
    </div>
  );
}
