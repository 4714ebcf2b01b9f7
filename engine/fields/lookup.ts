// A value read through a link: the linked record's field (one link) or the list of the
// linked records' values (many). Stored in its own column and kept current by the engine.
import type { FieldModel } from '../meta/model.ts';
import { ident } from '../query/sql.ts';
import { apiNameSchema } from '../schema/index.ts';
import { linkedRows, linkOf } from './link-sql.ts';
import { listKind } from './list-kind.ts';
import { isListValued, resolveType } from './resolve.ts';
import { options } from './shared.ts';
import type { FieldType } from './types.ts';

export interface LookupOptions {
  link: string;
  field: string;
}

/** The link field and the target field a lookup or rollup reads through. */
export function throughLink(field: FieldModel): { link: FieldModel; target: FieldModel } {
  const { link: linkName, field: targetName } = options<LookupOptions>(field);
  const link = field.table.byName.get(linkName);
  if (!link?.link) throw new Error(`lookup ${field.doc.name}: link ${linkName} is gone`);
  const target = link.link.target.byName.get(targetName);
  if (!target) throw new Error(`lookup ${field.doc.name}: field ${targetName} is gone`);
  return { link, target };
}

function targetColumn(target: FieldModel, alias: string): string {
  if (!target.column) throw new Error(`field ${target.doc.name} has no column`);
  return `${alias}.${ident(target.column)}`;
}

/** SQL computing the lookup's value for the row aliased `r`. */
export function lookupSql(field: FieldModel, rowAlias = 'r', visible?: (alias: string) => string): string {
  const { link, target } = throughLink(field);
  const linked = linkedRows(link, rowAlias, 'o');
  // A reader who may see only some linked rows gets a value computed from those alone.
  const rows = visible ? { ...linked, where: `${linked.where} AND ${visible('o')}` } : linked;
  const value = targetColumn(target, 'o');
  if (!linkOf(link).many) return `(SELECT ${value} FROM ${rows.from} WHERE ${rows.where} LIMIT 1)`;
  if (isListValued(target))
    return `(SELECT nullif(json_group_array(CASE WHEN je.type IN ('object', 'array') THEN json(je.value) ELSE je.value END), '[]') FROM ${rows.from}, json_each(${value}) je WHERE ${rows.where})`;
  return `(SELECT nullif(json_group_array(v), '[]') FROM (SELECT ${value} AS v FROM ${rows.from} WHERE ${rows.where} AND ${value} IS NOT NULL ORDER BY o.id))`;
}

export const lookup: FieldType = {
  ...listKind,
  name: 'lookup',
  options: {
    type: 'object',
    required: ['link', 'field'],
    properties: { link: apiNameSchema, field: apiNameSchema },
    additionalProperties: false,
  },
  delegate: (field) => {
    const { link, target } = throughLink(field);
    if (linkOf(link).many) return { type: listKind, field };
    return resolveType(target);
  },
  valueSchema: (field) => {
    const { link, target } = throughLink(field);
    if (linkOf(link).many) return { type: 'array', readOnly: true };
    return { ...resolveType(target).type.valueSchema(target), readOnly: true };
  },
};
