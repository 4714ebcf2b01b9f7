// A relation to records of another table (or this one), one or many. Both sides of a link
// are fields; they share one storage (see LinkStorage). The value is a list of record ids.

import { ident, list, raw, type Sql } from '../query/sql.ts';
import { apiNameSchema } from '../schema/index.ts';
import { linkedIds, linkOf } from './link-sql.ts';
import { likePattern, operandError, textOperand } from './operators.ts';
import { describe, fail, isEmpty } from './shared.ts';
import type { FieldType, OperandTarget, OperatorSet } from './types.ts';

export const maxLinksPerValue = 10_000;

/** Record ids as the API writes them: positive integers, as numbers or digit strings. */
export function toRecordId(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  if (typeof value === 'string' && /^[1-9]\d{0,15}$/.test(value)) return Number(value);
  return undefined;
}

function idOperands(target: OperandTarget, value: unknown): number[] {
  const values = Array.isArray(value) ? value : [value];
  return values.map(
    (v) => toRecordId(v) ?? (operandError(target.field, `expects record ids, got ${describe(v)}`) as never),
  );
}

/** Is any of `ids` linked to the row? Uses the link column directly when this table holds it. */
function anyLinked(target: OperandTarget, ids: number[]): Sql {
  if (ids.length === 0) return raw('0');
  const storage = linkOf(target.field).storage;
  const l = list(ids);
  if (storage.kind === 'column' && storage.on === 'self')
    return { text: `${target.column} IN (${l.text})`, params: l.params };
  return {
    text: `EXISTS (SELECT 1 FROM (${linkedIds(target.field, 'r')}) WHERE x IN (${l.text}))`,
    params: l.params,
  };
}

function noneLinked(target: OperandTarget): Sql {
  const storage = linkOf(target.field).storage;
  if (storage.kind === 'column' && storage.on === 'self') return raw(`${target.column} IS NULL`);
  return raw(`NOT EXISTS (SELECT 1 FROM (${linkedIds(target.field, 'r')}) WHERE x IS NOT NULL)`);
}

// coalesce: on an empty link column `IN (…)` is NULL, and NOT NULL would drop the unlinked rows.
const negate = (s: Sql): Sql => ({ text: `NOT coalesce(${s.text}, 0)`, params: s.params });

const linkOps: OperatorSet = {
  has_any: { operand: 'list', build: (t, v) => anyLinked(t, idOperands(t, v)) },
  has_none: { operand: 'list', build: (t, v) => negate(anyLinked(t, idOperands(t, v))) },
  has_all: {
    operand: 'list',
    build: (t, v) => {
      const ids = [...new Set(idOperands(t, v))];
      if (ids.length === 0) return raw('1');
      const l = list(ids);
      return {
        text: `(SELECT count(DISTINCT x) FROM (${linkedIds(t.field, 'r')}) WHERE x IN (${l.text})) = ${ids.length}`,
        params: l.params,
      };
    },
  },
  is: { operand: 'value', build: (t, v) => anyLinked(t, idOperands(t, v)) },
  // Matches the linked records' primary field, e.g. deals whose company name contains "acme".
  contains: {
    operand: 'value',
    build: (t, v) => {
      const link = linkOf(t.field);
      const primary = link.target.primary;
      if (!primary?.column)
        throw operandError(t.field, `the linked table '${link.target.doc.name}' has no primary field`);
      return {
        text: `EXISTS (SELECT 1 FROM ${ident(link.target.sql)} o WHERE o.id IN (${linkedIds(t.field, 'r')}) AND o.${ident(primary.column)} LIKE ? ESCAPE '\\')`,
        params: [likePattern(textOperand(v, t.field), '%', '%')],
      };
    },
  },
  is_empty: { operand: 'none', build: (t) => noneLinked(t) },
  is_not_empty: { operand: 'none', build: (t) => negate(noneLinked(t)) },
};

export const link: FieldType = {
  name: 'link',
  options: {
    type: 'object',
    required: ['table'],
    properties: {
      table: apiNameSchema,
      many: { type: 'boolean' },
      /** The field on the other table that shows this link from its side. Created when absent. */
      inverse: apiNameSchema,
      inverseLabel: { type: ['string', 'object'] },
      /** Only when creating the link: whether the inverse side holds many records (default true). */
      inverseMany: { type: 'boolean' },
    },
    additionalProperties: false,
  },
  storage: 'link',
  readOnly: false,
  searchable: false,
  // The canonical form is a JSON list of ids; the records service writes it to the link's storage.
  parse: (input, field) => {
    if (isEmpty(input)) return null;
    const values = Array.isArray(input) ? input : [input];
    const ids: number[] = [];
    for (const value of values) {
      const id = toRecordId(typeof value === 'object' && value !== null && 'id' in value ? value.id : value);
      if (id === undefined) fail(field, `must be a list of record ids, got ${describe(value)}`);
      if (!ids.includes(id)) ids.push(id);
    }
    if (!linkOf(field).many && ids.length > 1)
      fail(field, `links to one record only, got ${ids.length}`, 'too_many_links');
    if (ids.length > maxLinksPerValue)
      fail(field, `may link at most ${maxLinksPerValue} records`, 'too_many_links');
    return ids.length === 0 ? null : JSON.stringify(ids);
  },
  fromDb: (value) => {
    if (value === null || value === undefined) return [];
    if (Array.isArray(value)) return value.map(String);
    return [String(value)];
  },
  toText: (value) => (Array.isArray(value) ? value.join(', ') : ''),
  fromText: (text) =>
    text
      .split(/[,;\s]+/)
      .map((part) => part.trim())
      .filter((part) => part !== ''),
  operators: linkOps,
  sort: (column, field) => {
    const link = linkOf(field);
    const primary = link.target.primary;
    if (link.storage.kind !== 'column' || link.storage.on !== 'self' || !primary?.column) return null;
    const sortable = primary.type.sort(`o.${ident(primary.column)}`, primary);
    if (!sortable) return null;
    // A scalar subquery drops the COLLATE of its select list: it goes on the subquery itself, or
    // "acme" would sort after "Globex" here while text fields sort it before.
    const collate = / COLLATE [A-Z]+$/.exec(sortable)?.[0] ?? '';
    const value = sortable.slice(0, sortable.length - collate.length);
    return `(SELECT ${value} FROM ${ident(link.target.sql)} o WHERE o.id = ${column})${collate}`;
  },
  valueSchema: (field) => ({
    type: 'array',
    items: { type: 'string', description: `id of a record in '${linkOf(field).target.doc.name}'` },
    ...(linkOf(field).many ? {} : { maxItems: 1 }),
  }),
  sample: () => ['1'],
};
