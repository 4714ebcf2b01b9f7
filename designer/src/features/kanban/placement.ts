// Where a dragged kanban card lands, and the cache as it will be once the server agrees: the
// column and neighbours a drop means, the records list with the card moved, the column totals
// with it counted in its new column. Pure functions; the board calls the API.
import type { AggregateResult, RecordItem, RecordPage, SortSpec } from '../../api/types.ts';

/** The sort name of the order people arrange by hand (engine/query/sort.ts). */
export const manualOrder = '@position';

/** Whether cards keep the order they are dropped in: the view sorts by no field, or by hand. */
export function isHandArranged(sort: readonly SortSpec[] | undefined): boolean {
  return !sort?.length || sort[0]!.field === manualOrder;
}

/** Card ids per column key, in the order shown. */
export type Columns = Record<string, string[]>;

const columnPrefix = 'column:';

export const columnDropId = (key: string) => `${columnPrefix}${key}`;

/** The column a card or a column's drop area belongs to. */
export function columnOf(id: string, columns: Columns): string | undefined {
  if (id.startsWith(columnPrefix)) return id.slice(columnPrefix.length);
  return Object.keys(columns).find((key) => columns[key]!.includes(id));
}

/**
 * The columns while a card hovers another column: it leaves its column and shows at the
 * hovered card's place (or at the end, over the column's empty space). Same column: unchanged,
 * the sortable list shows the reorder itself.
 */
export function hoverColumns(columns: Columns, active: string, over: string): Columns {
  const from = columnOf(active, columns);
  const to = columnOf(over, columns);
  if (!from || !to || from === to) return columns;
  const target = columns[to]!.filter((id) => id !== active);
  const overIndex = target.indexOf(over);
  target.splice(overIndex < 0 ? target.length : overIndex, 0, active);
  return { ...columns, [from]: columns[from]!.filter((id) => id !== active), [to]: target };
}

export interface Drop {
  from: string;
  to: string;
  /** The target column's cards in their new order, the dropped one included. */
  order: string[];
  /** The cards it now sits between in its column (null: the column's start or end). */
  after: string | null;
  before: string | null;
  /** Whether its column or its place in the column changed. */
  moved: boolean;
}

/**
 * What a drop means. `start` is the board when the drag began, `current` the board as shown
 * at the drop (after hovering other columns); over a card in its current column, the card
 * takes that card's place, as the sortable list showed it.
 */
export function dropPlacement(
  start: Columns,
  current: Columns,
  active: string,
  over: string,
): Drop | undefined {
  const from = columnOf(active, start);
  const to = columnOf(over, current);
  if (!from || !to || current[to] === undefined) return undefined;
  const list = current[to].filter((id) => id !== active);
  const shownAt = current[to].indexOf(active);
  let index: number;
  if (over.startsWith(columnPrefix) || over === active) index = shownAt < 0 ? list.length : shownAt;
  else {
    const overIndex = current[to].indexOf(over);
    // Where the card is shown before the hovered one, it goes after it (dnd-kit's arrayMove).
    index = shownAt >= 0 && shownAt < overIndex ? overIndex : list.indexOf(over);
    if (index < 0) index = list.length;
  }
  const order = [...list.slice(0, index), active, ...list.slice(index)];
  const after = order[index - 1] ?? null;
  const before = order[index + 1] ?? null;
  const moved = from !== to || start[from]!.indexOf(active) !== index;
  return { from, to, order, after, before, moved };
}

/**
 * The records with one moved right after `after` (or right before `before`) and its fields
 * changed. The pages keep their sizes, so cursors stay valid.
 */
export function placeInPages(
  pages: RecordPage[],
  id: string,
  place: { after: string | null; before: string | null },
  fields: Record<string, unknown> = {},
): RecordPage[] {
  const all = pages.flatMap((page) => page.items);
  const record = all.find((r) => r.id === id);
  if (!record) return pages;
  const moved: RecordItem = { ...record, fields: { ...record.fields, ...fields } };
  const rest = all.filter((r) => r.id !== id);
  const afterIndex = place.after === null ? -1 : rest.findIndex((r) => r.id === place.after);
  const beforeIndex = place.before === null ? -1 : rest.findIndex((r) => r.id === place.before);
  const index =
    afterIndex >= 0 ? afterIndex + 1 : beforeIndex >= 0 ? beforeIndex : all.findIndex((r) => r.id === id);
  rest.splice(index, 0, moved);
  let offset = 0;
  return pages.map((page) => {
    const items = rest.slice(offset, offset + page.items.length);
    offset += page.items.length;
    return { ...page, items };
  });
}

/**
 * Column totals with one card counted in its new column: its count and, when the board sums a
 * field, its value move from one group to the other.
 */
export function shiftTotals(
  totals: AggregateResult,
  groupField: string,
  keyOf: (value: unknown) => string,
  move: {
    from: string;
    to: string;
    toValue: unknown;
    amount: number | undefined;
    sumField?: string | undefined;
  },
): AggregateResult {
  const { from, to, amount, sumField } = move;
  if (from === to) return totals;
  const adjust = (group: AggregateResult['groups'][number], sign: 1 | -1) => {
    const values = { ...(group.values as Record<string, unknown>) };
    if (sumField && typeof amount === 'number') {
      const sum = (values[sumField] as { sum?: number | null } | undefined)?.sum ?? 0;
      values[sumField] = { ...(values[sumField] as object | undefined), sum: sum + sign * amount };
    }
    return { ...group, count: group.count + sign, values } as typeof group;
  };
  let found = false;
  const groups = totals.groups
    .map((group) => {
      const key = keyOf(group.key[groupField]);
      if (key === from) return adjust(group, -1);
      if (key === to) {
        found = true;
        return adjust(group, 1);
      }
      return group;
    })
    .filter((group) => group.count > 0);
  if (!found)
    groups.push(
      adjust(
        {
          key: { [groupField]: move.toValue },
          count: 0,
          values: {},
        } as unknown as AggregateResult['groups'][number],
        1,
      ),
    );
  return { ...totals, groups };
}
