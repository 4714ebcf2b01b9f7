// Where a record goes in the hand-arranged order (sort "@position"): a record's place is its
// position, or its id until it is first moved, so new records come last. A moved record takes
// the midpoint of its new neighbours' places. Halving a gap again and again runs out of float
// precision (after about fifty moves into the same spot), and two records may share a place;
// then the whole table is renumbered 1, 2, 3, … in its current order — which keeps every place
// at or below the largest id, so records created later still come last — and the midpoint is
// taken again.
import { Invalid, NotFound } from '../errors.ts';
import type { TableModel } from '../meta/model.ts';
import { ident } from '../query/sql.ts';
import type { Store } from '../store/database.ts';

const place = 'coalesce(position, id)';

export function placeBetween(
  store: Store,
  table: TableModel,
  recordId: number,
  neighbours: { after: number | undefined; before: number | undefined },
): number {
  const { after, before } = neighbours;
  if (after === undefined && before === undefined)
    throw new Invalid('invalid_move', "Say where the record goes: 'after' and/or 'before' another record.", [
      { field: 'after', message: 'is required' },
    ]);
  if (after === recordId || before === recordId)
    throw new Invalid('invalid_move', 'A record cannot be placed next to itself.', [
      { field: after === recordId ? 'after' : 'before', message: 'is the record being moved' },
    ]);
  const sql = ident(table.sql);
  const placeOf = (id: number) => {
    const row = store.prepare(`SELECT ${place} AS p FROM ${sql} WHERE id = ?`).get(id) as
      | { p: number }
      | undefined;
    if (!row) throw new NotFound('record_not_found', `Table '${table.doc.name}' has no record ${id}.`);
    return row.p;
  };
  // With one neighbour named, the other is whichever record is next on that side today.
  const nextPlace = (from: number, side: 'above' | 'below') =>
    (
      store
        .prepare(
          side === 'above'
            ? `SELECT min(${place}) AS p FROM ${sql} WHERE ${place} > ? AND id <> ?`
            : `SELECT max(${place}) AS p FROM ${sql} WHERE ${place} < ? AND id <> ?`,
        )
        .get(from, recordId) as { p: number | null }
    ).p ?? undefined;
  const gap = () => {
    const low = after === undefined ? undefined : placeOf(after);
    const high = before === undefined ? undefined : placeOf(before);
    return {
      low: low ?? (high === undefined ? undefined : nextPlace(high, 'below')),
      high: high ?? (low === undefined ? undefined : nextPlace(low, 'above')),
    };
  };
  let { low, high } = gap();
  if (low !== undefined && high !== undefined && !(low < (low + high) / 2 && (low + high) / 2 < high)) {
    renumber(store, sql);
    ({ low, high } = gap());
  }
  if (low === undefined) return high! - 1;
  if (high === undefined) return low + 1;
  if (!(low < high))
    throw new Invalid('invalid_move', "'after' names a record that comes after 'before'.", [
      { field: 'before', message: 'must come after the record named in after' },
    ]);
  return (low + high) / 2;
}

function renumber(store: Store, sql: string) {
  store
    .prepare(
      `UPDATE ${sql} SET position = o.n FROM (SELECT id, row_number() OVER (ORDER BY ${place}, id) AS n FROM ${sql}) AS o WHERE ${sql}.id = o.id`,
    )
    .run();
}
