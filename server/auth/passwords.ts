// Password hashing with scrypt (Node's crypto, no native dependency). The stored form names
// its parameters so they can be raised later without breaking old hashes.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { Invalid } from '../../engine/index.ts';

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  length: number,
  options: object,
) => Promise<Buffer>;
// RAPPORT_SCRYPT_N lowers the cost for test suites only; production keeps the default.
const params = () => ({ N: scryptCost(process.env.RAPPORT_SCRYPT_N), r: 8, p: 1, maxmem: 64 * 1024 * 1024 });

function scryptCost(raw: string | undefined): number {
  const n = Number(raw);
  // A power of two from 2^10 up; anything else falls back to the production default.
  return Number.isInteger(n) && n >= 1024 && n <= 32_768 && (n & (n - 1)) === 0 ? n : 16384;
}

// Compared against when the account does not exist, so a wrong e-mail costs as long as a wrong password.
let decoy: Promise<string> | undefined;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const { N, r, p, maxmem } = params();
  const key = await scryptAsync(password, salt, 32, { N, r, p, maxmem });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  if (!stored) {
    decoy ??= hashPassword(randomBytes(16).toString('base64url'));
    await verifyPassword(password, await decoy);
    return false;
  }
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 64 * 1024 * 1024,
  });
  return timingSafeEqual(expected, actual);
}

/** The password policy: long enough, not trivially guessable. */
export function checkPasswordPolicy(password: unknown, email?: string): string {
  if (typeof password !== 'string')
    throw new Invalid('invalid_password', "'password' must be text", [
      { field: 'password', message: 'must be text' },
    ]);
  const problems: string[] = [];
  if (password.length < 10) problems.push('at least 10 characters');
  if (password.length > 200) problems.push('at most 200 characters');
  if (!/[A-Za-z]/.test(password) || !/[0-9\W_]/.test(password))
    problems.push('letters and at least one digit or symbol');
  const name = email?.split('@')[0]?.toLowerCase();
  const hasName = name !== undefined && name.length >= 3 && password.toLowerCase().includes(name);
  if (problems.length || hasName) {
    const needs = problems.length ? `The password needs ${problems.join(', ')}` : '';
    const message = `${needs}${needs && hasName ? '; it' : 'The password'}${hasName ? ' must not contain your e-mail name' : ''}.`;
    throw new Invalid('weak_password', message, [{ field: 'password', message }]);
  }
  return password;
}

export function generatePassword(): string {
  return `${randomBytes(12).toString('base64url')}-7a`;
}
