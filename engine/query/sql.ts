// A tiny SQL fragment type: text with `?` placeholders and the values that fill them.
// Identifiers only ever come from metadata ids (see `ident`); values are always parameters.
import { isSafeId } from '../ids.ts';

export interface Sql {
  text: string;
  params: unknown[];
}

export function raw(text: string): Sql {
  return { text, params: [] };
}

export function param(value: unknown): Sql {
  return { text: '?', params: [value] };
}

export function sql(strings: TemplateStringsArray, ...parts: (Sql | string)[]): Sql {
  let text = strings[0] ?? '';
  const params: unknown[] = [];
  parts.forEach((part, index) => {
    if (typeof part === 'string') text += part;
    else {
      text += part.text;
      params.push(...part.params);
    }
    text += strings[index + 1] ?? '';
  });
  return { text, params };
}

export function join(parts: Sql[], separator: string): Sql {
  return { text: parts.map((p) => p.text).join(separator), params: parts.flatMap((p) => p.params) };
}

export function list(values: readonly unknown[]): Sql {
  return { text: values.map(() => '?').join(', '), params: [...values] };
}

const safeIdentifier = /^[a-z][a-z0-9_]{0,80}$/;

/** Quotes an identifier built from metadata ids; anything else is a programming error. */
export function ident(name: string): string {
  if (!safeIdentifier.test(name)) throw new Error(`unsafe SQL identifier ${JSON.stringify(name)}`);
  return `"${name}"`;
}

export function tableName(tableId: string): string {
  if (!isSafeId(tableId)) throw new Error(`unsafe table id ${JSON.stringify(tableId)}`);
  return `t_${tableId.slice(4)}`;
}

export function columnName(fieldId: string): string {
  if (!isSafeId(fieldId)) throw new Error(`unsafe field id ${JSON.stringify(fieldId)}`);
  return `c_${fieldId.slice(4)}`;
}

export const TRUE: Sql = raw('1');
export const FALSE: Sql = raw('0');

/**
 * A value as an SQL literal, for the few places where SQL is assembled ahead of its parameters
 * (a reader's masked field expressions). Values come from metadata and the signed-in user,
 * never from the request; strings are quoted by doubling quotes, which is complete in SQLite.
 */
export function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  const text = String(value);
  // A NUL character would end the statement early; such text goes in as hex.
  if (text.includes('\u0000')) return `CAST(X'${Buffer.from(text, 'utf8').toString('hex')}' AS TEXT)`;
  return `'${text.replace(/'/g, "''")}'`;
}

/** Inlines a fragment's parameters as literals, so it can sit in a string expression. */
export function inline(fragment: Sql): string {
  let index = 0;
  return fragment.text.replace(/\?/g, () => literal(fragment.params[index++]));
}
