// Which SQL indexes a field gets: links always (they are joined), unique fields (enforced by
// the database), and fields that views sort by or that are marked indexed.
import { sortExpression } from '../query/sort.ts';
import type { DdlStep } from '../store/ddl.ts';
import type { FieldModel } from './model.ts';

export function sortIndexName(field: FieldModel): string {
  return `i_${field.column}`;
}

export function uniqueIndexName(field: FieldModel): string {
  return `u_${field.column}`;
}

/** The index that serves sorting and range filters on the field, if it can have one. */
export function sortIndexStep(field: FieldModel): DdlStep | undefined {
  if (!field.column || field.type.storage === 'system') return undefined;
  const expression = sortExpression(field, 'x');
  if (!expression || expression.includes('SELECT')) return undefined;
  return {
    op: 'createIndex',
    name: sortIndexName(field),
    table: field.table.sql,
    on: [expression.replace(/\bx\./g, '')],
  };
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
