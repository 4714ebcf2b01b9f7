// Operator sets shared by field types. Each operator turns (column, operand) into a SQL
// fragment with parameters; operands are converted by the field type before they reach SQL.
import { invalidField } from '../errors.ts';
import type { FieldModel } from '../meta/model.ts';
import { isRelativeToken, relativeRange, startOfDayMs } from '../query/relative-dates.ts';
import { list, raw, type Sql } from '../query/sql.ts';
import type { DbValue, FilterContext, Operator, OperatorSet } from './types.ts';

/** Turns a filter operand into the value the column holds; throws Invalid naming the field. */
export type Convert = (value: unknown, field: FieldModel, context: FilterContext) => DbValue;

const fragment = (text: string, ...params: unknown[]): Sql => ({ text, params });

export function operandError(field: FieldModel, message: string) {
  return invalidField(field.doc.name, `Filter on '${field.doc.name}': ${message}`, 'invalid_filter');
}

function listOperand(value: unknown, field: FieldModel): unknown[] {
  if (!Array.isArray(value)) throw operandError(field, 'expects a list of values');
  if (value.length > 1000) throw operandError(field, 'a list may hold at most 1000 values');
  return value;
}

export function equalityOps(convert: Convert, collate = ''): OperatorSet {
  const c = collate ? ` COLLATE ${collate}` : '';
  return {
    is: {
      operand: 'value',
      build: (t, v, ctx) => fragment(`${t.column} = ?${c}`, convert(v, t.field, ctx)),
    },
    is_not: {
      operand: 'value',
      build: (t, v, ctx) =>
        fragment(`(${t.column} IS NULL OR ${t.column} <> ?${c})`, convert(v, t.field, ctx)),
    },
    in: {
      operand: 'list',
      build: (t, v, ctx) => {
        const values = listOperand(v, t.field).map((x) => convert(x, t.field, ctx));
        if (values.length === 0) return raw('0');
        const l = list(values);
        return { text: `${t.column}${c} IN (${l.text})`, params: l.params };
      },
    },
    not_in: {
      operand: 'list',
      build: (t, v, ctx) => {
        const values = listOperand(v, t.field).map((x) => convert(x, t.field, ctx));
        if (values.length === 0) return raw('1');
        const l = list(values);
        return { text: `(${t.column} IS NULL OR ${t.column}${c} NOT IN (${l.text}))`, params: l.params };
      },
    },
  };
}

export function comparisonOps(convert: Convert): OperatorSet {
  const compare =
    (sign: string): Operator['build'] =>
    (t, v, ctx) =>
      fragment(`${t.column} ${sign} ?`, convert(v, t.field, ctx));
  return {
    gt: { operand: 'value', build: compare('>') },
    gte: { operand: 'value', build: compare('>=') },
    lt: { operand: 'value', build: compare('<') },
    lte: { operand: 'value', build: compare('<=') },
    between: {
      operand: 'range',
      build: (t, v, ctx) => {
        const [from, to] = rangeOperand(v, t.field);
        return fragment(
          `${t.column} BETWEEN ? AND ?`,
          convert(from, t.field, ctx),
          convert(to, t.field, ctx),
        );
      },
    },
  };
}

export function rangeOperand(value: unknown, field: FieldModel): [unknown, unknown] {
  if (!Array.isArray(value) || value.length !== 2) throw operandError(field, 'between expects [from, to]');
  return [value[0], value[1]];
}

export const emptinessOps: OperatorSet = {
  is_empty: { operand: 'none', build: (t) => raw(`${t.column} IS NULL`) },
  is_not_empty: { operand: 'none', build: (t) => raw(`${t.column} IS NOT NULL`) },
};

export function likePattern(value: string, prefix: string, suffix: string): string {
  return prefix + value.replace(/[\\%_]/g, (ch) => `\\${ch}`) + suffix;
}

export function textOperand(value: unknown, field: FieldModel): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw operandError(field, 'expects text');
}

