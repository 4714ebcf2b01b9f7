// Evaluates the engine's filter language on values in the browser — for a form's conditional
// fields, which show or hide while the person types. The common operators only; the engine
// re-checks every condition when the form is submitted.
import type { Filter } from '../api/types.ts';

const empty = (v: unknown) =>
  v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
const text = (v: unknown) => (v === null || v === undefined ? '' : String(v)).toLowerCase();
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : empty(v) ? [] : [v]);
const num = (v: unknown) =>
  typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
const compare = (a: unknown, b: unknown) => {
  const x = num(a);
  const y = num(b);
  if (!Number.isNaN(x) && !Number.isNaN(y)) return x - y;
  return String(a ?? '').localeCompare(String(b ?? ''));
};
const same = (a: unknown, b: unknown) =>
  typeof a === 'string' && typeof b === 'string'
    ? a.toLowerCase() === b.toLowerCase()
    : a === b || (typeof a === 'boolean' && String(a) === String(b));

const operators: Record<string, (value: unknown, operand: unknown) => boolean> = {
  is: (v, o) =>
    Array.isArray(v)
      ? list(o).every((x) => v.some((y) => same(y, x))) && v.length === list(o).length
      : same(v, o),
  is_not: (v, o) => !same(v, o),
  in: (v, o) => list(o).some((x) => same(v, x)),
  not_in: (v, o) => !list(o).some((x) => same(v, x)),
  contains: (v, o) =>
    Array.isArray(v) ? v.some((x) => text(x).includes(text(o))) : text(v).includes(text(o)),
  not_contains: (v, o) => !text(v).includes(text(o)),
  starts_with: (v, o) => text(v).startsWith(text(o)),
  ends_with: (v, o) => text(v).endsWith(text(o)),
  gt: (v, o) => !empty(v) && compare(v, o) > 0,
  gte: (v, o) => !empty(v) && compare(v, o) >= 0,
  lt: (v, o) => !empty(v) && compare(v, o) < 0,
  lte: (v, o) => !empty(v) && compare(v, o) <= 0,
  between: (v, o) => !empty(v) && Array.isArray(o) && compare(v, o[0]) >= 0 && compare(v, o[1]) <= 0,
  is_empty: (v) => empty(v),
  is_not_empty: (v) => !empty(v),
  has_any: (v, o) => list(o).some((x) => list(v).some((y) => same(y, x))),
  has_all: (v, o) => list(o).every((x) => list(v).some((y) => same(y, x))),
  has_none: (v, o) => !list(o).some((x) => list(v).some((y) => same(y, x))),
};

/** Whether `filter` holds on `values`; an operator this does not know counts as holding. */
export function matches(filter: Filter | undefined, values: Record<string, unknown>): boolean {
  if (!filter) return true;
  if ('and' in filter) return filter.and.every((f) => matches(f, values));
  if ('or' in filter) return filter.or.length === 0 || filter.or.some((f) => matches(f, values));
  if ('not' in filter) return !matches(filter.not, values);
  const op = operators[filter.op];
  return op ? op(values[filter.field], filter.value) : true;
}
