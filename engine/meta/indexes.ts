// Which SQL indexes a field gets: links always (they are joined), unique fields (enforced by
// the database), and fields that views sort by or that are marked indexed.
import { ownerColumn, readsOwn, scopeColumns } from '../access/policy.ts';
import { sortExpression } from '../query/sort.ts';
import { type DdlStep, ddlStatements } from '../store/ddl.ts';
import type { FieldModel, TableModel } from './model.ts';

export function sortIndexName(field: FieldModel): string {
  return `i_${field.column}`;
}

export function uniqueIndexName(field: FieldModel): string {
  return `u_${field.column}`;
}

/**
 * The index that serves sorting and range filters on the field, if it can have one. The
 * columns row scopes test (the owner, fields in roles' read filters) ride along after the sort
 * key: a reader scoped to their own, their team's or a filter's records pages along this index
 * and skips the rows they may not see from the index entry alone, where it would otherwise read
 * every row first (issue 7).
 */
export function sortIndexStep(field: FieldModel): DdlStep | undefined {
  if (!field.column || field.type.storage === 'system') return undefined;
  const expression = sortExpression(field, 'x');
  if (!expression || expression.includes('SELECT')) return undefined;
  const riding = scopeColumns(field.table).filter((column) => column !== field.column);
  return {
    op: 'createIndex',
    name: sortIndexName(field),
    table: field.table.sql,
    on: [expression.replace(/\bx\./g, ''), ...riding.map((column) => `"${column}"`)],
  };
}

export function ownerIndexName(field: FieldModel): string {
  return `o_${field.column}`;
}

/**
 * The owner-first twin of a sort index, for tables a role reads scoped to the reader's own
 * records (engine/access/policy.ts readsOwn): their page comes straight out of it, in order,
 * where the sort index would make them pass over everyone else's entries first. Costs one more
 * index entry per write, so only those tables get it.
 */
export function ownerIndexStep(field: FieldModel): DdlStep | undefined {
  const sort = sortIndexStep(field);
  if (sort?.op !== 'createIndex' || !readsOwn(field.table)) return undefined;
  const owner = ownerColumn(field.table);
  if (owner === field.column) return undefined;
  return { ...sort, name: ownerIndexName(field), on: [`"${owner}"`, sort.on[0]!] };
}

/** The part of an index's SQL that defines it, from ON: SQLite keeps it as written (less IF NOT EXISTS). */
const definition = (sql: string) =>
  sql
    .slice(sql.search(/\sON\s/i))
    .replace(/\s+/g, ' ')
    .trim();

/**
 * Sort indexes whose columns differ from what `sortIndexStep` wants now — the table's owner or
 * roles changed, or the database was made by a release that built them differently — dropped
 * and built again, and their owner-first twins added or dropped to match. `existing` maps the
 * table's index names to their SQL (from sqlite_schema).
 */
export function sortIndexRepairs(table: TableModel, existing: ReadonlyMap<string, string>): DdlStep[] {
  const steps: DdlStep[] = [];
  const differs = (step: DdlStep & { op: 'createIndex' }) => {
    const sql = existing.get(step.name);
    return sql === undefined || definition(sql) !== definition(ddlStatements(step)[0]!);
  };
  for (const field of table.fields) {
    if (field.link) continue; // a link column's index is the plain column, for joins
    const wanted = sortIndexStep(field);
    if (wanted?.op !== 'createIndex' || !existing.has(wanted.name)) continue;
    if (differs(wanted)) steps.push({ op: 'dropIndex', name: wanted.name }, wanted);
    const twin = ownerIndexStep(field);
    if (twin?.op === 'createIndex') {
      if (differs(twin)) steps.push({ op: 'dropIndex', name: twin.name }, twin);
    } else if (existing.has(ownerIndexName(field)))
      steps.push({ op: 'dropIndex', name: ownerIndexName(field) });
  }
  // Twins whose sort index is gone (the field no longer sorted, or deleted).
  for (const name of existing.keys())
    if (name.startsWith('o_') && !existing.has(`i_${name.slice(2)}`)) steps.push({ op: 'dropIndex', name });
  return steps;
}

export function uniqueIndexStep(field: FieldModel): DdlStep | undefined {
  if (!field.column) return undefined;
  return {
    op: 'createIndex',
    name: uniqueIndexName(field),
    table: field.table.sql,
    on: [`"${field.column}"`],
    unique: true,
  };
}

/** Indexes a field should have given its definition (not counting those views ask for). */
export function wantedIndexes(field: FieldModel): DdlStep[] {
  const steps: DdlStep[] = [];
  const isLinkColumn = field.link?.storage.kind === 'column';
  if (field.doc.unique) {
    const step = uniqueIndexStep(field);
    if (step) steps.push(step);
  }
  if (field.doc.indexed || (isLinkColumn && field.column)) {
    const step = isLinkColumn
      ? ({
          op: 'createIndex',
          name: sortIndexName(field),
          table: field.table.sql,
          on: [`"${field.column}"`],
        } as DdlStep)
      : sortIndexStep(field);
    if (step) steps.push(step);
  }
  return steps;
}

export function dropIndexSteps(field: FieldModel): DdlStep[] {
  if (!field.column || field.type.storage === 'system') return [];
  return [
    { op: 'dropIndex', name: sortIndexName(field) },
    { op: 'dropIndex', name: ownerIndexName(field) },
    { op: 'dropIndex', name: uniqueIndexName(field) },
  ];
}

/**
 * A rollup over a link kept in the other table's column reads, for each record, the linked
 * rows' values: an index on (link column, value column) answers that from the index alone.
 */
export function rollupIndexStep(rollup: FieldModel): DdlStep | undefined {
  if (rollup.doc.type !== 'rollup') return undefined;
  const { link: linkName, field: valueName } = (rollup.doc.options ?? {}) as {
    link?: string;
    field?: string;
  };
  const link = linkName ? rollup.table.byName.get(linkName) : undefined;
  const storage = link?.link?.storage;
  if (!link?.link || storage?.kind !== 'column' || storage.on !== 'other') return undefined;
  const value = valueName ? link.link.target.byName.get(valueName) : undefined;
  const columns = [
    `"${storage.column}"`,
    ...(value?.column && value.type.storage !== 'system' ? [`"${value.column}"`] : []),
  ];
  return { op: 'createIndex', name: rollupIndexName(rollup), table: storage.table, on: columns };
}

export function rollupIndexName(rollup: FieldModel): string {
  return `r_${rollup.doc.id.slice(4)}`;
}
