// Field values as text: what a cell shows, what is copied to the clipboard, and how typed or
// pasted text becomes an API value (with the same rules the engine applies). Pure functions.
import type { FieldDoc, FieldTypeName, User } from '../api/types.ts';
import {
  formatCurrency,
  formatDate,
  formatDateTime,
  formatNumber,
  formatPercent,
  type Locale,
  labelText,
} from '../i18n/format.ts';

export interface ValueContext {
  locale: Locale;
  users?: readonly User[] | undefined;
}

export type Parsed =
  | { ok: true; value: unknown }
  | { ok: false; error: ParseError; vars?: Record<string, string | number> };
export type ParseError =
  | 'number'
  | 'integer'
  | 'range'
  | 'date'
  | 'datetime'
  | 'email'
  | 'url'
  | 'phone'
  | 'boolean'
  | 'choice'
  | 'user'
  | 'link'
  | 'readOnly'
  | 'tooLong';

export interface Choice {
  name: string;
  label?: string | Record<string, string> | undefined;
  color?: string | undefined;
}

const ok = (value: unknown): Parsed => ({ ok: true, value });
const fail = (error: ParseError, vars?: Record<string, string | number>): Parsed =>
  vars ? { ok: false, error, vars } : { ok: false, error };

export function optionsOf<T = Record<string, unknown>>(field: Pick<FieldDoc, 'options'>): Partial<T> {
  return (field.options ?? {}) as Partial<T>;
}

export function choicesOf(field: Pick<FieldDoc, 'options'>): Choice[] {
  return optionsOf<{ choices: Choice[] }>(field).choices ?? [];
}

export function choiceLabel(field: Pick<FieldDoc, 'options'>, name: string, locale: Locale): string {
  const choice = choicesOf(field).find((c) => c.name === name);
  return choice ? labelText(choice.label ?? choice.name, locale) || choice.name : name;
}

export function isEmptyValue(value: unknown): boolean {
  return (
    value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)
  );
}

