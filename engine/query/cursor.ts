// Keyset pagination: the cursor holds the last row's sort values and id, so a page at
// depth 900k costs the same as the first and stays correct while rows are inserted.
import { createHash } from 'node:crypto';
import { Malformed } from '../errors.ts';
import type { SortKey } from './sort.ts';
import type { Sql } from './sql.ts';

interface CursorBody {
  /** Sort values of the last row, then its id. */
  v: unknown[];
  /** Which sort the cursor belongs to. */
  s: string;
}

function signature(keys: SortKey[]): string {
  return createHash('sha1')
    .update(keys.map((k) => `${k.expr} ${k.dir}`).join('|'))
    .digest('base64url')
    .slice(0, 10);
}

export function encodeCursor(keys: SortKey[], values: unknown[]): string {
  const body: CursorBody = { v: values, s: signature(keys) };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

export function decodeCursor(cursor: string, keys: SortKey[]): unknown[] {
  let body: CursorBody;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new Malformed('invalid_cursor', 'The cursor is not one this server gave out.');
  }
  if (
    !body ||
    !Array.isArray(body.v) ||
    body.v.length !== keys.length ||
    // Only what a sort column can hold: SQLite cannot bind booleans or objects.
    body.v.some((v) => v !== null && typeof v !== 'string' && !(typeof v === 'number' && Number.isFinite(v)))
  )
    throw new Malformed('invalid_cursor', 'The cursor is not one this server gave out.');
  if (body.s !== signature(keys))
    throw new Malformed(
      'invalid_cursor',
      'The cursor belongs to a different sort; start again without a cursor.',
    );
  return body.v;
}

/** The condition selecting rows that come after `values` in the order of `keys`. */
export function afterCondition(keys: SortKey[], values: unknown[]): Sql {
  const alternatives: string[] = [];
  const params: unknown[] = [];
  keys.forEach((key, i) => {
    const equal: string[] = [];
    const equalParams: unknown[] = [];
    for (let j = 0; j < i; j++) {
      equal.push(`${keys[j]!.expr} IS ?`);
      equalParams.push(values[j]);
    }
    const value = values[i];
    // SQLite orders NULL before every value: first when ascending, last when descending.
    let after: string | null;
    const afterParams: unknown[] = [];
    if (key.dir === 'asc') {
      after = value === null ? `${key.expr} IS NOT NULL` : `${key.expr} > ?`;
      if (value !== null) afterParams.push(value);
    } else {
      after = value === null ? null : `(${key.expr} < ? OR ${key.expr} IS NULL)`;
      if (value !== null) afterParams.push(value);
    }
    if (after === null) return;
    alternatives.push([...equal, after].join(' AND '));
    params.push(...equalParams, ...afterParams);
  });
  if (alternatives.length === 0) return { text: '0', params: [] };
  // A leading range on the first key lets SQLite seek in its index instead of scanning from the start.
  const first = keys[0]!;
  const firstValue = values[0];
  const seek =
    first.dir === 'asc' && firstValue !== null
      ? { text: `${first.expr} >= ? AND `, params: [firstValue] }
      : { text: '', params: [] };
  return {
    text: `(${seek.text}(${alternatives.map((a) => `(${a})`).join(' OR ')}))`,
    params: [...seek.params, ...params],
  };
}
