// The SQLite database: a writer connection used only under the write lock, and a reader
// connection that sees committed data only (WAL). Writes are transactions that may await;
// nested writes become savepoints of the outer one.
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { Cipher } from '../crypto/cipher.ts';
import { Checkpoints } from './checkpoints.ts';
import { ensureFixedTable } from './fixed-ddl.ts';
import { fixedTables } from './fixed-tables.ts';
import { WriteLock } from './lock.ts';

export type Connection = Database.Database;

interface WriteScope {
  afterCommit: (() => void)[];
  depth: number;
  /** State that lives as long as the transaction (e.g. metadata models it changed). */
  locals: Map<string, unknown>;
}

export class Store {
  readonly writer: Connection;
  readonly reader: Connection;
  /** drizzle over the writer connection, for the fixed tables. */
  readonly db: BetterSQLite3Database;
  /** drizzle over the reader connection. */
  readonly readDb: BetterSQLite3Database;
  /** Encrypts sensitive fields; its key lives beside the database unless configured. */
  readonly cipher: Cipher;
  private readonly lock = new WriteLock();
  private readonly scope = new AsyncLocalStorage<WriteScope>();
  private readonly statements = new Map<string, Database.Statement>();
  private readonly readStatements = new Map<string, Database.Statement>();
  private readonly commitListeners: (() => void)[] = [];
  private readonly checkpoints: Checkpoints | undefined;

  constructor(readonly file: string) {
    this.cipher = new Cipher(file === ':memory:' ? process.cwd() : dirname(file));
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.writer = new Database(file);
    this.writer.pragma('journal_mode = WAL');
    // In WAL mode NORMAL writes each commit to the log before COMMIT returns, so a committed
    // write survives a crash of the process; only a power cut can lose the last commits, and
    // never corrupts the database. The log is synced to disk at each checkpoint.
    this.writer.pragma('synchronous = NORMAL');
    this.writer.pragma('foreign_keys = OFF');
    this.writer.pragma('busy_timeout = 5000');
    this.writer.pragma('cache_size = -65536');
    this.writer.pragma('temp_store = MEMORY');
    // Reading pages through the OS cache's mapping saves a copy per page on big tables.
    this.writer.pragma('mmap_size = 268435456');
    for (const table of fixedTables) ensureFixedTable(this.writer, table);
    this.reader = file === ':memory:' ? this.writer : new Database(file, { readonly: true });
    this.reader.pragma('busy_timeout = 5000');
    this.reader.pragma('cache_size = -65536');
    this.reader.pragma('mmap_size = 268435456');
    this.checkpoints = file === ':memory:' ? undefined : new Checkpoints(file, this.writer);
    this.db = drizzle(this.writer);
    this.readDb = drizzle(this.reader);
  }

  /** Whether the caller runs inside a write transaction. */
  get inWrite(): boolean {
    return this.scope.getStore() !== undefined;
  }

  /**
   * Runs `work` as one transaction on the writer connection. Only one runs at a time; work
   * may await. Callbacks registered with `afterCommit` run once the outermost transaction commits.
   */
  async write<T>(work: () => Promise<T> | T): Promise<T> {
    const outer = this.scope.getStore();
    if (outer) return this.savepoint(outer, work);
    return this.lock.run(async () => {
      const scope: WriteScope = { afterCommit: [], depth: 0, locals: new Map() };
      this.writer.exec('BEGIN IMMEDIATE');
      let result: T;
      try {
        result = await this.scope.run(scope, work);
        this.writer.exec('COMMIT');
      } catch (error) {
        if (this.writer.inTransaction) this.writer.exec('ROLLBACK');
        this.forgetStatements();
        throw error;
      }
      this.checkpoints?.committed();
      for (const callback of scope.afterCommit) callback();
      for (const listener of this.commitListeners) listener();
      return result;
    });
  }

  private async savepoint<T>(scope: WriteScope, work: () => Promise<T> | T): Promise<T> {
    const name = `sp${++scope.depth}`;
    this.writer.exec(`SAVEPOINT ${name}`);
    try {
      const result = await work();
      this.writer.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      this.writer.exec(`ROLLBACK TO ${name}`);
      this.writer.exec(`RELEASE ${name}`);
      // State cached during the savepoint may describe rolled-back changes: a new generation
      // tells its owners to rebuild it from the database.
      scope.locals.set('generation', ((scope.locals.get('generation') as number | undefined) ?? 0) + 1);
      this.forgetStatements();
      throw error;
    } finally {
      scope.depth--;
    }
  }

  /** Called after every committed write. */
  onCommit(listener: () => void): void {
    this.commitListeners.push(listener);
  }

  /** Transaction-local state, or undefined outside a write. */
  get locals(): Map<string, unknown> | undefined {
    return this.scope.getStore()?.locals;
  }

  /** Changes whenever a savepoint rolls back inside the current write. */
  get generation(): number {
    return (this.scope.getStore()?.locals.get('generation') as number | undefined) ?? 0;
  }

  /** Runs DDL on the writer inside the current write; cached statements are dropped. */
  ddl(run: (connection: Connection) => void): void {
    const scope = this.scope.getStore();
    if (!scope) throw new Error('DDL outside a write');
    scope.locals.set('ddl', true);
    run(this.writer);
    this.forgetStatements();
  }

  afterCommit(callback: () => void): void {
    const scope = this.scope.getStore();
    if (!scope) throw new Error('afterCommit outside a write');
    scope.afterCommit.push(callback);
  }

  /** A cached prepared statement: on the writer inside a write (to see its own changes), else the reader. */
  prepare(text: string): Database.Statement {
    const writing = this.inWrite;
    const cache = writing ? this.statements : this.readStatements;
    let statement = cache.get(text);
    if (!statement) {
      statement = (writing ? this.writer : this.reader).prepare(text);
      if (cache.size > 2000) cache.clear();
      cache.set(text, statement);
    }
    return statement;
  }

  /** Prepared statements refer to columns by position; schema changes must drop them. */
  forgetStatements(): void {
    this.statements.clear();
    this.readStatements.clear();
  }

  close(): void {
    this.checkpoints?.close();
    if (this.reader !== this.writer) this.reader.close();
    this.writer.close();
  }
}
