// Identifiers for metadata objects. They are immutable, never reused, and safe to embed
// in SQL identifiers (lowercase letters, digits and one underscore after the prefix).
import { randomBytes } from 'node:crypto';

const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';

export type IdPrefix =
  | 'app'
  | 'tbl'
  | 'fld'
  | 'viw'
  | 'usr'
  | 'tem'
  | 'att'
  | 'wfl'
  | 'rol'
  | 'dsh'
  | 'tok'
  | 'frm';

export function newId(prefix: IdPrefix, length = 12): string {
  const bytes = randomBytes(length);
  let out = `${prefix}_`;
  for (const byte of bytes) out += alphabet[byte % 36];
  return out;
}

const safeId = /^[a-z]{3}_[a-z0-9]{4,32}$/;

export function isSafeId(value: string): boolean {
  return safeId.test(value);
}
