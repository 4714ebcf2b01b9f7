// Full-text search over a table's text fields with SQLite FTS5. Latin text is tokenised by
// words and matched by prefix; Chinese (and other CJK) text is indexed one character per
// token and matched as a phrase, so "张伟" finds 张伟 without a dictionary.

import { resolveType } from '../fields/resolve.ts';
import type { FieldModel, TableModel } from '../meta/model.ts';
import { ident, type Sql } from '../query/sql.ts';
import { valueSql } from '../query/value.ts';
import type { Store } from '../store/database.ts';

const cjk = /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])/gu;
const cjkRun = /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+)/gu;
const cjkOnly = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+$/u;

/** Spaces out CJK characters so that the unicode61 tokenizer sees each as a word. */
export function spaceCjk(text: string): string {
  return text.replace(cjk, ' $1 ');
}

/**
 * Whether a field's values go into the search index: judged by the type that really holds
 * them, so a lookup of a number (a company's pipeline on each contact) stays out, and a change
 * to it does not rewrite the search entries of every contact that shows it.
 */
export function isSearchable(field: FieldModel): boolean {
  return searchableFields(field.table).includes(field);
}

// Models are rebuilt whenever metadata changes, so a table's answer holds for its lifetime;
// searchBody asks for every record written.
const searchable = new WeakMap<TableModel, FieldModel[]>();

export function searchableFields(table: TableModel): FieldModel[] {
  let fields = searchable.get(table);
  if (!fields) {
    fields = table.fields.filter(
      (f) => f.column !== null && !f.doc.encrypted && resolveType(f).type.searchable === true,
    );
    searchable.set(table, fields);
  }
  return fields;
}

export function searchBody(table: TableModel, values: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const field of searchableFields(table)) {
    const value = values[field.doc.name];
    if (value === null || value === undefined) continue;
    // A lookup through a single link holds the looked-up field's value: that type knows its text.
    const { type, field: resolved } = resolveType(field);
    const text = type.searchText ? type.searchText(value, resolved) : String(value);
    if (text) parts.push(text);
  }
  return spaceCjk(parts.join(' \n '));
}

/**
 * Turns what a user typed into an FTS5 query: every term must match, Latin terms by prefix,
 * CJK runs as phrases. Quotes are doubled, so no input can inject FTS syntax.
 */
export function searchQuery(input: string): string | null {
  const terms: string[] = [];
  for (const raw of input.trim().split(/\s+/).slice(0, 20)) {
    // Split on whole runs of CJK characters, so that each run stays one phrase: "张伟" must
    // not match 张 and 伟 far apart or in the other order.
    for (const piece of raw.split(cjkRun).filter((p) => p.trim() !== '')) {
      if (cjkOnly.test(piece)) {
        terms.push(`"${[...piece].join(' ')}"`);
        continue;
      }
      const word = piece.replace(/[^\p{L}\p{N}@._-]/gu, ' ').trim();
      if (!word) continue;
      for (const token of word.split(/[\s@._-]+/).filter(Boolean))
        terms.push(`"${token.replace(/"/g, '""')}"*`);
    }
  }
  return terms.length ? terms.join(' AND ') : null;
}

export function indexRecords(store: Store, table: TableModel, rows: { id: number; body: string }[]): void {
  if (rows.length === 0) return;
  const remove = store.prepare(`DELETE FROM ${ident(table.fts)} WHERE rowid = ?`);
  const insert = store.prepare(`INSERT INTO ${ident(table.fts)} (rowid, body) VALUES (?, ?)`);
  for (const row of rows) {
    remove.run(row.id);
    if (row.body.trim()) insert.run(row.id, row.body);
  }
}

/** Indexes freshly created records: no old entries to remove. */
export function indexNewRecords(store: Store, table: TableModel, rows: { id: number; body: string }[]): void {
  const insert = store.prepare(`INSERT INTO ${ident(table.fts)} (rowid, body) VALUES (?, ?)`);
  for (const row of rows) if (row.body.trim()) insert.run(row.id, row.body);
}

export function unindexRecords(store: Store, table: TableModel, ids: number[]): void {
  const remove = store.prepare(`DELETE FROM ${ident(table.fts)} WHERE rowid = ?`);
  for (const id of ids) remove.run(id);
}

/**
 * Search for a reader who may not see some text fields: every term must appear in one of the
 * fields they can see. Slower than the index (which holds all text), but it reveals nothing hidden.
 */
export function visibleTextSearch(table: TableModel, input: string): Sql {
  const terms = input.trim().split(/\s+/).filter(Boolean).slice(0, 10);
  const columns = searchableFields(table).map((f) => valueSql(f)!);
  if (terms.length === 0) return { text: '1', params: [] };
  if (columns.length === 0) return { text: '0', params: [] };
  const parts = terms.map((term) => {
    const pattern = `%${term.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    return {
      text: `(${columns.map((c) => `${c} LIKE ? ESCAPE '\\'`).join(' OR ')})`,
      params: columns.map(() => pattern),
    };
  });
  return { text: parts.map((p) => p.text).join(' AND '), params: parts.flatMap((p) => p.params) };
}
