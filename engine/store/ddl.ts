// The one module that writes DDL for user tables. Callers compute a list of steps (a plan,
// testable as plain data) and apply it inside their write transaction.
import { ident } from '../query/sql.ts';
import type { Connection } from './database.ts';

export type DdlStep =
  | { op: 'createTable'; table: string }
  | { op: 'dropTable'; table: string }
  | { op: 'addColumn'; table: string; column: string }
  | { op: 'dropColumn'; table: string; column: string }
  | { op: 'createIndex'; name: string; table: string; on: string[]; unique?: boolean }
  | { op: 'dropIndex'; name: string }
  | { op: 'createJunction'; table: string }
  | { op: 'createSearchIndex'; table: string };

const sqlFor: { [K in DdlStep['op']]: (step: Extract<DdlStep, { op: K }>) => string[] } = {
  // AUTOINCREMENT: a deleted record's id is never given to a new one, so links and audit rows stay unambiguous.
  createTable: (s) => [
    `CREATE TABLE ${ident(s.table)} (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, created_by TEXT, updated_by TEXT, position REAL)`,
  ],
  dropTable: (s) => [`DROP TABLE IF EXISTS ${ident(s.table)}`],
  // No declared type: the column has no affinity, so values keep the exact type the field gives them
  // and a type change converts data in place.
  addColumn: (s) => [`ALTER TABLE ${ident(s.table)} ADD COLUMN ${ident(s.column)}`],
  dropColumn: (s) => [`ALTER TABLE ${ident(s.table)} DROP COLUMN ${ident(s.column)}`],
  createIndex: (s) => [
    `CREATE ${s.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ${ident(s.name)} ON ${ident(s.table)} (${s.on.join(', ')})`,
  ],
  dropIndex: (s) => [`DROP INDEX IF EXISTS ${ident(s.name)}`],
  createJunction: (s) => [
    `CREATE TABLE IF NOT EXISTS ${ident(s.table)} (a INTEGER NOT NULL, b INTEGER NOT NULL, PRIMARY KEY (a, b)) WITHOUT ROWID`,
    `CREATE INDEX IF NOT EXISTS ${ident(`${s.table}_b`)} ON ${ident(s.table)} (b, a)`,
  ],
  // Contentless: the index keeps no copy of the text, only what search needs. CJK text is
  // indexed one character per token (see records/search.ts).
  createSearchIndex: (s) => [
    `CREATE VIRTUAL TABLE IF NOT EXISTS ${ident(s.table)} USING fts5(body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')`,
  ],
};

export function ddlStatements(step: DdlStep): string[] {
  return (sqlFor[step.op] as (s: DdlStep) => string[])(step);
}

export function applyDdl(connection: Connection, steps: DdlStep[]): void {
  for (const step of steps) for (const statement of ddlStatements(step)) connection.exec(statement);
}
