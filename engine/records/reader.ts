// Turns rows of a user table into API records: {id, fields, createdAt, updatedAt}. The column
// list and decoders of each table are worked out once per metadata version and reused.
import { resolveType } from '../fields/index.ts';
import type { FieldModel, TableModel } from '../meta/model.ts';
import { ident } from '../query/sql.ts';
import { valueSql } from '../query/value.ts';
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
  /** Where the value sits in a row read as an array (`.raw()`). */
  position: number;
  decode: (value: unknown) => unknown;
}

export interface ReadPlan {
  /** SELECT list over the row aliased `r`. */
  select: string;
  columns: Column[];
  /** Links kept outside the row, read with one query per page. */
  linkFields: FieldModel[];
  /** How many values the select list yields: extra columns of a query come after them. */
  width: number;
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
      columns.push({
        field,
        alias,
        position: select.length,
        decode: (v) => (v === null || v === undefined ? [] : [String(v)]),
      });
      const value = valueSql(field)!;
      select.push(
        `${field.visibleLinks ? `CASE WHEN ${field.visibleLinks(value)} THEN ${value} END` : value} AS ${alias}`,
      );
      return;
    }
    if (!field.column) return;
    const alias = `v${index}`;
    const { type, field: resolved } = resolveType(field);
    const cipher = table.app.cipher;
    const decode = field.doc.encrypted
      ? (v: unknown) => type.fromDb(cipher.decrypt(v), resolved)
      : (v: unknown) => type.fromDb(v, resolved);
    columns.push({ field, alias, position: select.length, decode });
    select.push(`${valueSql(field)} AS ${alias}`);
  });
  const plan = { select: select.join(', '), columns, linkFields, width: select.length };
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

/**
 * Converts rows selected with `readPlan(table).select` and read as arrays (`.raw()`) into API
 * records: the same records as toRecords, without an object per row on the way.
 */
export function toRecordsFromArrays(
  store: Store,
  table: TableModel,
  rows: unknown[][],
  only?: Set<string>,
): ApiRecord[] {
  const plan = readPlan(table);
  const links = new Map<FieldModel, Map<number, number[]>>();
  if (plan.linkFields.length) {
    const ids = rows.map((row) => row[0] as number);
    for (const field of plan.linkFields)
      if (!only || only.has(field.doc.name)) links.set(field, readLinks(store, field, ids));
  }
  const columns = only ? plan.columns.filter((c) => only.has(c.field.doc.name)) : plan.columns;
  const times = isoTimes();
  return rows.map((row) => {
    const fields: Record<string, unknown> = {};
    for (const column of columns) fields[column.field.doc.name] = column.decode(row[column.position]);
    for (const [field, values] of links)
      fields[field.doc.name] = (values.get(row[0] as number) ?? []).map(String);
    return {
      id: String(row[0]),
      fields,
      createdAt: times(row[1] as number),
      updatedAt: times(row[2] as number),
    };
  });
}

/** ISO strings of epoch milliseconds; rows written together share their times, so remember the last few. */
function isoTimes(): (ms: number) => string {
  const seen = new Map<number, string>();
  return (ms) => {
    let iso = seen.get(ms);
    if (iso === undefined) {
      iso = new Date(ms).toISOString();
      if (seen.size > 64) seen.clear();
      seen.set(ms, iso);
    }
    return iso;
  };
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
      .raw(true)
      .all(...part) as unknown[][];
    for (const record of toRecordsFromArrays(store, table, rows)) out.set(Number(record.id), record);
  }
  return out;
}
