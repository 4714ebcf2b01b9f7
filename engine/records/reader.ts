// Turns rows of a user table into API records: {id, fields, createdAt, updatedAt}. The column
// list and decoders of each table are worked out once per metadata version and reused.
import { resolveType } from '../fields/index.ts';
import type { FieldModel, TableModel } from '../meta/model.ts';
import { ident } from '../query/sql.ts';
import type { Store } from '../store/database.ts';
import { readLinks } from './links.ts';

export interface ApiRecord {
  id: string;
  fields: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

interface Column {
  field: FieldModel;
  alias: string;
  decode: (value: unknown) => unknown;
}

export interface ReadPlan {
  /** SELECT list over the row aliased `r`. */
  select: string;
  columns: Column[];
  /** Links kept outside the row, read with one query per page. */
  linkFields: FieldModel[];
}

const plans = new WeakMap<TableModel, ReadPlan>();

export function readPlan(table: TableModel): ReadPlan {
  const cached = plans.get(table);
  if (cached) return cached;
  const columns: Column[] = [];
  const linkFields: FieldModel[] = [];
  const select = ['r.id AS id', 'r.created_at AS created_at', 'r.updated_at AS updated_at'];
  table.fields.forEach((field, index) => {
    if (field.link) {
      if (!field.column) {
        linkFields.push(field);
        return;
      }
      const alias = `v${index}`;
      select.push(`r.${ident(field.column)} AS ${alias}`);
      columns.push({ field, alias, decode: (v) => (v === null || v === undefined ? [] : [String(v)]) });
      return;
    }
    if (!field.column) return;
    const alias = `v${index}`;
    select.push(`r.${ident(field.column)} AS ${alias}`);
    const { type, field: resolved } = resolveType(field);
    columns.push({ field, alias, decode: (v) => type.fromDb(v, resolved) });
  });
  const plan = { select: select.join(', '), columns, linkFields };
  plans.set(table, plan);
  return plan;
}

/** Converts raw rows (selected with `readPlan(table).select`) into API records. */
export function toRecords(
  store: Store,
  table: TableModel,
  rows: Record<string, unknown>[],
  only?: Set<string>,
): ApiRecord[] {
  const plan = readPlan(table);
  const ids = rows.map((row) => row.id as number);
  const links = new Map<FieldModel, Map<number, number[]>>();
  for (const field of plan.linkFields)
    if (!only || only.has(field.doc.name)) links.set(field, readLinks(store, field, ids));
  const columns = only ? plan.columns.filter((c) => only.has(c.field.doc.name)) : plan.columns;
  return rows.map((row) => {
    const fields: Record<string, unknown> = {};
    for (const column of columns) fields[column.field.doc.name] = column.decode(row[column.alias]);
    for (const [field, values] of links)
      fields[field.doc.name] = (values.get(row.id as number) ?? []).map(String);
    return {
      id: String(row.id),
      fields,
      createdAt: new Date(row.created_at as number).toISOString(),
      updatedAt: new Date(row.updated_at as number).toISOString(),
    };
  });
}

/** Reads records by id on the connection the caller is on (the writer inside a write). */
export function readRecords(store: Store, table: TableModel, ids: number[]): Map<number, ApiRecord> {
  const plan = readPlan(table);
  const out = new Map<number, ApiRecord>();
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    const rows = store
      .prepare(
        `SELECT ${plan.select} FROM ${ident(table.sql)} r WHERE r.id IN (${part.map(() => '?').join(', ')})`,
      )
      .all(...part) as Record<string, unknown>[];
    for (const record of toRecords(store, table, rows)) out.set(Number(record.id), record);
  }
  return out;
}
