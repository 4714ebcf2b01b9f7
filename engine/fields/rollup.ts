// A summary of the linked records' values: sum, average, min, max, count or a joined list.
import type { FieldModel } from '../meta/model.ts';
import { ident } from '../query/sql.ts';
import { apiNameSchema } from '../schema/index.ts';
import { linkedRows, linkOf } from './link-sql.ts';
import { resolveType } from './resolve.ts';
import { type ResultKind, resultKindTypes } from './result-kinds.ts';
import { options } from './shared.ts';
import type { FieldType } from './types.ts';

export const rollupFunctions = ['sum', 'avg', 'min', 'max', 'count', 'concat'] as const;
type RollupFunction = (typeof rollupFunctions)[number];

export interface RollupOptions {
  link: string;
  field?: string;
  fn: RollupFunction;
}

function parts(field: FieldModel) {
  const { link: linkName, field: targetName, fn } = options<RollupOptions>(field);
  const link = field.table.byName.get(linkName);
  if (!link?.link) throw new Error(`rollup ${field.doc.name}: link ${linkName} is gone`);
  const target = targetName === undefined ? undefined : link.link.target.byName.get(targetName);
  if (targetName !== undefined && !target)
    throw new Error(`rollup ${field.doc.name}: field ${targetName} is gone`);
  return { link, target, fn };
}

export function rollupKind(field: FieldModel): ResultKind {
  const { target, fn } = parts(field);
  if (fn === 'concat') return 'text';
  if ((fn === 'min' || fn === 'max') && target) {
    const name = resolveType(target).type.name;
    if (name === 'date') return 'date';
    if (name === 'datetime' || name === 'created_at' || name === 'updated_at') return 'datetime';
    if (name === 'text' || name === 'email' || name === 'single_select') return 'text';
  }
  return 'number';
}

const aggregate: Record<RollupFunction, (value: string) => string> = {
  sum: (v) => `total(${v})`,
  avg: (v) => `avg(${v})`,
  min: (v) => `min(${v})`,
  max: (v) => `max(${v})`,
  count: (v) => `count(${v})`,
  concat: (v) => `group_concat(${v}, ', ')`,
};

/** SQL computing the rollup's value for the row aliased `r`. */
export function rollupSql(field: FieldModel, rowAlias = 'r', visible?: (alias: string) => string): string {
  const { link, target, fn } = parts(field);
  linkOf(link);
  const linked = linkedRows(link, rowAlias, 'o');
  const rows = visible ? { ...linked, where: `${linked.where} AND ${visible('o')}` } : linked;
  const value = target?.column ? `o.${ident(target.column)}` : fn === 'count' ? 'o.id' : 'NULL';
  return `(SELECT ${aggregate[fn](value)} FROM ${rows.from} WHERE ${rows.where})`;
}

export const rollup: FieldType = {
  ...resultKindTypes.number,
  name: 'rollup',
  options: {
    type: 'object',
    required: ['link', 'fn'],
    properties: {
      link: apiNameSchema,
      field: apiNameSchema,
      fn: { enum: rollupFunctions },
      precision: { type: 'integer', minimum: 0, maximum: 10 },
    },
    additionalProperties: false,
  },
  storage: 'computed',
  readOnly: true,
  searchable: false,
  delegate: (field) => ({ type: resultKindTypes[rollupKind(field)], field }),
  valueSchema: (field) => ({ ...resultKindTypes[rollupKind(field)].valueSchema(field), readOnly: true }),
};
