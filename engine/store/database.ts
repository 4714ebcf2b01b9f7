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
import { HotRows } from './hot-rows.ts';
import { WriteLock } from './lock.ts';

export type Connection = Database.Database;

interface WriteScope {
  afterCommit: (() => void)[];
  depth: number;
  /** State that lives as long as the transaction (e.g. metadata models it changed). */
  locals: Map<string, unknown>;
}

interface GroupedWrite {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** A group stops taking writes after this long (ms): the first in it waits for the commit. */
const groupMs = 8;

const newScope = (): WriteScope => ({ afterCommit: [], depth: 0, locals: new Map() });

export class Store {
  readonly writer: Connection;
  readonly reader: Connection;
  /** drizzle over the writer connection, for the fixed tables. */
  readonly db: BetterSQLite3Database;
  /** drizzle over the reader connection. */
  readonly readDb: BetterSQLite3Database;
  /** Encrypts sensitive fields; its key lives beside the database unless configured. */
  readonly cipher: Cipher;
  /** Token, session and user rows every request reads, cached until they change. */
  readonly hotRows: HotRows;
  private readonly lock = new WriteLock();
  private readonly grouped: GroupedWrite[] = [];
  private groupScheduled = false;
  private readonly scope = new AsyncLocalStorage<WriteScope>();
  private readonly statements = new Map<string, Database.Statement>();
  private readonly readStatements = new Map<string, Database.Statement>();
  private readonly commitListeners: (() => void)[] = [];
  private readonly checkpoints: Checkpoints | undefined;

  constructor(
    readonly file: string,
    options: { walDrainFrames?: number } = {},
  ) {
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
    this.checkpoints =
      file === ':memory:' ? undefined : new Checkpoints(file, this.writer, options.walDrainFrames);
    this.db = drizzle(this.writer);
    this.readDb = drizzle(this.reader);
    this.hotRows = new HotRows(this);
  }

  /** Whether the caller runs inside a write transaction. */
  get inWrite(): boolean {
    return this.scope.getStore() !== undefined;
  }

  /**
   * Runs `work` as one transaction on the writer connection. Only one runs at a time; work
   * may await. Callbacks registered with `afterCommit` run once the outermost transaction commits.
   *
   * With `group`, writes that queue up while another is running commit together: each runs
   * in a savepoint of one shared transaction, so each still succeeds or fails alone, and each
   * caller hears back only once the commit is done. A commit costs about as much as a small
   * write, so a busy server does nearly twice the writes. Only writes of records are grouped:
   * metadata writes change state that the next write in a group would have to see.
   */
  async write<T>(work: () => Promise<T> | T, options: { group?: boolean } = {}): Promise<T> {
    const outer = this.scope.getStore();
    if (outer) return this.savepoint(outer, work);
    if (options.group)
      return new Promise<T>((resolve, reject) => {
        this.grouped.push({ work, resolve: resolve as (value: unknown) => void, reject });
        this.scheduleGroup();
      });
    return this.lock.run(async () => {
      const scope = newScope();
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
      this.committed([scope]);
      return result;
    });
  }

  private scheduleGroup(): void {
    if (this.groupScheduled) return;
    this.groupScheduled = true;
    this.lock.run(() => this.runGroup()).catch((error) => console.error('a write group failed', error));
  }

  /** Runs the queued grouped writes, and those queued meanwhile, in one transaction. */
  private async runGroup(): Promise<void> {
    const started = performance.now();
    const done: { member: GroupedWrite; scope: WriteScope; result: unknown }[] = [];
    const failAll = (error: unknown) => {
      if (this.writer.inTransaction) this.writer.exec('ROLLBACK');
      this.forgetStatements();
      for (const { member } of done.splice(0)) member.reject(error);
    };
    try {
      this.writer.exec('BEGIN IMMEDIATE');
    } catch (error) {
      for (const member of this.grouped.splice(0)) member.reject(error);
      this.groupScheduled = false;
      return;
    }
    for (;;) {
      if (this.grouped.length === 0) {
        // Requests that arrived in the same turn of the event loop are read before the
        // commit, so that their writes can join it.
        if (performance.now() - started >= groupMs) break;
        await new Promise((next) => setImmediate(next));
        if (this.grouped.length === 0) break;
      }
      if (performance.now() - started >= groupMs) break;
      const member = this.grouped.shift()!;
      const scope = newScope();
      this.writer.exec('SAVEPOINT grouped');
      try {
        const result = await this.scope.run(scope, member.work);
        this.writer.exec('RELEASE grouped');
        done.push({ member, scope, result });
      } catch (error) {
        member.reject(error);
        // SQLite itself ends the transaction on some errors (a full disk): the group is lost.
        if (!this.writer.inTransaction) {
          failAll(error);
          break;
        }
        this.writer.exec('ROLLBACK TO grouped');
        this.writer.exec('RELEASE grouped');
        this.forgetStatements();
      }
      // A write that changed metadata ends the group: the next must see it as committed.
      if (scope.locals.has('metadata') || scope.locals.has('ddl')) break;
    }
    try {
      if (this.writer.inTransaction) this.writer.exec('COMMIT');
    } catch (error) {
      failAll(error);
    }
    try {
      if (done.length > 0) this.committed(done.map((d) => d.scope));
    } finally {
      // Committed whatever a callback after the commit does: the writers hear so, and the
      // next group is scheduled.
      for (const { member, result } of done) member.resolve(result);
      this.groupScheduled = false;
      if (this.grouped.length > 0) this.scheduleGroup();
    }
  }

  private committed(scopes: WriteScope[]): void {
    this.checkpoints?.committed();
    if (this.checkpoints?.wantsDrain) void this.checkpoints.restart((work) => this.lock.run(work));
    for (const scope of scopes) for (const callback of scope.afterCommit) callback();
    for (const listener of this.commitListeners) listener();
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