export const textOps: OperatorSet = {
  ...equalityOps((v, f) => textOperand(v, f), 'NOCASE'),
  contains: {
    operand: 'value',
    build: (t, v) =>
      fragment(`${t.column} LIKE ? ESCAPE '\\'`, likePattern(textOperand(v, t.field), '%', '%')),
  },
  not_contains: {
    operand: 'value',
    build: (t, v) =>
      fragment(
        `(${t.column} IS NULL OR ${t.column} NOT LIKE ? ESCAPE '\\')`,
        likePattern(textOperand(v, t.field), '%', '%'),
      ),
  },
  starts_with: {
    operand: 'value',
    build: (t, v) =>
      fragment(`${t.column} LIKE ? ESCAPE '\\'`, likePattern(textOperand(v, t.field), '', '%')),
  },
  ends_with: {
    operand: 'value',
    build: (t, v) =>
      fragment(`${t.column} LIKE ? ESCAPE '\\'`, likePattern(textOperand(v, t.field), '%', '')),
  },
  ...emptinessOps,
};

export function numberOperand(value: unknown, field: FieldModel): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  throw operandError(field, `expects a number, got ${JSON.stringify(value)}`);
}

export const numberOps: OperatorSet = {
  ...equalityOps((v, f) => numberOperand(v, f)),
  ...comparisonOps((v, f) => numberOperand(v, f)),
  ...emptinessOps,
};

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

export function isCalendarDate(value: string): boolean {
  if (!isoDate.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/**
 * Date-like operators over a column whose values compare in order. `toBound` turns a calendar
 * day into the column's representation of that day's first instant (a date string, or epoch ms).
 */
export function dateOps(
  convert: Convert,
  toBound: (day: string, context: FilterContext) => DbValue,
): OperatorSet {
  const dayRange = (value: unknown, field: FieldModel, context: FilterContext) => {
    if (isRelativeToken(value)) {
      const range = relativeRange(value, context.now, context.timeZone);
      if (range) return range;
    }
    if (typeof value === 'string' && isCalendarDate(value.slice(0, 10)) && value.length === 10) {
      const next = new Date(`${value}T00:00:00Z`);
      next.setUTCDate(next.getUTCDate() + 1);
      return { start: value, end: next.toISOString().slice(0, 10) };
    }
    return undefined;
  };
  const within: Operator = {
    operand: 'value',
    build: (t, v, ctx) => {
      const range = isRelativeToken(v) ? relativeRange(v, ctx.now, ctx.timeZone) : undefined;
      if (!range) throw operandError(t.field, `unknown relative date ${JSON.stringify(v)}`);
      return fragment(
        `(${t.column} >= ? AND ${t.column} < ?)`,
        toBound(range.start, ctx),
        toBound(range.end, ctx),
      );
    },
  };
  const convertPoint: Convert = (v, field, ctx) => {
    const range = dayRange(v, field, ctx);
    return range ? toBound(range.start, ctx) : convert(v, field, ctx);
  };
  return {
    is: {
      operand: 'value',
      build: (t, v, ctx) => {
        const range = dayRange(v, t.field, ctx);
        if (range)
          return fragment(
            `(${t.column} >= ? AND ${t.column} < ?)`,
            toBound(range.start, ctx),
            toBound(range.end, ctx),
          );
        return fragment(`${t.column} = ?`, convert(v, t.field, ctx));
      },
    },
    is_not: {
      operand: 'value',
      build: (t, v, ctx) => {
        const range = dayRange(v, t.field, ctx);
        if (range)
          return fragment(
            `(${t.column} IS NULL OR ${t.column} < ? OR ${t.column} >= ?)`,
            toBound(range.start, ctx),
            toBound(range.end, ctx),
          );
        return fragment(`(${t.column} IS NULL OR ${t.column} <> ?)`, convert(v, t.field, ctx));
      },
    },
    // "after today" means after the whole day; "before today" means before it starts.
    gt: {
      operand: 'value',
      build: (t, v, ctx) => {
        const range = dayRange(v, t.field, ctx);
        return range
          ? fragment(`${t.column} >= ?`, toBound(range.end, ctx))
          : fragment(`${t.column} > ?`, convert(v, t.field, ctx));
      },
    },
    gte: {
      operand: 'value',
      build: (t, v, ctx) => fragment(`${t.column} >= ?`, convertPoint(v, t.field, ctx)),
    },
    lt: {
      operand: 'value',
      build: (t, v, ctx) => fragment(`${t.column} < ?`, convertPoint(v, t.field, ctx)),
    },
    lte: {
      operand: 'value',
      build: (t, v, ctx) => {
        const range = dayRange(v, t.field, ctx);
        return range
          ? fragment(`${t.column} < ?`, toBound(range.end, ctx))
          : fragment(`${t.column} <= ?`, convert(v, t.field, ctx));
      },
    },
    between: {
      operand: 'range',
      build: (t, v, ctx) => {
        const [from, to] = rangeOperand(v, t.field);
        const fromRange = dayRange(from, t.field, ctx);
        const toRange = dayRange(to, t.field, ctx);
        const low = fromRange ? toBound(fromRange.start, ctx) : convert(from, t.field, ctx);
        if (toRange)
          return fragment(`(${t.column} >= ? AND ${t.column} < ?)`, low, toBound(toRange.end, ctx));
        return fragment(`${t.column} BETWEEN ? AND ?`, low, convert(to, t.field, ctx));
      },
    },
    within,
    ...emptinessOps,
  };
}

export function dateOperand(value: unknown, field: FieldModel): string {
  if (typeof value === 'string' && isCalendarDate(value)) return value;
  throw operandError(
    field,
    `expects a date YYYY-MM-DD or a relative date such as "today", got ${JSON.stringify(value)}`,
  );
}

export function datetimeOperand(value: unknown, field: FieldModel, context: FilterContext): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') {
    if (isCalendarDate(value)) return startOfDayMs(value, context.timeZone);
    const ms = Date.parse(value);
    if (!Number.isNaN(ms) && /^\d{4}-\d{2}-\d{2}T/.test(value)) return ms;
  }
  throw operandError(
    field,
    `expects an ISO 8601 date-time, a date or a relative date, got ${JSON.stringify(value)}`,
  );
}

