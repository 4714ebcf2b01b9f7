// View types: the screen that shows each, its icon, and what a new one of its kind needs.
// A new view type is one entry here (checked against the engine's view schema).
import { type ComponentType, type LazyExoticComponent, lazy } from 'react';
import type { App, FieldDoc, Table, ViewDoc, ViewType } from '../../api/types.ts';
import { preloadable } from '../../lib/preloadable.ts';
import type { IconName } from '../../ui/icons.tsx';

export interface ViewProps {
  app: App;
  table: Table;
  view: ViewDoc;
}

export interface ViewKind {
  icon: IconName;
  Screen: LazyExoticComponent<ComponentType<ViewProps>>;
  /** The settings a new view of this kind starts with; undefined when the table cannot have one. */
  initial(table: Table): Record<string, unknown> | undefined;
}

const firstOf = (table: Table, types: FieldDoc['type'][]) => table.fields.find((f) => types.includes(f.type));

export const viewKinds = {
  grid: {
    icon: 'grid',
    // Preloaded from the address at boot (features/shell/prefetch.ts).
    Screen: preloadable(() => import('../grid/grid-view.tsx')),
    initial: () => ({}),
  },
  kanban: {
    icon: 'kanban',
    Screen: lazy(() => import('../kanban/kanban-view.tsx')),
    initial: (table) => {
      const group = firstOf(table, ['single_select']);
      if (!group) return undefined;
      const sum = firstOf(table, ['currency', 'number']);
      return { kanban: { groupField: group.name, ...(sum ? { sumField: sum.name } : {}) } };
    },
  },
  calendar: {
    icon: 'calendar',
    Screen: lazy(() => import('../calendar/calendar-view.tsx')),
    initial: (table) => {
      const date = firstOf(table, ['date', 'datetime']);
      return date ? { calendar: { dateField: date.name } } : undefined;
    },
  },
  gallery: {
    icon: 'gallery',
    Screen: lazy(() => import('../gallery/gallery-view.tsx')),
    initial: (table) => {
      const cover = firstOf(table, ['attachment']);
      return { gallery: cover ? { coverField: cover.name } : {} };
    },
  },
  form: {
    icon: 'form',
    Screen: lazy(() => import('../form-designer/form-designer.tsx')),
    initial: () => ({ form: { sections: [{ id: 's1', columns: 1, fields: [] }] } }),
  },
} satisfies Record<ViewType, ViewKind>;

export const viewTypes = Object.keys(viewKinds) as ViewType[];
