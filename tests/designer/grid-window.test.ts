import { describe, expect, it } from 'vitest';
import { isJump, knownRows, pageSpan, pagesIn } from '../../designer/src/features/grid/page-window.ts';

describe('grid random access: pages under the window', () => {
  it('reads the page under the top of the list, and the next one only when the window nears it', () => {
    expect(pagesIn(pageSpan(0, 30, 100), 100_000, 100)).toEqual([0]);
    expect(pagesIn(pageSpan(20, 60, 100), 100_000, 100)).toEqual([0, 1]);
  });

  it('reads only the pages around a jump deep into the list, not the ones before it', () => {
    expect(pagesIn(pageSpan(50_000, 50_030, 100), 100_000, 100)).toEqual([499, 500]);
    expect(pagesIn(pageSpan(50_060, 50_090, 100), 100_000, 100)).toEqual([500, 501]);
  });

  it('stops at the last page of the list, and reads the whole span while the count is unknown', () => {
    expect(pagesIn(pageSpan(99_970, 99_999, 100), 100_000, 100)).toEqual([999]);
    expect(pagesIn(pageSpan(0, 60, 100), 30, 100)).toEqual([0]);
    expect(pagesIn(pageSpan(0, 60, 100), 0, 100)).toEqual([0]);
    expect(pagesIn(pageSpan(0, 60, 100), undefined, 100)).toEqual([0, 1]);
  });

  it('tells a jump of the scrollbar from a scroll by a page or less', () => {
    expect(isJump({ from: 3, to: 4 }, { from: 4, to: 5 })).toBe(false);
    expect(isJump({ from: 3, to: 4 }, { from: 2, to: 3 })).toBe(false);
    expect(isJump({ from: 0, to: 0 }, { from: 499, to: 500 })).toBe(true);
  });

  it('knows as many rows as the pages read reach, and one more while the list goes on', () => {
    const page = (n: number, more: boolean) => ({
      items: new Array(n).fill(0),
      nextCursor: more ? 'c' : null,
    });
    expect(knownRows([], 100)).toBe(0);
    expect(knownRows([[0, page(100, true)]], 100)).toBe(101);
    expect(
      knownRows(
        [
          [0, page(100, true)],
          [1, page(42, false)],
        ],
        100,
      ),
    ).toBe(142);
  });
});
