// The grid's random access arithmetic: which fixed-size pages of rows cover the rows on screen,
// and how many rows a list is known to have before its count arrives. Pure functions.

/** Rows per page read by offset: a screenful or three, so a jump costs one or two small requests. */
export const pageRows = 100;

/** A run of pages, first and last included. */
export interface PageSpan {
  from: number;
  to: number;
}

/** The pages holding rows first…last, with half a page more on either side read ahead. */
export function pageSpan(first: number, last: number, size = pageRows): PageSpan {
  const margin = Math.floor(size / 2);
  return {
    from: Math.floor(Math.max(0, first - margin) / size),
    to: Math.floor(Math.max(0, last + margin) / size),
  };
}

/** The pages of a span that hold rows, when the list has `count` rows (unknown: all of them). */
export function pagesIn(span: PageSpan, count: number | undefined, size = pageRows): number[] {
  const lastPage = count === undefined ? span.to : Math.max(0, Math.ceil(count / size) - 1);
  const pages: number[] = [];
  for (let page = span.from; page <= Math.min(span.to, lastPage); page++) pages.push(page);
  return pages;
}

/** Whether a move from one span to another is a jump (the scrollbar dragged) rather than a scroll. */
export function isJump(from: PageSpan, to: PageSpan): boolean {
  return Math.abs(to.from - from.from) > 1;
}

/** Rows known to exist from the pages read so far: up to the furthest row read, and one more if the list goes on. */
export function knownRows(
  pages: Iterable<[number, { items: unknown[]; nextCursor: string | null }]>,
  size = pageRows,
) {
  let known = 0;
  for (const [page, { items, nextCursor }] of pages)
    known = Math.max(known, page * size + items.length + (nextCursor ? 1 : 0));
  return known;
}
