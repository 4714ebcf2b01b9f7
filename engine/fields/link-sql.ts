// SQL over a link's storage: which records a row links to, wherever the relation is kept
// (a column on this table, a column on the other table, or a junction table).
import type { FieldModel, LinkModel } from '../meta/model.ts';
import { ident } from '../query/sql.ts';

export function linkOf(field: FieldModel): LinkModel {
  if (!field.link) throw new Error(`field ${field.doc.name} is not a link`);
  return field.link;
}

/**
 * FROM and WHERE clauses that select, as alias `alias`, the target records linked to the row
 * whose id is `rowId` and whose own columns are reachable through `rowAlias`.
 */
export function linkedRows(
  field: FieldModel,
  rowAlias: string,
  alias: string,
): { from: string; where: string } {
  const link = linkOf(field);
  const target = ident(link.target.sql);
  const storage = link.storage;
  if (storage.kind === 'column' && storage.on === 'self')
    return { from: `${target} ${alias}`, where: `${alias}.id = ${rowAlias}.${ident(storage.column)}` };
  // `+id` drops the id's integer affinity: compared as is, SQLite can seek the link column's
  // index (the column has no affinity) instead of scanning the whole table per row.
  if (storage.kind === 'column')
    return { from: `${target} ${alias}`, where: `${alias}.${ident(storage.column)} = +${rowAlias}.id` };
  const junction = `${alias}_j`;
  return {
    from: `${ident(storage.table)} ${junction} JOIN ${target} ${alias} ON ${alias}.id = ${junction}.${storage.otherColumn}`,
    where: `${junction}.${storage.selfColumn} = ${rowAlias}.id`,
  };
}

/** A subquery listing the ids linked to the row (column `x`). */
export function linkedIds(field: FieldModel, rowAlias: string): string {
  const link = linkOf(field);
  const storage = link.storage;
  if (storage.kind === 'column' && storage.on === 'self')
    return `SELECT ${rowAlias}.${ident(storage.column)} AS x`;
  if (storage.kind === 'column')
    return `SELECT o.id AS x FROM ${ident(link.target.sql)} o WHERE o.${ident(storage.column)} = +${rowAlias}.id`;
  return `SELECT j.${storage.otherColumn} AS x FROM ${ident(storage.table)} j WHERE j.${storage.selfColumn} = ${rowAlias}.id`;
}
