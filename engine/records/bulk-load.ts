// Large loads (a CSV import, a first migration) into a table: past a point, keeping every sort
// index current row by row costs far more than building it once. Each new row lands at a random
// place in each index, so a load into a big table rewrites index pages again and again; built
// at the end, an index is one sorted pass. The indexes are dropped and built again inside the
// load's own transaction: readers keep seeing the committed table with all its indexes, and a
// load that fails leaves them as they were.
//
// Kept during the load: unique indexes (uniqueness is checked as rows arrive) and indexes that
// start with a link column (rollups and link look-ups recompute through them for every batch).
import type { TableModel } from '../meta/model.ts';
import { ident } from '../query/sql.ts';
import type { Store } from '../store/database.ts';

/** Rows a load writes row by row before it considers dropping indexes. */
const rowsBeforeDeferring = 20_000;
/** …and the load must be at least this share of the rows the table had. */
const shareOfTable = 0.25;

export class BulkLoad {
  private written = 0;
  private deferred: { name: string; sql: string }[] | undefined;
  /** Counted once the load is large enough to consider it: a small import never counts. */
  private rowsBefore: number | undefined;

  /** Starts a load into `table`; must run inside the write that does the load. */
  constructor(
    private readonly store: Store,
    private readonly table: TableModel,
  ) {
    if (!store.inWrite) throw new Error('A bulk load runs inside a write');
  }

  /** Whether sort indexes are dropped until finish(). */
  get deferring(): boolean {
    return this.deferred !== undefined;
  }

  /** Counts rows the load wrote; once it is large next to the table, drops the sort indexes. */
  wrote(rows: number): void {
    this.written += rows;
    if (this.deferred || this.written < rowsBeforeDeferring) return;
    // What the table held before the load: its rows now, less those the load wrote.
    this.rowsBefore ??=
      (this.store.prepare(`SELECT count(*) AS n FROM ${ident(this.table.sql)}`).get() as { n: number }).n -
      this.written;
    if (this.written < this.rowsBefore * shareOfTable) return;
    const linkColumns = new Set(this.table.fields.filter((f) => f.link && f.column).map((f) => f.column!));
    const indexes = this.store.writer
      .prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
      )
      .all(this.table.sql) as { name: string; sql: string }[];
    const deferred = indexes.filter((index) => {
      if (/^CREATE\s+UNIQUE/i.test(index.sql)) return false;
      const first = this.store.writer.prepare(`PRAGMA index_info(${ident(index.name)})`).get() as
        | { name: string | null }
        | undefined;
      return !(first?.name && linkColumns.has(first.name));
    });
    this.store.ddl((connection) => {
      for (const index of deferred) connection.exec(`DROP INDEX ${ident(index.name)}`);
    });
    this.deferred = deferred;
  }

  /** Builds the dropped indexes again; call before the write commits. */
  finish(): void {
    const deferred = this.deferred;
    if (!deferred) return;
    this.deferred = undefined;
    this.store.ddl((connection) => {
      for (const index of deferred) connection.exec(index.sql);
    });
  }
}
