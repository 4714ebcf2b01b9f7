// Manual order kept in a number field: a moved item takes a value between its new neighbours,
// so one record changes, never the whole list. Pure functions.

const step = 1024;

/** A rank between two neighbours (either may be missing: the start or the end of the list). */
export function rankBetween(before: number | undefined, after: number | undefined): number {
  if (before === undefined && after === undefined) return step;
  if (before === undefined) return (after as number) - step;
  if (after === undefined) return before + step;
  if (before === after) return before;
  return before + (after - before) / 2;
}

/** The rank for an item dropped at `index` of `ranks` (the list without the item). */
export function rankAt(ranks: (number | null | undefined)[], index: number): number {
  const clean = (v: number | null | undefined) =>
    typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  const before = index > 0 ? clean(ranks[index - 1]) : undefined;
  const after = index < ranks.length ? clean(ranks[index]) : undefined;
  // Unranked neighbours: place relative to whichever side has a rank.
  if (index > 0 && before === undefined && after === undefined) return step * (index + 1);
  return rankBetween(before, after);
}
