// The grid's pure parts: keyboard movement, selection ranges, paste targets, and what a
// view's on-screen settings save.
import { describe, expect, it } from 'vitest';
import type { Table, ViewDoc } from '../../designer/src/api/types.ts';
import {
  inRange,
  isTypingKey,
  move,
  pasteTargets,
  rangeOf,
} from '../../designer/src/features/grid/grid-nav.ts';
import {
  draftAsView,
  draftOf,
  draftPatch,
  hasQueryChanges,
  moveField,
  visibleFields,
} from '../../designer/src/features/grid/view-draft.ts';

const bounds = { rows: 100, cols: 5 };

describe('grid keyboard', () => {
  it('moves with arrows, wraps Tab at row ends and stops at the edges', () => {
    expect(move({ row: 0, col: 0 }, 'ArrowUp', bounds)).toEqual({ row: 0, col: 0 });
    expect(move({ row: 0, col: 4 }, 'Tab', bounds)).toEqual({ row: 1, col: 0 });
    expect(move({ row: 1, col: 0 }, 'Tab', bounds, { shift: true })).toEqual({ row: 0, col: 4 });
    expect(move({ row: 5, col: 2 }, 'ArrowDown', bounds, { ctrl: true })).toEqual({ row: 99, col: 2 });
    expect(move({ row: 5, col: 2 }, 'PageDown', bounds, { page: 20 })).toEqual({ row: 25, col: 2 });
    expect(move({ row: 5, col: 2 }, 'Home', bounds, { ctrl: true })).toEqual({ row: 0, col: 0 });
    expect(move({ row: 5, col: 2 }, 'x', bounds)).toBeUndefined();
  });

  it('selects rectangles and pastes blocks from the top-left cell, clipped to the grid', () => {
    const range = rangeOf({ row: 4, col: 3 }, { row: 2, col: 1 });
    expect(range).toEqual({ top: 2, bottom: 4, left: 1, right: 3 });
    expect(inRange(range, 3, 2)).toBe(true);
    expect(inRange(range, 5, 2)).toBe(false);
    expect(pasteTargets({ row: 99, col: 3 }, [['a', 'b', 'c'], ['d']], bounds)).toEqual([
      { row: 99, col: 3, text: 'a' },
      { row: 99, col: 4, text: 'b' },
    ]);
    expect(isTypingKey({ key: 'a', ctrlKey: false, metaKey: false, altKey: false })).toBe(true);
    expect(isTypingKey({ key: 'c', ctrlKey: true, metaKey: false, altKey: false })).toBe(false);
  });
});

const table = {
  id: 'tbl_1',
  name: 'deals',
  label: 'Deals',
  primaryField: 'title',
  fields: ['title', 'stage', 'amount', 'owner'].map((name) => ({
    id: `fld_${name}`,
    name,
    label: name,
    type: 'text' as const,
  })),
  views: [],
} satisfies Table;
const view = {
  id: 'viw_1',
  name: 'all',
  label: 'All',
  type: 'grid',
  sort: [{ field: 'amount', dir: 'desc' }],
} as ViewDoc;

describe('grid view settings', () => {
  it('saves only what changed, and tells query changes from layout changes', () => {
    const draft = draftOf(view);
    expect(draftPatch(view, draft)).toEqual({});
    const widened = { ...draft, columnWidths: { title: 300 } };
    expect(draftPatch(view, widened)).toEqual({ columnWidths: { title: 300 } });
    expect(hasQueryChanges(view, widened)).toBe(false);
    const filtered = { ...draft, filter: { and: [{ field: 'stage', op: 'is', value: 'won' }] } };
    expect(hasQueryChanges(view, filtered)).toBe(true);
    expect(draftAsView(filtered)).toEqual({ filter: filtered.filter, sort: view.sort });
  });

  it('keeps the primary field first and visible, and moves columns', () => {
    const draft = {
      ...draftOf(view),
      hiddenFields: ['title', 'owner'],
      fields: ['amount', 'title', 'stage'],
    };
    expect(visibleFields(table, draft).map((f) => f.name)).toEqual(['title', 'amount', 'stage']);
    expect(moveField(table, draft, 'owner', 'amount')).toEqual(['owner', 'amount', 'title', 'stage']);
  });
});
