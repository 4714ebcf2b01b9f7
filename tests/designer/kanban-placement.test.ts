// Where a dragged kanban card lands and how the board's cache looks until the server answers.
import { describe, expect, it } from 'vitest';
import type { AggregateResult, RecordItem, RecordPage } from '../../designer/src/api/types.ts';
import {
  type Columns,
  columnOf,
  dropPlacement,
  hoverColumns,
  isHandArranged,
  placeInPages,
  shiftTotals,
} from '../../designer/src/features/kanban/placement.ts';

const board = (): Columns => ({ lead: ['1', '2', '3'], won: ['4', '5'], lost: [] });

function record(id: string, stage: string): RecordItem {
  return { id, fields: { stage }, createdAt: '', updatedAt: '' } as unknown as RecordItem;
}

describe('kanban: where a drop puts a card', () => {
  it('knows the column of a card and of a column’s empty space', () => {
    expect(columnOf('5', board())).toBe('won');
    expect(columnOf('column:lost', board())).toBe('lost');
    expect(columnOf('9', board())).toBeUndefined();
  });

  it('dropping a card on a card below it in its column puts it after that card', () => {
    const drop = dropPlacement(board(), board(), '1', '3');
    expect(drop).toEqual({
      from: 'lead',
      to: 'lead',
      order: ['2', '3', '1'],
      after: '3',
      before: null,
      moved: true,
    });
  });

  it('dropping a card on a card above it in its column puts it before that card', () => {
    const drop = dropPlacement(board(), board(), '3', '2');
    expect(drop).toMatchObject({ order: ['1', '3', '2'], after: '1', before: '2', moved: true });
  });

  it('dropping a card where it was moves nothing', () => {
    expect(dropPlacement(board(), board(), '2', '2')?.moved).toBe(false);
    expect(dropPlacement(board(), board(), '2', 'column:lead')?.moved).toBe(false);
  });

  it('a card brought into another column lands where that column’s list shows it', () => {
    const hovered = hoverColumns(board(), '2', '5');
    expect(hovered).toEqual({ lead: ['1', '3'], won: ['4', '2', '5'], lost: [] });
    // Still over the card it pushed down: the list shows it past that card.
    expect(dropPlacement(board(), hovered, '2', '5')).toEqual({
      from: 'lead',
      to: 'won',
      order: ['4', '5', '2'],
      after: '5',
      before: null,
      moved: true,
    });
    // Moved up onto the first card: it goes first.
    expect(dropPlacement(board(), hovered, '2', '4')).toMatchObject({
      order: ['2', '4', '5'],
      after: null,
      before: '4',
    });
    // Over its own placeholder: it stays between the two.
    expect(dropPlacement(board(), hovered, '2', '2')).toMatchObject({
      order: ['4', '2', '5'],
      after: '4',
      before: '5',
    });
  });

  it('a card dropped on an empty column has no neighbours', () => {
    const hovered = hoverColumns(board(), '1', 'column:lost');
    expect(hovered.lost).toEqual(['1']);
    expect(dropPlacement(board(), hovered, '1', 'column:lost')).toMatchObject({
      from: 'lead',
      to: 'lost',
      order: ['1'],
      after: null,
      before: null,
      moved: true,
    });
  });

  it('a card dropped below the last card of another column goes last', () => {
    const hovered = hoverColumns(board(), '1', 'column:won');
    expect(dropPlacement(board(), hovered, '1', 'column:won')).toMatchObject({
      order: ['4', '5', '1'],
      after: '5',
      before: null,
    });
  });

  it('hovering its own column changes nothing (the sortable list shows the reorder)', () => {
    const columns = board();
    expect(hoverColumns(columns, '1', '3')).toBe(columns);
  });
});

describe('kanban: the cache until the server answers', () => {
  const pages = (): RecordPage[] => [
    { items: [record('1', 'lead'), record('4', 'won'), record('2', 'lead')], nextCursor: 'c1' },
    { items: [record('5', 'won'), record('3', 'lead')], nextCursor: null },
  ];

  it('moves the record right after its new neighbour, changes its column and keeps page sizes', () => {
    const next = placeInPages(pages(), '3', { after: '4', before: '5' }, { stage: 'won' });
    expect(next.map((p) => p.items.map((r) => r.id))).toEqual([
      ['1', '4', '3'],
      ['2', '5'],
    ]);
    expect(next[0]!.items[2]!.fields.stage).toBe('won');
    expect(next.map((p) => p.nextCursor)).toEqual(['c1', null]);
  });

  it('moves the record right before its neighbour when it goes first', () => {
    const next = placeInPages(pages(), '2', { after: null, before: '1' });
    expect(next.flatMap((p) => p.items.map((r) => r.id))).toEqual(['2', '1', '4', '5', '3']);
  });

  it('keeps the record in place when only its column changes', () => {
    const next = placeInPages(pages(), '2', { after: null, before: null }, { stage: 'won' });
    expect(next.flatMap((p) => p.items.map((r) => `${r.id}:${r.fields.stage}`))).toEqual([
      '1:lead',
      '4:won',
      '2:won',
      '5:won',
      '3:lead',
    ]);
  });

  it('counts and sums the card in its new column', () => {
    const totals = {
      groups: [
        { key: { stage: 'lead' }, count: 3, values: { amount: { sum: 600 } } },
        { key: { stage: 'won' }, count: 2, values: { amount: { sum: 900 } } },
      ],
      total: { key: {}, count: 5, values: { amount: { sum: 1500 } } },
    } as unknown as AggregateResult;
    const keyOf = (value: unknown) => String(value ?? '__none__');
    const moved = shiftTotals(totals, 'stage', keyOf, {
      from: 'lead',
      to: 'won',
      toValue: 'won',
      amount: 100,
      sumField: 'amount',
    });
    expect(moved.groups).toEqual([
      { key: { stage: 'lead' }, count: 2, values: { amount: { sum: 500 } } },
      { key: { stage: 'won' }, count: 3, values: { amount: { sum: 1000 } } },
    ]);
    expect(moved.total).toEqual(totals.total);

    const toEmpty = shiftTotals(moved, 'stage', keyOf, {
      from: 'won',
      to: 'lost',
      toValue: 'lost',
      amount: 100,
      sumField: 'amount',
    });
    expect(toEmpty.groups.at(-1)).toEqual({
      key: { stage: 'lost' },
      count: 1,
      values: { amount: { sum: 100 } },
    });
  });

  it('drops a column’s totals when its last card leaves', () => {
    const totals = {
      groups: [{ key: { stage: 'lead' }, count: 1, values: {} }],
      total: { key: {}, count: 1, values: {} },
    } as unknown as AggregateResult;
    const moved = shiftTotals(totals, 'stage', String, {
      from: 'lead',
      to: 'won',
      toValue: 'won',
      amount: undefined,
    });
    expect(moved.groups).toEqual([{ key: { stage: 'won' }, count: 1, values: {} }]);
  });
});

describe('kanban: which order the cards keep', () => {
  it('is arranged by hand unless the view sorts by a field', () => {
    expect(isHandArranged(undefined)).toBe(true);
    expect(isHandArranged([])).toBe(true);
    expect(isHandArranged([{ field: '@position', dir: 'asc' }])).toBe(true);
    expect(isHandArranged([{ field: 'close_date', dir: 'asc' }])).toBe(false);
  });
});
