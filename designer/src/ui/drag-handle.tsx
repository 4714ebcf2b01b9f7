// The grip a sortable item is dragged by (mouse, touch, or the keyboard through dnd-kit's sensor).
import type { useSortable } from '@dnd-kit/sortable';
import { Icon } from './icons.tsx';

type Sortable = Pick<ReturnType<typeof useSortable>, 'attributes' | 'listeners' | 'setActivatorNodeRef'>;

export function DragHandle({
  sortable,
  label,
  className = 'drag-handle',
}: {
  sortable: Sortable;
  /** What moves, for screen readers: "Move field Amount". */
  label: string;
  className?: string;
}) {
  return (
    <button
      ref={sortable.setActivatorNodeRef}
      type="button"
      className={className}
      {...sortable.attributes}
      {...sortable.listeners}
      aria-label={label}
    >
      <Icon name="grip" size={14} />
    </button>
  );
}