/** Reads a number as people type it: "1,234.5", "$ 99", "12 %", "１２". */
export function parseNumberText(text: string): number | undefined {
  const cleaned = text
    .normalize('NFKC')
    .replace(/[\s,_'’]/g, '')
    .replace(/^[^\d+\-.]+|[^\d.]+$/g, '');
  if (cleaned === '' || !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(cleaned)) return undefined;
  const value = Number(cleaned);
  return Number.isFinite(value) ? value : undefined;
}

const isoDay = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;

export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** "2026-11-20", "2026/11/20", "2026年11月20日", "11/20/2026" → "2026-11-20". */
export function parseDateText(text: string): string | undefined {
  const trimmed = text.trim().normalize('NFKC');
  let year: number;
  let month: number;
  let day: number;
  const cn = /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/.exec(trimmed);
  const iso = isoDay.exec(trimmed) ?? cn;
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(trimmed);
  if (iso) [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (us) [year, month, day] = [Number(us[3]), Number(us[1]), Number(us[2])];
  else if (/^\d{4}-\d{2}-\d{2}T/.test(trimmed)) return parseDateText(trimmed.slice(0, 10));
  else {
    const ms = Date.parse(`${trimmed} UTC`);
    if (Number.isNaN(ms)) return undefined;
    const d = new Date(ms);
    [year, month, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
  }
  const value = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isCalendarDate(value) ? value : undefined;
}

export function parseDateTimeText(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const day = parseDateText(trimmed);
  if (day) return `${day}T00:00:00.000Z`;
  const ms = Date.parse(trimmed);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

const truthy = new Set(['true', 'yes', 'y', '1', 'x', '✓', '✔', '是', '对', 'checked']);
const falsy = new Set(['false', 'no', 'n', '0', '', '否', '错', 'unchecked']);
const emailPattern = /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/;
const phonePattern = /^\+?[0-9][0-9 ()./-]{2,30}(\s*(x|ext\.?|#)\s*\d{1,6})?$/i;

function matchChoice(field: FieldDoc, text: string): string | undefined {
  const wanted = text.trim().toLowerCase();
  for (const choice of choicesOf(field)) {
    if (choice.name.toLowerCase() === wanted) return choice.name;
    const labels = typeof choice.label === 'string' ? [choice.label] : Object.values(choice.label ?? {});
    if (labels.some((l) => l.toLowerCase() === wanted)) return choice.name;
  }
  return undefined;
}

function matchUser(text: string, users: readonly User[] | undefined): string | undefined {
  const wanted = text.trim().toLowerCase();
  const user = users?.find(
    (u) =>
      u.id.toLowerCase() === wanted || u.email.toLowerCase() === wanted || u.name.toLowerCase() === wanted,
  );
  return user?.id;
}

type Parser = (text: string, field: FieldDoc, context: ValueContext) => Parsed;
type Formatter = (value: unknown, field: FieldDoc, context: ValueContext) => string;

/** How one field type's values read and write as text. */
export interface ValueKind {
  /** Text (typed, pasted, imported) → API value. */
  parse: Parser;
  /** What a cell shows: localised numbers and dates, choice labels, user names. */
  display: Formatter;
  /** What is copied to the clipboard: text that `parse` reads back to the same value. */
  toText: Formatter;
}

const textParser =
  (check?: (value: string) => Parsed | undefined): Parser =>
  (text, field) => {
    const value = text.trim() === '' ? null : text;
    if (value === null) return ok(null);
    const max = optionsOf<{ maxLength: number }>(field).maxLength;
    if (max !== undefined && value.length > max) return fail('tooLong', { max });
    return check?.(value.trim()) ?? ok(value);
  };

const numberParser =
  (integer = false): Parser =>
  (text, field) => {
    if (text.trim() === '') return ok(null);
    const value = parseNumberText(text);
    if (value === undefined) return fail('number');
    if (integer && !Number.isInteger(value)) return fail('integer');
    if (field.type === 'rating') {
      const max = optionsOf<{ max: number }>(field).max ?? 5;
      if (value < 0 || value > max || !Number.isInteger(value)) return fail('range', { min: 0, max });
    }
    return ok(value);
  };

const readOnlyParser: Parser = () => fail('readOnly');

const plain: Formatter = (value) => {
  if (isEmptyValue(value)) return '';
  if (Array.isArray(value))
    return value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
};
const raw: Formatter = (value) => (isEmptyValue(value) ? '' : String(value));
const precisionOf = (field: FieldDoc) => optionsOf<{ precision: number }>(field).precision;

const numberDisplay: Formatter = (value, field, { locale }) =>
  typeof value === 'number'
    ? formatNumber(value, locale, precisionOf(field))
    : plain(value, field, { locale });
const dateDisplay: Formatter = (value, _field, { locale }) =>
  typeof value === 'string' && value ? formatDate(value, locale) : '';
const dateTimeDisplay: Formatter = (value, _field, { locale }) =>
  typeof value === 'string' || typeof value === 'number' ? formatDateTime(value, locale) : '';
const choiceDisplay: Formatter = (value, field, { locale }) =>
  isEmptyValue(value) ? '' : choiceLabel(field, String(value), locale);
const choicesDisplay: Formatter = (value, field, { locale }) =>
  Array.isArray(value) ? value.map((v) => choiceLabel(field, String(v), locale)).join(', ') : '';
const userDisplay: Formatter = (value, _field, context) => userName(value, context);
const userText: Formatter = (value, _field, context) =>
  typeof value === 'string' ? (context.users?.find((u) => u.id === value)?.email ?? value) : '';

/** Formula and rollup values read like the kind of value they produce. */
const computedDisplay: Formatter = (value, field, context) => {
  if (Array.isArray(value)) return value.map((v) => computedDisplay(v, field, context)).join(', ');
  if (typeof value === 'number') return formatNumber(value, context.locale, precisionOf(field));
  if (typeof value === 'boolean') return value ? '✓' : '';
  if (typeof value === 'string' && isCalendarDate(value)) return formatDate(value, context.locale);
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value))
    return formatDateTime(value, context.locale);
  return plain(value, field, context);
};

const textKind = (check?: (value: string) => Parsed | undefined): ValueKind => ({
  parse: textParser(check),
  display: raw,
  toText: raw,
});
const numberKind = (display: Formatter, integer = false): ValueKind => ({
  parse: numberParser(integer),
  display,
  toText: raw,
});
const readOnly = (display: Formatter, toText: Formatter = plain): ValueKind => ({
  parse: readOnlyParser,
  display,
  toText,
});

export const valueKinds = {
  text: textKind(),
  long_text: textKind(),
  email: textKind((v) => (emailPattern.test(v) ? ok(v.toLowerCase()) : fail('email'))),
  phone: textKind((v) => (phonePattern.test(v) ? ok(v) : fail('phone'))),
  url: textKind((v) => {
    const candidate = /^[a-z][a-z0-9+.-]*:/i.test(v) ? v : `https://${v}`;
    try {
      const url = new URL(candidate);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.includes('.')
        ? ok(candidate)
        : fail('url');
    } catch {
      return fail('url');
    }
  }),
  number: numberKind(numberDisplay),
  currency: numberKind((value, field, { locale }) =>
    typeof value === 'number'
      ? formatCurrency(
          value,
          locale,
          optionsOf<{ currency: string }>(field).currency ?? 'USD',
          precisionOf(field) ?? 2,
        )
      : '',
  ),
  percent: numberKind((value, field, { locale }) =>
    typeof value === 'number' ? formatPercent(value, locale, precisionOf(field)) : '',
  ),
  rating: numberKind((value) => (typeof value === 'number' ? '★'.repeat(value) : ''), true),
  date: {
    parse: (text) => {
      if (text.trim() === '') return ok(null);
      const value = parseDateText(text);
      return value ? ok(value) : fail('date');
    },
    display: dateDisplay,
    toText: raw,
  },
  datetime: {
    parse: (text) => {
      if (text.trim() === '') return ok(null);
      const value = parseDateTimeText(text);
      return value ? ok(value) : fail('datetime');
    },
    display: dateTimeDisplay,
    toText: raw,
  },
  checkbox: {
    parse: (text) => {
      const key = text.trim().toLowerCase();
      if (truthy.has(key)) return ok(true);
      if (falsy.has(key)) return ok(false);
      return fail('boolean');
    },
    display: (value) => (value ? '✓' : ''),
    toText: (value) => (value ? 'true' : 'false'),
  },
  single_select: {
    parse: (text, field) => {
      if (text.trim() === '') return ok(null);
      const name = matchChoice(field, text);
      return name ? ok(name) : fail('choice', { value: text.trim() });
    },
    display: choiceDisplay,
    toText: choiceDisplay,
  },
  multi_select: {
    parse: (text, field) => {
      const parts = text
        .split(/[,;\n]/)
        .map((p) => p.trim())
        .filter(Boolean);
      const names: string[] = [];
      for (const part of parts) {
        const name = matchChoice(field, part);
        if (!name) return fail('choice', { value: part });
        if (!names.includes(name)) names.push(name);
      }
      return ok(names);
    },
    display: choicesDisplay,
    toText: choicesDisplay,
  },
  user: {
    parse: (text, _field, context) => {
      if (text.trim() === '') return ok(null);
      const id = matchUser(text, context.users);
      return id ? ok(id) : fail('user', { value: text.trim() });
    },
    display: userDisplay,
    toText: userText,
  },
  link: {
    parse: (text) => {
      const ids = text
        .split(/[,;\s]+/)
        .map((p) => p.trim())
        .filter(Boolean);
      if (ids.some((id) => !/^\d+$/.test(id))) return fail('link');
      return ok(ids);
    },
    display: plain,
    toText: plain,
  },
  lookup: readOnly(computedDisplay),
  rollup: readOnly(computedDisplay),
  formula: readOnly(computedDisplay),
  autonumber: readOnly(
    (value, field) =>
      isEmptyValue(value) ? '' : `${optionsOf<{ prefix: string }>(field).prefix ?? ''}${String(value)}`,
    raw,
  ),
  attachment: readOnly((value) =>
    Array.isArray(value) ? value.map((f: { name: string }) => f.name).join(', ') : '',
  ),
  created_at: readOnly(dateTimeDisplay, raw),
  updated_at: readOnly(dateTimeDisplay, raw),
  created_by: readOnly(userDisplay, userText),
  updated_by: readOnly(userDisplay, userText),
} satisfies Record<FieldTypeName, ValueKind>;

export function parseValue(text: string, field: FieldDoc, context: ValueContext): Parsed {
  return valueKinds[field.type].parse(text, field, context);
}

export function displayValue(value: unknown, field: FieldDoc, context: ValueContext): string {
  return valueKinds[field.type].display(value, field, context);
}

export function clipboardText(value: unknown, field: FieldDoc, context: ValueContext): string {
  return valueKinds[field.type].toText(value, field, context);
}

function userName(id: unknown, context: ValueContext): string {
  if (typeof id !== 'string') return '';
  const user = context.users?.find((u) => u.id === id);
  return user ? user.name || user.email : id;
}

/** Tab-separated text for a block of cells, quoting cells that hold tabs, newlines or quotes. */
export function toTsv(rows: string[][]): string {
  const quote = (cell: string) => (/[\t\n"]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  return rows.map((row) => row.map(quote).join('\t')).join('\n');
}

/** Reads tab-separated text as spreadsheets put it on the clipboard (quoted cells may span lines). */
export function fromTsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const source = text.replace(/\r\n?/g, '\n').replace(/\n$/, '');
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (quoted) {
      if (ch === '"' && source[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === '\t') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  row.push(cell);
  rows.push(row);
  return rows;
}

/** Checks a value an editor produced with the rules the engine applies; undefined when fine. */
export function validateValue(
  field: FieldDoc,
  value: unknown,
  context: ValueContext,
): { error: ParseError; vars?: Record<string, string | number> } | undefined {
  if (isEmptyValue(value)) return undefined;
  const kind = valueKinds[field.type];
  const asText = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
  if (asText === undefined) return undefined;
  // Number fields hold numbers; text left in one is what the person typed and could not be read.
  const parsed = kind.parse(asText, field, context);
  if (!parsed.ok) return parsed.vars ? { error: parsed.error, vars: parsed.vars } : { error: parsed.error };
  return undefined;
}
