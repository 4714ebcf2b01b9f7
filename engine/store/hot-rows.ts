// Rows nearly every request reads — its API token or session, and its user — kept in memory.
// A read on the reader connection after any commit pays for SQLite dropping that connection's
// page cache and memory map: under a steady stream of writes the token look-up cost as much as
// the rest of a GET. Temporary triggers on the writer empty the cache when a watched table
// changes, and it is emptied again when that write commits, so a row read from the reader in
// between (still the old one) does not outlive the commit. Every write of a running server
// goes through its writer; other processes only add users (`rapport user add`), and rows not
// found are not cached.
import type { Store } from './database.ts';

/** Past this many rows the cache starts over: enough for every active token and session. */
const maxRows = 10_000;

export class HotRows {
  private readonly rows = new Map<string, unknown>();
  private touched = false;

  constructor(private readonly store: Store) {
    store.writer.function('rapport_hot_rows_touched', { deterministic: false }, () => {
      this.touched = true;
      this.rows.clear();
      return null;
    });
    store.onCommit(() => {
      if (!this.touched) return;
      this.touched = false;
      this.rows.clear();
    });
  }

  /** Empties the cache whenever a row of `table` is updated or deleted. */
  watch(table: string): void {
    for (const operation of ['update', 'delete'])
      this.store.writer.exec(
        `CREATE TEMP TRIGGER IF NOT EXISTS "hot_rows_${table}_${operation}" AFTER ${operation.toUpperCase()} ON main."${table}" BEGIN SELECT rapport_hot_rows_touched(); END`,
      );
  }

  get<T>(key: string, load: () => T | undefined): T | undefined {
    if (this.rows.has(key)) return this.rows.get(key) as T;
    const row = load();
    if (row === undefined) return undefined;
    if (this.rows.size >= maxRows) this.rows.clear();
    this.rows.set(key, row);
    return row;
  }
}