export const dateColumnOps = dateOps(
  (v, f) => dateOperand(v, f),
  (d) => d,
);

export const datetimeColumnOps = dateOps(datetimeOperand, (d, ctx) => startOfDayMs(d, ctx.timeZone));

/** Operators over a JSON array column (multi-select choices, many-valued lookups, attachments). */
export function arrayOps(convert: Convert): OperatorSet {
  const members = (t: { column: string }, values: DbValue[]) => {
    const l = list(values);
    return { text: `SELECT 1 FROM json_each(${t.column}) WHERE value IN (${l.text})`, params: l.params };
  };
  const listOf = (v: unknown, field: FieldModel, ctx: FilterContext) =>
    (Array.isArray(v) ? v : [v]).map((x) => convert(x, field, ctx));
  return {
    has_any: {
      operand: 'list',
      build: (t, v, ctx) => {
        const values = listOf(v, t.field, ctx);
        if (values.length === 0) return raw('0');
        const m = members(t, values);
        return { text: `EXISTS (${m.text})`, params: m.params };
      },
    },
    has_all: {
      operand: 'list',
      build: (t, v, ctx) => {
        const values = [...new Set(listOf(v, t.field, ctx))];
        if (values.length === 0) return raw('1');
        const l = list(values);
        return {
          text: `(SELECT count(DISTINCT value) FROM json_each(${t.column}) WHERE value IN (${l.text})) = ${values.length}`,
          params: l.params,
        };
      },
    },
    has_none: {
      operand: 'list',
      build: (t, v, ctx) => {
        const values = listOf(v, t.field, ctx);
        if (values.length === 0) return raw('1');
        const m = members(t, values);
        return { text: `NOT EXISTS (${m.text})`, params: m.params };
      },
    },
    is: {
      operand: 'list',
      build: (t, v, ctx) => {
        const values = [...new Set(listOf(v, t.field, ctx))];
        if (values.length === 0) return raw(`${t.column} IS NULL`);
        const l = list(values);
        return {
          text: `((SELECT count(DISTINCT value) FROM json_each(${t.column}) WHERE value IN (${l.text})) = ${values.length} AND (SELECT count(DISTINCT value) FROM json_each(${t.column})) = ${values.length})`,
          params: l.params,
        };
      },
    },
    ...emptinessOps,
  };
}

/** Text matching inside a JSON array of strings. */
export const arrayTextOps: OperatorSet = {
  contains: {
    operand: 'value',
    build: (t, v) =>
      fragment(
        `EXISTS (SELECT 1 FROM json_each(${t.column}) WHERE value LIKE ? ESCAPE '\\')`,
        likePattern(textOperand(v, t.field), '%', '%'),
      ),
  },
  not_contains: {
    operand: 'value',
    build: (t, v) =>
      fragment(
        `NOT EXISTS (SELECT 1 FROM json_each(${t.column}) WHERE value LIKE ? ESCAPE '\\')`,
        likePattern(textOperand(v, t.field), '%', '%'),
      ),
  },
};
