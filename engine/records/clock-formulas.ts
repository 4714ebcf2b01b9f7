// Formulas that read the clock ($now(), $today(), $millis()) are stored like every computed
// value, so theirs age: "days since the last contact" has to move on by itself. A refresh
// recomputes them in batches — a short write lock each, so people keep working — and only
// records whose value moved count as changed: what depends on them recomputes, and live views
// and rules hear of them as of any other recomputation.
import type { FieldModel, TableModel } from '../meta/model.ts';
import type { MetadataRegistry } from '../meta/registry.ts';
import { ident, list } from '../query/sql.ts';
import type { Store } from '../store/database.ts';
import {
  addChange,
  type Changes,
  type Consequences,
  computeField,
  propagate,
  reindexRows,
} from './compute.ts';
import { isSearchable } from './search.ts';

const batchSize = 1000;
const readsClock = /\$(now|today|millis)\s*\(/;

export function clockFormulas(table: TableModel): FieldModel[] {
  return table.fields.filter(
    (f) =>
      f.doc.type === 'formula' &&
      f.column !== null &&
      readsClock.test((f.doc.options as { expression: string }).expression),
  );
}

type Announce = (consequences: Consequences, table: TableModel, now: number) => void;

/**
 * Recomputes every clock-reading formula; returns how many records' values changed. `signal`
 * stops it between batches, so a shutdown does not wait for a whole table.
 */
export async function refreshClockFormulas(
  store: Store,
  registry: MetadataRegistry,
  now: () => number,
  announce: Announce,
  signal?: AbortSignal,
): Promise<number> {
  let changed = 0;
  for (const app of registry.listApps())
    for (const table of app.tables)
      if (clockFormulas(table).length)
        changed += await refreshTable(
          store,
          registry,
          { appId: app.doc.id, tableId: table.doc.id },
          now,
          announce,
          signal,
        );
  return changed;
}

async function refreshTable(
  store: Store,
  registry: MetadataRegistry,
  { appId, tableId }: { appId: string; tableId: string },
  now: () => number,
  announce: Announce,
  signal: AbortSignal | undefined,
): Promise<number> {
  let changed = 0;
  let after = 0;
  while (!signal?.aborted) {
    const moved = await store.write(async () => {
      // The table is looked up again for each batch: its fields may have changed in between.
      const table = registry.findApp(appId)?.tables.find((t) => t.doc.id === tableId);
      const fields = table ? clockFormulas(table) : [];
      if (!table || fields.length === 0) return undefined;
      const ids = (
        store
          .prepare(`SELECT id FROM ${ident(table.sql)} WHERE id > ? ORDER BY id LIMIT ?`)
          .raw()
          .all(after, batchSize) as [number][]
      ).map(([id]) => id);
      if (ids.length === 0) return undefined;
      after = ids[ids.length - 1]!;
      const at = now();
      const context = { store, now: at, actorId: null };
      const changes: Changes = new Map();
      const l = list(ids);
      for (const field of fields) {
        const read = () =>
          new Map(
            store
              .prepare(`SELECT id, ${ident(field.column!)} FROM ${ident(table.sql)} WHERE id IN (${l.text})`)
              .raw()
              .all(...l.params) as [number, unknown][],
          );
        const before = read();
        await computeField(context, field, ids);
        const moved = [...read()].filter(([id, value]) => before.get(id) !== value).map(([id]) => id);
        if (moved.length) addChange(changes, field, moved);
      }
      if (changes.size === 0) return 0;
      const movedIds = new Set([...changes.values()].flatMap((s) => [...s]));
      if (fields.some(isSearchable)) reindexRows(store, table, [...movedIds]);
      announce(await propagate(context, table.app, changes), table, at);
      return movedIds.size;
    });
    if (moved === undefined) return changed;
    changed += moved;
    // Let requests waiting for the write lock in between batches.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return changed;
}
